"""The transcript at scale, through the real window: streaming a long answer, opening and
scrolling back through a 10,000-message conversation, and showing a 2,000-line answer.

Goals (issue 4):
  streaming  5,000 tokens streamed into one message at 500 tokens/s: the UI thread never
             stalls over 50 ms, and one transcript update costs at most 2 × as much at
             token 5,000 as at token 50
  history    a 10,000-message conversation shows its latest messages within 200 ms, and
             scrolling back to its start never stalls the UI thread over 50 ms
  long answer  a finished 2,000-line answer with 20 code blocks, from setting it to its
             final paint (reported, no goal set)

Each part runs in a fresh interpreter (``--part stream``, ``history``, ``render``), with the
real ``DesktopApp`` and window on a qasync loop, offscreen, in temporary folders. The local
OpenAI-compatible server (the tests' ``FakeOpenAI``) runs in a process of its own
(``--serve``), so its work does not compete with the measured UI thread for the GIL; the
history is built by ``history_ui.py --seed-only`` in a child too.

Measuring: a 5 ms precise QTimer on the UI thread stamps every tick (as in
``responsiveness.py``); the gaps between ticks are how long the UI thread could not react.
An update's cost is the time in the answer view's ``flush()`` (its bound method wrapped on
the widget instance) plus the layout (``LayoutRequest``) and paint (the window's
``UpdateRequest``) events Qt handles before the next flush, timed by an event filter on the
window, the transcript's content and the streamed turn's widgets.

Run: ``/work/venv/bin/python benchmarks/transcript.py [--profile]``
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import cProfile
import itertools
import json
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

# Run as a script from anywhere: the repo root (package, tests.fakes, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    REPO_ROOT,
    UNUSED_LOOPBACK_ENDPOINT,
    ServerChild,
    banner,
    child_environment,
    ensure_offscreen,
    isolate_home,
    median,
    percentile,
    python_executable,
    verdict,
)

ensure_offscreen()  # before Qt is imported below (hence E402 on the imports that follow)

import qasync  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.history_ui import (  # noqa: E402
    LONG_TURNS,
    Seeded,
    open_and_wait,
    wait_for_start,
)
from benchmarks.responsiveness import TickRecorder, next_emission  # noqa: E402
from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.core.chat import Turn  # noqa: E402
from dynaspark_desktop.options import Options  # noqa: E402

TICK_MS = 5
STREAM_TOKENS = 5_000
CHUNK_DELAY_SECONDS = 0.002  # 500 tokens/s, if the server kept up perfectly
EARLY_PIECES = (30, 80)
LATE_PIECES = (4_900, 5_000)
RENDER_LINES = 2_000
RENDER_CODE_BLOCKS = 20
RENDER_ROUNDS = 5
OPEN_ROUNDS = 3
SCROLL_SECONDS = 30.0

GOAL_GAP_MS = 50.0
GOAL_RATIO = 2.0
GOAL_OPEN_MS = 200.0

SETTLE_SECONDS = 0.5
# The final paint of an answer: no other paint of it followed within this long.
QUIET_SECONDS = 0.3
TAIL_SECONDS = 0.25
ANSWER_TIMEOUT_SECONDS = 90.0
# Where the transcript asks for older turns (transcript._LOAD_EARLIER_WITHIN_PX).
LOAD_EARLIER_WITHIN_PX = 300
SHORT_ANSWER = "Sure, here it is."
PARTS = ("stream", "history", "render")


# -- the answers ----------------------------------------------------------------------------

_VOCABULARY = (
    "the a of to and in is it that for on with as by this we you can be are from or at "
    "data model request answer server window thread value function result cache file line "
    "record parse stream token layout paint widget frame buffer queue event loop timer "
    "memory index query page scroll text block list code style table image size width "
    "height first last next every each only when then because while before after until "
    "fast slow small large simple clear careful exact steady early late often rarely "
    "reads writes keeps shows builds sends waits returns checks measures counts opens"
)
_WORDS = _VOCABULARY.split()
_CODE_TEMPLATES = (
    "def {a}_{b}(path, limit=100):",
    '    """Return the {a} of every {b} in the file."""',
    "    results = []",
    '    with open(path, encoding="utf-8") as handle:',
    "        for number, line in enumerate(handle):",
    "            if number >= limit:",
    "                break",
    "            {a} = parse_{b}(line.strip())",
    "            if {a} is not None:",
    "                results.append({a})",
    "    return results",
    "",
    "class {A}{B}:",
    "    def __init__(self, size: int) -> None:",
    "        self.size = size",
    "        self.items: list[str] = []",
    "",
    "    def add(self, item: str) -> bool:",
    "        if len(self.items) >= self.size:",
    "            return False",
    "        self.items.append(item)",
    "        return True",
)


class _Writer:
    """Deterministic Markdown the way a model writes it."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        chosen = self._rng.choices(_WORDS, k=self._rng.randint(low, high))
        if len(chosen) > 4 and self._rng.random() < 0.4:
            at = self._rng.randrange(1, len(chosen) - 2)
            chosen[at] = f"**{chosen[at]}**"
        if len(chosen) > 4 and self._rng.random() < 0.3:
            at = self._rng.randrange(1, len(chosen) - 2)
            chosen[at] = f"`{chosen[at]}()`"
        return " ".join(chosen)

    def sentence(self, low: int = 8, high: int = 18) -> str:
        return self.words(low, high).capitalize() + "."

    def paragraph(self, words: int) -> str:
        sentences: list[str] = []
        while sum(len(s.split(" ")) for s in sentences) < words:
            sentences.append(self.sentence())
        return " ".join(sentences)

    def bullets(self, count: int) -> str:
        return "\n".join(f"- {self.words(5, 12)}" for _ in range(count))

    def code(self, lines: int) -> str:
        a, b = self._rng.sample(_WORDS[20:], 2)
        body = []
        start = self._rng.randrange(len(_CODE_TEMPLATES))
        for index in range(lines):
            template = _CODE_TEMPLATES[(start + index) % len(_CODE_TEMPLATES)]
            body.append(template.format(a=a, b=b, A=a.capitalize(), B=b.capitalize()))
        return "```python\n" + "\n".join(body) + "\n```"


