"""Switching to a question's version with a long branch after it reads the branch in parts,
through the real window: the first part replaces the turns below the switch, and the next
parts come as the reader scrolls down, until the whole branch is shown, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.ui.controllers.history_controller import BRANCH_PAGE_MESSAGES
from tests.fakes.openai_server import FakeOpenAI
from tests.ui.conftest import Harness, wait_until
from tests.ui.test_context_from_history import MODEL_KEY

LEFT = Qt.MouseButton.LeftButton
LONG_BRANCH_TURNS = 150


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _seed(harness: Harness) -> int:
    """The second question has two versions: the original, with a long branch after it,
    and its edit (shown), with one more turn."""
    with HistoryStore.open(harness.data_dir) as store:
        chat = store.create_conversation(MODEL_KEY, title="Branches").id
        with store.batch():
            first = store.add_user_message(chat, "q0", MODEL_KEY)
            store.mark_answered(first.id, "a0", MODEL_KEY, 0.1)
            original = store.add_user_message(chat, "old q1", MODEL_KEY)
            store.mark_answered(original.id, "old a1", MODEL_KEY, 0.1)
            for number in range(2, LONG_BRANCH_TURNS + 2):
                asked = store.add_user_message(chat, f"old q{number}", MODEL_KEY)
                store.mark_answered(asked.id, f"old a{number}", MODEL_KEY, 0.1)
            edit = store.edit_question(original.id, "new q1")
            assert edit is not None
            store.mark_answered(edit.id, "new a1", MODEL_KEY, 0.1)
            last = store.add_user_message(chat, "new q2", MODEL_KEY)
            store.mark_answered(last.id, "new a2", MODEL_KEY, 0.1)
    Settings.load(harness.data_dir).set("open_conversation", chat)
    return chat


def test_a_long_branch_switched_to_is_shown_in_parts_as_the_reader_scrolls(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    chat = _seed(harness)
    app = harness.start_app_with_server(openai_server.base_url)
    transcript = app.window.transcript

    def questions() -> list[str]:
        return [turn.question for turn in app.chat.conversation.turns]

    async def scenario() -> None:
        await wait_until(lambda: questions() == ["q0", "new q1", "new q2"])
        assert app.chat.conversation.id == chat
        switched = app.chat.conversation.turns[1]
        widget = transcript.widget_for(switched.id)
        assert widget is not None
        assert widget.question_versions is not None
        qtbot.mouseClick(widget.question_versions.previous_button, LEFT)
        await wait_until(lambda: "old q2" in questions())
        # Only the first part of the branch: the question switched to and what follows it,
        # a page long.
        shown = len(app.chat.conversation.turns)
        assert 3 <= shown <= 2 + BRANCH_PAGE_MESSAGES // 2
        assert questions()[:3] == ["q0", "old q1", "old q2"]

        # Scrolling down brings the next parts, until the end of the branch.
        async def scroll_until_the_end() -> None:
            while questions()[-1] != f"old q{LONG_BRANCH_TURNS + 1}":
                before = len(app.chat.conversation.turns)
                transcript.scroll_to_bottom()
                await wait_until(lambda before=before: len(app.chat.conversation.turns) > before)

        await scroll_until_the_end()
        expected = ["q0", "old q1"] + [f"old q{n}" for n in range(2, LONG_BRANCH_TURNS + 2)]
        assert questions() == expected
        assert [turn.answer for turn in app.chat.conversation.turns[1:]] == [
            f"old a{n}" for n in range(1, LONG_BRANCH_TURNS + 2)
        ]
        # The end of the branch is shown at the bottom, and nothing more is asked for.
        transcript.scroll_to_bottom()
        await wait_until(lambda: transcript.widget_for(app.chat.conversation.turns[-1].id))
        count = len(app.chat.conversation.turns)
        await asyncio.sleep(0.3)
        assert len(app.chat.conversation.turns) == count

    harness.run(scenario(), timeout=60)


def test_a_search_hit_far_above_opens_there_and_the_rest_comes_as_the_reader_scrolls(
    harness: Harness, openai_server: FakeOpenAI
) -> None:
    from tests.ui.test_context_from_history import seed_long_conversation

    turns = 120
    chat = seed_long_conversation(harness.data_dir, turns=turns)
    with HistoryStore.open(harness.data_dir) as store:
        whole = store.load_conversation(chat)
        (hit,) = [m for m in whole.messages if m.text == "question 10"]
    app = harness.start_app_with_server(openai_server.base_url)
    transcript = app.window.transcript

    def questions() -> list[str]:
        return [turn.question for turn in app.chat.conversation.turns]

    async def scenario() -> None:
        await wait_until(lambda: app.navigator is not None and app.window.sidebar is not None)
        assert app.window.sidebar is not None
        app.window.sidebar.searchHitChosen.emit(chat, hit.id)
        await wait_until(lambda: app.chat.conversation.id == chat and bool(questions()))
        # From the hit, a page long: not the hundred turns after it.
        assert questions()[0] == "question 10"
        assert len(questions()) <= BRANCH_PAGE_MESSAGES // 2 + 1
        while questions()[-1] != f"question {turns - 1}":
            before = len(questions())
            transcript.scroll_to_bottom()
            await wait_until(lambda before=before: len(questions()) > before)
        # Older turns may have come too (the page starts near the top): all in order.
        first = int(questions()[0].split()[1])
        assert first <= 10
        assert questions() == [f"question {n}" for n in range(first, turns)]

    harness.run(scenario(), timeout=60)


def test_a_question_sent_below_a_branch_read_in_part_comes_after_the_whole_branch(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    from tests.ui.conftest import ask_and_wait

    _seed(harness)
    app = harness.start_app_with_server(openai_server.base_url)

    def questions() -> list[str]:
        return [turn.question for turn in app.chat.conversation.turns]

    async def scenario() -> None:
        await wait_until(lambda: questions() == ["q0", "new q1", "new q2"])
        widget = app.window.transcript.widget_for(app.chat.conversation.turns[1].id)
        assert widget is not None
        assert widget.question_versions is not None
        qtbot.mouseClick(widget.question_versions.previous_button, LEFT)
        await wait_until(lambda: "old q2" in questions())
        assert len(questions()) < LONG_BRANCH_TURNS
        # Sent without scrolling down: the question follows the branch's end, as saved.
        await ask_and_wait(qtbot, app, "And after all that?")
        expected = ["q0", "old q1"] + [f"old q{n}" for n in range(2, LONG_BRANCH_TURNS + 2)]
        await wait_until(lambda: questions() == [*expected, "And after all that?"])
        last = app.chat.conversation.turns[-1]
        assert "And after all that?" in last.answer
        widget = app.window.transcript.widget_for(last.id)
        assert widget is not None
        await wait_until(lambda: "And after all that?" in widget.answer_view.toPlainText())
        # The request carried the whole branch.
        chats = [r for r in openai_server.requests if r.path.endswith("/chat/completions")]
        sent = [m["content"] for m in chats[-1].body["messages"] if m["role"] == "user"]
        assert sent == [*expected, "And after all that?"]

    harness.run(scenario(), timeout=60)
