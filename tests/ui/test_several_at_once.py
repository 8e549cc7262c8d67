"""Several conversations answering at once, through the real window, against a slow local
OpenAI-compatible server that counts the requests it serves together: each answer lands in
its own chat, Stop and Esc stop only the chat on screen, a provider's limit queues the rest
in order, the sidebar marks generating and unread chats, and a quit saves every answer on
its way as stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.widgets.conversation_list import GENERATING, UNREAD
from tests.fakes.slow_stream_server import SlowStreamServer
from tests.ui.conftest import Harness, models_listed, saved_rows, wait_until

PIECES = 30


@pytest.fixture
def server() -> Iterator[SlowStreamServer]:
    with SlowStreamServer(pieces=PIECES, piece_delay=0.01).in_thread() as slow:
        yield slow


def _start(harness: Harness, server: SlowStreamServer, *, limit: int) -> DesktopApp:
    """The app with the slow server as its local provider, sent ``limit`` requests at once."""
    settings = Settings.load(harness.data_dir)
    settings.set("concurrent_requests", [{"provider": "local", "limit": limit}])
    return harness.start_app_with_server(server.base_url)


async def _ready(app: DesktopApp) -> None:
    """The window is up, its sidebar listed and the models known."""
    await wait_until(lambda: app.navigator is not None and app.window.sidebar is not None)
    await models_listed(app)


async def _send(qtbot: QtBot, app: DesktopApp, text: str) -> Turn:
    """Type ``text`` in the chat on screen and press Enter; the turn it made."""
    qtbot.keyClicks(app.window.composer, text)
    qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
    await wait_until(lambda: any(turn.question == text for turn in app.chat.conversation.turns))
    return next(turn for turn in app.chat.conversation.turns if turn.question == text)


def _new_chat(app: DesktopApp) -> None:
    app.window.newChatRequested.emit()
    assert app.chat.conversation.turns == []


def _shows_send(app: DesktopApp) -> bool:
    return not app.window.send_button.isHidden() and app.window.stop_button.isHidden()


def _activity(app: DesktopApp, conversation_id: int) -> str:
    sidebar = app.window.sidebar
    assert sidebar is not None
    return sidebar.conversation_model.activity_of(conversation_id)


def _accessible_text(app: DesktopApp, conversation_id: int) -> str:
    sidebar = app.window.sidebar
    assert sidebar is not None
    model = sidebar.conversation_model
    row = model.row_of(conversation_id)  # None until the history lists it
    return str(model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)) if row is not None else ""


def _press_escape(app: DesktopApp) -> None:
    """The window's Esc command (the shortcut's action)."""
    stop = next(a for a in app.window.findChildren(QAction) if a.objectName() == "stopAction")
    stop.trigger()


def test_two_chats_answer_at_once_and_stop_in_one_leaves_the_other_running(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    server.hold("beta")
    app = _start(harness, server, limit=4)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming and app.chat.conversation.id is not None)
        chat_a = app.chat.conversation.id
        assert chat_a is not None
        assert not _shows_send(app)  # Stop, in the chat that is generating

        _new_chat(app)
        assert _shows_send(app)  # another chat: Send, and Enter sends
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.streaming)
        assert server.most_in_flight == 2  # both requests in flight together
        assert not _shows_send(app)
        await wait_until(lambda: _activity(app, chat_a) == GENERATING)
        await wait_until(lambda: "generating an answer" in _accessible_text(app, chat_a))

        qtbot.mouseClick(app.window.stop_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: second.state is TurnState.CANCELLED)
        await wait_until(lambda: "beta question" in server.left)
        assert first.state is TurnState.SENT  # chat A's answer goes on
        assert "alpha question" not in server.left
        assert _shows_send(app)

        server.release("alpha")
        await wait_until(lambda: first.state is TurnState.ANSWERED)
        await wait_until(lambda: _activity(app, chat_a) == UNREAD)
        assert "new answer" in _accessible_text(app, chat_a)
        assert app.chat.conversation.turns == [second]  # nothing of A came into B

        assert app.navigator is not None
        app.navigator.open(chat_a)
        await wait_until(lambda: app.chat.conversation.id == chat_a)
        assert _activity(app, chat_a) == ""  # read now
        shown = app.chat.conversation.turns[-1]
        assert shown.answer == first.answer
        widget = app.window.transcript.widget_for(shown.id)
        assert widget is not None
        await wait_until(lambda: f"word{PIECES - 1}" in widget.answer_view.toPlainText())

    harness.run(scenario())
    assert saved_rows(harness.data_dir) == [
        ("user", "alpha question", "answered"),
        ("assistant", "Answer to alpha question:" + _words(PIECES), "answered"),
        ("user", "beta question", "cancelled"),
        ("assistant", "Answer to beta question:", "cancelled"),
    ]


def _words(pieces: int) -> str:
    return "".join(f" word{index}" for index in range(1, pieces))


def test_coming_back_to_a_chat_while_it_streams_shows_the_stream_going_on(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    app = _start(harness, server, limit=2)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming and app.chat.conversation.id is not None)
        chat_a = app.chat.conversation.id
        assert chat_a is not None
        _new_chat(app)
        await _send(qtbot, app, "beta question")  # answered at once: not held
        server.hold("alpha", after=6)  # five more pieces while away, then it waits again
        await wait_until(lambda: first.pieces == 6)
        assert first.state is TurnState.SENT

        assert app.navigator is not None
        app.navigator.open(chat_a)
        await wait_until(lambda: app.chat.conversation.id == chat_a)
        assert app.chat.conversation.turns[-1] is first  # the live turn, not a snapshot
        assert not _shows_send(app)  # its answer is on its way: Stop
        widget = app.window.transcript.widget_for(first.id)
        assert widget is not None
        # What arrived while away is shown...
        await wait_until(lambda: "word5" in widget.answer_view.toPlainText())
        assert widget.answer_view.toPlainText().startswith("Answer to alpha question:")
        # ... and the rest streams on into it.
        server.release("alpha")
        await wait_until(lambda: first.state is TurnState.ANSWERED)
        await wait_until(lambda: f"word{PIECES - 1}" in widget.answer_view.toPlainText())
        assert widget.answer_view.toPlainText().count("word4 ") == 1  # nothing shown twice
        assert _shows_send(app)

    harness.run(scenario())


def test_with_a_limit_of_one_the_second_waits_queued_then_runs_and_esc_unqueues_a_third(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    app = _start(harness, server, limit=1)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming)

        _new_chat(app)
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.queued)
        widget = app.window.transcript.widget_for(second.id)
        assert widget is not None
        await wait_until(lambda: "queued" in widget.answer_header.text())
        assert "Queued" in widget.waiting_text

        _new_chat(app)
        third = await _send(qtbot, app, "gamma question")
        await wait_until(lambda: third.queued)
        _press_escape(app)  # Stop on a queued answer takes it out of the queue
        await wait_until(lambda: third.state is TurnState.CANCELLED)
        assert second.queued
        assert second.state is TurnState.SENT

        assert server.arrived == ["alpha question"]  # the others waited
        server.release("alpha")
        await wait_until(lambda: second.state is TurnState.ANSWERED)
        assert first.state is TurnState.ANSWERED
        assert second.answer.startswith("Answer to beta question:")
        assert not second.queued

    harness.run(scenario())
    assert server.arrived == ["alpha question", "beta question"]  # gamma never went out
    assert server.most_in_flight == 1


def test_quitting_with_two_answers_on_their_way_saves_both_as_stopped(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    server.hold("beta")
    app = _start(harness, server, limit=2)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming)
        _new_chat(app)
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.streaming and server.most_in_flight == 2)
        await app.shutdown()
        assert first.state is TurnState.CANCELLED
        assert second.state is TurnState.CANCELLED

    harness.run(scenario())
    assert saved_rows(harness.data_dir) == [
        ("user", "alpha question", "cancelled"),
        ("assistant", "Answer to alpha question:", "cancelled"),
        ("user", "beta question", "cancelled"),
        ("assistant", "Answer to beta question:", "cancelled"),
    ]


def test_deleting_a_chat_stops_its_answer_and_leaves_the_others_running(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    server.hold("beta")
    app = _start(harness, server, limit=2)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming and app.chat.conversation.id is not None)
        chat_a = app.chat.conversation.id
        assert chat_a is not None
        _new_chat(app)
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.streaming)

        assert app.navigator is not None
        app.navigator.delete(chat_a)  # from the sidebar, while B is on screen
        await wait_until(lambda: first.state is TurnState.CANCELLED)
        await wait_until(lambda: "alpha question" in server.left)
        assert second.state is TurnState.SENT
        assert app.chat.activity().generating == frozenset({app.chat.conversation.id})
        server.release("beta")
        await wait_until(lambda: second.state is TurnState.ANSWERED)

    harness.run(scenario())


def test_a_raised_limit_lets_a_queued_answer_go_at_once(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    app = _start(harness, server, limit=1)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming)
        _new_chat(app)
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.queued)

        app.settings.set("concurrent_requests", [{"provider": "local", "limit": 2}])
        await wait_until(lambda: second.state is TurnState.ANSWERED)
        assert first.state is TurnState.SENT  # still held: the second did not wait for it
        assert server.most_in_flight == 2
        server.release("alpha")
        await wait_until(lambda: first.state is TurnState.ANSWERED)

    harness.run(scenario())


def test_esc_in_a_chat_opened_again_stops_only_its_answer(
    harness: Harness, qtbot: QtBot, server: SlowStreamServer
) -> None:
    server.hold("alpha")
    server.hold("beta")
    app = _start(harness, server, limit=2)

    async def scenario() -> None:
        await _ready(app)
        first = await _send(qtbot, app, "alpha question")
        await wait_until(lambda: first.streaming and app.chat.conversation.id is not None)
        chat_a = app.chat.conversation.id
        assert chat_a is not None
        _new_chat(app)
        second = await _send(qtbot, app, "beta question")
        await wait_until(lambda: second.streaming and app.chat.conversation.id is not None)
        chat_b = app.chat.conversation.id
        assert chat_b is not None

        assert app.navigator is not None
        app.navigator.open(chat_a)  # read again from the history: a new Conversation
        await wait_until(lambda: app.chat.conversation.id == chat_a)
        assert not _shows_send(app)
        _press_escape(app)
        await wait_until(lambda: first.state is TurnState.CANCELLED)
        await wait_until(lambda: "alpha question" in server.left)
        assert second.state is TurnState.SENT  # B's answer goes on
        assert _shows_send(app)
        server.release("beta")
        await wait_until(lambda: second.state is TurnState.ANSWERED)
        await wait_until(lambda: _activity(app, chat_b) == UNREAD)  # it ended while away
        assert _activity(app, chat_a) == ""  # stopped on screen: nothing unread

    harness.run(scenario())
