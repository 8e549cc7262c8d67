"""Streamed answers through the real window, from a local OpenAI-compatible server that sends
server-sent events: shown as they arrive, stopped with what arrived kept, regenerated."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, wait_until

LONG_ANSWER = (
    "# A short story\n\nOnce upon a time there was a **bicycle** that wanted to see the sea.\n\n"
    "```python\nprint('ring ring')\n```\n\n"
    + " ".join(f"word{number}" for number in range(120))
    + "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end."
)


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _streaming_app(harness: Harness, server: FakeOpenAI) -> DesktopApp:
    return harness.start_app_with_server(server.base_url)


def test_a_streamed_answer_is_shown_as_it_arrives_and_ends_as_sent(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    openai_server.queue_chat(Behaviour(answer=LONG_ANSWER, chunk_delay=0.004))
    seen_while_streaming: list[str] = []

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Tell me a story")
        qtbot.keyClick(app.window.composer, "\r")
        await wait_until(lambda: bool(app.chat.conversation.turns))
        turn = app.chat.conversation.turns[0]
        await wait_until(lambda: turn.pieces > 20)
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        await wait_until(lambda: "bicycle" in widget.answer_view.toPlainText())
        seen_while_streaming.append(widget.answer_view.toPlainText())
        assert turn.state is TurnState.SENT
        assert widget.answer_view.isVisible()
        assert widget.waiting_text == ""
        assert "Waiting" not in widget.answer_view.toPlainText()
        assert "receiving" in widget.answer_header.text()
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.ANSWERED
    assert turn.answer == LONG_ANSWER  # the final text is exactly what was streamed
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    shown = widget.answer_view.toPlainText()
    assert "word119" in shown
    assert "The end." in shown
    assert "print('ring ring')" in shown
    assert len(seen_while_streaming[0]) < len(shown)  # it really grew on screen
    assert "# A short story" not in shown  # rendered, not raw
    header = widget.answer_header.text()
    assert "tokens/s" in header
    assert "first text" in header
    assert turn.first_text_seconds is not None
    # Rendering the finished stream equals rendering the same answer at once.
    widget.answer_view.set_markdown(turn.answer)
    assert widget.answer_view.toPlainText().split() == shown.split()


def test_stop_while_streaming_keeps_what_arrived_and_says_stopped(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    openai_server.queue_chat(Behaviour(answer=LONG_ANSWER, chunk_delay=0.03))

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Tell me a story")
        qtbot.keyClick(app.window.composer, "\r")
        await wait_until(lambda: bool(app.chat.conversation.turns))
        turn = app.chat.conversation.turns[0]
        await wait_until(lambda: turn.pieces >= 8)
        app.window.stop_button.click()
        await wait_until(lambda: not app.chat.busy)
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert "Stopped" in widget.error_label.text()
        assert "What had arrived is kept" in widget.error_label.text()
        assert "stopped" in widget.answer_header.text()
        assert turn.answer.split()[-1] in widget.answer_view.toPlainText()
        await app.shutdown()

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.CANCELLED
    assert turn.answer
    assert LONG_ANSWER.startswith(turn.answer)
    assert len(turn.answer) < len(LONG_ANSWER)
    connection = sqlite3.connect(harness.data_dir / "history.sqlite3")
    rows = connection.execute("SELECT role, text, state FROM messages ORDER BY position").fetchall()
    connection.close()
    assert rows == [
        ("user", "Tell me a story", "cancelled"),
        ("assistant", turn.answer, "cancelled"),
    ]


def test_regenerate_asks_again_with_the_chosen_model_and_keeps_the_old_answer(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Name a colour")
        turn = app.chat.conversation.turns[0]
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        assert widget.regenerate_button.isVisible()
        app.window.select_model("local:llava:7b")
        openai_server.queue_chat(Behaviour(answer="Blue, this time."))
        widget.regenerate_button.click()
        await wait_until(lambda: turn.answer == "Blue, this time.")
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.answered_by == "local:llava:7b"
    assert len(turn.earlier_answers) == 1
    assert "Name a colour" in turn.earlier_answers[0][0]
    assert openai_server.requests[-1].body["model"] == "llava:7b"


def test_a_broken_stream_keeps_the_partial_answer_and_offers_retry(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    openai_server.queue_chat(Behaviour(kind="broken", answer=LONG_ANSWER))

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Tell me a story")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.FAILED
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert turn.answer
    assert widget.answer_view.isVisible()
    assert widget.retry_button.isVisible()
    assert turn.error in widget.error_label.text()


def test_copy_the_last_answer_and_a_code_block(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    openai_server.queue_chat(Behaviour(answer=LONG_ANSWER))

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Tell me a story")

    harness.run(scenario())
    clipboard = QGuiApplication.clipboard()
    (turn,) = app.chat.conversation.turns
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.answer_view.code_block(0) == "print('ring ring')"
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QLabel, QWidget

    widget.answer_view.anchorClicked.emit(QUrl("copy-code:0"))
    assert clipboard.text() == "print('ring ring')"
    # Said over the Copy link, for a second; no notice.
    copied = widget.answer_view.viewport().findChild(QLabel, "copiedOverLink")
    assert copied is not None
    assert copied.isVisible()
    assert copied.text() == "Copied ✓"
    link_start = widget.answer_view.cursorForPosition(copied.geometry().center())
    assert link_start.charFormat().anchorHref() == "copy-code:0"
    notice_bar = app.window.findChild(QWidget, "noticeBar")
    assert notice_bar is None or not notice_bar.isVisible()
    qtbot.waitUntil(lambda: not copied.isVisible(), timeout=3000)

    app.window.turn_actions.copy_last_answer()
    assert clipboard.text() == LONG_ANSWER


def test_auto_scroll_follows_only_at_the_bottom_and_jump_to_latest_returns(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    transcript = app.window.transcript

    async def scenario() -> None:
        for number in range(6):
            openai_server.queue_chat(Behaviour(answer=LONG_ANSWER))
            await ask_and_wait(qtbot, app, f"Story {number}")
        bar = transcript.verticalScrollBar()
        await wait_until(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
        assert transcript.jump_button is not None
        assert not transcript.jump_button.isVisible()

        # Sending scrolls to the new question; scrolling up while the answer streams in
        # below leaves the reader where they are.
        openai_server.queue_chat(Behaviour(answer=LONG_ANSWER, chunk_delay=0.01))
        qtbot.keyClicks(app.window.composer, "One more")
        qtbot.keyClick(app.window.composer, "\r")
        turn = app.chat.conversation.turns[-1]
        await wait_until(lambda: turn.pieces > 5)
        transcript.scroll_to_top()
        await wait_until(lambda: transcript.jump_button.isVisible())
        await wait_until(lambda: not app.chat.busy)
        assert bar.value() == 0
        transcript.jump_button.click()
        await wait_until(lambda: bar.value() == bar.maximum())
        await wait_until(lambda: not transcript.jump_button.isVisible())

    harness.run(scenario(), timeout=60)


def test_edit_a_question_and_resend_branches_off_the_later_turns(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Capital of France?")
        await ask_and_wait(qtbot, app, "And of Spain?")
        qtbot.keyClicks(window.composer, "half-typed")
        first, second = app.chat.conversation.turns
        first_widget = window.transcript.widget_for(first.id)
        assert first_widget is not None
        first_widget.edit_button.click()
        assert window.composer.toPlainText() == "Capital of France?"
        assert "1 later message stays with the original" in window.notice_bar.text
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "Capital of Italy?")
        qtbot.keyClick(window.composer, "\r")
        await wait_until(lambda: not app.chat.busy and first.state is TurnState.ANSWERED)
        assert window.composer.toPlainText() == "half-typed"  # what the edit displaced
        assert window.transcript.widget_for(second.id) is None
        assert [turn.question for turn in app.chat.conversation.turns] == ["Capital of Italy?"]
        assert "Capital of Italy?" in first.answer
        # The rewrite's answers are its own: the original's stay with the original.
        assert first.earlier_answers == []
        assert "Capital of Italy?" in first_widget.question_view.toPlainText()
        await app.shutdown()

    harness.run(scenario())
    connection = sqlite3.connect(harness.data_dir / "history.sqlite3")
    rows = connection.execute("SELECT role, text FROM messages ORDER BY position").fetchall()
    connection.close()
    # Nothing was destroyed: the original branch is all there, the rewrite beside it.
    assert [row[0] for row in rows] == ["user", "assistant"] * 3
    assert [rows[0][1], rows[2][1], rows[4][1]] == [
        "Capital of France?",
        "And of Spain?",
        "Capital of Italy?",
    ]
    assert "Capital of Italy?" in rows[5][1]
