"""Parts 1 and 3 of ``transcript.py``: streaming a 5,000-token answer into the window, and
setting a finished 2,000-line answer on a turn (see that script's docstring)."""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from benchmarks.support.answers import (
    CHUNK_DELAY_SECONDS,
    QUICK_STREAM_TOKENS,
    RENDER_CODE_BLOCKS,
    RENDER_LINES,
    STREAM_TOKENS,
    OpenAIServerProcess,
    long_answer,
    token_count,
)
from benchmarks.support.app import start_app
from benchmarks.support.common import (
    BENCHMARKS_DIR,
    close_app_and_loop,
    isolate_home,
    median,
    print_log_problems,
    verdict,
)
from benchmarks.support.providers_server import save_provider
from benchmarks.support.ticks import next_emission
from benchmarks.support.ui_timing import (
    GOAL_GAP_MS,
    SETTLE_SECONDS,
    EventTimer,
    gap_stats,
    longest_gaps,
    record_answer,
    spans_between,
    time_answer_view,
    transcript_content,
    until,
)
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn

EARLY_PIECES = (30, 80)
LATE_WINDOW = 100  # the flushes within this many pieces of the end
RENDER_ROUNDS = 5
GOAL_RATIO = 2.0
# The final paint of an answer: no other paint of it followed within this long.
QUIET_SECONDS = 0.3
ANSWER_TIMEOUT_SECONDS = 90.0


async def ask(desk: DesktopApp, question: str) -> Turn:
    """Type ``question`` into the composer and press Enter; returns the new turn."""
    composer = desk.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, question)
    added = next_emission(desk.chat.turnAdded)
    QTest.keyClick(composer, Qt.Key.Key_Return)
    (turn,) = await asyncio.wait_for(added, 10)
    return turn


@dataclass
class Flush:
    pieces: int
    started: float
    ended: float
    layout_ms: float = 0.0
    paint_ms: float = 0.0

    @property
    def flush_ms(self) -> float:
        return (self.ended - self.started) * 1000

    @property
    def total_ms(self) -> float:
        return self.flush_ms + self.layout_ms + self.paint_ms


@dataclass
class StreamResult:
    ticks: list[float]
    flushes: list[Flush]
    spans: list[tuple[float, float, str]]
    pieces: int
    answer_tokens: int
    seconds: float
    header: str
    end_stream_ms: float
    state: str


@dataclass
class RenderRound:
    set_ms: float  # set_markdown() until it returned
    first_ms: float  # until the first paint of the answer after it had ended
    final_ms: float  # until the last paint of the answer (none followed for a while) ended
    paints: int  # of the answer's viewport, in that time
    layout_ms: float  # layout events of the window's watched widgets, in that time
    paint_ms: float  # the window's paint passes, in that time
    at_bottom: bool  # the transcript was scrolled to the end at the final paint


class PaintLog(QObject):
    """Every paint of ``widget``: when its Paint event came, when that paint pass ended (a
    zero-timer posted from the event filter runs once the pass is done), and whether the
    transcript was scrolled to its end then."""

    def __init__(self, widget: QWidget, at_end: Callable[[], bool]) -> None:
        super().__init__(widget)
        self._at_end = at_end
        self.paints: list[list[float]] = []
        self.at_end: list[bool] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            now = time.perf_counter()
            record = [now, now]
            self.paints.append(record)
            self.at_end.append(self._at_end())
            QTimer.singleShot(0, lambda: record.__setitem__(1, time.perf_counter()))
        return False


async def stream_one(
    events: EventTimer, desk: DesktopApp, server: OpenAIServerProcess
) -> StreamResult:
    transcript = desk.window.transcript
    flushes: list[Flush] = []
    ended: list[float] = []

    def instrument(turn: Turn) -> None:
        # Connected after the window's slot: the turn's widget exists now, before any flush.
        widget = transcript.widget_for(turn.id)
        assert widget is not None
        events.watch(widget, widget.answer_block)
        time_answer_view(
            widget.answer_view,
            lambda began, done: flushes.append(Flush(turn.pieces, began, done)),
            ended,
        )

    server.queue("stream")
    desk.chat.turnAdded.connect(instrument)
    composer = desk.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, "Explain how the transcript streams a long answer, in depth.")
    try:
        ticks, seconds = await record_answer(events, desk, ANSWER_TIMEOUT_SECONDS)
    finally:
        desk.chat.turnAdded.disconnect(instrument)
    spans = events.take_spans()
    starts = [span[0] for span in spans]
    for index, flush_record in enumerate(flushes):
        following = flushes[index + 1].started if index + 1 < len(flushes) else ticks[-1]
        caused = spans_between(spans, starts, flush_record.ended, following)
        flush_record.layout_ms, flush_record.paint_ms = caused["layout"], caused["paint"]
    turn = desk.chat.conversation.turns[-1]
    widget = transcript.widget_for(turn.id)
    assert widget is not None
    return StreamResult(
        ticks=ticks,
        flushes=flushes,
        spans=spans,
        pieces=turn.pieces,
        answer_tokens=token_count(turn.answer),
        seconds=seconds,
        header=widget.answer_header.text(),
        end_stream_ms=ended[0] if ended else float("nan"),
        state=turn.state.name.lower(),
    )


