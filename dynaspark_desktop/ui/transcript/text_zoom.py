"""The conversation's text size: one font for every message's text view, from the
``text_zoom`` setting, and Ctrl+wheel read as a step of it (never as one answer's own zoom).

Set on the views themselves: a font set on the transcript does not reach them through the
widgets between, which the style sheet styles (Qt propagates fonts differently there)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QWidget

# The message views' font while zoomed; None at 100 % (the app's own).
_font: QFont | None = None


def set_zoom(percent: int, shown: QWidget | None) -> None:
    """Use ``percent`` from now on, and on the message views under ``shown`` at once."""
    global _font
    _font = None if percent == 100 else zoomed_font(percent)
    if shown is not None:
        apply_zoom(shown)


def apply_zoom(widget: QWidget) -> None:
    """Give ``widget`` (a new one, or what is shown) and its message views the zoom."""
    # Imported here: the text views' module touches Qt enums, which the first paint avoids.
    from dynaspark_desktop.ui.base.safe_text import SafeTextView

    views = widget.findChildren(SafeTextView)
    if isinstance(widget, SafeTextView):
        views.append(widget)
    font = _font if _font is not None else QFont(QGuiApplication.font())
    for view in views:
        view.setFont(font)


def zoomed_font(percent: int) -> QFont:
    """The application's font at ``percent`` of its size."""
    font = QFont(QGuiApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * percent / 100)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * percent / 100)))
    return font


def zoom_steps(event: QEvent) -> int:
    """+1 (larger), -1 (smaller) for a Ctrl+wheel event; 0 for any other event."""
    if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
        return 0
    from PySide6.QtCore import Qt

    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return 0
    delta = event.angleDelta().y()
    return (delta > 0) - (delta < 0)
