"""Every control of the Settings window that Tab reaches shows that it has the focus, in the
light and the dark theme: the window's own style sheet must not hide the app's focus ring."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.settings.settings_window import PAGES
from tests.ui.conftest import Harness, models_listed


def _look(widget: QWidget) -> QImage:
    """The widget as drawn (its own rectangle: a neighbour's ring does not count)."""
    return widget.grab().toImage()


def _tab_reachable(window: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.window() is window
        and widget.objectName() != "qt_scrollarea_viewport"
    ]


@pytest.mark.qt_log_ignore("This plugin does not support raise")
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_control_shows_its_focus(harness: Harness, qtbot: QtBot, theme: str) -> None:
    app = harness.start_app()
    harness.run(models_listed(app))
    app.settings.set("theme", theme)
    try:
        app.settings_presenter.open_settings("general")
        window = app.settings_presenter.settings_window
        assert window is not None
        window.resize(900, 620)
        window.activateWindow()
        unmarked = []
        for page in PAGES:
            window.show_page(page)
            qtbot.wait(10)
            for widget in _tab_reachable(window):
                # The focus somewhere else first (the page list's own turn: on Close).
                elsewhere = window.close_button if widget is window.page_list else window.page_list
                elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
                qtbot.wait(1)
                before = _look(widget)
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                qtbot.wait(1)
                if QApplication.focusWidget() is not widget:
                    continue  # it hands the focus on (a field's inner part): checked there
                if _look(widget) == before:
                    unmarked.append(f"{page}: {widget.objectName() or type(widget).__name__}")
        assert not unmarked, "no visible focus:\n" + "\n".join(unmarked)
    finally:
        app.settings.set("theme", "system")
