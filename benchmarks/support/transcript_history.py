"""Part 2 of ``transcript.py``: opening a 10,000-message conversation, then scrolling back to
its start as older pages arrive (see that script's docstring)."""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QWidget

from benchmarks.support.app import start_app
from benchmarks.support.common import (
    close_app_and_loop,
    isolate_home,
    median,
    percentile,
    print_log_problems,
    verdict,
)
from benchmarks.support.history_seed import seed_in_child
from benchmarks.support.history_window import open_and_wait, wait_for_start
from benchmarks.support.ticks import TickRecorder
from benchmarks.support.ui_timing import (
    GOAL_GAP_MS,
    SETTLE_SECONDS,
    TAIL_SECONDS,
    EventTimer,
    gap_stats,
    longest_gaps,
    spans_between,
    transcript_content,
    until,
)
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.transcript.turn_column import TurnColumn

OPEN_ROUNDS = 3
SCROLL_SECONDS = 30.0
GOAL_OPEN_MS = 200.0
# Where the transcript asks for older turns (transcript._LOAD_EARLIER_WITHIN_PX).
LOAD_EARLIER_WITHIN_PX = 300


@dataclass
class Page:
    shown_before: int
    turns: int
    prepend_ms: float
    # The turn widgets built until the next page came (the transcript builds those near
    # the view a few at a time, on later turns of the event loop), and their cost.
    builds: int = 0
    build_ms: float = 0.0
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
    builds: list[tuple[float, float]] = field(default_factory=list)
    widgets: int = 0  # QWidgets in the transcript at the end
    turn_widgets: int = 0  # of which turn widgets
    most_turn_widgets: int = 0  # the most turn widgets alive at once, sampled at each page


async def scroll_to_start(
    events: EventTimer, desk: DesktopApp, all_turns: int, seconds_at_most: float
) -> ScrollResult:
    """Scroll to the top, again and again, as older pages arrive."""
    transcript = desk.window.transcript
    bar = transcript.verticalScrollBar()
    pages: list[Page] = []
    page_times: list[tuple[float, float]] = []
    builds: list[tuple[float, float]] = []
    most_turn_widgets = 0
    original = transcript.prepend_turns
    column = transcript_content(desk)
    assert isinstance(column, TurnColumn)

    def timed_prepend(turns: list[Turn], *, has_earlier: bool) -> None:
        nonlocal most_turn_widgets
        most_turn_widgets = max(most_turn_widgets, len(transcript.turn_widgets))
        started = time.perf_counter()
        original(turns, has_earlier=has_earlier)
        ended = time.perf_counter()
        pages.append(
            Page(
                len(desk.chat.conversation.turns) - len(turns), len(turns), (ended - started) * 1000
            )
        )
        page_times.append((started, ended))

    def record_build(started: float, ended: float) -> None:
        builds.append((started, ended))  # a turn widget built, measured and placed

    transcript.prepend_turns = timed_prepend  # type: ignore[method-assign]
    column.widgetBuilt.connect(record_build)
    recorder = TickRecorder()
    events.take_spans()
    events.recording = True
    recorder.start()
    started = time.perf_counter()
    stalled = ""
    nudges = left_at_top = 0
    try:
        while len(desk.chat.conversation.turns) < all_turns:
            if time.perf_counter() - started > seconds_at_most:
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
        del transcript.prepend_turns  # back to the class's methods
        column.widgetBuilt.disconnect(record_build)
    spans = events.take_spans()
    starts = [span[0] for span in spans]
    for index, page in enumerate(pages):
        following = page_times[index + 1][0] if index + 1 < len(pages) else ticks[-1]
        caused = spans_between(spans, starts, page_times[index][1], following)
        page.layout_ms, page.paint_ms = caused["layout"], caused["paint"]
        built = [b for b in builds if page_times[index][1] <= b[0] < following]
        page.builds = len(built)
        page.build_ms = sum((end - begin) * 1000 for begin, end in built)
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
        builds=builds,
        widgets=len(transcript.findChildren(QWidget)),
        turn_widgets=len(transcript.turn_widgets),
        most_turn_widgets=most_turn_widgets,
    )


