"""A one-line label that, when short of room, ends its text with "…" and shows all of it in
its tooltip, instead of cutting it off mid-letter."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

# Fewer pixels than this and the label shows nothing rather than a lone "…".
_MINIMUM_WIDTH = 24


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, **kwargs: object) -> None:
        super().__init__(text, parent, **kwargs)
        self._own_tooltip = ""

    def setToolTip(self, text: str) -> None:
        self._own_tooltip = text
        self._sync_tooltip()

    def own_tooltip(self) -> str:
        """The tool tip set on it, without the text it adds when the text is cut."""
        return self._own_tooltip

    @property
    def is_elided(self) -> bool:
        """Whether the text is shown shortened (what the tests check a cut label by)."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def shown_text(self) -> str:
        from PySide6.QtCore import Qt

        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), _MINIMUM_WIDTH), hint.height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._sync_tooltip()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._sync_tooltip()

    def _sync_tooltip(self) -> None:
        tip = self._own_tooltip
        if self.text() and self.is_elided:
            tip = f"{self.text()}\n{tip}" if tip else self.text()
        QLabel.setToolTip(self, tip)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.is_elided:
            super().paintEvent(event)
            return
        from PySide6.QtCore import Qt

        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(self.contentsRect(), flags, self.shown_text())
        painter.end()
