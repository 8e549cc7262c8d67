"""Image preparation: everything Pillow does for the app, in plain functions.

These functions block (decode, resize, encode) and are meant to run in a worker thread;
Pillow releases the GIL for the heavy parts, so the UI keeps painting. Every decode runs under
the limits of ``core.image_decoding`` (formats, pixels, memory, a guard to stop it), and
``core.image_encoding`` writes what is sent. Pillow is imported lazily so start-up does not
pay for it.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dynaspark_desktop.core.errors import (
    BrokenImageError,
    ImageTooLargeError,
    NotAnImageError,
)
from dynaspark_desktop.core.file_names import clean_filename
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.image_decoding import (
    DecodeGuard,
    check_decode_memory,
    open_image,
    pixel_limit_is_ours,
)
from dynaspark_desktop.core.sizes import megabytes, size_past

if TYPE_CHECKING:
    from PIL import Image as PILImage

DEFAULT_MAX_SIDE = 2048
THUMBNAIL_SIDE = 320
# Reading a file larger than this is refused before it is read at all.
MAX_FILE_BYTES = 200 * 1024 * 1024

SUPPORTED_MIME_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_EXTENSION_FOR_MIME = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def sniff_image_type(data: bytes) -> str | None:
    """The service's content type for ``data``, read from its leading bytes (never a name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def extension_for(mime_type: str) -> str:
    return _EXTENSION_FOR_MIME.get(mime_type, ".bin")


@dataclass(frozen=True)
class PreparedImage:
    """An image ready to send: bytes in one of the four supported formats, metadata stripped."""

    data: bytes
    mime_type: str
    filename: str
    width: int
    height: int
    thumbnail_png: bytes
    original_width: int
    original_height: int
    # Things the user may want to know (e.g. "only the first frame is sent").
    notes: tuple[str, ...] = ()

    @property
    def was_resized(self) -> bool:
        return (self.width, self.height) != (self.original_width, self.original_height)


