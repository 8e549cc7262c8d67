"""An image decoded to be seen large (the image viewer): under the app's decoding limits,
turned upright as its EXIF says, as RGBA pixels a GUI toolkit can wrap without decoding again.

Plain Python, no Qt; runs in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from dynaspark_desktop.core.errors import BrokenImageError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.image_decoding import DecodeGuard, check_decode_memory, open_image

# The viewer shows at most this many pixels: a larger image is reduced (by whole factors,
# cheap in Pillow) so its pixels and their copy for the screen stay within ~200 MB.
MOST_VIEWED_PIXELS = 48_000_000


@dataclass(frozen=True)
class ViewablePixels:
    width: int
    height: int
    rgba: bytes  # width × height × 4 bytes, row after row
    # The image's own size (what it is; ``width`` × ``height`` may be reduced from it).
    full_width: int
    full_height: int


def pixels_for_viewing(data: bytes, label: str, guard: DecodeGuard | None = None) -> ViewablePixels:
    """Decode ``data`` for the viewer. Raises ImageError (a sentence for the user) when it
    is not an image, is broken, or is too large to open; ``guard`` stops it in time."""
    from dynaspark_desktop.core.images import _orientation, _turned_upright

    image = open_image(data, label, guard)
    check_decode_memory(
        image,
        label,
        advice=translate("ImageViewing", "It is not shown; Save keeps the file as it is."),
    )
    full_width, full_height = image.size
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise BrokenImageError(
            translate("ImageViewing", "{name} is damaged: {reason}.").format(
                name=label, reason=str(error).rstrip(".") or type(error).__name__
            )
        ) from error
    factor = 1
    while (full_width // factor) * (full_height // factor) > MOST_VIEWED_PIXELS:
        factor += 1
    if factor > 1:
        image = image.reduce(factor)
    image = _turned_upright(image, _orientation(image)).convert("RGBA")
    width, height = image.size
    return ViewablePixels(width, height, image.tobytes(), full_width, full_height)
