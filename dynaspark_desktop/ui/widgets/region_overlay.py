"""The full-screen overlay on which the user chooses a region of the screen: it shows a
frozen picture of the screen, dimmed, with the rectangle being dragged clear and framed.

Drag to choose (releasing the mouse chooses), Enter takes the whole screen, Esc or the right
button cancels. It only says what was chosen (``regionChosen`` with the region's pixels, or
``cancelled``); what happens next is the window's business. Built only when the user asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPen, QRegion
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent, QPaintEvent, QPixmap, QScreen

# A drag smaller than this (in either direction, logical pixels) is taken for a click.
MIN_SIDE = 4
_SHADE = QColor(0, 0, 0, 110)
_FRAME = QColor("#3d8bfd")


class RegionOverlay(QWidget):
    regionChosen = Signal(QImage)  # the chosen region, in the screen's own (device) pixels
    cancelled = Signal()

    def __init__(self, screen: QScreen, frozen: QPixmap) -> None:
        super().__init__(
            None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setObjectName("regionOverlay")
        self.setAccessibleName(self.tr("Choose a region of the screen"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(QCursor(Qt.CursorShape.CrossCursor))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._frozen = frozen
        # Device pixels per logical pixel of the picture (a HiDPI screen has more than one).
        self._scale = frozen.width() / max(1, screen.geometry().width())
        self._anchor: QPoint | None = None
        self._answered = False  # regionChosen or cancelled was said: exactly one, once
        self._selection = QRect()
        self._hint = self.tr(
            "Drag over the part of the screen to ask about. Enter: the whole screen. Esc: cancel."
        )
        self.setAccessibleDescription(self._hint)  # what a screen reader says of it
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    @property
    def selection(self) -> QRect:
        """The rectangle being dragged (or last dragged), in the overlay's coordinates."""
        return QRect(self._selection)

    def open(self) -> None:
        self.showFullScreen()  # new, and kept on top: no raise_() (which Wayland refuses)
        self.activateWindow()
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- choosing ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self._cancel()
        elif event.button() == Qt.MouseButton.LeftButton:
            self._anchor = event.position().toPoint()
            self._selection = QRect(self._anchor, self._anchor)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is None:
            return
        previous, previous_hint = self._selection, self._hint_box()
        self._selection = _span(self._anchor, event.position().toPoint())
        # Only what changed: the old and new frames (and the hint, should it move), not the
        # whole screen.
        self.update(previous.united(self._selection).adjusted(-3, -3, 3, 3))
        self.update(previous_hint)
        self.update(self._hint_box())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            return
        self._selection = _span(self._anchor, event.position().toPoint())
        self._anchor = None
        if self._selection.width() < MIN_SIDE or self._selection.height() < MIN_SIDE:
            self._selection = QRect()  # a click, not a drag: keep waiting
            self.update()
            return
        self._choose(self._selection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._cancel()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.rect())
        else:
            super().keyPressEvent(event)

    def _choose(self, region: QRect) -> None:
        scale = self._scale
        device = QRect(
            round(region.x() * scale),
            round(region.y() * scale),
            round(region.width() * scale),
            round(region.height() * scale),
        ).intersected(self._frozen.rect())
        image = self._frozen.copy(device).toImage()
        self._answered = True
        self.close()
        self.regionChosen.emit(image)

    def _cancel(self) -> None:
        self._answered = True
        self.close()
        self.cancelled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._answered:  # closed some other way (the window manager): a cancel
            self._answered = True
            self.cancelled.emit()

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self._frozen)
        selection = self._selection
        shade = QRect(self.rect())
        if selection.isEmpty():
            painter.fillRect(shade, _SHADE)
        else:
            # Dim all around the selection; the selection itself shows the screen as it is.
            painter.setClipRegion(event.region().subtracted(QRegion(selection)))
            painter.fillRect(shade, _SHADE)
            painter.setClipping(False)
            painter.setPen(QPen(_FRAME, 2))
            painter.drawRect(selection.adjusted(-1, -1, 0, 0))
        self._paint_hint(painter)
        painter.end()

    def _hint_box(self) -> QRect:
        metrics = self.fontMetrics()
        width = min(self.width() - 40, metrics.horizontalAdvance(self._hint) + 32)
        box = QRect(0, 0, width, metrics.height() + 20)
        box.moveCenter(QPoint(self.width() // 2, 24 + box.height() // 2))
        if box.intersects(self._selection):
            box.moveBottom(self.height() - 24)  # out of the way of what is being chosen
        return box

    def _paint_hint(self, painter: QPainter) -> None:
        box = self._hint_box()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 20, 220))
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint)


def _span(anchor: QPoint, point: QPoint) -> QRect:
    """The rectangle between the pointer's start and where it is, as a drag means it: from
    (220, 170) to (340, 260) is 120 by 90 pixels (QRect(p, q) would hold both ends: 121 by 91)."""
    left, top = min(anchor.x(), point.x()), min(anchor.y(), point.y())
    return QRect(left, top, abs(point.x() - anchor.x()), abs(point.y() - anchor.y()))
