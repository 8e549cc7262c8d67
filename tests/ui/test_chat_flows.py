"""The three main user flows through the real window, against the local fake server."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.providers.dynaspark import Dynaspark
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo


def test_drop_an_image_and_ask_shows_the_answer(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    photo = write_photo(tmp_path, "beach.jpg")
    harness.server.queue(Behaviour(answer="A **sunny** beach."))

    async def scenario() -> None:
        assert drop(window, files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)
        assert window.attachment_tray.isVisible()
        assert window.attachment_tray.name_label.text() == "beach.jpg"
        qtbot.keyClicks(window.composer, "What is in this picture?")
        assert window.send_button.isEnabled()
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        # Sent: the input is cleared and the turn is in the transcript at once.
        assert window.composer.toPlainText() == ""
        assert not window.attachment_tray.isVisible()
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    (request,) = harness.server.requests
    assert request.fields["user_input"] == "What is in this picture?"
    assert request.fields["ai_model"] == "gemini-1.5-flash"
    assert request.files[0].filename == "beach.jpg"
    assert request.files[0].content_type == "image/jpeg"
    (turn_widget,) = window.transcript.turn_widgets
    assert turn_widget.thumbnail is not None
    assert turn_widget.answer_view.toPlainText().strip() == "A sunny beach."
    assert turn_widget.answer_header.text().startswith("gemini-1.5-flash\u00a0· ")


def test_switching_the_model_applies_to_the_next_message_and_is_remembered(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window
    assert window.current_model() == Dynaspark.default_model

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "first")
        window.model_picker.setCurrentIndex(window.model_picker.findData("gemini-2.0-flash"))
        await ask_and_wait(qtbot, app, "second")

    harness.run(scenario())
    assert [r.fields["ai_model"] for r in harness.server.requests] == [
        "gemini-1.5-flash",
        "gemini-2.0-flash",
    ]
    # The second request carries the first exchange as context, flattened.
    assert harness.server.requests[1].fields["user_input"] == (
        "User: first\nAssistant: [gemini-1.5-flash] You said: first\nUser: second\nAssistant:"
    )
    answers = [w.answer_header.text() for w in window.transcript.turn_widgets]
    assert answers[0].startswith("gemini-1.5-flash")
    assert answers[1].startswith("gemini-2.0-flash")

    harness.close_all()
    restarted = harness.start_app()
    assert restarted.window.current_model() == "gemini-2.0-flash"


def test_stop_mid_request_returns_to_idle_and_keeps_the_message(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    photo = write_photo(tmp_path, "cat.png")
    harness.server.queue(Behaviour(kind="hang"))

    async def scenario() -> None:
        assert drop(window, files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)
        qtbot.keyClicks(window.composer, "Is this cat asleep?")
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: harness.server.request_arrived.is_set())
        assert window.stop_button.isVisible()
        assert not window.send_button.isVisible()
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not app.chat.busy, timeout=2.0)

    harness.run(scenario())
    assert window.send_button.isVisible()
    assert not window.stop_button.isVisible()
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.CANCELLED
    assert turn.question == "Is this cat asleep?"
    assert turn.image is not None
    widget = window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.retry_button.isVisible()
    assert "Stopped" in widget.error_label.text()

    # Retry sends the same question with the same image, and this time gets an answer.
    async def retry() -> None:
        qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: turn.state is TurnState.ANSWERED)

    harness.run(retry())
    last = harness.server.requests[-1]
    assert last.fields["user_input"] == "Is this cat asleep?"
    assert last.files[0].filename == "cat.png"
    assert widget.answer_view.isVisible()


def test_enter_sends_shift_enter_adds_a_line_and_send_needs_content(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window
    assert not window.send_button.isEnabled()
    qtbot.keyClicks(window.composer, "   ")
    assert not window.send_button.isEnabled()
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    assert app.chat.conversation.turns == []
    window.composer.clear()

    async def scenario() -> None:
        qtbot.keyClicks(window.composer, "line one")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(window.composer, "line two")
        assert window.composer.toPlainText() == "line one\nline two"
        qtbot.keyClick(window.composer, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    assert harness.server.requests[0].fields["user_input"] == "line one\nline two"


def test_an_image_alone_is_sent_with_a_visible_default_question(
    harness: Harness, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "chart.png")))
        await wait_until(lambda: app.attachments.image is not None)
        assert window.send_button.isEnabled()
        window.send_button.click()
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    (request,) = harness.server.requests
    (widget,) = window.transcript.turn_widgets
    assert request.fields["user_input"] == widget.question_view.toPlainText()
    assert request.fields["user_input"].strip() != ""
    assert request.files[0].filename == "chart.png"


def test_a_follow_up_question_carries_the_earlier_image(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "street.jpg")))
        await wait_until(lambda: app.attachments.image is not None)
        await ask_and_wait(qtbot, app, "How many cars?")
        await ask_and_wait(qtbot, app, "And what colour are they?")

    harness.run(scenario())
    first, second = harness.server.requests
    assert second.files[0].data == first.files[0].data
