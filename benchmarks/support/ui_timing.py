"""What ``transcript.py``'s parts share: timing the UI thread's layout and paint events, gap
statistics, waiting on the loop, and keeping PySide6 on Python 3.11 from freeing ``None``."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from benchmarks.support.common import median, percentile
from benchmarks.support.ticks import TickRecorder, next_emission

if TYPE_CHECKING:
    from dynaspark_desktop.app import DesktopApp

TICK_MS = 5
GOAL_GAP_MS = 50.0
SETTLE_SECONDS = 0.5
TAIL_SECONDS = 0.25


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


def time_answer_view(
    view: Any, flushed: Callable[[float, float], None], ended: list[float]
) -> None:
    """Wrap an ``AnswerView``'s ``flush`` and ``end_stream`` on the instance (the class is
    untouched): ``flushed(started, ended)`` after each flush, each ``end_stream``'s ms
    appended to ``ended``."""
    flush, end_stream = view.flush, view.end_stream

    def timed_flush() -> None:
        started = time.perf_counter()
        flush()
        flushed(started, time.perf_counter())

    def timed_end_stream() -> None:
        started = time.perf_counter()
        end_stream()
        ended.append((time.perf_counter() - started) * 1000)

    view.flush = timed_flush
    view.end_stream = timed_end_stream


async def record_answer(
    events: EventTimer, desk: DesktopApp, timeout: float
) -> tuple[list[float], float]:
    """Press Enter in the composer and stamp the UI thread (and ``events``' spans) until the
    app is no longer busy, plus a short tail; returns the ticks and the seconds to not busy."""
    done = next_emission(desk.chat.busyChanged, lambda busy: not busy)
    recorder = TickRecorder()
    events.take_spans()
    events.recording = True
    recorder.start()
    started = time.perf_counter()
    try:
        QTest.keyClick(desk.window.composer, Qt.Key.Key_Return)
        await asyncio.wait_for(done, timeout)
        seconds = time.perf_counter() - started
        await asyncio.sleep(TAIL_SECONDS)
    finally:
        ticks = list(recorder.stop())
        events.recording = False
    return ticks, seconds
