"""Every control of the main window that Tab reaches shows that it has the focus, in the
light and the dark theme (issue 15: "each with a visible focus ring in both themes")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait


def _tab_reachable(window: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.window() is window
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_control_of_the_window_shows_its_focus(
    harness: Harness, qtbot: QtBot, theme: str
) -> None:
    harness.server.queue(Behaviour(answer="An answer with `code`."))
    app = harness.start_app()
    window = app.window
    app.settings.set("theme", theme)
    try:

        async def scenario() -> None:
            await ask_and_wait(qtbot, app, "hello")

        harness.run(scenario())
        window.composer.setPlainText("a draft")  # Send enabled
        unmarked = []
        for widget in _tab_reachable(window):
            elsewhere = window.header.menu_button if widget is window.composer else window.composer
            elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.wait(1)
            before = widget.grab().toImage()
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.wait(1)
            if QApplication.focusWidget() is not widget:
                continue  # it hands the focus on: checked where it goes
            if widget.grab().toImage() == before:
                unmarked.append(widget.objectName() or type(widget).__name__)
        assert not unmarked, "no visible focus: " + ", ".join(unmarked)
    finally:
        app.settings.set("theme", "system")
