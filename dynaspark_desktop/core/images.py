"""Image preparation: everything Pillow does for the app, in plain functions.

These functions block (decode, resize, encode) and are meant to run in a worker thread;
Pillow releases the GIL for the heavy parts, so the UI keeps painting. Every decode runs under
the limits of ``core.image_decoding`` (formats, memory, a guard to stop it). Pillow is imported
lazily so start-up does not pay for it.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.errors import (
    BrokenImageError,
    ImageTooLargeError,
    NotAnImageError,
)
from dynaspark_desktop.core.file_names import clean_filename
from dynaspark_desktop.core.image_decoding import (
    DecodeGuard,
    GuardedBytes,
    check_decode_memory,
    openable_formats,
    refuse_documents,
)
from dynaspark_desktop.core.sizes import megabytes, size_past

if TYPE_CHECKING:
    from PIL import Image as PILImage

DEFAULT_MAX_SIDE = 2048
THUMBNAIL_SIDE = 320
# Refuse anything above this many pixels before decoding it: a decompression bomb must not
# eat the user's memory. 178 MP leaves room for real panoramas and 100 MP medium-format
# cameras, and stays just under Pillow's own hard limit (2 × Image.MAX_IMAGE_PIXELS, about
# 179 MP), so this limit and its message are what users meet. Pillow's softer warning (at
# about 89 MP) is not treated as a bomb: a real 100 MP photo is not an attack.
MAX_PIXELS = 178_000_000
# Reading a file larger than this is refused before it is read at all.
MAX_FILE_BYTES = 200 * 1024 * 1024

SUPPORTED_MIME_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_EXTENSION_FOR_MIME = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
_PIL_FORMAT_FOR_MIME = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
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
    name = clean_filename(file_path.name or str(file_path), fallback="The file")
    try:
        data = read_regular_file(file_path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise NotAnImageError(f"“{name}” no longer exists.") from None
    except IsADirectoryError:
        raise NotAnImageError(f"“{name}” is a folder. Drop a single image file instead.") from None
    except NotARegularFileError:
        # A pipe or a device would block the read or never end.
        raise NotAnImageError(f"“{name}” is not a file (it is a pipe, socket or device).") from None
    except FileTooLargeError as error:
        accepted = megabytes(MAX_FILE_BYTES)
        if error.size is None:  # it grew while it was read
            raise ImageTooLargeError(f"“{name}” is larger than the {accepted} accepted.") from None
        raise ImageTooLargeError(
            f"“{name}” is {size_past(error.size, MAX_FILE_BYTES)}; images up to {accepted} "
            "are accepted."
        ) from None
    except OSError as error:
        raise NotAnImageError(f"“{name}” cannot be read: {_reason(error)}.") from None
    if not data:
        raise BrokenImageError(f"“{name}” is empty (0 bytes).")
    return data


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "this app is not allowed to open it (check the file's permissions)"
    return error.strerror or str(error) or type(error).__name__


def default_pasted_filename(mime_type: str, now: float | None = None) -> str:
    """A distinct, descriptive name for pasted or dragged image data (never just image.png)."""
    stamp = time.strftime("%Y-%m-%d %H.%M.%S", time.localtime(now))
    return f"Pasted image {stamp}{extension_for(mime_type)}"


def prepare_image(
    source: bytes | str | os.PathLike[str] | PILImage.Image,
    *,
    filename: str | None = None,
    max_side: int = DEFAULT_MAX_SIDE,
    guard: DecodeGuard | None = None,
) -> PreparedImage:
    """Turn bytes, a path or a PIL image into a :class:`PreparedImage`.

    EXIF orientation is applied, metadata (GPS included) is dropped, the longest side is capped
    at ``max_side``, formats the service does not take are converted, and animations are
    reduced to their first frame. Only formats that need no other program are opened, and an
    image whose pixels would take too much memory is refused before it is decoded. ``guard``
    lets another thread stop the work (or stops it past its time limit). Raises an
    :class:`ImageError` with a readable message, or ``PreparationCancelled``.
    """
    from PIL import Image

    if isinstance(source, str | os.PathLike):
        filename = filename or Path(source).name
        source = read_image_file(source)
    if filename is not None:
        filename = clean_filename(filename)
    label = f"“{filename}”" if filename else "The image"
    _check(guard, label)

    notes: list[str] = []
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if not data:
            raise BrokenImageError(f"{label} is empty.")
        image = _open_image(data, label, guard)
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
            notes.append("Animated image: only its first frame is sent.")

    if source_format == "JPEG" and max(original_size) > max_side:
        # Let libjpeg decode at a reduced scale (1/2, 1/4 or 1/8, never below max_side): far
        # less work and memory for big photos; Lanczos then takes it to max_side.
        image.draft("RGB", _fit(original_size, max_side))
    # From the header alone, before a pixel is decoded (nothing above decodes: reading a
    # PNG's EXIF would, so the orientation is read after this).
    check_decode_memory(image, label)

    try:
        with _pixel_limit_is_ours():
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
        raise ImageTooLargeError(f"{label} is too large to open safely.") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise BrokenImageError(f"{label} is damaged or incomplete ({error}).") from None
    _check(guard, label)

    mime_type = _output_mime(source_format, upright)
    data_out = _encode(upright, mime_type)
    thumbnail = _thumbnail_png(upright)
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


def _open_image(data: bytes, label: str, guard: DecodeGuard | None = None) -> PILImage.Image:
    """Open (not yet decode) ``data`` as one of the formats of :func:`openable_formats`."""
    from PIL import Image, UnidentifiedImageError

    refuse_documents(data, label)
    with _pixel_limit_is_ours():
        try:
            image = Image.open(GuardedBytes(data, guard, label), formats=openable_formats())
        except Image.DecompressionBombError:
            raise ImageTooLargeError(
                f"{label} has too many pixels to open safely (a “decompression bomb”)."
            ) from None
        except UnidentifiedImageError:
            raise NotAnImageError(f"{label} is not an image this app can read.") from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise BrokenImageError(f"{label} is damaged ({error}).") from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise BrokenImageError(f"{label} has no pixels.")
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(
            f"{label} is {width}×{height} pixels, too large to open safely "
            f"(the limit is {MAX_PIXELS // 1_000_000} megapixels)."
        )
    return image


@contextlib.contextmanager
def _pixel_limit_is_ours() -> Iterator[None]:
    """Silence Pillow's decompression-bomb *warning*: :data:`MAX_PIXELS` decides instead.

    Pillow still raises ``DecompressionBombError`` above its hard limit, which callers turn
    into :class:`ImageTooLargeError`.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


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


