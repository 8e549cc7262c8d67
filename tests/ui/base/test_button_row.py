"""Buttons side by side when they fit, one above the other when they do not: never cut."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.button_row import ButtonRow


def test_buttons_stack_when_the_row_is_too_narrow(qtbot: QtBot) -> None:
    first, second = QPushButton("Don't store the password"), QPushButton("Store in a file")
    row = ButtonRow(first, second)
    qtbot.addWidget(row)
    both = first.sizeHint().width() + second.sizeHint().width()
    row.resize(both + 40, 80)
    row.show()
    qtbot.waitUntil(lambda: first.geometry().right() < second.geometry().left())
    assert first.geometry().top() == second.geometry().top()
    assert second.geometry().right() <= row.width()  # right-aligned, within the row

    widest = max(first.sizeHint().width(), second.sizeHint().width())
    row.resize(widest + 10, 80)  # room for either, not both
    qtbot.waitUntil(lambda: first.geometry().bottom() < second.geometry().top())
    for button in (first, second):
        assert button.width() >= button.sizeHint().width()
        assert button.geometry().right() <= row.width()
    assert row.minimumSizeHint().width() < both
