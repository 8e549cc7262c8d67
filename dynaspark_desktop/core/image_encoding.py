"""How a decoded picture becomes the bytes that are sent: the format the service takes for
it, a pixel mode that format can hold (16-bit and float greys scaled, not clipped), and no
metadata at all.

Plain Python, no Qt; Pillow is imported only when a function runs. ``core.images`` calls
these in its worker-thread preparation.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image as PILImage

_PIL_FORMAT_FOR_MIME = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}


def has_alpha(image: PILImage.Image) -> bool:
    """Whether ``image`` has transparency (an alpha channel, or a transparent palette entry)."""
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def output_mime(source_format: str, image: PILImage.Image) -> str:
    """The type ``image`` is sent as, given the format (Pillow's name) it was read from."""
    if source_format == "JPEG":
        return "image/jpeg"
    if source_format == "WEBP":
        return "image/webp"
    if source_format in ("PNG", "GIF"):
        # A GIF's first frame is sent as PNG: same pixels, no 256-colour re-quantisation.
        return "image/png"
    # Everything else (BMP, TIFF, ICO, PPM, ...): photos go as JPEG, anything with
    # transparency or a palette as PNG so it is not spoiled.
    if has_alpha(image) or image.mode in ("P", "1"):
        return "image/png"
    return "image/jpeg"


DEFAULT_QUALITY = 90


def encode(image: PILImage.Image, mime_type: str, quality: int = DEFAULT_QUALITY) -> bytes:
    """``image`` as ``mime_type`` bytes, converted to a mode that format can hold; JPEG and
    WebP at ``quality`` (the image_quality setting, 50 to 100)."""
    quality = max(1, min(100, int(quality)))
    buffer = io.BytesIO()
    fmt = _PIL_FORMAT_FOR_MIME[mime_type]
    options: dict[str, Any] = {}
    if fmt == "JPEG":
        image = to_mode(image, ("RGB", "L"), "RGB")
        options = {"quality": quality, "optimize": False, "subsampling": "4:2:0"}
    elif fmt == "PNG":
        # Pillow writes 16-bit grey PNGs from "I;16" but cannot write "I" (32-bit) at all.
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = to_8_bit(image)
            if image.mode != "L":
                image = image.convert("RGBA" if has_alpha(image) else "RGB")
        options = {"compress_level": 6}
    elif fmt == "WEBP":
        image = to_mode(image, ("RGB", "RGBA"), "RGBA" if has_alpha(image) else "RGB")
        options = {"quality": quality}
    # No exif=/icc_profile= given: the output carries no metadata at all.
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def to_mode(image: PILImage.Image, allowed: tuple[str, ...], target: str) -> PILImage.Image:
    if image.mode in allowed:
        return image
    image = to_8_bit(image)
    if image.mode in allowed:
        return image
    if has_alpha(image) and target == "RGB":
        # Flatten transparency onto white rather than black.
        from PIL import Image

        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert(target)


_HIGH_DEPTH_MODES = ("I", "I;16", "I;16L", "I;16B", "I;16N", "F")


def to_8_bit(image: PILImage.Image) -> PILImage.Image:
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