def report_history(
    opens: list[float], phases: list[dict[str, float]], scroll: ScrollResult, all_turns: int
) -> None:
    print()
    print(
        f"   2. a {2 * all_turns:,}-message conversation: navigator.open() until its latest "
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
        f"      then scroll_to_top() again and again: {scroll.turns_loaded:,} of {all_turns:,} "
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
        what = [f"{kind} {ms:.1f} ms" for kind, ms in caused.items() if kind != "show"]
        built = [(end - start) * 1000 for start, end in scroll.builds if began < start < ended]
        if built:
            what.insert(0, f"{len(built)} turn widget(s) built {sum(built):.1f} ms")
        for index, (page_started, page_ended) in enumerate(scroll.page_times):
            if page_started < ended and page_ended > began:
                page = pages[index]
                what.insert(
                    0,
                    f"prepend_turns of {page.turns} turns above {page.shown_before:,} "
                    f"{page.prepend_ms:.1f} ms",
                )
                break
        return ", ".join(what)

    for line in longest_gaps(scroll.ticks, 3, describe):
        print(f"        {line}")
    print(
        f"      per page, ms {'':<21} {'prepend':>7} {'builds':>7} {'build':>7} {'layout':>7} "
        f"{'paint':>7}  (median)"
    )
    size = max(1, -(-len(pages) // 4))
    for low in range(0, len(pages), size):
        group = pages[low : low + size]
        label = f"pages {low + 1}–{low + len(group)} (above {group[0].shown_before:,}+)"
        print(
            f"      {label:<38} {median([p.prepend_ms for p in group]):7.1f} "
            f"{median([p.builds for p in group]):7.0f} "
            f"{median([p.build_ms for p in group]):7.1f} "
            f"{median([p.layout_ms for p in group]):7.1f} "
            f"{median([p.paint_ms for p in group]):7.1f}"
        )
    if scroll.builds:
        each = sorted((end - start) * 1000 for start, end in scroll.builds)
        print(
            f"      {len(each):,} turn widgets built in all: median {median(each):.1f} ms, p99 "
            f"{percentile(each, 0.99):.1f} ms, longest {each[-1]:.1f} ms each"
        )
    print(
        f"      the transcript now holds {scroll.widgets:,} widgets, {scroll.turn_widgets} of them "
        f"turn widgets (at most {scroll.most_turn_widgets} alive at once while scrolling up)"
    )
    if scroll.left_at_top:
        print(
            f"      {scroll.left_at_top} of {len(pages)} pages left the view at the top (value < "
            f"{LOAD_EARLIER_WITHIN_PX} px 1 s after the page came): the transcript did not keep "
            f"the reader's place above the new turns; {scroll.nudges} times the view was at 0 "
            "and was first moved down to ask again"
        )


def run_history_part(profile: bool, quick: bool = False) -> None:
    rounds, scroll_seconds = (1, 5.0) if quick else (OPEN_ROUNDS, SCROLL_SECONDS)
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-transcript-") as temp:
        root = Path(temp)
        isolate_home(root / "home")
        data_dir = root / "appdata"
        # history_ui.py's history, built in a child (its heap stays out of this process).
        seeded = seed_in_child(data_dir, root / "home", quick=quick)
        all_turns = seeded.shape.long_turns
        print(
            f"   history built by support/history_seed.py in {seeded.seconds:.1f} s "
            f"({seeded.size_mb:.0f} MB)",
            flush=True,
        )
        loop, desk = start_app(data_dir)
        events = EventTimer()
        events.watch(desk.window, transcript_content(desk))
        first_paint: asyncio.Future[float] = loop.create_future()
        desk.window.firstPainted.connect(
            lambda: first_paint.done() or first_paint.set_result(time.perf_counter())
        )
        desk.window.show()
        profiler = cProfile.Profile() if profile else None

        async def scenario() -> tuple[list[float], list[dict[str, float]], ScrollResult]:
            await wait_for_start(desk, first_paint, seeded.shape.conversations)
            await asyncio.sleep(SETTLE_SECONDS)
            opens, phases = [], []
            for _ in range(rounds):
                await open_and_wait(desk, seeded.small_id, seeded.small_last_question)
                await asyncio.sleep(SETTLE_SECONDS)
                timing = await open_and_wait(desk, seeded.long_id, seeded.long_last_question)
                opens.append(timing.total_ms)
                phases.append(timing.phases)
                await asyncio.sleep(SETTLE_SECONDS)
            if profiler is not None:
                profiler.enable()
            scroll = await scroll_to_start(events, desk, all_turns, scroll_seconds)
            if profiler is not None:
                profiler.disable()
            return opens, phases, scroll

        try:
            opens, phases, scroll = loop.run_until_complete(scenario())
        finally:
            started = time.perf_counter()
            close_app_and_loop(loop, desk)
            shutdown_s = time.perf_counter() - started
        report_history(opens, phases, scroll, all_turns)
        print(f"      (the app's shutdown afterwards took {shutdown_s:.1f} s)")
        if profiler is not None:
            print("\n   UI thread while scrolling up (cProfile, by own time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
        print_log_problems(data_dir)
