"""What a drop or a paste offers: image files, raw image data, or something we refuse.

Only classification happens here, on the UI thread, and it is cheap: no file is read and no
image decoded (that happens in a worker thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

from dynaspark_desktop.core.i18n import translate

# Raw image payloads a browser or another app may put on a drag or the clipboard, best first.
_RAW_IMAGE_FORMATS = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/gif",
    "image/bmp",
    "image/tiff",
    "image/x-png",
    "image/jpg",
)


@dataclass(frozen=True)
class ImageOffer:
    """Something that may become an attachment: a local file, raw bytes, or a QImage."""

    path: Path | None = None
    data: bytes | None = None
    qimage: QImage | None = None
    filename: str | None = None


class IntakeRefused(Exception):
    """The offer is not something we can attach; the message says why, for the user."""


def mime_has_image(mime: QMimeData) -> bool:
    """Whether a drag or paste carries something that looks like an image or files."""
    if mime.hasImage() or any(mime.hasFormat(fmt) for fmt in _RAW_IMAGE_FORMATS):
        return True
    return mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())


def offers_from_mime(mime: QMimeData) -> list[ImageOffer]:
    """Classify a drop or a paste: one offer per file dropped (a message takes several
    images), else the one image it carries; raises :class:`IntakeRefused` with a reason."""
    local_files = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if len(local_files) > 1:
        return [_file_offer(Path(url.toLocalFile())) for url in local_files]
    return [offer_from_mime(mime)]


def _file_offer(path: Path) -> ImageOffer:
    try:
        is_folder = path.is_dir()
    except OSError:  # e.g. not allowed to look: the worker reads it and says why not
        is_folder = False
    if is_folder:
        raise IntakeRefused(
            translate(
                "ImageIntake", "“{name}” is a folder. Drop a single image file instead."
            ).format(name=path.name)
        )
    return ImageOffer(path=path, filename=path.name)


def offer_from_mime(mime: QMimeData) -> ImageOffer:
    """Classify a drop or a paste of one image (of several files, the first); raises
    :class:`IntakeRefused` with a readable reason."""
    local_files = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if local_files:
        return _file_offer(Path(local_files[0].toLocalFile()))
    for fmt in _RAW_IMAGE_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                return ImageOffer(data=data)
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return ImageOffer(qimage=image)
    if mime.hasUrls() and mime.urls():
        raise IntakeRefused(
            translate(
                "ImageIntake",
                "That is a link to a web image, not the image itself. Save the image first, "
                "or copy the image (not its address) and paste it here.",
            )
        )
    raise IntakeRefused(
        translate("ImageIntake", "There is no image in what was dropped or pasted.")
    )


def qimage_to_png(image: QImage) -> bytes:
    """Encode a QImage as PNG (thread-safe: QImage is not a GUI-thread object)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())
