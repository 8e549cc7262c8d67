"""What ``providers.py`` measures in the app's process: one round of the overhead measure
(bare aiohttp, the app's provider alone, the window with the answer at once and paced) and
one 2,000-token stream through the window (see that script's docstring)."""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from benchmarks.support.providers_server import (
    MODEL_ID,
    MODEL_KEY,
    QUESTION,
    ServerProcess,
    flood_answer,
    request_body,
    shown_words,
)
from benchmarks.support.ticks import next_emission
from benchmarks.support.ui_timing import (
    SETTLE_SECONDS,
    TAIL_SECONDS,
    EventTimer,
    record_answer,
    time_answer_view,
    transcript_content,
    until,
)
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.providers.base import ChatRequest

FLOOD_QUESTION = "Tell me everything, as fast as you can."
ANSWER_TIMEOUT_SECONDS = 60.0
# After a new chat, the navigator restores its (empty) draft from the history: typing
# before that lands would be overwritten.
NEW_CHAT_SETTLE_SECONDS = 0.25


# -- the overhead: four ways to the first piece of text  -------------------------------------


async def bare_request(session: Any, base_url: str) -> float:
    """ms from the POST to the first SSE event with content, read by hand; the rest of the
    answer is read too (unmeasured), so the connection goes back to the pool."""
    first: float | None = None
    buffer = b""
    started = time.perf_counter()
    async with session.post(
        f"{base_url}/chat/completions",
        json=request_body(QUESTION),
        headers={"Accept": "text/event-stream"},
    ) as response:
        async for chunk in response.content.iter_any():
            if first is not None:
                continue
            buffer += chunk
            while first is None and b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if not event.startswith(b"data: ") or event == b"data: [DONE]":
                    continue
                choices = json.loads(event[6:]).get("choices") or [{}]
                if choices[0].get("delta", {}).get("content"):
                    first = time.perf_counter()
    if first is None:
        raise RuntimeError("the bare request got no text")
    return (first - started) * 1000


async def provider_request(desk: DesktopApp) -> float:
    """ms from calling the app's provider (as the catalog resolves it; the app's session)
    to its first piece of text: the provider layer without the window and the history."""
    assert desk.chat.catalog is not None
    provider, model_id = desk.chat.catalog.resolve(MODEL_KEY)
    session = await desk.chat.session()
    first: float | None = None
    started = time.perf_counter()
    stream = provider.stream_chat(
        session,
        ChatRequest(
            model_id,
            [{"role": "user", "content": QUESTION}],
            proxy=desk.chat.proxy,
            timeout=desk.chat.timeout_seconds,
        ),
    )
    async for item in stream:
        if first is None and isinstance(item, str) and item:
            first = time.perf_counter()
    if first is None:
        raise RuntimeError("the provider gave no text")
    return (first - started) * 1000


# The steps of the first piece's way from the Enter key to the screen, in order.
WINDOW_STEPS = (
    ("record", "the question's save started (on the history's thread)"),
    ("returned", "the key press returned (the composer cleared)"),
    ("saved", "the turn's task had the question saved"),
    ("request", "the provider called (stream_chat): the request starts"),
    ("turn_shown", "the new turn's widget built (Transcript.turnsShown)"),
    ("first_text", "the first text in the controller (answerGrew)"),
    ("first_flush", "the answer view's first flush() (nan: none, end_stream)"),
    ("painted", "its viewport's first Paint with text"),
    ("pass_ended", "the window's paint pass holding it ended"),
)


@dataclass
class WindowRound:
    """ms from the Enter key press to each of WINDOW_STEPS (nan: not seen)."""

    marks: dict[str, float]
    ui_ms: float  # layout and paint of the window between the key press and the first text
    answered: bool
    # The transcript's area painted from the key press to the end of the first text's paint
    # pass, in views (1.0: as much as the whole view; the earlier turns repainted).
    views_painted: float = math.nan
    # The sidebar's list painted in the same time, in its rows (1.0: one row's area; a list
    # repainted whole is as many rows as it shows).
    sidebar_rows_painted: float = math.nan


class ColumnPaint(QObject):
    """The area of every Paint the transcript's column gets (its region covers the turns
    repainted within it), with the time of each."""

    def __init__(self, column: QWidget) -> None:
        super().__init__()
        self._column = column
        self.paints: list[tuple[float, int]] = []
        column.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            region = event.region()  # type: ignore[attr-defined]
            area = sum(rect.width() * rect.height() for rect in region)
            self.paints.append((time.perf_counter(), area))
        return False

    def views_until(self, moment: float, view_area: int) -> float:
        self._column.removeEventFilter(self)
        painted = sum(area for at, area in self.paints if at <= moment)
        return painted / view_area if view_area else math.nan