def read_image_file(path: str | os.PathLike[str]) -> bytes:
    """Read an image file, refusing folders, devices, empty files and absurd sizes with clear
    messages. Never raises anything but an :class:`ImageError`."""
    from dynaspark_desktop.core.capped_files import (
        FileTooLargeError,
        NotARegularFileError,
        read_regular_file,
    )

    file_path = Path(path)
    name = clean_filename(
        file_path.name or str(file_path), fallback=translate("Images", "The file")
    )
    try:
        data = read_regular_file(file_path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise NotAnImageError(
            translate("Images", "“{name}” no longer exists.").format(name=name)
        ) from None
    except IsADirectoryError:
        raise NotAnImageError(
            translate("Images", "“{name}” is a folder. Drop a single image file instead.").format(
                name=name
            )
        ) from None
    except NotARegularFileError:
        # A pipe or a device would block the read or never end.
        raise NotAnImageError(
            translate("Images", "“{name}” is not a file (it is a pipe, socket or device).").format(
                name=name
            )
        ) from None
    except FileTooLargeError as error:
        accepted = megabytes(MAX_FILE_BYTES)
        if error.size is None:  # it grew while it was read
            raise ImageTooLargeError(
                translate("Images", "“{name}” is larger than the {size} accepted.").format(
                    name=name, size=accepted
                )
            ) from None
        raise ImageTooLargeError(
            translate("Images", "“{name}” is {size}; images up to {accepted} are accepted.").format(
                name=name, size=size_past(error.size, MAX_FILE_BYTES), accepted=accepted
            )
        ) from None
    except OSError as error:
        raise NotAnImageError(
            translate("Images", "“{name}” cannot be read: {reason}.").format(
                name=name, reason=_reason(error)
            )
        ) from None
    if not data:
        raise BrokenImageError(
            translate("Images", "“{name}” is empty (0 bytes).").format(name=name)
        )
    return data


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return translate(
            "Images", "this app is not allowed to open it (check the file's permissions)"
        )
    return error.strerror or str(error) or type(error).__name__


def default_pasted_filename(mime_type: str, now: float | None = None) -> str:
    """A distinct, descriptive name for pasted or dragged image data (never just image.png)."""
    stamp = time.strftime("%Y-%m-%d %H.%M.%S", time.localtime(now))
    return translate("Images", "Pasted image {time}").format(time=stamp) + extension_for(mime_type)


def prepare_image(
    source: bytes | str | os.PathLike[str] | PILImage.Image,
    *,
    filename: str | None = None,
    max_side: int = DEFAULT_MAX_SIDE,
    guard: DecodeGuard | None = None,
    quality: int = 90,
) -> PreparedImage:
    """Turn bytes, a path or a PIL image into a :class:`PreparedImage`.

    EXIF orientation is applied, metadata (GPS included) is dropped, the longest side is capped
    at ``max_side``, formats the service does not take are converted, and animations are
    reduced to their first frame. Only formats that need no other program are opened, and an
    image whose pixels would take too much memory is refused before it is decoded. ``guard``
    lets another thread stop the work (or stops it past its time limit); ``quality`` is the
    JPEG/WebP quality of what is sent. Raises an
    :class:`ImageError` with a readable message, or ``PreparationCancelled``.
    """
    from PIL import Image

    # Loaded with Pillow, when an image is first prepared: start-up imports this module only
    # for PreparedImage.
    from dynaspark_desktop.core.image_encoding import encode, output_mime

    if isinstance(source, str | os.PathLike):
        filename = filename or Path(source).name
        source = read_image_file(source)
    if filename is not None:
        filename = clean_filename(filename)
    label = f"“{filename}”" if filename else translate("Images", "The image")
    _check(guard, label)

    notes: list[str] = []
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if not data:
            raise BrokenImageError(translate("Images", "{name} is empty.").format(name=label))
        image = open_image(data, label, guard)
    else:
        image = source
    source_format = (image.format or "").upper()

    if source_format == "MPO":
        # Many phones and cameras write JPEGs carrying extra pictures (previews, depth maps,
        # the other half of a stereo pair): the first picture is the photo, and it is a JPEG.
        source_format = "JPEG"

    original_size = image.size
    if getattr(image, "is_animated", False) and getattr(image, "n_frames", 1) > 1:
        image.seek(0)
        if source_format != "JPEG":
            notes.append(translate("Images", "Animated image: only its first frame is sent."))

    if source_format == "JPEG" and max(original_size) > max_side:
        # Let libjpeg decode at a reduced scale (1/2, 1/4 or 1/8, never below max_side): far
        # less work and memory for big photos; Lanczos then takes it to max_side.
        image.draft("RGB", _fit(original_size, max_side))
    # From the header alone, before a pixel is decoded (nothing above decodes: reading a
    # PNG's EXIF would, so the orientation is read after this).
    check_decode_memory(image, label)

    try:
        with pixel_limit_is_ours():
            image.load()
            _check(guard, label)
            orientation = _orientation(image)
            if max(image.size) > max_side:
                if image is source:
                    image = image.copy()  # the caller's image is never changed
                # In place: the full-size pixels are freed as soon as the smaller copy exists.
                # The box is square, so resizing before turning upright gives the same result.
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
            upright = _turned_upright(image, orientation)
    except Image.DecompressionBombError:
        raise ImageTooLargeError(
            translate("Images", "{name} is too large to open safely.").format(name=label)
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise BrokenImageError(
            translate("Images", "{name} is damaged or incomplete ({error}).").format(
                name=label, error=error
            )
        ) from None
    _check(guard, label)

    mime_type = output_mime(source_format, upright)
    data_out = encode(upright, mime_type, quality)
    thumbnail = thumbnail_png(upright)
    _check(guard, label)

    # The original size as the user sees it (after rotation), so "resized" is meaningful.
    upright_original = original_size[::-1] if orientation in (5, 6, 7, 8) else original_size
    stem = Path(filename).stem if filename else None
    out_name = f"{stem}{extension_for(mime_type)}" if stem else default_pasted_filename(mime_type)
    return PreparedImage(
        data=data_out,
        mime_type=mime_type,
        filename=out_name,
        width=upright.width,
        height=upright.height,
        thumbnail_png=thumbnail,
        original_width=upright_original[0],
        original_height=upright_original[1],
        notes=tuple(notes),
    )


def _check(guard: DecodeGuard | None, label: str) -> None:
    if guard is not None:
        guard.check(label)


def ensure_supported_bytes(
    image: bytes | PILImage.Image, filename: str | None = None
) -> tuple[bytes, str]:
    """Bytes in a format the service takes, with their sniffed type, converting when needed.

    ``filename`` only names the image in error messages.
    """
    if isinstance(image, bytes | bytearray):
        data = bytes(image)
        mime_type = sniff_image_type(data)
        if mime_type is not None:
            return data, mime_type
    prepared = prepare_image(image, filename=filename, max_side=10**6)
    return prepared.data, prepared.mime_type


def _orientation(image: PILImage.Image) -> int:
    """The EXIF orientation (1 to 8; 1 is upright)."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not fail the whole image
        return 1
    return orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1


def _turned_upright(image: PILImage.Image, orientation: int) -> PILImage.Image:
    """``image`` turned as its EXIF orientation says (what ``ImageOps.exif_transpose`` does)."""
    from PIL import Image

    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image if method is None else image.transpose(method)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def thumbnail_png(image: PILImage.Image) -> bytes:
    from PIL import Image

    from dynaspark_desktop.core.image_encoding import has_alpha, to_8_bit

    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.BILINEAR)
    thumb = to_8_bit(thumb)
    if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
        thumb = thumb.convert("RGBA" if has_alpha(thumb) else "RGB")
    buffer = io.BytesIO()
    thumb.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