def token_count(text: str) -> int:
    """How many pieces the fake server streams ``text`` in (its ``pieces_of``)."""
    return len(text.split(" "))


def streamed_answer() -> str:
    """About 5,000 word pieces: sections of paragraphs, lists and a few code blocks. It
    begins and ends with the same shape (a paragraph, then a list), so the updates around
    token 50 and token 5,000 do comparable work on text of comparable shape."""
    writer = _Writer(4)
    parts = [writer.paragraph(70), writer.bullets(5)]
    section = 1
    while token_count("\n\n".join(parts)) < STREAM_TOKENS - 260:
        parts.append(f"## {writer.words(2, 5).replace('**', '').capitalize()}")
        parts.append(writer.paragraph(60))
        parts.append(writer.bullets(4))
        if section % 3 == 0:
            parts.append(writer.code(10))
        parts.append(writer.paragraph(40))
        section += 1
    closing = [writer.paragraph(70), writer.bullets(5)]
    while token_count("\n\n".join(parts + closing)) < STREAM_TOKENS + 40:
        closing.append(writer.sentence())
    return "\n\n".join(parts + closing)


def long_answer() -> str:
    """A 2,000-line answer with 20 code blocks: 20 sections of 100 lines (a heading, a
    23-line paragraph, 20 list items, a 48-line code block, a closing line, blank lines)."""
    writer = _Writer(7)
    lines: list[str] = []
    for number in range(RENDER_CODE_BLOCKS):
        lines += [f"## Step {number + 1}: {writer.words(2, 4).replace('**', '')}", ""]
        lines += [writer.words(8, 14) for _ in range(23)]
        lines.append("")
        lines += [f"- {writer.words(4, 10)}" for _ in range(20)]
        lines.append("")
        lines += writer.code(48).splitlines()
        lines += ["", writer.sentence(), ""]
    lines[-1] = writer.sentence()  # the last paragraph has two lines: no trailing blank
    if len(lines) != RENDER_LINES or sum(line.startswith("```") for line in lines) != 40:
        raise RuntimeError(f"the long answer has {len(lines)} lines")
    return "\n".join(lines)


# -- the server process ---------------------------------------------------------------------


