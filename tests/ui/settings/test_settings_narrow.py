"""The Settings window at 600 px: no page scrolls sideways. The Providers page puts its list
above the form when they do not fit side by side, and beside it again when they do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.settings.settings_window import PAGES
from tests.ui.conftest import Harness, models_listed


def _sideways(window: QWidget) -> list[str]:
    return [
        area.objectName() or type(area).__name__
        for area in window.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0
    ]


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_no_settings_page_scrolls_sideways_at_600_px(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    harness.run(models_listed(app))
    app.settings_presenter.open_settings("providers")
    window = app.settings_presenter.settings_window
    assert window is not None
    panel = app.models.providers_panel()
    window.resize(600, 620)
    for page in PAGES:
        window.show_page(page)
        qtbot.waitUntil(lambda: window.width() == 600)
        qtbot.wait(10)
        assert not _sideways(window), page
    window.show_page("providers")
    panel.tabs.setCurrentIndex(1)  # fallback and proxy
    qtbot.wait(10)
    assert not _sideways(window)
    # The long tick box wraps; a click on its text still ticks it.
    check = panel.fallback_page.auto_fallback
    text = panel.fallback_page.findChild(QLabel, "autoFallbackCheckText")
    assert text is not None
    assert text.wordWrap()
    assert check.accessibleName() == text.text()
    ticked = check.isChecked()
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert check.isChecked() is not ticked
    # Asked whether a password may go to a file: its two long buttons whole, apart.
    panel.fallback_page.ask_proxy_file_consent("No keyring can keep it.")
    qtbot.wait(10)
    assert not _sideways(window)
    decline = panel.fallback_page.findChild(QWidget, "declineProxyFile")
    allow = panel.fallback_page.allow_proxy_file_button
    assert not decline.geometry().intersects(allow.geometry())
    for button in (decline, allow):
        assert button.width() >= button.sizeHint().width()
    panel.tabs.setCurrentIndex(0)
    panel.form.ask_file_consent("No keyring can keep it.")
    qtbot.wait(10)
    assert not _sideways(window)
    # Stacked: the list above the form.
    assert panel.provider_list.geometry().bottom() < panel.form.geometry().top()

    window.resize(1000, 620)
    qtbot.waitUntil(lambda: window.width() == 1000)
    qtbot.waitUntil(lambda: panel.provider_list.geometry().right() < panel.form.geometry().left())
    # Room enough: the consent's buttons side by side again.
    store, keep_out = panel.form.store_in_file_button, panel.form.decline_file_button
    qtbot.waitUntil(lambda: keep_out.geometry().right() < store.geometry().left())
