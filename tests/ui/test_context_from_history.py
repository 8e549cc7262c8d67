"""A request's context is the conversation's path read from the history, not the turns the
window has loaded: a 300-turn conversation opened at its end sends all of it when it fits,
and only its latest turns when it does not, saying so in the answer's header. Driven through
the real window against the local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.storage import HistoryStore
from tests.fakes.openai_server import FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, wait_until

MODEL_KEY = "local:llama3.2:3b"
TURNS = 300


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def seed_long_conversation(data_dir: Path, turns: int = TURNS) -> int:
    """A conversation of ``turns`` answered turns, made before the app starts."""
    with HistoryStore.open(data_dir) as store:
        conversation = store.create_conversation(MODEL_KEY, title="Long").id
        with store.batch():
            for number in range(turns):
                asked = store.add_user_message(conversation, f"question {number}", MODEL_KEY)
                store.mark_answered(asked.id, f"answer {number}", MODEL_KEY, 0.5)
    return conversation


def open_at_its_end(harness: Harness, server: FakeOpenAI, conversation: int) -> DesktopApp:
    Settings.load(harness.data_dir).set("open_conversation", conversation)
    return harness.start_app_with_server(server.base_url)


def sent_messages(server: FakeOpenAI) -> list[dict[str, Any]]:
    chats = [r for r in server.requests if r.path.endswith("/chat/completions")]
    assert chats
    messages: list[dict[str, Any]] = chats[-1].body["messages"]
    return messages


def test_a_long_conversation_opened_at_its_end_sends_its_whole_path(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    conversation = seed_long_conversation(harness.data_dir)
    app = open_at_its_end(harness, openai_server, conversation)

    async def scenario() -> None:
        await wait_until(
            lambda: app.chat.conversation.id == conversation and bool(app.chat.conversation.turns)
        )
        # Only the latest page is loaded in the window.
        assert len(app.chat.conversation.turns) < TURNS // 4
        await ask_and_wait(qtbot, app, "What did I ask first?")
        messages = sent_messages(openai_server)
        expected = []
        for number in range(TURNS):
            expected.append({"role": "user", "content": f"question {number}"})
            expected.append({"role": "assistant", "content": f"answer {number}"})
        expected.append({"role": "user", "content": "What did I ask first?"})
        assert messages == expected
        turn = app.chat.conversation.turns[-1]
        assert turn.context_turns is None
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert "context:" not in widget.answer_header.text()

    harness.run(scenario())


def test_past_the_models_budget_the_oldest_turns_are_left_out_and_the_header_says_so(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    conversation = seed_long_conversation(harness.data_dir)
    Settings.load(harness.data_dir).set("model_context_tokens", {MODEL_KEY: 1_000})
    app = open_at_its_end(harness, openai_server, conversation)

    async def scenario() -> None:
        await wait_until(lambda: app.chat.conversation.id == conversation)
        await ask_and_wait(qtbot, app, "And now?")
        messages = sent_messages(openai_server)
        sent_turns = (len(messages) - 1) // 2
        assert 0 < sent_turns < TURNS
        # The latest turns, in order, without a gap, then the question.
        first = TURNS - sent_turns
        assert messages[0] == {"role": "user", "content": f"question {first}"}
        assert messages[-2] == {"role": "assistant", "content": f"answer {TURNS - 1}"}
        assert messages[-1] == {"role": "user", "content": "And now?"}
        questions = [m["content"] for m in messages[:-1:2]]
        assert questions == [f"question {n}" for n in range(first, TURNS)]
        turn = app.chat.conversation.turns[-1]
        assert turn.context_turns == (sent_turns + 1, TURNS + 1)
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        await wait_until(lambda: "context:" in widget.answer_header.text())
        assert f"context: {sent_turns + 1} of {TURNS + 1} turns" in widget.answer_header.text()

    harness.run(scenario())


def test_the_budget_follows_the_setting_at_each_request(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    conversation = seed_long_conversation(harness.data_dir, turns=120)
    app = open_at_its_end(harness, openai_server, conversation)

    async def scenario() -> None:
        await wait_until(lambda: app.chat.conversation.id == conversation)
        await ask_and_wait(qtbot, app, "one")
        whole = len(sent_messages(openai_server))
        assert whole == 2 * 120 + 1
        app.settings.set("context_tokens", 600)
        await ask_and_wait(qtbot, app, "two")
        assert len(sent_messages(openai_server)) < whole

    harness.run(scenario())


def test_an_image_far_back_in_the_history_goes_with_a_follow_up(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    from tests.storage.support import real_image

    picture = real_image()
    with HistoryStore.open(harness.data_dir) as store:
        conversation = store.create_conversation(MODEL_KEY, title="Picture").id
        asked = store.add_user_message(conversation, "What is this?", MODEL_KEY, picture)
        store.mark_answered(asked.id, "A red square.", MODEL_KEY, 0.5)
        with store.batch():
            for number in range(60):
                asked = store.add_user_message(conversation, f"question {number}", MODEL_KEY)
                store.mark_answered(asked.id, f"answer {number}", MODEL_KEY, 0.5)
    app = open_at_its_end(harness, openai_server, conversation)

    async def scenario() -> None:
        await wait_until(lambda: app.chat.conversation.id == conversation)
        # The picture's turn is not among those loaded in the window.
        assert all(turn.image is None for turn in app.chat.conversation.turns)
        await ask_and_wait(qtbot, app, "And its colour?")
        messages = sent_messages(openai_server)
        assert messages[0]["content"] == "What is this?"
        content = messages[-1]["content"]
        assert isinstance(content, list)
        images = [part for part in content if part.get("type") == "image_url"]
        assert len(images) == 1
        assert images[0]["image_url"]["url"].startswith("data:image/png;base64,")

    harness.run(scenario())