def serve() -> None:
    """``--serve``: FakeOpenAI on 127.0.0.1; prints ``base_url URL``; then each ``stream``
    or ``short`` line on stdin queues that answer for the next chat request (``ok``)."""
    from tests.fakes.openai_server import Behaviour, FakeOpenAI

    answers = {
        "stream": Behaviour(answer=streamed_answer(), chunk_delay=CHUNK_DELAY_SECONDS),
        "short": Behaviour(answer=SHORT_ANSWER),
    }
    with FakeOpenAI().in_thread() as server:
        print(f"base_url {server.base_url}", flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "quit":
                break
            if command in answers:
                server.queue_chat(answers[command])  # a deque: one append is thread-safe
                print("ok", flush=True)
            elif command:
                print(f"error unknown command {command!r}", flush=True)


class OpenAIServerProcess:
    """This script's ``--serve`` mode in a child process: a fake OpenAI-compatible server."""

    def __init__(self, home: Path) -> None:
        self._child = ServerChild(
            [str(Path(__file__).resolve()), "--serve"], home, "base_url", "fake OpenAI server"
        )
        self.base_url = self._child.url

    def queue(self, answer: str) -> None:
        self._child.command(answer)

    def close(self) -> None:
        self._child.close()


class EventTimer(QObject):
    """Times the layout and paint events that Qt delivers to the widgets it watches.

    ``LayoutRequest`` (a layout redoes its geometry) and ``UpdateRequest`` (the window's
    paint pass; every widget's Paint happens inside it) are handled inside the filter, by
    calling the widget's own ``event()``, so the filter sees where they end; so are
    ``MetaCall`` and ``PolishRequest`` for widgets watched with ``shown=True`` (a widget
    added to a shown layout is shown by a queued call, then polished). Everything else
    passes through untouched. Only the watched widgets' events reach Python: an
    application-wide ``notify()`` override or filter would add a Python call to every event
    of every widget, which inflates widget construction by half.
    """

    _KINDS: ClassVar[dict[QEvent.Type, str]] = {
        QEvent.Type.LayoutRequest: "layout",
        QEvent.Type.UpdateRequest: "paint",
        # A widget added to a shown layout is shown by a queued call; then it is polished.
        QEvent.Type.MetaCall: "show",
        QEvent.Type.PolishRequest: "show",
    }

    def __init__(self) -> None:
        super().__init__()
        self.recording = False
        self.spans: list[tuple[float, float, str]] = []
        self._inside = False
        self._showing: set[int] = set()

    def watch(self, *widgets: QWidget, shown: bool = False) -> None:
        for widget in widgets:
            widget.installEventFilter(self)
            if shown:
                self._showing.add(id(widget))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.recording or self._inside:
            return False
        kind = self._KINDS.get(event.type())
        if kind is None or (kind == "show" and id(watched) not in self._showing):
            return False
        self._inside = True  # layouts and paints within this one belong to it
        started = time.perf_counter()
        try:
            watched.event(event)
        finally:
            self._inside = False
            self.spans.append((started, time.perf_counter(), kind))
        return True

    def take_spans(self) -> list[tuple[float, float, str]]:
        spans, self.spans = self.spans, []
        return spans


def pin_singletons() -> int:
    """Keep ``None``, ``True`` and ``False`` alive for good, as Python 3.12 does; returns the
    references to ``None`` one Qt call that returns nothing was seen to drop (0 if none).

    PySide6 6.12's abi3 modules on Python 3.11 drop references they do not own: each call
    of a void method lowers ``None``'s count, and ``True``'s drops too (a ``bool`` signal
    emitted to a Python slot, for one). Harmless where both are immortal (3.12+); here one
    5,000-token stream lowers ``None``'s count by ~8,000 and ``True``'s by ~2,900, and the
    process aborts ("bool_dealloc", "none_dealloc") once one reaches zero: at exit, or
    sooner in a longer run.
    """
    if sys.version_info >= (3, 12):
        return 0
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    dropped = round((before - sys.getrefcount(None)) / 100)
    if dropped > 0:
        import ctypes

        for singleton in (None, True, False):
            # ob_refcnt is a PyObject's first field.
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return dropped


def note_pinned(dropped: int) -> None:
    if dropped:
        print(
            f"   note: each Qt call returning nothing drops {dropped} reference(s) to None here "
            "(PySide6 abi3 on Python 3.11); None, True and False are pinned so the run can "
            "finish (see pin_singletons)",
            flush=True,
        )


def transcript_content(desk: DesktopApp) -> QWidget:
    """The widget holding the turn widgets (the transcript's layout posts its requests here)."""
    desk.window.transcript.verticalScrollBar()  # builds the scroll area if not yet built
    content = desk.window.findChild(QWidget, "transcriptContent")
    if content is None:
        raise RuntimeError("the transcript has no content widget")
    return content


def gap_stats(ticks: list[float]) -> tuple[list[float], float, float, float]:
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    return gaps, median(gaps), percentile(gaps, 0.99), max(gaps)


def spans_between(
    spans: list[tuple[float, float, str]], starts: list[float], begin: float, end: float
) -> dict[str, float]:
    """Milliseconds of layout and of paint among ``spans`` that started in [begin, end)."""
    totals = {"layout": 0.0, "paint": 0.0, "show": 0.0}
    for index in range(bisect.bisect_left(starts, begin), bisect.bisect_left(starts, end)):
        started, ended, kind = spans[index]
        totals[kind] += (ended - started) * 1000
    return totals


def longest_gaps(
    ticks: list[float], count: int, describe: Callable[[float, float], str]
) -> list[str]:
    gaps = sorted(((b - a, a, b) for a, b in itertools.pairwise(ticks)), reverse=True)[:count]
    return [
        f"gap {gap * 1000:6.1f} ms at {(began - ticks[0]) * 1000:8.0f} ms: {describe(began, ended)}"
        for gap, began, ended in gaps
    ]


async def until(condition: Callable[[], bool], timeout: float, step: float = 0.005) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(step)
    return True


async def ask(desk: DesktopApp, question: str) -> Turn:
    """Type ``question`` into the composer and press Enter; returns the new turn."""
    composer = desk.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, question)
    added = next_emission(desk.chat.turnAdded)
    QTest.keyClick(composer, Qt.Key.Key_Return)
    (turn,) = await asyncio.wait_for(added, 10)
    return turn


