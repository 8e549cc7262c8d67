"""What an answer's header notes and the sidebar's unread marks survive a restart: the
"context: N of M turns" note of each answer version (also of an earlier one browsed to), a
fallback note, and a chat whose answer ended while another was on screen. Driven through
the real window against local servers; each restart is a new app on the same data folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.storage.answer_measures import AnswerMeasures
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from dynaspark_desktop.ui.widgets.conversation_list import UNREAD
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.fakes.slow_stream_server import SlowStreamServer
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.test_context_from_history import MODEL_KEY, seed_long_conversation
from tests.ui.test_several_at_once import _activity, _new_chat, _ready, _send, _start

LEFT = Qt.MouseButton.LeftButton
TURNS = 120


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _last_widget(app: DesktopApp) -> TurnWidget:
    turn = app.chat.conversation.turns[-1]
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    return widget


async def _quit(app: DesktopApp) -> None:
    await app.shutdown()


def test_each_answer_versions_context_note_shows_browsed_and_after_a_restart(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    conversation = seed_long_conversation(harness.data_dir, turns=TURNS)
    settings = Settings.load(harness.data_dir)
    settings.set("model_context_tokens", {MODEL_KEY: 1_000})
    settings.set("open_conversation", conversation)
    first = harness.start_app_with_server(openai_server.base_url)
    notes: dict[str, str] = {}

    async def first_session() -> None:
        await wait_until(lambda: first.chat.conversation.id == conversation)
        await ask_and_wait(qtbot, first, "And now?")
        turn = first.chat.conversation.turns[-1]
        assert turn.context_turns is not None
        sent, total = turn.context_turns
        assert total == TURNS + 1
        assert 0 < sent < total
        notes["first"] = f"context: {sent} of {total} turns"
        widget = _last_widget(first)
        await wait_until(lambda: notes["first"] in widget.answer_header.text())

        # The second answer goes with the whole path: no note of its own.
        first.settings.set("model_context_tokens", {})
        openai_server.queue_chat(Behaviour(answer="Second."))
        widget.regenerate_button.click()
        await wait_until(lambda: not first.chat.busy and turn.answer == "Second.")
        # Saved (the switcher's choices are remembered by the answers' rows).
        await wait_until(lambda: turn.answer_message_id is not None)
        assert "context:" not in widget.answer_header.text()
        assert widget.versions is not None
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        assert widget.versions.position_label.text() == "1 / 2"
        assert notes["first"] in widget.answer_header.text()  # the browsed one's own note
        qtbot.mouseClick(widget.versions.next_button, LEFT)
        assert "context:" not in widget.answer_header.text()
        await _quit(first)

    harness.run(first_session(), timeout=60)

    second = harness.start_app_with_server(openai_server.base_url)

    async def after_restart() -> None:
        await wait_until(
            lambda: (
                second.chat.conversation.id == conversation
                and second.chat.conversation.turns[-1].question == "And now?"
            )
        )
        widget = _last_widget(second)
        assert widget.versions is not None
        assert widget.versions.position_label.text() == "2 / 2"
        assert "context:" not in widget.answer_header.text()
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        assert notes["first"] in widget.answer_header.text()

    harness.run(after_restart(), timeout=60)


def test_a_fallback_note_saved_with_an_answer_shows_when_the_chat_is_opened_again(
    harness: Harness, openai_server: FakeOpenAI
) -> None:
    note = "Answered by llama3.2:3b (mistral: the server is overloaded)"
    with HistoryStore.open(harness.data_dir) as store:
        chat = store.create_conversation(MODEL_KEY, title="Fallback").id
        asked = store.add_user_message(chat, "Hello?", MODEL_KEY)
        measures = AnswerMeasures.of(3, 0.1, fallback_note=note)
        store.mark_answered(asked.id, "Hi.", MODEL_KEY, 0.5, measures=measures)
    Settings.load(harness.data_dir).set("open_conversation", chat)
    app = harness.start_app_with_server(openai_server.base_url)

    async def scenario() -> None:
        await wait_until(lambda: app.chat.conversation.id == chat)
        widget = _last_widget(app)
        await wait_until(lambda: widget.fallback_label.isVisible())
        assert widget.fallback_label.text() == note

    harness.run(scenario())


def test_an_unread_mark_survives_a_restart_until_the_chat_is_opened(
    harness: Harness, qtbot: QtBot
) -> None:
    with SlowStreamServer(pieces=10, piece_delay=0.01).in_thread() as server:
        server.hold("alpha")
        first = _start(harness, server, limit=4)
        chats: dict[str, int] = {}

        async def first_session() -> None:
            await _ready(first)
            turn = await _send(qtbot, first, "alpha question")
            await wait_until(lambda: turn.streaming and first.chat.conversation.id is not None)
            chat_a = first.chat.conversation.id
            assert chat_a is not None
            chats["a"] = chat_a
            _new_chat(first)
            beta = await _send(qtbot, first, "beta question")
            await wait_until(lambda: beta.state is TurnState.ANSWERED)
            chats["b"] = first.chat.conversation.id or 0
            server.release("alpha")
            await wait_until(lambda: turn.state is TurnState.ANSWERED)
            await wait_until(lambda: _activity(first, chat_a) == UNREAD)
            await _quit(first)

        harness.run(first_session(), timeout=60)

        second = _start(harness, server, limit=4)

        async def after_restart() -> None:
            await _ready(second)
            # Chat B was on screen at the quit: it opens, read; chat A keeps its mark.
            await wait_until(lambda: second.chat.conversation.id == chats["b"])
            await wait_until(lambda: _activity(second, chats["a"]) == UNREAD)
            assert _activity(second, chats["b"]) == ""
            assert second.navigator is not None
            second.navigator.open(chats["a"])
            await wait_until(lambda: second.chat.conversation.id == chats["a"])
            assert _activity(second, chats["a"]) == ""
            await _quit(second)

        harness.run(after_restart(), timeout=60)

        third = _start(harness, server, limit=4)

        async def read_for_good() -> None:
            await _ready(third)
            await wait_until(lambda: third.chat.conversation.id == chats["a"])
            sidebar = third.window.sidebar
            assert sidebar is not None
            await wait_until(lambda: sidebar.conversation_model.row_of(chats["b"]) is not None)
            assert _activity(third, chats["a"]) == ""
            assert _activity(third, chats["b"]) == ""

        harness.run(read_for_good(), timeout=60)
