"""Timing the real window on a seeded history: opening a conversation until its latest
answer is painted, the sidebar's first full listing, and this process's resident memory."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Conversation

PAINT_TIMEOUT_SECONDS = 15.0


def rss_mb() -> float:
    """This process's resident memory (Linux ``VmRSS``), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PaintProbe(QObject):
    """Resolves a future when ``widget`` next gets a Paint event and that paint pass ends.

    The result is (time of the Paint event, time the pass ended): the event filter sees the
    event before the widget paints, and a zero-timer posted from it runs once the whole
    window's paint and flush are done.
    """

    def __init__(self, widget: QWidget, accept: Callable[[], bool] = lambda: True) -> None:
        super().__init__(widget)
        self._accept = accept
        self.future: asyncio.Future[tuple[float, float]] = (
            asyncio.get_running_loop().create_future()
        )
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.future.done() and self._accept():
            painted_at = time.perf_counter()
            watched.removeEventFilter(self)

            def finished() -> None:
                if not self.future.done():
                    self.future.set_result((painted_at, time.perf_counter()))

            QTimer.singleShot(0, finished)
        return False


@dataclass
class Timing:
    total_ms: float
    phases: dict[str, float] = field(default_factory=dict)
    note: str = ""
    turns_shown: int = 0


async def open_and_wait(desk: DesktopApp, conversation_id: int, last_question: str) -> Timing:
    """``navigator.open(id)`` until the latest answer of that conversation is painted."""
    assert desk.navigator is not None
    marks: dict[str, float] = {}
    shown: list[int] = []
    probe_ready: asyncio.Future[PaintProbe] = asyncio.get_running_loop().create_future()
    transcript = desk.window.transcript

    def replaced(conversation: Conversation) -> None:
        # Connected after the navigator's slot: the transcript has built its turn widgets.
        if conversation.id != conversation_id or probe_ready.done():
            return
        marks["built"] = time.perf_counter()
        shown.append(len(conversation.turns))
        last = conversation.turns[-1]
        if last.question != last_question:
            raise RuntimeError("the conversation shown does not end with its latest turn")
        widget = transcript.widget_for(last.id)
        assert widget is not None
        view = (
            widget.answer_view if widget.answer_view.isVisibleTo(widget) else widget.question_view
        )
        probe_ready.set_result(PaintProbe(view.viewport()))

    original_load = desk.history.load

    async def timed_load(*arguments: Any, **keywords: Any) -> Any:
        loaded = await original_load(*arguments, **keywords)
        marks["loaded"] = time.perf_counter()
        return loaded

    desk.history.load = timed_load  # type: ignore[method-assign]
    desk.chat.conversationReplaced.connect(replaced)
    try:
        started = time.perf_counter()
        desk.navigator.open(conversation_id)
        probe = await asyncio.wait_for(probe_ready, PAINT_TIMEOUT_SECONDS)
        painted_at, done_at = await asyncio.wait_for(probe.future, PAINT_TIMEOUT_SECONDS)
    finally:
        desk.chat.conversationReplaced.disconnect(replaced)
        del desk.history.load  # back to the class's method
    bar = transcript.verticalScrollBar()
    return Timing(
        total_ms=(done_at - started) * 1000,
        phases={
            "load": (marks["loaded"] - started) * 1000,
            "build": (marks["built"] - marks["loaded"]) * 1000,
            "until paint": (painted_at - marks["built"]) * 1000,
            "paint": (done_at - painted_at) * 1000,
        },
        note="" if bar.value() >= bar.maximum() - 8 else f"scrolled {bar.value()}/{bar.maximum()}",
        turns_shown=shown[0],
    )


async def wait_for_start(desk: DesktopApp, first_paint: asyncio.Future[float], rows: int) -> Timing:
    """From the window's first paint until the sidebar shows the whole list (opening the
    database, its quick_check and the first listing included) with ``rows`` rows."""
    painted = await asyncio.wait_for(first_paint, PAINT_TIMEOUT_SECONDS)
    sidebar = desk.window.sidebar
    assert sidebar is not None
    view = sidebar.conversation_view
    probe = PaintProbe(view.viewport(), lambda: view.model().rowCount() == rows)
    if view.model().rowCount() == rows:
        # A small history can be listed and painted before this runs: ask for one more paint
        # (the time is then an upper bound).
        view.viewport().update()
    _, done_at = await asyncio.wait_for(probe.future, 60)
    assert desk.navigator is not None
    return Timing(total_ms=(done_at - painted) * 1000)
