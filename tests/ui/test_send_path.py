"""From Send to the question on screen, through the real window and the local fake server:
the question is saved before its request leaves (and never sent when it cannot be saved),
the new turn's widget is the spare built ahead and is shown once the request has started,
the paint hold ends within a few frames, and the sidebar lists the new conversation."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import NoReturn

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage import ConversationSummary, HistoryError, HistoryStore
from dynaspark_desktop.ui.controllers.history_controller import REFRESH_AFTER_SEND_MS
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from dynaspark_desktop.ui.widgets.conversation_list import ConversationIdRole
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, saved_rows, wait_until

SAVE_FAILURE = "Your message could not be saved, so it was not sent"
# A question sent to a slow server is on screen within this time of Send (a few frames).
SHOWN_WITHIN_S = 0.2


def _type_and_send(qtbot: QtBot, app: DesktopApp, text: str) -> Turn:
    """Type ``text``, press Enter, and return the turn the Send made (without waiting)."""
    qtbot.keyClicks(app.window.composer, text)
    qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
    turn = app.chat.conversation.turns[-1]
    assert turn.question == text
    return turn


def _composer_area(app: DesktopApp) -> QWidget:
    area = app.window.findChild(QWidget, "composerArea")
    assert area is not None
    assert area.isAncestorOf(app.window.composer)
    return area


async def _window_set_up(app: DesktopApp) -> None:
    """Until the window has painted once and built what comes after (sidebar, history)."""
    await wait_until(lambda: app.window.sidebar is not None and app.navigator is not None)


def _on_screen(window: QWidget) -> QImage:
    """What the window shows on its screen now: what it last painted and flushed.

    Not ``window.grab()``, which paints the widgets afresh, held updates or not.
    """
    return window.screen().grabWindow(window.winId()).toImage()


def _region(image: QImage, widget: QWidget) -> QImage:
    """The part of an image of ``widget``'s window that ``widget`` covers."""
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    ratio = image.devicePixelRatio()
    rect = QRect(top_left * ratio, widget.size() * ratio)
    return image.copy(rect)


def _distinct_colours(image: QImage) -> int:
    colours = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colours.add(image.pixel(x, y))
    return len(colours)


def _sidebar_ids(app: DesktopApp) -> list[int]:
    assert app.window.sidebar is not None
    model = app.window.sidebar.conversation_model
    return [model.index(row).data(ConversationIdRole) for row in range(model.rowCount())]


def _selected_ids(app: DesktopApp) -> list[int]:
    assert app.window.sidebar is not None
    selected = app.window.sidebar.conversation_view.selectionModel().selectedIndexes()
    return [index.data(ConversationIdRole) for index in selected]


