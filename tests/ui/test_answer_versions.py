"""Earlier answers stay reachable: after a regenerate or an edited question, the answer's
header has a "‹ 1 / 2 ›" switcher that shows the earlier answers, read-only, and comes back
to the current one (live while it streams). Driven through the real window against the
local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.transcript.answer_versions import AnswerVersions
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.ui.conftest import Harness, ask_and_wait, wait_until

# The app set up against the fake server the way the streaming tests do it.
from tests.ui.test_streaming import _streaming_app

SECOND_ANSWER = "Blue, **this time**."
LEFT = Qt.MouseButton.LeftButton
LONG_ANSWER = " ".join(f"word{number}" for number in range(150)) + "\n\nThe end."


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI().in_thread() as server:
        yield server


def _widget(app: DesktopApp, turn: Turn) -> TurnWidget:
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    return widget


def _switcher(widget: TurnWidget) -> AnswerVersions:
    assert widget.versions is not None
    assert widget.versions.isVisible()
    return widget.versions


def _shown_text(widget: TurnWidget) -> str:
    """The text of whichever answer view the reader sees (exactly one is visible)."""
    views = [widget.answer_view]
    if widget.versions is not None:
        views.append(widget.versions.earlier_view)
    (visible,) = [view for view in views if view.isVisible()]
    return visible.toPlainText()


def test_regenerate_then_browse_back_to_the_first_answer_and_return(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    clipboard = QGuiApplication.clipboard()

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Name a colour")
        turn = app.chat.conversation.turns[0]
        widget = _widget(app, turn)
        first_model = turn.answered_by
        first_answer = turn.answer
        assert "Name a colour" in first_answer
        # One answer so far: nothing to switch between.
        assert widget.versions is None or not widget.versions.isVisible()

        openai_server.queue_chat(Behaviour(answer=SECOND_ANSWER))
        widget.regenerate_button.click()
        await wait_until(lambda: not app.chat.busy and turn.answer == SECOND_ANSWER)

        switcher = _switcher(widget)
        assert switcher.position_label.text() == "2 / 2"
        assert not switcher.next_button.isEnabled()
        assert _shown_text(widget).strip() == "Blue, this time."
        assert "earlier answer" not in widget.answer_header.text()

        qtbot.mouseClick(switcher.previous_button, LEFT)
        assert switcher.position_label.text() == "1 / 2"
        assert not switcher.previous_button.isEnabled()
        assert "Name a colour" in _shown_text(widget)
        assert not widget.answer_view.isVisible()
        assert widget.answer_header.text().endswith("· earlier answer")
        # Named as in the picker, without the provider's prefix.
        assert first_model == "local:llama3.2:3b"
        assert switcher.position_label.accessibleName().endswith("by llama3.2:3b")
        # It says which version it is, with its own model and time.
        assert widget.answer_header.text().startswith("llama3.2:3b\u00a0· ")
        # Copy copies the version on screen, not the current one.
        widget.copy_button.click()
        assert clipboard.text() == first_answer

        qtbot.mouseClick(switcher.next_button, LEFT)
        assert switcher.position_label.text() == "2 / 2"
        assert _shown_text(widget).strip() == "Blue, this time."
        assert "earlier answer" not in widget.answer_header.text()
        widget.copy_button.click()
        assert clipboard.text() == SECOND_ANSWER

    harness.run(scenario())


def test_a_new_answer_is_shown_live_and_earlier_ones_stay_browsable_while_it_streams(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Name a colour")
        turn = app.chat.conversation.turns[0]
        widget = _widget(app, turn)
        openai_server.queue_chat(Behaviour(answer=SECOND_ANSWER))
        widget.regenerate_button.click()
        await wait_until(lambda: not app.chat.busy and turn.answer == SECOND_ANSWER)
        switcher = _switcher(widget)
        switcher.show_previous()  # the reader is looking at the first answer…
        assert switcher.position_label.text() == "1 / 2"

        # …and regenerates again: the switcher moves to the new answer as it streams in.
        openai_server.queue_chat(Behaviour(answer=LONG_ANSWER, chunk_delay=0.01))
        widget.regenerate_button.click()
        await wait_until(lambda: "word10" in widget.answer_view.toPlainText())
        assert app.chat.busy
        assert switcher.position_label.text() == "3 / 3"
        assert widget.answer_view.isVisible()
        assert "receiving" in widget.answer_header.text()

        # Browsing back while it streams shows the earlier answer; the stream goes on.
        qtbot.mouseClick(switcher.previous_button, LEFT)
        assert switcher.position_label.text() == "2 / 3"
        assert _shown_text(widget).strip() == "Blue, this time."
        await wait_until(lambda: not app.chat.busy)
        assert _shown_text(widget).strip() == "Blue, this time."  # the end did not move it

        qtbot.mouseClick(switcher.next_button, LEFT)
        assert switcher.position_label.text() == "3 / 3"
        shown = _shown_text(widget)
        assert "word149" in shown
        assert "The end." in shown

    harness.run(scenario())


def test_edit_and_resend_keeps_the_old_question_and_its_answer_reachable(
    harness: Harness, qtbot: QtBot, openai_server: FakeOpenAI
) -> None:
    app = _streaming_app(harness, openai_server)
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Capital of France?")
        first = app.chat.conversation.turns[0]
        first_widget = _widget(app, first)
        first_widget.edit_button.click()
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "Capital of Italy?")
        qtbot.keyClick(window.composer, "\r")
        await wait_until(lambda: not app.chat.busy and "Italy" in first.answer)

        # The rewrite's answer is its own: no answer switcher showing the old answer.
        assert first_widget.versions is None or not first_widget.versions.isVisible()
        await wait_until(lambda: first_widget.question_versions is not None)
        switcher = first_widget.question_versions
        assert switcher is not None
        assert switcher.isVisible()
        assert switcher.position_label.text() == "2 / 2"
        qtbot.mouseClick(switcher.previous_button, LEFT)
        await wait_until(lambda: app.chat.conversation.turns[0].question == "Capital of France?")
        (original,) = app.chat.conversation.turns
        assert "Capital of France?" in original.answer
        widget = _widget(app, original)
        assert widget.question_versions is not None
        assert widget.question_versions.position_label.text() == "1 / 2"
        assert "Capital of France?" in _shown_text(widget)

    harness.run(scenario())