def _has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _output_mime(source_format: str, image: PILImage.Image) -> str:
    if source_format == "JPEG":
        return "image/jpeg"
    if source_format == "WEBP":
        return "image/webp"
    if source_format in ("PNG", "GIF"):
        # A GIF's first frame is sent as PNG: same pixels, no 256-colour re-quantisation.
        return "image/png"
    # Everything else (BMP, TIFF, ICO, PPM, ...): photos go as JPEG, anything with
    # transparency or a palette as PNG so it is not spoiled.
    if _has_alpha(image) or image.mode in ("P", "1"):
        return "image/png"
    return "image/jpeg"


def _encode(image: PILImage.Image, mime_type: str) -> bytes:
    buffer = io.BytesIO()
    fmt = _PIL_FORMAT_FOR_MIME[mime_type]
    options: dict[str, Any] = {}
    if fmt == "JPEG":
        image = _to_mode(image, ("RGB", "L"), "RGB")
        options = {"quality": 90, "optimize": False, "subsampling": "4:2:0"}
    elif fmt == "PNG":
        # Pillow writes 16-bit grey PNGs from "I;16" but cannot write "I" (32-bit) at all.
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = _to_8_bit(image)
            if image.mode != "L":
                image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        options = {"compress_level": 6}
    elif fmt == "WEBP":
        image = _to_mode(image, ("RGB", "RGBA"), "RGBA" if _has_alpha(image) else "RGB")
        options = {"quality": 90}
    # No exif=/icc_profile= given: the output carries no metadata at all.
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _to_mode(image: PILImage.Image, allowed: tuple[str, ...], target: str) -> PILImage.Image:
    if image.mode in allowed:
        return image
    image = _to_8_bit(image)
    if image.mode in allowed:
        return image
    if _has_alpha(image) and target == "RGB":
        # Flatten transparency onto white rather than black.
        from PIL import Image

        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert(target)


_HIGH_DEPTH_MODES = ("I", "I;16", "I;16L", "I;16B", "I;16N", "F")


def _to_8_bit(image: PILImage.Image) -> PILImage.Image:
    """A 16-bit, 32-bit or float grey image as 8-bit ``L``, its levels scaled down.

    Pillow's ``convert("L")``/``convert("RGB")`` clips instead of scaling, so a 16-bit scan
    would come out almost white. Integer data above 255 is taken as 16-bit; float data as
    0..1 when it fits, otherwise stretched over its own range.
    """
    if image.mode not in _HIGH_DEPTH_MODES:
        return image
    if image.mode == "F":
        low, high = image.getextrema()
        if low >= 0.0 and high <= 1.0:
            low, high = 0.0, 1.0
        scale = 255.0 / ((high - low) or 1.0)
        return image.point(lambda value: (value - low) * scale).convert("L")
    grey = image if image.mode == "I" else image.convert("I")
    if grey.getextrema()[1] > 255:
        grey = grey.point(lambda value: value * (1 / 256))
    return grey.convert("L")


def _thumbnail_png(image: PILImage.Image) -> bytes:
    from PIL import Image

    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.BILINEAR)
    thumb = _to_8_bit(thumb)
    if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
        thumb = thumb.convert("RGBA" if _has_alpha(thumb) else "RGB")
    buffer = io.BytesIO()
    thumb.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
