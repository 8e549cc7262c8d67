"""The limits every decode of an untrusted image runs under: which formats Pillow may open,
how many pixels and how much memory a decode may take, and how long it may run before it is
stopped; :func:`open_image` opens an image's bytes under them.

Plain Python, no Qt: ``core.images`` applies these in its worker-thread functions.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dynaspark_desktop.core.errors import (
    BrokenImageError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.sizes import megabytes

if TYPE_CHECKING:
    from PIL import Image as PILImage

# The formats Pillow may open for a user's file. Each is decoded by Pillow itself or a library
# it links; none starts another program. EPS, PS and PDF are left out on purpose: Pillow hands
# them to Ghostscript, which runs the file's PostScript (a file named .jpg can be one). ICO
# is left out too: Pillow decodes its largest picture while opening it, before the size of
# that picture (which its header need not tell) can be checked.
OPENABLE_FORMATS = (
    "JPEG",  # MPO (phones' multi-picture JPEGs) is opened through JPEG
    "PNG",
    "GIF",
    "WEBP",
    "AVIF",
    "BMP",
    "DIB",
    "TIFF",
    "PPM",
    "TGA",
)


def openable_formats() -> tuple[str, ...]:
    """:data:`OPENABLE_FORMATS` that this Pillow can open (AVIF, for one, needs a recent
    build): Pillow fails with a ``KeyError`` on a format it does not know."""
    from PIL import Image

    Image.init()  # every plugin registered (once; later calls return at once)
    return tuple(name for name in OPENABLE_FORMATS if name in Image.OPEN)


# Refuse anything above this many pixels before decoding it: a decompression bomb must not
# eat the user's memory. 178 MP leaves room for real panoramas and 100 MP medium-format
# cameras, and stays just under Pillow's own hard limit (2 × Image.MAX_IMAGE_PIXELS, about
# 179 MP), so this limit and its message are what users meet. Pillow's softer warning (at
# about 89 MP) is not treated as a bomb: a real 100 MP photo is not an attack.
MAX_PIXELS = 178_000_000

# Most memory one decode may take, estimated from the header before any pixel is decoded.
# Room for a 100-megapixel RGB photo or panorama (400 MB: Pillow keeps RGB as 4 bytes a pixel);
# a 13,000 × 13,000 image (645 MB) is refused rather than costing gigabytes as it is copied.
MAX_DECODE_BYTES = 512 * 1024 * 1024

# How long preparing one image may take before it is stopped: a real photo takes well under
# a second; a slow machine with a huge image gets many times that.
PREPARE_TIME_LIMIT_SECONDS = 30.0

# Signatures of documents Pillow could only open through Ghostscript: named in the refusal.
_POSTSCRIPT_SIGNATURES = (b"%!PS", b"\xc5\xd0\xd3\xc6", b"%PDF")


class PreparationCancelled(Exception):
    """The preparation was stopped because nobody wants its result any more."""


class ImageTookTooLongError(ImageError):
    """The preparation passed its time limit and was stopped."""


class DecodeGuard:
    """Lets another thread stop a decode, and stops it by itself past a time limit.

    The decoding thread calls :meth:`check` between steps and on every read of the image's
    bytes (Pillow reads in blocks as it decodes), so a stop takes effect within one block.
    """

    def __init__(self, time_limit: float | None = PREPARE_TIME_LIMIT_SECONDS) -> None:
        self.time_limit = time_limit
        self._deadline = None if time_limit is None else time.monotonic() + time_limit
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self, label: str) -> None:
        if self._cancelled.is_set():
            raise PreparationCancelled
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise ImageTookTooLongError(
                translate(
                    "Images",
                    "{name} took longer than {seconds} seconds to prepare, so it was "
                    "stopped. Try a smaller copy of the image.",
                ).format(name=label, seconds=f"{self.time_limit:g}")
            )


class GuardedBytes(io.BytesIO):
    """Image bytes that check a :class:`DecodeGuard` each time Pillow reads from them."""

    def __init__(self, data: bytes, guard: DecodeGuard | None, label: str) -> None:
        super().__init__(data)
        self._guard = guard
        self._label = label

    def read(self, size: int | None = -1) -> bytes:
        if self._guard is not None:
            self._guard.check(self._label)
        return super().read(size)


def refuse_documents(data: bytes, label: str) -> None:
    """Name PostScript, EPS and PDF files plainly: they are not opened at all."""
    if data.lstrip(b"\x00\t\r\n ")[:4].startswith(_POSTSCRIPT_SIGNATURES):
        raise NotAnImageError(
            translate(
                "Images",
                "{name} is a PostScript, EPS or PDF document, not a picture. This app does not "
                "open those (they can run programs): export it as a PNG or JPEG first.",
            ).format(name=label)
        )


def bytes_per_pixel(mode: str) -> int:
    """What Pillow keeps in memory for one pixel of ``mode`` (RGB is padded to 4 bytes)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16") or mode in ("BGR;15", "BGR;16"):
        return 2
    if mode == "BGR;24":
        return 3
    return 4