class TextPaint(QObject):
    """The first Paint of an answer view's viewport once its document holds text."""

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__()
        self._view = view
        self.at: float | None = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.at is None
            and event.type() == QEvent.Type.Paint
            and not self._view.document().isEmpty()  # type: ignore[attr-defined]
        ):
            self.at = time.perf_counter()
        return False


async def type_question(desk: DesktopApp, question: str, new_chat: bool) -> None:
    if new_chat:
        assert desk.navigator is not None
        desk.navigator.new_chat()
        await asyncio.sleep(NEW_CHAT_SETTLE_SECONDS)
    composer = desk.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, question)
    await asyncio.sleep(SETTLE_SECONDS / 5)


async def window_request(
    desk: DesktopApp, events: EventTimer, server: ServerProcess, *, new_chat: bool, paced: bool
) -> WindowRound:
    """Type the question, press Enter, and time the first piece's way to a painted answer."""
    await type_question(desk, QUESTION, new_chat)
    if paced:
        server.queue("paced")
    marks: dict[str, float] = {}
    probes: list[TextPaint] = []

    def first_text(*_: object) -> None:
        marks.setdefault("first_text", time.perf_counter())

    def instrument(turn_ids: list[int]) -> None:
        # The new turn's widget exists now (built after the request left: Transcript.add_turn).
        marks["turn_shown"] = time.perf_counter()
        widget = desk.window.transcript.widget_for(turn_ids[-1])
        assert widget is not None
        view = widget.answer_view
        probes.append(TextPaint(view))
        flush = view.flush

        def timed_flush() -> None:
            marks.setdefault("first_flush", time.perf_counter())
            flush()

        view.flush = timed_flush  # type: ignore[method-assign]

    # Wrapped on the instances, as they are called: the history and the resolved provider.
    history = desk.history
    record_question = history.record_question
    assert desk.chat.catalog is not None
    provider, _ = desk.chat.catalog.resolve(MODEL_KEY)
    stream_chat = provider.stream_chat

    def timed_record_question(*arguments: Any) -> Awaitable[None]:
        marks["record"] = time.perf_counter()
        saving = record_question(*arguments)  # starts the save on the history's thread

        async def saved() -> None:
            await saving
            marks["saved"] = time.perf_counter()

        return saved()

    def timed_stream_chat(*arguments: Any, **keywords: Any) -> Any:
        marks.setdefault("request", time.perf_counter())
        return stream_chat(*arguments, **keywords)

    history.record_question = timed_record_question  # type: ignore[method-assign]
    provider.stream_chat = timed_stream_chat  # type: ignore[method-assign]
    desk.window.transcript.turnsShown.connect(instrument)
    desk.chat.answerGrew.connect(first_text)
    done = next_emission(desk.chat.busyChanged, lambda busy: not busy)
    column = transcript_content(desk)
    column_paint = ColumnPaint(column)
    sidebar = desk.window.sidebar
    sidebar_paint = ColumnPaint(sidebar.conversation_view.viewport()) if sidebar else None
    events.take_spans()
    events.recording = True
    started = time.perf_counter()
    try:
        QTest.keyClick(desk.window.composer, Qt.Key.Key_Return)
        marks["returned"] = time.perf_counter()
        await asyncio.wait_for(done, ANSWER_TIMEOUT_SECONDS)
        await until(lambda: bool(probes) and probes[0].at is not None, 2.0)
        await asyncio.sleep(TAIL_SECONDS)
    finally:
        events.recording = False
        desk.window.transcript.turnsShown.disconnect(instrument)
        desk.chat.answerGrew.disconnect(first_text)
        del history.record_question  # the class's method again
        del provider.stream_chat
    turn = desk.chat.conversation.turns[-1]
    ui: list[float] = []
    viewport = column.parentWidget()
    view_area = viewport.width() * viewport.height() if viewport is not None else 0
    views_painted = sidebar_rows = math.nan
    if probes and probes[0].at is not None:
        marks["painted"] = probes[0].at
        # The end of the window's paint pass (EventTimer times its UpdateRequests) holding it.
        spans = events.take_spans()
        ends = [end for begin, end, kind in spans if kind == "paint" and end >= probes[0].at]
        marks["pass_ended"] = ends[0] if ends else probes[0].at
        text_at = marks.get("first_text", started)
        ui = [end - begin for begin, end, _ in spans if started <= begin < text_at]
        views_painted = column_paint.views_until(marks["pass_ended"], view_area)
        if sidebar is not None and sidebar_paint is not None:
            list_view = sidebar.conversation_view
            row_area = list_view.viewport().width() * max(1, list_view.sizeHintForRow(0))
            sidebar_rows = sidebar_paint.views_until(marks["pass_ended"], row_area)
    column_paint.deleteLater()
    if sidebar_paint is not None:
        sidebar_paint.deleteLater()
    for probe in probes:
        probe.deleteLater()
    return WindowRound(
        marks={name: (marks.get(name, math.nan) - started) * 1000 for name, _ in WINDOW_STEPS},
        ui_ms=sum(ui) * 1000,
        answered=turn.state.name == "ANSWERED" and turn.answer.startswith(f"[{MODEL_ID}]"),
        views_painted=views_painted,
        sidebar_rows_painted=sidebar_rows,
    )


@dataclass
class OverheadRound:
    bare_ms: float
    provider_ms: float
    window: WindowRound  # the echo at once
    paced: WindowRound  # the echo a piece every PACED_DELAY_SECONDS


async def overhead_round(
    desk: DesktopApp,
    events: EventTimer,
    session: Any,
    server: ServerProcess,
    index: int,
    new_chat: bool,
) -> OverheadRound:
    """The four measures, in an order that rotates with ``index``, a pause between each."""
    results: dict[str, Any] = {}
    steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("bare", lambda: bare_request(session, server.base_url)),
        ("provider", lambda: provider_request(desk)),
        ("window", lambda: window_request(desk, events, server, new_chat=new_chat, paced=False)),
        ("paced", lambda: window_request(desk, events, server, new_chat=new_chat, paced=True)),
    ]
    shift = index % len(steps)
    for name, step in steps[shift:] + steps[:shift]:
        await asyncio.sleep(SETTLE_SECONDS / 5)
        results[name] = await step()
    return OverheadRound(results["bare"], results["provider"], results["window"], results["paced"])


# -- the flood: 2,000 tokens as fast as the server can send them  ----------------------------


@dataclass
class FloodResult:
    ticks: list[float]
    spans: list[tuple[float, float, str]]
    flushes: list[tuple[float, float, int]] = field(default_factory=list)  # begin, end, pieces
    seconds: float = 0.0  # from Enter until the controller was no longer busy
    first_text_seconds: float = 0.0  # from the send until the first piece (the turn's own)
    pieces: int = 0
    header: str = ""
    state: str = ""
    text_equal: bool = False  # the turn's answer is exactly what the server sent
    shown_equal: bool = False  # the view shows its words (markup aside), nothing else
    end_stream_ms: float = 0.0


async def flood(desk: DesktopApp, server: ServerProcess, events: EventTimer) -> FloodResult:
    sent = flood_answer()
    server.queue("flood")
    await type_question(desk, FLOOD_QUESTION, new_chat=True)
    flushes: list[tuple[float, float, int]] = []
    ended: list[float] = []

    def instrument(turn_ids: list[int]) -> None:
        turn = desk.chat.conversation.turns[-1]
        widget = desk.window.transcript.widget_for(turn_ids[-1])
        assert widget is not None
        events.watch(widget, widget.answer_block)
        time_answer_view(
            widget.answer_view,
            lambda began, done: flushes.append((began, done, turn.pieces)),
            ended,
        )

    desk.window.transcript.turnsShown.connect(instrument)
    try:
        ticks, seconds = await record_answer(events, desk, ANSWER_TIMEOUT_SECONDS)
    finally:
        desk.window.transcript.turnsShown.disconnect(instrument)
    turn = desk.chat.conversation.turns[-1]
    widget = desk.window.transcript.widget_for(turn.id)
    assert widget is not None
    return FloodResult(
        ticks=ticks,
        spans=events.take_spans(),
        flushes=flushes,
        seconds=seconds,
        first_text_seconds=turn.first_text_seconds or float("nan"),
        pieces=turn.pieces,
        header=widget.answer_header.text(),
        state=turn.state.name.lower(),
        text_equal=turn.answer == sent,
        shown_equal=" ".join(widget.answer_view.toPlainText().split()) == shown_words(sent),
        end_stream_ms=ended[0] if ended else float("nan"),
    )


def watch_window(desk: DesktopApp) -> EventTimer:
    events = EventTimer()
    events.watch(desk.window, transcript_content(desk))
    return events
