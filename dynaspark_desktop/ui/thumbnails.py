"""Showing a prepared image's thumbnail at a given size."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPixmap

from dynaspark_desktop.core.images import PreparedImage


def thumbnail_pixmap(image: PreparedImage, side: int) -> QPixmap:
    """The image's thumbnail (made in the worker thread), scaled to fit ``side`` × ``side``."""
    from PySide6.QtCore import Qt  # not at import time: Qt's enums load after the first paint

    pixmap = QPixmap.fromImage(QImage.fromData(image.thumbnail_png))
    return pixmap.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