# -- part 1 and 3: streaming, and a long finished answer -------------------------------------


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
        view = widget.answer_view
        events.watch(widget, widget.answer_block)
        flush, end_stream = view.flush, view.end_stream

        def timed_flush() -> None:
            started = time.perf_counter()
            flush()
            flushes.append(Flush(turn.pieces, started, time.perf_counter()))

        def timed_end_stream() -> None:
            started = time.perf_counter()
            end_stream()
            ended.append((time.perf_counter() - started) * 1000)

        view.flush = timed_flush  # type: ignore[method-assign]
        view.end_stream = timed_end_stream  # type: ignore[method-assign]

    server.queue("stream")
    desk.chat.turnAdded.connect(instrument)
    recorder = TickRecorder()
    composer = desk.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, "Explain how the transcript streams a long answer, in depth.")
    done = next_emission(desk.chat.busyChanged, lambda busy: not busy)
    events.take_spans()
    events.recording = True
    recorder.start()
    started = time.perf_counter()
    try:
        QTest.keyClick(composer, Qt.Key.Key_Return)
        await asyncio.wait_for(done, ANSWER_TIMEOUT_SECONDS)
        seconds = time.perf_counter() - started
        await asyncio.sleep(TAIL_SECONDS)
    finally:
        ticks = list(recorder.stop())
        events.recording = False
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


def report_stream(result: StreamResult) -> None:
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

    early = [f for f in flushes if EARLY_PIECES[0] <= f.pieces <= EARLY_PIECES[1]]
    late = [f for f in flushes if LATE_PIECES[0] <= f.pieces <= LATE_PIECES[1]]
    print(
        f"      one update, median ms (flushes: {len(flushes)} in all, {len(early)} at pieces "
        f"{EARLY_PIECES[0]}–{EARLY_PIECES[1]}, {len(late)} at {LATE_PIECES[0]:,}–"
        f"{LATE_PIECES[1]:,})"
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


def run_server_part(part: str, profile: bool) -> None:
    """``stream`` (part 1) or ``render`` (part 3): the app talking to a local server."""
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-transcript-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        server = OpenAIServerProcess(root / "home")
        app = QApplication.instance() or QApplication([sys.argv[0]])
        note_pinned(pin_singletons())
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        desk = DesktopApp(
            Options(endpoint=UNUSED_LOOPBACK_ENDPOINT, data_dir=root / "appdata"),
            route_qt_messages=False,
        )
        events = EventTimer()
        events.watch(desk.window, transcript_content(desk))
        from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
        from dynaspark_desktop.providers.presets import ProviderConfig

        config = ProviderConfig(
            id="local", preset="ollama", label="Local", base_url=server.base_url
        )
        desk.chat.provider = OpenAICompatibleProvider(config)
        desk.window.show()
        profiler = cProfile.Profile() if profile else None
        text = long_answer()

        async def warm_up() -> None:
            await asyncio.sleep(1.5)  # the app's after-first-paint preparations
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
            for _ in range(RENDER_ROUNDS):
                if profiler is not None:
                    profiler.enable()
                rounds.append(await render_long(events, desk, server, text))
                if profiler is not None:
                    profiler.disable()
                await asyncio.sleep(SETTLE_SECONDS)
            from dynaspark_desktop.core.markdown import render_markdown

            render_ms = []
            for _ in range(RENDER_ROUNDS):
                started = time.perf_counter()
                render_markdown(text, "light")
                render_ms.append((time.perf_counter() - started) * 1000)
            return rounds, render_ms

        try:
            if part == "stream":
                report_stream(loop.run_until_complete(stream()))
            else:
                report_render(*loop.run_until_complete(render()), text)
        finally:
            loop.run_until_complete(desk.shutdown())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            asyncio.set_event_loop(None)
            server.close()
        if profiler is not None:
            doing = "streaming" if part == "stream" else "showing the long answers"
            print(f"\n   UI thread while {doing} (cProfile, by own time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
        print_log_problems(root / "appdata")


# -- part 2: the 10,000-message conversation ------------------------------------------------


@dataclass
class Page:
    shown_before: int
    turns: int
    prepend_ms: float
    show_ms: float = 0.0
    layout_ms: float = 0.0
    paint_ms: float = 0.0


@dataclass
class ScrollResult:
    ticks: list[float]
    pages: list[Page] = field(default_factory=list)
    spans: list[tuple[float, float, str]] = field(default_factory=list)
    page_times: list[tuple[float, float]] = field(default_factory=list)
    turns_loaded: int = 0
    seconds: float = 0.0
    stalled: str = ""
    nudges: int = 0
    left_at_top: int = 0
    widgets: int = 0
    toggle_ms: float = 0.0


async def scroll_to_start(events: EventTimer, desk: DesktopApp) -> ScrollResult:
    """Scroll to the top, again and again, as older pages arrive."""
    transcript = desk.window.transcript
    bar = transcript.verticalScrollBar()
    pages: list[Page] = []
    page_times: list[tuple[float, float]] = []
    original = transcript.prepend_turns

    def timed_prepend(turns: list[Turn], *, has_earlier: bool) -> None:
        started = time.perf_counter()
        original(turns, has_earlier=has_earlier)
        ended = time.perf_counter()
        for turn in turns:  # to time their showing and polishing, which come next
            widget = transcript.widget_for(turn.id)
            if widget is not None:
                events.watch(widget, shown=True)
        pages.append(
            Page(
                len(desk.chat.conversation.turns) - len(turns), len(turns), (ended - started) * 1000
            )
        )
        page_times.append((started, ended))

    transcript.prepend_turns = timed_prepend  # type: ignore[method-assign]
    recorder = TickRecorder()
    events.take_spans()
    events.recording = True
    recorder.start()
    started = time.perf_counter()
    stalled = ""
    nudges = left_at_top = 0
    try:
        while len(desk.chat.conversation.turns) < LONG_TURNS:
            if time.perf_counter() - started > SCROLL_SECONDS:
                break
            loaded = len(pages)
            if bar.value() == 0:
                # Left at the very top after the last page: scrolling to the top would
                # change nothing and ask for nothing, so, as a user would, go down a little.
                bar.setValue(LOAD_EARLIER_WITHIN_PX)
                nudges += 1
            transcript.scroll_to_top()  # asks for a page (earlierWanted)
            # The page arrives (the worker reads it; the transcript builds its widgets), then
            # the layout puts the new turns above and the view keeps its place: far from top.
            if not await until(lambda n=loaded: len(pages) > n, 10.0):
                stalled = f"scroll bar at {bar.value()} of {bar.maximum()}"
                break
            if not await until(lambda: bar.value() >= LOAD_EARLIER_WITHIN_PX, 1.0):
                left_at_top += 1
        seconds = time.perf_counter() - started
        await asyncio.sleep(TAIL_SECONDS)
    finally:
        ticks = list(recorder.stop())
        events.recording = False
        del transcript.prepend_turns  # back to the class's method
    spans = events.take_spans()
    starts = [span[0] for span in spans]
    for index, page in enumerate(pages):
        following = page_times[index + 1][0] if index + 1 < len(pages) else ticks[-1]
        caused = spans_between(spans, starts, page_times[index][1], following)
        page.show_ms, page.layout_ms = caused["show"], caused["layout"]
        page.paint_ms = caused["paint"]
    return ScrollResult(
        ticks=ticks,
        pages=pages,
        spans=spans,
        page_times=page_times,
        turns_loaded=len(desk.chat.conversation.turns),
        seconds=seconds,
        stalled=stalled,
        nudges=nudges,
        left_at_top=left_at_top,
        **toggle_cost(desk),
    )


def toggle_cost(desk: DesktopApp) -> dict[str, Any]:
    """How many widgets the transcript holds now, and what one ``setUpdatesEnabled(False)``
    plus ``setUpdatesEnabled(True)`` of it costs (``prepend_turns`` does one per page; Qt
    visits every child widget)."""
    transcript = desk.window.transcript
    widgets = len(transcript.findChildren(QWidget))
    started = time.perf_counter()
    transcript.setUpdatesEnabled(False)
    transcript.setUpdatesEnabled(True)
    return {"widgets": widgets, "toggle_ms": (time.perf_counter() - started) * 1000}


def report_history(
    opens: list[float], phases: list[dict[str, float]], scroll: ScrollResult
) -> None:
    print()
    print(
        f"   2. a {2 * LONG_TURNS:,}-message conversation: navigator.open() until its latest "
        f"answer is painted ({len(opens)} opens, from a 6-message one each time)"
    )
    print(f"      {'':<34} {'first':>7} {'median':>7} {'max':>7}")
    open_median = median(opens)
    print(
        f"      {'open':<34} {opens[0]:7.1f} {open_median:7.1f} {max(opens):7.1f}  "
        f"goal < {GOAL_OPEN_MS:.0f} ms: {verdict(open_median < GOAL_OPEN_MS)}"
    )
    names = list(phases[0])
    print(
        "      median by phase (ms): "
        + ", ".join(f"{name} {median([p[name] for p in phases]):.1f}" for name in names)
    )
    gaps, middle, p99, longest = gap_stats(scroll.ticks)
    pages = scroll.pages
    print(
        f"      then scroll_to_top() again and again: {scroll.turns_loaded:,} of {LONG_TURNS:,} "
        f"turns loaded in {scroll.seconds:.1f} s ({len(pages)} pages"
        + (f", then no page came within 10 s, {scroll.stalled}" if scroll.stalled else "")
        + ")"
    )
    print(f"      {'':<34} {'gaps':>6} {'median':>7} {'p99':>7} {'longest':>8}")
    print(
        f"      {'UI-thread gaps while scrolling up':<34} {len(gaps):6d} {middle:7.1f} {p99:7.1f} "
        f"{longest:8.1f}  goal longest < {GOAL_GAP_MS:.0f} ms: {verdict(longest < GOAL_GAP_MS)}"
    )
    if not pages:
        return
    starts = [span[0] for span in scroll.spans]

    def describe(began: float, ended: float) -> str:
        caused = spans_between(scroll.spans, starts, began, ended)
        after = ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in caused.items())
        for index, (page_started, page_ended) in enumerate(scroll.page_times):
            if page_started < ended and page_ended > began:
                page = pages[index]
                return (
                    f"prepend_turns of {page.turns} turns above {page.shown_before:,} "
                    f"{page.prepend_ms:.1f} ms, {after}"
                )
        return after

    for line in longest_gaps(scroll.ticks, 3, describe):
        print(f"        {line}")
    print(
        f"      per page, ms {'':<21} {'prepend':>7} {'show':>7} {'layout':>7} {'paint':>7}"
        "  (median)"
    )
    size = max(1, -(-len(pages) // 4))
    for low in range(0, len(pages), size):
        group = pages[low : low + size]
        label = f"pages {low + 1}–{low + len(group)} (above {group[0].shown_before:,}+)"
        print(
            f"      {label:<38} {median([p.prepend_ms for p in group]):7.1f} "
            f"{median([p.show_ms for p in group]):7.1f} "
            f"{median([p.layout_ms for p in group]):7.1f} "
            f"{median([p.paint_ms for p in group]):7.1f}"
        )
    print(
        f"      the transcript now holds {scroll.widgets:,} widgets; one setUpdatesEnabled(False) "
        f"+ (True) of it, as prepend_turns does per page: {scroll.toggle_ms:.1f} ms"
    )
    if scroll.left_at_top:
        print(
            f"      {scroll.left_at_top} of {len(pages)} pages left the view at the top (value < "
            f"{LOAD_EARLIER_WITHIN_PX} px 1 s after the page was built): the transcript's 400 ms "
            "anchor ran out before the new page's layout; "
            f"{scroll.nudges} times the view was at 0 and was first moved down to ask again"
        )


def run_history_part(profile: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-transcript-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        # history_ui.py's own seeding, in a child (its heap stays out of this process).
        built = subprocess.run(
            [
                python_executable(),
                str(Path(__file__).with_name("history_ui.py")),
                "--seed-only",
                str(data_dir),
            ],
            env=child_environment(root / "home", bytecode_cache=False),
            capture_output=True,
            check=True,
        )
        seeded = Seeded(**json.loads(built.stdout))
        print(
            f"   history built by history_ui.py --seed-only in {seeded.seconds:.1f} s "
            f"({seeded.size_mb:.0f} MB)",
            flush=True,
        )
        app = QApplication.instance() or QApplication([sys.argv[0]])
        note_pinned(pin_singletons())
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        desk = DesktopApp(
            Options(endpoint=UNUSED_LOOPBACK_ENDPOINT, data_dir=data_dir), route_qt_messages=False
        )
        events = EventTimer()
        events.watch(desk.window, transcript_content(desk))
        first_paint: asyncio.Future[float] = loop.create_future()
        desk.window.firstPainted.connect(
            lambda: first_paint.done() or first_paint.set_result(time.perf_counter())
        )
        desk.window.show()
        profiler = cProfile.Profile() if profile else None

        async def scenario() -> tuple[list[float], list[dict[str, float]], ScrollResult]:
            await wait_for_start(desk, first_paint)
            await asyncio.sleep(SETTLE_SECONDS)
            opens, phases = [], []
            for _ in range(OPEN_ROUNDS):
                await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
                await asyncio.sleep(SETTLE_SECONDS)
                timing = await open_and_wait(desk, seeded.long_id, seeded.long_last_question)
                opens.append(timing.total_ms)
                phases.append(timing.phases)
                await asyncio.sleep(SETTLE_SECONDS)
            if profiler is not None:
                profiler.enable()
            scroll = await scroll_to_start(events, desk)
            if profiler is not None:
                profiler.disable()
            return opens, phases, scroll

        try:
            opens, phases, scroll = loop.run_until_complete(scenario())
        finally:
            started = time.perf_counter()
            loop.run_until_complete(desk.shutdown())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            asyncio.set_event_loop(None)
            shutdown_s = time.perf_counter() - started
        report_history(opens, phases, scroll)
        print(f"      (the app's shutdown afterwards took {shutdown_s:.1f} s)")
        if profiler is not None:
            print("\n   UI thread while scrolling up (cProfile, by own time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
        print_log_problems(data_dir)


def print_log_problems(data_dir: Path) -> None:
    log_path = data_dir / "logs" / "dynaspark-desktop.log"
    if not log_path.exists():
        return
    for line in log_path.read_text(encoding="utf-8").splitlines():
        if re.search(r" (WARNING|ERROR|CRITICAL) ", line):
            print(f"   app log: {line}")


# -- the whole run --------------------------------------------------------------------------


def run_part(name: str, profile: bool) -> int:
    """One part in a fresh interpreter, its output passed through as it comes."""
    command = [python_executable(), str(Path(__file__).resolve()), "--part", name]
    if profile:
        command.append("--profile")
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
    return process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the UI thread while streaming and while scrolling up "
        "(the timings are then inflated by the profiler)",
    )
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve()
        return
    if arguments.part in ("stream", "render"):
        run_server_part(arguments.part, arguments.profile)
        return
    if arguments.part == "history":
        run_history_part(arguments.profile)
        return
    banner("Transcript at scale: streaming, a long history, a long answer (real window)")
    started = time.perf_counter()
    codes = [run_part(name, arguments.profile) for name in PARTS]
    print(f"   ({time.perf_counter() - started:.0f} s in all)")
    sys.exit(1 if any(codes) else 0)


if __name__ == "__main__":
    main()