async def render_long(
    events: EventTimer, desk: DesktopApp, server: OpenAIServerProcess, text: str
) -> RenderRound:
    """A short answer arrives; then the long text is set on that turn's answer view."""
    server.queue("short")
    done = next_emission(desk.chat.busyChanged, lambda busy: not busy)
    turn = await ask(desk, "Now show me the whole module, step by step.")
    await asyncio.wait_for(done, ANSWER_TIMEOUT_SECONDS)
    await asyncio.sleep(SETTLE_SECONDS)
    widget = desk.window.transcript.widget_for(turn.id)
    assert widget is not None
    events.watch(widget, widget.answer_block)
    bar = desk.window.transcript.verticalScrollBar()
    log = PaintLog(widget.answer_view.viewport(), lambda: bar.value() >= bar.maximum() - 8)
    events.take_spans()
    events.recording = True
    started = time.perf_counter()
    widget.answer_view.set_markdown(text)
    returned = time.perf_counter()
    try:
        # The final paint: the last one before the answer stays unpainted for a while.
        await until(lambda: bool(log.paints), 10.0)
        await until(lambda: time.perf_counter() - log.paints[-1][0] > QUIET_SECONDS, 10.0)
    finally:
        events.recording = False
        widget.answer_view.viewport().removeEventFilter(log)
    final = log.paints[-1][1]
    spans = [span for span in events.take_spans() if span[0] < final]
    return RenderRound(
        set_ms=(returned - started) * 1000,
        first_ms=(log.paints[0][1] - started) * 1000,
        final_ms=(final - started) * 1000,
        paints=len(log.paints),
        layout_ms=sum((end - begin) * 1000 for begin, end, kind in spans if kind == "layout"),
        paint_ms=sum((end - begin) * 1000 for begin, end, kind in spans if kind == "paint"),
        at_bottom=log.at_end[-1],
    )


def report_stream(result: StreamResult, tokens: int = STREAM_TOKENS) -> None:
    gaps, middle, p99, longest = gap_stats(result.ticks)
    rate = result.pieces / result.seconds
    print()
    print(
        f"   1. stream {result.pieces:,} tokens into one answer (the server sends a piece "
        f"every {CHUNK_DELAY_SECONDS * 1000:.0f} ms; {result.answer_tokens:,} pieces arrived)"
    )
    print(
        f"      {result.seconds:.1f} s from Enter to the end ({rate:.0f} tokens/s overall); "
        f"turn {result.state}; header: {result.header!r}"
    )
    print(f"      {'':<34} {'gaps':>6} {'median':>7} {'p99':>7} {'longest':>8}")
    print(
        f"      {'UI-thread gaps while streaming':<34} {len(gaps):6d} {middle:7.1f} {p99:7.1f} "
        f"{longest:8.1f}  goal longest < {GOAL_GAP_MS:.0f} ms: {verdict(longest < GOAL_GAP_MS)}"
    )
    starts = [span[0] for span in result.spans]
    flushes = result.flushes

    def describe(began: float, ended: float) -> str:
        inside = [f for f in flushes if f.started < ended and f.ended > began]
        caused = spans_between(result.spans, starts, began, ended)
        what = [f"layout {caused['layout']:.1f} ms", f"paint {caused['paint']:.1f} ms"]
        if inside:
            what.insert(0, f"flush at piece {inside[0].pieces} {inside[0].flush_ms:.1f} ms")
        return ", ".join(what)

    for line in longest_gaps(result.ticks, 3, describe):
        print(f"        {line}")

    late_pieces = (tokens - LATE_WINDOW, tokens)
    early = [f for f in flushes if EARLY_PIECES[0] <= f.pieces <= EARLY_PIECES[1]]
    late = [f for f in flushes if late_pieces[0] <= f.pieces <= late_pieces[1]]
    print(
        f"      one update, median ms (flushes: {len(flushes)} in all, {len(early)} at pieces "
        f"{EARLY_PIECES[0]}–{EARLY_PIECES[1]}, {len(late)} at {late_pieces[0]:,}–"
        f"{late_pieces[1]:,})"
    )
    print(f"      {'':<34} {'~50':>7} {'~5,000':>7} {'ratio':>7}")
    if not early or not late:
        print("      not enough flushes in one of the ranges to compare")
        return
    for label, value, goal in (
        ("flush() (render, insert, fit)", lambda f: f.flush_ms, True),
        ("… + layout + paint it caused", lambda f: f.total_ms, True),
        ("   of which layout", lambda f: f.layout_ms, False),
        ("   of which paint", lambda f: f.paint_ms, False),
    ):
        at_early = median([value(f) for f in early])
        at_late = median([value(f) for f in late])
        ratio = at_late / at_early if at_early > 0 else float("nan")
        line = f"      {label:<34} {at_early:7.2f} {at_late:7.2f} {ratio:6.2f}×"
        if goal:
            line += f"  goal ≤ {GOAL_RATIO:.0f}×: {verdict(ratio <= GOAL_RATIO)}"
        print(line)
    for label, group in (("~50", early), ("~5,000", late)):
        values = ", ".join(f"{f.flush_ms:.1f}+{f.layout_ms + f.paint_ms:.1f}" for f in group)
        print(f"      each update at {label}, flush+layout/paint ms: {values}")
    by_thousand = []
    for low in range(0, result.pieces, 1000):
        chunk = [f.total_ms for f in flushes if low <= f.pieces < low + 1000]
        if chunk:
            by_thousand.append(f"{low // 1000}k {median(chunk):.1f}")
    print(
        f"      update + layout + paint, median by thousand pieces (ms): {', '.join(by_thousand)}"
    )
    print(
        f"      end_stream() (the final rendering of the last block): {result.end_stream_ms:.1f} ms"
    )