def decode_bytes_estimate(image: PILImage.Image) -> int:
    """Memory the decode of ``image`` (at its current, possibly reduced size) will take."""
    width, height = image.size
    return width * height * bytes_per_pixel(image.mode)


def check_decode_memory(image: PILImage.Image, label: str, *, advice: str | None = None) -> None:
    """Refuse, before decoding, an image whose pixels would take more than the budget.

    ``advice`` ends the message; by default it tells the user how far to scale the picture
    down before attaching it again."""
    needed = decode_bytes_estimate(image)
    if needed <= MAX_DECODE_BYTES:
        return
    width, height = image.size
    scale = (MAX_DECODE_BYTES / needed) ** 0.5
    # A side that fits, rounded down to a friendly number.
    fitting_side = max(100, int(max(width, height) * scale) // 100 * 100)
    if advice is None:
        advice = translate(
            "Images",
            "Scale it down (to about {side} pixels on its longest side) and attach it again.",
        ).format(side=f"{fitting_side:,}")
    raise ImageTooLargeError(
        translate(
            "Images",
            "{name} is {width}×{height} pixels: opening it would take about {needed} of "
            "memory, more than the {allowed} allowed.",
        ).format(
            name=label,
            width=width,
            height=height,
            needed=megabytes(needed),
            allowed=megabytes(MAX_DECODE_BYTES),
        )
        + " "
        + advice
    )


def open_image(data: bytes, label: str, guard: DecodeGuard | None = None) -> PILImage.Image:
    """Open (not yet decode) ``data`` as one of the formats of :func:`openable_formats`."""
    from PIL import Image, UnidentifiedImageError

    refuse_documents(data, label)
    with pixel_limit_is_ours():
        try:
            image = Image.open(GuardedBytes(data, guard, label), formats=openable_formats())
        except Image.DecompressionBombError:
            raise ImageTooLargeError(
                translate(
                    "Images", "{name} has too many pixels to open safely (a “decompression bomb”)."
                ).format(name=label)
            ) from None
        except UnidentifiedImageError:
            raise NotAnImageError(
                translate("Images", "{name} is not an image this app can read.").format(name=label)
            ) from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise BrokenImageError(
                translate("Images", "{name} is damaged ({error}).").format(name=label, error=error)
            ) from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise BrokenImageError(translate("Images", "{name} has no pixels.").format(name=label))
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(
            translate(
                "Images",
                "{name} is {width}×{height} pixels, too large to open safely "
                "(the limit is {limit} megapixels).",
            ).format(name=label, width=width, height=height, limit=MAX_PIXELS // 1_000_000)
        )
    return image


@contextlib.contextmanager
def pixel_limit_is_ours() -> Iterator[None]:
    """Silence Pillow's decompression-bomb *warning*: :data:`MAX_PIXELS` decides instead.

    Pillow still raises ``DecompressionBombError`` above its hard limit, which callers turn
    into :class:`ImageTooLargeError`.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield
