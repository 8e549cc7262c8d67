"""The conversation is a tree, through the real window: regenerated answers and edited
questions are versions that last (switching chats and restarting bring them back, with the
version chosen), and editing an earlier question keeps the old branch and its later turns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, wait_until

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _widget(app: DesktopApp, turn: Turn) -> TurnWidget:
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    return widget


def _shown_answer(widget: TurnWidget) -> str:
    views = [widget.answer_view]
    if widget.versions is not None:
        views.append(widget.versions.earlier_view)
    (visible,) = [view for view in views if view.isVisible()]
    return visible.toPlainText().strip()


def _questions(app: DesktopApp) -> list[str]:
    return [turn.question for turn in app.chat.conversation.turns]


def test_regenerated_answers_come_back_after_switching_chats_and_a_restart(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)
    state: dict[str, object] = {}

    async def first_session() -> None:
        await ask_and_wait(qtbot, app, "Name a colour")
        turn = app.chat.conversation.turns[0]
        state["first"] = turn.answer
        for answer in ("Blue, this time.", "Green, at last."):
            openai_server.queue_chat(Behaviour(answer=answer))
            _widget(app, turn).regenerate_button.click()
            await wait_until(lambda answer=answer: turn.answer == answer and not app.chat.busy)
        state["conversation"] = app.chat.conversation.id
        # Another chat, then back.
        app.window.newChatRequested.emit()
        await wait_until(lambda: not app.chat.conversation.turns)
        await ask_and_wait(qtbot, app, "Something else")
        assert app.window.sidebar is not None
        app.window.sidebar.conversationChosen.emit(state["conversation"])
        await wait_until(lambda: _questions(app) == ["Name a colour"])
        widget = _widget(app, app.chat.conversation.turns[0])
        assert widget.versions is not None
        assert widget.versions.position_label.text() == "3 / 3"
        assert _shown_answer(widget) == "Green, at last."
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        assert _shown_answer(widget) == "Blue, this time."
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        assert widget.versions.position_label.text() == "1 / 3"
        assert _shown_answer(widget) == state["first"]
        # Browsed back to the second answer: that choice is what the next start shows.
        qtbot.mouseClick(widget.versions.next_button, LEFT)
        await app.shutdown()

    harness.run(first_session())

    again = harness.start_app_with_server(openai_server.base_url)

    async def second_session() -> None:
        await wait_until(lambda: _questions(again) == ["Name a colour"])
        turn = again.chat.conversation.turns[0]
        widget = _widget(again, turn)
        assert widget.versions is not None
        assert widget.versions.isVisible()
        assert widget.versions.position_label.text() == "2 / 3"
        assert _shown_answer(widget) == "Blue, this time."
        assert turn.answered_by == "local:llama3.2:3b"
        qtbot.mouseClick(widget.versions.next_button, LEFT)
        assert widget.versions.position_label.text() == "3 / 3"
        assert _shown_answer(widget) == "Green, at last."
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        qtbot.mouseClick(widget.versions.previous_button, LEFT)
        assert _shown_answer(widget) == state["first"]
        # Once remembered, the version shown is the turn's answer: what is copied and sent.
        await wait_until(lambda: turn.answer == state["first"])
        assert again.window.transcript.last_answer() == state["first"]
        assert widget.versions.position_label.text() == "1 / 3"
        assert _shown_answer(widget) == state["first"]
        assert "earlier answer" not in widget.answer_header.text()

    harness.run(second_session())


def test_editing_an_earlier_question_keeps_the_old_branch_with_its_later_turns(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)
    window = app.window

    async def scenario() -> None:
        for question in ("Capital of France?", "And of Spain?", "And of Portugal?"):
            await ask_and_wait(qtbot, app, question)
        second = app.chat.conversation.turns[1]
        _widget(app, second).edit_button.click()
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "And of Italy?")
        qtbot.keyClick(window.composer, "\r")
        await wait_until(lambda: not app.chat.busy and "Italy" in second.answer)
        assert _questions(app) == ["Capital of France?", "And of Italy?"]

        switcher = _widget(app, second).question_versions
        assert switcher is not None
        assert switcher.position_label.text() == "2 / 2"
        qtbot.mouseClick(switcher.previous_button, LEFT)
        await wait_until(lambda: len(app.chat.conversation.turns) == 3)
        assert _questions(app) == ["Capital of France?", "And of Spain?", "And of Portugal?"]
        old_second, old_third = app.chat.conversation.turns[1:]
        assert "And of Spain?" in old_second.answer
        assert "And of Portugal?" in old_third.answer
        widget = _widget(app, old_second)
        assert widget.question_versions is not None
        assert widget.question_versions.position_label.text() == "1 / 2"

        # And forth again: the rewrite, without the old branch's later turns.
        qtbot.mouseClick(widget.question_versions.next_button, LEFT)
        await wait_until(lambda: _questions(app) == ["Capital of France?", "And of Italy?"])
        assert "Italy" in app.chat.conversation.turns[1].answer
        # The old branch again, chosen last: the one the next start opens.
        rewrite = _widget(app, app.chat.conversation.turns[1]).question_versions
        assert rewrite is not None
        qtbot.mouseClick(rewrite.previous_button, LEFT)
        await wait_until(lambda: len(app.chat.conversation.turns) == 3)
        await app.shutdown()

    harness.run(scenario())

    again = harness.start_app_with_server(openai_server.base_url)

    async def after_restart() -> None:
        await wait_until(lambda: len(again.chat.conversation.turns) == 3)
        assert _questions(again) == ["Capital of France?", "And of Spain?", "And of Portugal?"]
        widget = _widget(again, again.chat.conversation.turns[1])
        assert widget.question_versions is not None
        assert widget.question_versions.position_label.text() == "1 / 2"

    harness.run(after_restart())


def test_a_search_hit_on_another_branch_opens_that_branch(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = harness.start_app_with_server(openai_server.base_url)
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Plan a trip to Lisbon")
        await ask_and_wait(qtbot, app, "Which trains go through Salamanca?")
        first = app.chat.conversation.turns[0]
        _widget(app, first).edit_button.click()
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "Plan a trip to Porto")
        qtbot.keyClick(window.composer, "\r")
        await wait_until(lambda: not app.chat.busy and "Porto" in first.answer)
        assert _questions(app) == ["Plan a trip to Porto"]

        hits = await app.history.search("Salamanca")
        question_hit = next(hit for hit in hits if hit.role.value == "user")
        assert window.sidebar is not None
        window.sidebar.searchHitChosen.emit(question_hit.conversation_id, question_hit.message_id)
        await wait_until(
            lambda: (
                _questions(app) == ["Plan a trip to Lisbon", "Which trains go through Salamanca?"]
            )
        )
        shown = app.chat.conversation.turns[1]
        assert shown.message_id == question_hit.message_id
        widget = _widget(app, app.chat.conversation.turns[0])
        assert widget.question_versions is not None
        assert widget.question_versions.position_label.text() == "1 / 2"

    harness.run(scenario())