def test_a_new_message_takes_the_spare_widget_once_its_request_has_started(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    transcript = app.window.transcript
    events: list[tuple[str, object]] = []
    app.chat.requestStarted.connect(lambda turn: events.append(("requestStarted", turn.id)))
    transcript.turnsShown.connect(lambda ids: events.append(("turnsShown", list(ids))))

    async def scenario() -> tuple[Turn, TurnWidget]:
        await ask_and_wait(qtbot, app, "First question")
        # Built in idle time after the first turn's widget: ready for the next message.
        await wait_until(lambda: transcript.spare_widget is not None, timeout=5)
        spare = transcript.spare_widget
        assert spare is not None
        assert spare.turn_id == -1
        assert not spare.isVisible()
        events.clear()

        turn = _type_and_send(qtbot, app, "Second question")
        # Send itself builds nothing: the spare is still waiting, unbound.
        assert transcript.spare_widget is spare
        assert spare.turn_id == -1
        await wait_until(lambda: ("turnsShown", [turn.id]) in events, timeout=5)
        assert events == [("requestStarted", turn.id), ("turnsShown", [turn.id])]

        widget = transcript.widget_for(turn.id)
        assert widget is spare
        assert widget.turn_id == turn.id
        assert widget.isVisible()
        assert widget.question_view.toPlainText() == "Second question"
        await wait_until(lambda: not app.chat.busy)
        # Another spare is built ahead for the message after this one.
        await wait_until(lambda: transcript.spare_widget not in (None, spare), timeout=5)
        return turn, spare

    turn, used_spare = harness.run(scenario())
    assert turn.state is TurnState.ANSWERED
    new_spare = transcript.spare_widget
    assert new_spare is not None
    assert new_spare is not used_spare
    assert new_spare.turn_id == -1
    assert transcript.widget_for(turn.id) is used_spare
    assert turn.answer in used_spare.answer_view.toPlainText()
    assert [w.turn_id for w in transcript.turn_widgets] == [
        t.id for t in app.chat.conversation.turns
    ]


def test_with_a_slow_server_the_question_is_on_screen_within_a_few_frames_of_send(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window
    transcript = window.transcript
    composer_area = _composer_area(app)
    harness.server.queue(Behaviour(delay=1.0))
    shown: list[int] = []
    transcript.turnsShown.connect(shown.extend)

    async def scenario() -> Turn:
        await _window_set_up(app)
        welcome = _on_screen(window)
        qtbot.keyClicks(window.composer, "Why is the sky blue?")
        await asyncio.sleep(0.1)  # painted, typed text and all
        typed = _on_screen(window)
        assert _region(typed, composer_area) != _region(welcome, composer_area)

        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        turn = app.chat.conversation.turns[-1]
        # From Send, the window holds its repaints (test_the_send_is_painted_in_one_pass)...
        assert window.send_paint.holding

        def question_on_screen() -> bool:
            widget = transcript.widget_for(turn.id) if turn.id in shown else None
            if widget is None or window.send_paint.holding:
                return False
            # Text drawn in the question's view: more than its background colour.
            return _distinct_colours(_region(_on_screen(window), widget.question_view)) > 1

        # ... but a slow answer does not keep the question off the screen: a few frames.
        await wait_until(question_on_screen, timeout=SHOWN_WITHIN_S)
        assert turn.state is TurnState.SENT  # the answer is still on its way
        assert window.composer.toPlainText() == ""
        # The emptied composer is painted in the same pass as the question.
        assert _region(_on_screen(window), composer_area) != _region(typed, composer_area)
        widget = transcript.widget_for(turn.id)
        assert widget is not None
        assert widget.isVisible()
        assert widget.question_view.toPlainText() == "Why is the sky blue?"
        assert widget.waiting_text.startswith("Waiting for the answer…")
        assert widget.answer_view.isVisible()
        assert _region(_on_screen(window), transcript) != _region(welcome, transcript)

        await wait_until(lambda: turn.state is TurnState.ANSWERED, timeout=5)
        return turn

    turn = harness.run(scenario())
    assert len(harness.server.requests) == 1
    widget = transcript.widget_for(turn.id)
    assert widget is not None
    assert turn.answer in widget.answer_view.toPlainText()


def test_the_send_is_painted_in_one_pass_with_the_first_words(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dynaspark_desktop.ui.window import send_paint

    # No time limit within this test: the hold ends with the first words.
    monkeypatch.setattr(send_paint, "HOLD_LIMIT_MS", 60_000)
    app = harness.start_app()
    window = app.window
    transcript = window.transcript
    composer_area = _composer_area(app)
    harness.server.queue(Behaviour(delay=0.5))

    async def scenario() -> Turn:
        await _window_set_up(app)
        qtbot.keyClicks(window.composer, "Why is the sky blue?")
        await asyncio.sleep(0.1)  # painted, typed text and all
        typed = _on_screen(window)

        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        turn = app.chat.conversation.turns[-1]
        assert window.send_paint.holding
        # The loop runs (the request leaves, the question's widget is built) and the window
        # paints nothing: the typed text is still what the screen shows.
        await asyncio.sleep(0.2)
        assert turn.state is TurnState.SENT
        assert turn.pieces == 0
        assert transcript.widget_for(turn.id) is not None
        assert window.send_paint.holding
        assert _on_screen(window) == typed

        # The first words end the hold: one pass paints them, the question and the composer.
        await wait_until(lambda: not window.send_paint.holding, timeout=5)
        assert turn.pieces > 0
        await asyncio.sleep(0.05)
        shown = _on_screen(window)
        widget = transcript.widget_for(turn.id)
        assert widget is not None
        assert _distinct_colours(_region(shown, widget.question_view)) > 1
        assert _distinct_colours(_region(shown, widget.answer_view)) > 1
        assert _region(shown, composer_area) != _region(typed, composer_area)
        await wait_until(lambda: not app.chat.busy, timeout=5)
        return turn

    turn = harness.run(scenario())
    assert turn.state is TurnState.ANSWERED
    assert window.composer.toPlainText() == ""


def test_a_failure_at_once_ends_the_hold_and_shows_the_error_with_retry(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window
    transcript = window.transcript
    harness.server.queue(Behaviour(kind="status", status=503, body="Service Unavailable"))
    holding_when_failed: list[bool] = []

    def on_turn_changed(turn: Turn) -> None:
        if turn.state is TurnState.FAILED:
            holding_when_failed.append(window.send_paint.holding)

    # Connected after the window's own slots: runs once the window has handled the change.
    app.chat.turnChanged.connect(on_turn_changed)

    async def scenario() -> Turn:
        await _window_set_up(app)
        turn = _type_and_send(qtbot, app, "Are you there?")
        assert window.send_paint.holding
        await wait_until(lambda: turn.state is TurnState.FAILED, timeout=5)
        return turn

    turn = harness.run(scenario())
    assert holding_when_failed == [False]
    assert not window.send_paint.holding
    assert len(harness.server.requests) == 1
    widget = transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.isVisible()
    assert widget.question_view.toPlainText() == "Are you there?"
    assert widget.waiting_text == ""
    assert not widget.answer_view.isVisible()  # no answer came: only the error is shown
    assert widget.error_frame.isVisible()
    assert widget.retry_button.isVisible()
    assert turn.error
    assert turn.error in widget.error_label.text()


def test_a_question_that_cannot_be_saved_is_not_sent_and_retry_sends_it_once_saved(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = harness.start_app()
    window = app.window
    saving_threads: list[threading.Thread] = []

    def failing_add_user_message(
        self: HistoryStore,
        conversation_id: int,
        text: str,
        model: str,
        image: PreparedImage | None = None,
        more_images: tuple[PreparedImage, ...] = (),
    ) -> NoReturn:
        saving_threads.append(threading.current_thread())
        raise HistoryError("The disk is full.")

    async def fail_to_save() -> Turn:
        await _window_set_up(app)
        turn = _type_and_send(qtbot, app, "Please keep this")
        await wait_until(lambda: not app.chat.busy, timeout=5)
        return turn

    with monkeypatch.context() as fault:
        fault.setattr(HistoryStore, "add_user_message", failing_add_user_message)
        turn = harness.run(fail_to_save())

    # One attempt, made off the UI thread (on the history's).
    assert len(saving_threads) == 1
    assert saving_threads[0] is not threading.main_thread()
    assert turn.state is TurnState.FAILED
    assert turn.error.startswith(SAVE_FAILURE)
    assert "The disk is full." in turn.error
    assert turn.message_id is None
    assert harness.server.requests == []
    widget = window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.error_frame.isVisible()
    assert widget.error_label.text().startswith(SAVE_FAILURE)
    assert widget.retry_button.isVisible()
    assert window.composer.toPlainText() == ""

    async def retry() -> None:
        qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: turn.state is TurnState.ANSWERED, timeout=5)
        await wait_until(
            lambda: ("user", "Please keep this", "answered") in saved_rows(harness.data_dir)
        )
        # The new chat's conversation, created before the failed save, was not left behind
        # as an empty "New chat": the sidebar lists only the one that holds the question.
        await wait_until(lambda: _sidebar_ids(app) == [app.chat.conversation.id], timeout=3)

    harness.run(retry())
    (request,) = harness.server.requests
    assert request.fields["user_input"] == "Please keep this"
    assert turn.message_id is not None
    assert not widget.error_frame.isVisible()
    assert turn.answer in widget.answer_view.toPlainText()
    # The failed attempt left no message behind: just the question, saved once, and its answer.
    assert saved_rows(harness.data_dir) == [
        ("user", "Please keep this", "answered"),
        ("assistant", turn.answer, "answered"),
    ]


def test_the_sidebar_lists_and_selects_a_new_chat_after_its_first_answer(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        await _window_set_up(app)
        assert _sidebar_ids(app) == []
        await ask_and_wait(qtbot, app, "A fresh start")
        await wait_until(lambda: app.chat.conversation.id in _sidebar_ids(app), timeout=3)

    harness.run(scenario())
    sidebar = app.window.sidebar
    assert sidebar is not None
    conversation_id = app.chat.conversation.id
    assert conversation_id is not None
    assert _sidebar_ids(app) == [conversation_id]
    assert sidebar.title_of(conversation_id) == "A fresh start"
    assert _selected_ids(app) == [conversation_id]
    assert sidebar.conversation_view.currentIndex().data(ConversationIdRole) == conversation_id


def test_the_sidebar_lists_a_new_chat_a_moment_after_send_while_the_answer_is_on_its_way(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    harness.server.queue(Behaviour(delay=2.0))
    listed_at: list[float] = []

    async def scenario() -> tuple[Turn, float]:
        await _window_set_up(app)

        def on_listed(summaries: list[ConversationSummary]) -> None:
            if summaries and not listed_at:
                listed_at.append(time.monotonic())

        app.history.conversationsChanged.connect(on_listed)
        turn = _type_and_send(qtbot, app, "Slow one")
        sent_at = time.monotonic()
        await wait_until(lambda: app.chat.conversation.id in _sidebar_ids(app), timeout=1.5)
        assert turn.state is TurnState.SENT  # listed before the answer came
        assert _selected_ids(app) == [app.chat.conversation.id]
        app.window.stop_button.click()
        await wait_until(lambda: not app.chat.busy)
        return turn, sent_at

    turn, sent_at = harness.run(scenario())
    assert turn.message_id is not None
    # Not at once: a moment after the question was saved, so after Send (Qt's coarse timers
    # may fire up to 5 % early).
    assert listed_at[0] - sent_at >= 0.9 * REFRESH_AFTER_SEND_MS / 1000
