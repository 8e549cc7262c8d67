"""A restored window on the screen: a size saved on a larger (or another) screen is cut
to the screen's free area, and the window moved fully into it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QWidget


def fitted(window: QRect, available: QRect) -> QRect:
    """``window`` no larger than ``available`` and moved inside it."""
    width = min(window.width(), available.width())
    height = min(window.height(), available.height())
    left = min(max(window.left(), available.left()), available.right() + 1 - width)
    top = min(max(window.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)


def restore_on_screen(window: QWidget, saved: QByteArray) -> None:
    """Restore ``window``'s saved geometry, then fit it to the screen it lands on."""
    window.restoreGeometry(saved)
    screen = window.screen()
    if screen is None:
        return
    # The frame (title bar, borders) must fit too; the geometry set is the inside's.
    frame, inside = window.frameGeometry(), window.geometry()
    fit = fitted(frame, screen.availableGeometry())
    if fit != frame:
        window.setGeometry(
            fit.left() + inside.left() - frame.left(),
            fit.top() + inside.top() - frame.top(),
            fit.width() - (frame.width() - inside.width()),
            fit.height() - (frame.height() - inside.height()),
        )
