"""Small icons drawn with QPainter: crisp at any scale, no files to ship or look up."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

_Painter = Callable[[QPainter, float], None]


def _render(draw: _Painter, color: QColor, size: int = 64) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(
        color,
        size * 0.09,
        Qt.PenStyle.SolidLine,
        Qt.PenCapStyle.RoundCap,
        Qt.PenJoinStyle.RoundJoin,
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter, float(size))
    painter.end()
    return pixmap


def _paperclip(p: QPainter, s: float) -> None:
    path = QPainterPath()
    path.moveTo(s * 0.62, s * 0.30)
    path.lineTo(s * 0.62, s * 0.70)
    path.arcTo(QRectF(s * 0.38, s * 0.58, s * 0.24, s * 0.24), 0, -180)
    path.lineTo(s * 0.38, s * 0.22)
    path.arcTo(QRectF(s * 0.38, s * 0.10, s * 0.34, s * 0.24), 180, -180)
    path.lineTo(s * 0.72, s * 0.72)
    p.drawPath(path)


def _send(p: QPainter, s: float) -> None:
    path = QPainterPath()
    path.moveTo(s * 0.18, s * 0.20)
    path.lineTo(s * 0.84, s * 0.50)
    path.lineTo(s * 0.18, s * 0.80)
    path.lineTo(s * 0.30, s * 0.50)
    path.closeSubpath()
    p.setBrush(p.pen().color())
    p.drawPath(path)


def _stop(p: QPainter, s: float) -> None:
    p.setBrush(p.pen().color())
    p.drawRoundedRect(QRectF(s * 0.26, s * 0.26, s * 0.48, s * 0.48), s * 0.06, s * 0.06)


def _picture(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.2, s * 0.76, s * 0.6), s * 0.08, s * 0.08)
    mountains = QPainterPath()
    mountains.moveTo(s * 0.18, s * 0.74)
    mountains.lineTo(s * 0.40, s * 0.48)
    mountains.lineTo(s * 0.55, s * 0.64)
    mountains.lineTo(s * 0.66, s * 0.54)
    mountains.lineTo(s * 0.82, s * 0.74)
    p.drawPath(mountains)
    p.drawEllipse(QPointF(s * 0.66, s * 0.36), s * 0.05, s * 0.05)


def _close(p: QPainter, s: float) -> None:
    p.drawLine(QPointF(s * 0.3, s * 0.3), QPointF(s * 0.7, s * 0.7))
    p.drawLine(QPointF(s * 0.7, s * 0.3), QPointF(s * 0.3, s * 0.7))


def _spark(p: QPainter, s: float) -> None:
    """The app's mark: a four-pointed spark."""
    path = QPainterPath()
    c = s / 2
    path.moveTo(c, s * 0.06)
    path.quadTo(c, c, s * 0.94, c)
    path.quadTo(c, c, c, s * 0.94)
    path.quadTo(c, c, s * 0.06, c)
    path.quadTo(c, c, c, s * 0.06)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#6d5dfc"))
    p.drawPath(path)


_DRAWINGS: dict[str, _Painter] = {
    "attach": _paperclip,
    "send": _send,
    "stop": _stop,
    "image": _picture,
    "close": _close,
    "app": _spark,
}


@cache
def icon(name: str, color: str = "#5f6368") -> QIcon:
    """The icon called ``name`` in ``color`` (cached; call only after QApplication exists)."""
    result = QIcon()
    # One size is enough: Qt scales it down smoothly, and start-up paints fewer pixmaps.
    for size in (64,):
        result.addPixmap(_render(_DRAWINGS[name], QColor(color), size))
    return result
