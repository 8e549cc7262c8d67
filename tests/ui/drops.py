"""Drag-and-drop and clipboard helpers that deliver real Qt events to the window."""

from __future__ import annotations

import warnings
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def files_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop(widget: QWidget, mime: QMimeData) -> bool:
    """Drag ``mime`` over ``widget`` and release it; returns whether the drag was accepted."""
    position = QPointF(widget.rect().center())
    with warnings.catch_warnings():
        # PySide flags the QPoint constructor as deprecated, but Qt 6 offers no other.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            position.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    release = QDropEvent(
        position,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, release)
    return True
