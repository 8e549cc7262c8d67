"""Copy says "Copied ✓" on its own button for a moment, not in a notice."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until


def test_copy_says_copied_on_the_button_then_copy_again(harness: Harness, qtbot: QtBot) -> None:
    harness.server.queue(Behaviour(answer="A **short** answer."))
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "hello")
        widget = window.transcript.turn_widgets[-1]
        button = widget.copy_button
        assert button.text() == "Copy"
        button.click()
        assert QGuiApplication.clipboard().text() == "A **short** answer."
        assert button.text() == "Copied ✓"
        assert window.notice_bar.text == ""
        await wait_until(lambda: button.text() == "Copy", timeout=5)
        button.click()  # a second copy says it again
        assert button.text() == "Copied ✓"

    harness.run(scenario())
