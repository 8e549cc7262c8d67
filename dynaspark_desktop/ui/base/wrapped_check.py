"""A tick box whose text wraps: a QCheckBox's own text is one line, which a long sentence
widens past a narrow window (the Settings window at 600 px scrolled sideways)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class _CheckLabel(QLabel):
    """The tick box's text: a click on it ticks the box, as a click on a QCheckBox's text does."""

    def __init__(self, text: str, check: QCheckBox) -> None:
        super().__init__(text)
        self._check = check
        self.setWordWrap(True)
        self.setBuddy(check)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
            self._check.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


def wrapped_check(check: QCheckBox, text: str) -> QWidget:
    """``check`` with ``text`` beside it, wrapped to the width there is; ``text`` is also
    its accessible name (the box itself has no text of its own)."""
    row = QWidget(objectName=f"{check.objectName()}Row")
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    check.setText("")
    check.setAccessibleName(text)
    label = _CheckLabel(text, check)
    label.setObjectName(f"{check.objectName()}Text")
    layout.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    return row
