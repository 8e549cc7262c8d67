"""Showing a prepared image's thumbnail at a given size.

A thumbnail is a small PNG the app made itself, but it may come back from the history folder
or an import, where anything can replace it: only a PNG of thumbnail size is decoded, and a
thumbnail decoded in a worker thread (:func:`decode_thumbnail`, as the attachment chip's is) is
kept so the UI thread does not decode it again. A question's thumbnail is shown by a
:class:`ThumbnailView`, which paints it itself.
"""

from __future__ import annotations

import logging
import struct
import threading
from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.core.images import THUMBNAIL_SIDE, PreparedImage

log = logging.getLogger(__name__)

# What a thumbnail may be: a PNG up to twice the size the app makes (older versions, other
# scales), and no bigger in bytes than such a PNG can reasonably be.
MAX_THUMBNAIL_SIDE = 2 * THUMBNAIL_SIDE
MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Thumbnails decoded in a worker thread and not shown yet, by their PNG bytes: each is taken
# out when shown, so this holds only a page's worth at most (the bound is a safety net).
_decoded: OrderedDict[bytes, QImage] = OrderedDict()
_decoded_lock = threading.Lock()
_KEEP_DECODED = 48


def thumbnail_size(png: bytes) -> tuple[int, int] | None:
    """The width and height a PNG's header declares, or None when it is not a PNG."""
    if len(png) < 24 or not png.startswith(_PNG_SIGNATURE) or png[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def decode_thumbnail(png: bytes) -> QImage:
    """The thumbnail as a QImage, or a null one when it is missing or not a small PNG.

    Safe in a worker thread (a QImage is not a GUI object); the result is kept for
    :func:`thumbnail_pixmap`.
    """
    size = thumbnail_size(png)
    if size is None or len(png) > MAX_THUMBNAIL_BYTES or max(size) > MAX_THUMBNAIL_SIDE:
        if png:
            log.warning("A thumbnail that is not a small PNG was not shown (%s)", size)
        return QImage()
    image = QImage.fromData(png, "PNG")
    with _decoded_lock:
        _decoded[png] = image
        while len(_decoded) > _KEEP_DECODED:
            _decoded.popitem(last=False)
    return image


def forget_decoded() -> None:
    """Let go of the thumbnails decoded ahead and not shown (a conversation left before its
    turns were built): shown later, they are decoded then."""
    with _decoded_lock:
        _decoded.clear()


def decode_ahead(images: Iterable[PreparedImage | None]) -> None:
    """Decode these thumbnails now, in the calling worker thread, for the UI to show."""
    for image in images:
        if image is not None and image.thumbnail_png:
            decode_thumbnail(image.thumbnail_png)


def thumbnail_pixmap(image: PreparedImage, side: int, *, keep: bool = False) -> QPixmap:
    """The image's thumbnail (made in the worker thread), scaled to fit ``side`` × ``side``.

    ``keep`` leaves a thumbnail decoded ahead for its next use (the chip's, which the sent
    turn shows next); otherwise it is let go once shown.
    """
    from PySide6.QtCore import Qt  # not at import time: Qt's enums load after the first paint

    with _decoded_lock:
        if keep:
            decoded = _decoded.get(image.thumbnail_png)
        else:
            decoded = _decoded.pop(image.thumbnail_png, None)
    if decoded is None:
        # Not decoded ahead (a turn read from the history): bounded like any thumbnail,
        # and let go once shown like one decoded ahead (kept, it outlived its turn).
        decoded = decode_thumbnail(image.thumbnail_png)
        if not keep:
            with _decoded_lock:
                _decoded.pop(image.thumbnail_png, None)
    if decoded.isNull():
        return QPixmap()  # the chip or the turn shows no thumbnail; the rest still shows
    return QPixmap.fromImage(decoded).scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class ThumbnailView(QWidget):
    """A thumbnail, painted by the widget itself at its pixmap's size.

    Not a QLabel: painting a label's pixmap (or reading it back with ``QLabel.pixmap()``)
    leaves a copy of it in Qt's global ``QPixmapCache``, which stays after the label is
    gone: 76-136 kB for each thumbnail painted, until the cache's 10 MB are full (measured
    with PySide6 6.11; nothing kept with the cache's limit at 0). Opening a
    conversation whose latest turns hold four images kept ~148 kB each time
    (``benchmarks/memory_switch.py``). Here the pixmap goes with the widget.
    """

    clicked = Signal()  # a left click, or Enter/Space when focused (the image opens large)

    def __init__(self, pixmap: QPixmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = pixmap
        self.setFixedSize(pixmap.deviceIndependentSize().toSize())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._pixmap.isNull():
            return  # no thumbnail (a file that was not a small PNG): nothing to show
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        if self.hasFocus():  # reached with Tab: shown, as a button's focus is
            from PySide6.QtGui import QPen

            painter.setPen(QPen(self.palette().highlight(), 3))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()