def report_render(rounds: list[RenderRound], render_ms: list[float], text: str) -> None:
    print()
    print(
        f"   3. a finished {RENDER_LINES:,}-line answer with {RENDER_CODE_BLOCKS} code blocks "
        f"({len(text) / 1024:.0f} KB) set on a turn in the window "
        "(answer_view.set_markdown()), ms from setting it"
    )
    print(f"      {'':<38} {'median':>7} {'min':>7} {'max':>7}  (of {len(rounds)})")
    for label, values in (
        ("to its final paint, ended", [r.final_ms for r in rounds]),
        ("   set_markdown() returned", [r.set_ms for r in rounds]),
        ("     render_markdown() alone", render_ms),
        ("   its first paint ended", [r.first_ms for r in rounds]),
        ("   layout events (window, turn)", [r.layout_ms for r in rounds]),
        ("   the window's paint passes", [r.paint_ms for r in rounds]),
    ):
        print(f"      {label:<38} {median(values):7.1f} {min(values):7.1f} {max(values):7.1f}")
    at_bottom = sum(r.at_bottom for r in rounds)
    paints = median([r.paints for r in rounds])
    print(
        f"      (no goal set; median {paints:.0f} paints of the answer until no more came for "
        f"{QUIET_SECONDS * 1000:.0f} ms; scrolled to the end at the final paint in {at_bottom} "
        f"of {len(rounds)})"
    )


def run_server_part(part: str, profile: bool, quick: bool = False) -> None:
    """``stream`` (part 1) or ``render`` (part 3): the app talking to a local server."""
    tokens = QUICK_STREAM_TOKENS if quick else STREAM_TOKENS
    render_rounds = 1 if quick else RENDER_ROUNDS
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-transcript-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        server = OpenAIServerProcess(
            root / "home", BENCHMARKS_DIR / "transcript.py", *(["--quick"] if quick else [])
        )
        # The server is set up as a user would set it up: saved as a provider, its model
        # chosen; the app's model catalog routes the requests to it.
        save_provider(root / "appdata", server.base_url)
        loop, desk = start_app(root / "appdata")
        events = EventTimer()
        events.watch(desk.window, transcript_content(desk))
        desk.window.show()
        profiler = cProfile.Profile() if profile else None
        text = long_answer()

        async def warm_up() -> None:
            await asyncio.sleep(0.3 if quick else 1.5)  # the app's after-first-paint preparations
            # One short exchange first, not measured: the first send's one-off costs
            # (aiohttp's session, the renderer's imports) are responsiveness.py's subject.
            server.queue("short")
            warm = next_emission(desk.chat.busyChanged, lambda busy: not busy)
            await ask(desk, "Hello!")
            await asyncio.wait_for(warm, ANSWER_TIMEOUT_SECONDS)
            await asyncio.sleep(SETTLE_SECONDS)

        async def stream() -> StreamResult:
            await warm_up()
            if profiler is not None:
                profiler.enable()
            try:
                return await stream_one(events, desk, server)
            finally:
                if profiler is not None:
                    profiler.disable()

        async def render() -> tuple[list[RenderRound], list[float]]:
            await warm_up()
            rounds = []
            for _ in range(render_rounds):
                if profiler is not None:
                    profiler.enable()
                rounds.append(await render_long(events, desk, server, text))
                if profiler is not None:
                    profiler.disable()
                await asyncio.sleep(SETTLE_SECONDS)
            from dynaspark_desktop.core.markdown import render_markdown

            render_ms = []
            for _ in range(render_rounds):
                started = time.perf_counter()
                render_markdown(text, "light")
                render_ms.append((time.perf_counter() - started) * 1000)
            return rounds, render_ms

        try:
            if part == "stream":
                report_stream(loop.run_until_complete(stream()), tokens)
            else:
                report_render(*loop.run_until_complete(render()), text)
        finally:
            close_app_and_loop(loop, desk)
            server.close()
        if profiler is not None:
            doing = "streaming" if part == "stream" else "showing the long answers"
            print(f"\n   UI thread while {doing} (cProfile, by own time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
        print_log_problems(root / "appdata")
