"""Showing a prepared image's thumbnail at a given size.

A saved conversation's thumbnails are decoded and scaled on the history's worker thread as
its turns are read (:func:`prepare_thumbnails`), so building its turn widgets on the UI
thread costs a pixmap copy each, not a PNG decode. A thumbnail is whatever an import or an
old history file held: one larger than a thumbnail is never decoded at all.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader, QPixmap

from dynaspark_desktop.core.images import PreparedImage

log = logging.getLogger(__name__)

# The app makes thumbnails of at most 320 px (core.images.THUMBNAIL_SIDE); this leaves room
# and still refuses a "thumbnail" that would take seconds and hundreds of MB to decode.
MAX_THUMBNAIL_SIDE = 1024
# Decoded ahead but not shown yet (a page of turns holds at most a few dozen images).
_KEEP_PREPARED = 64

_lock = threading.Lock()
# (id of the PNG bytes, side) -> (the bytes, kept so the id stays theirs; the scaled image)
_prepared: OrderedDict[tuple[int, int], tuple[bytes, QImage]] = OrderedDict()


def prepare_thumbnails(images: Iterable[PreparedImage], side: int) -> None:
    """Decode and scale these thumbnails now (call on a worker thread, never the UI's):
    :func:`thumbnail_pixmap` then uses the result instead of decoding."""
    for image in images:
        scaled = _scaled_image(image.thumbnail_png, side)
        with _lock:
            _prepared[id(image.thumbnail_png), side] = (image.thumbnail_png, scaled)
            while len(_prepared) > _KEEP_PREPARED:
                _prepared.popitem(last=False)


def thumbnail_pixmap(image: PreparedImage, side: int) -> QPixmap:
    """The image's thumbnail scaled to fit ``side`` × ``side`` (null if it cannot be shown)."""
    with _lock:
        entry = _prepared.pop((id(image.thumbnail_png), side), None)
    if entry is not None and entry[0] is image.thumbnail_png:
        return QPixmap.fromImage(entry[1])
    return QPixmap.fromImage(_scaled_image(image.thumbnail_png, side))


def _scaled_image(png: bytes, side: int) -> QImage:
    from PySide6.QtCore import Qt  # not at import time: Qt's enums load after the first paint

    if not png:
        return QImage()  # a thumbnail file gone missing (logged where it was read)
    buffer = QBuffer()
    buffer.setData(QByteArray(png))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()  # from the header: nothing is decoded yet
    if not size.isValid() or max(size.width(), size.height()) > MAX_THUMBNAIL_SIDE:
        log.warning("A thumbnail of %s×%s pixels was not shown", size.width(), size.height())
        return QImage()
    decoded = reader.read()
    if decoded.isNull():
        log.warning("A thumbnail could not be decoded: %s", reader.errorString())
        return decoded
    return decoded.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
