"""Buttons side by side, right-aligned, or one above the other when the row is too narrow
for them (a consent panel's two long buttons in the Settings window at 600 px): a button's
text cannot wrap, so a plain row would widen the window or be cut."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QLayout, QWidget

_SPACING = 6


class ButtonRow(QWidget):
    def __init__(self, *buttons: QAbstractButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buttons = buttons
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # Its least width is one button's (see minimumSizeHint), not the row's.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.setSpacing(_SPACING)
        self._layout.addStretch(1)
        for button in buttons:
            self._layout.addWidget(button)

    def _side_by_side_width(self) -> int:
        shown = [button.sizeHint().width() for button in self._buttons if not button.isHidden()]
        return sum(shown) + _SPACING * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        widest = max((button.sizeHint().width() for button in self._buttons), default=0)
        return QSize(widest, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        stacked = event.size().width() < self._side_by_side_width()
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            for button in self._buttons:  # stacked: right-aligned, each its own width
                self._layout.setAlignment(
                    button, Qt.AlignmentFlag.AlignRight if stacked else Qt.AlignmentFlag(0)
                )
