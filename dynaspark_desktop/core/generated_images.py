"""Pictures an image service made: checked like any untrusted image, and shown, saved and
described the same way whether they just arrived or come back from the history.

The bytes are kept exactly as the service sent them (a generated picture carries no personal
metadata to strip, and the user asked for that file), but only after Pillow has decoded the
whole of it under the app's decompression-bomb limits. Like ``core.images``, the functions
here block and run in a worker thread.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from dynaspark_desktop.core.errors import BrokenImageError, ImageTooLargeError, NotAnImageError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.image_decoding import (
    check_decode_memory,
    open_image,
    pixel_limit_is_ours,
)
from dynaspark_desktop.core.images import PreparedImage, sniff_image_type, thumbnail_png
from dynaspark_desktop.core.sizes import megabytes, size_past

# The longest side of the copy the transcript decodes from: enough for a picture shown
# about 700 px wide on a 2x screen. Larger pictures get a smaller copy made here, so the
# UI thread never decodes a 2048 px picture to show it at a third of that.
DISPLAY_SIDE = 1536

_CAPTION = re.compile(
    r"\AGenerated image: “(?P<prompt>.*)” \((?P<model>[^,()]+)"
    r"(?:, seed (?P<seed>-?\d+))?, (?P<width>\d+)×(?P<height>\d+)\)\Z",
    re.DOTALL,
)


@dataclass(frozen=True)
class GeneratedPicture:
    """A generated picture and what made it. ``model`` is a model key (``provider:model``).

    ``display`` is what the transcript decodes (the file itself when it is small enough).
    A picture that just arrived holds its whole file in ``data`` (the history saves it from
    there); one loaded from the history has ``data`` empty and ``path`` set instead, so a
    long conversation does not hold every file in memory.
    """

    prompt: str
    model: str
    seed: int | None
    width: int
    height: int
    mime_type: str
    filename: str
    display: bytes
    data: bytes = b""
    thumbnail_png: bytes = b""
    path: Path | None = None

    def caption(self) -> str:
        """The answer's text: what search finds, exports show and a chat model reads later."""
        seed = f", seed {self.seed}" if self.seed is not None else ""
        model = self.model.partition(":")[2] or self.model
        return f"Generated image: “{self.prompt}” ({model}{seed}, {self.width}×{self.height})"

    def as_prepared_image(self) -> PreparedImage:
        """The picture as the history keeps images: its file (unchanged) and thumbnail."""
        return PreparedImage(
            data=self.data,
            mime_type=self.mime_type,
            filename=self.filename,
            width=self.width,
            height=self.height,
            thumbnail_png=self.thumbnail_png,
            original_width=self.width,
            original_height=self.height,
        )


def caption_details(text: str) -> tuple[str, int | None]:
    """The prompt and seed a :meth:`GeneratedPicture.caption` holds ("" and None if none)."""
    match = _CAPTION.match(text)
    if match is None:
        return "", None
    seed = match.group("seed")
    return match.group("prompt"), int(seed) if seed is not None else None


def check_generated_image(
    data: bytes,
    *,
    prompt: str,
    model: str,
    seed: int | None,
    filename: str,
    max_bytes: int,
) -> GeneratedPicture:
    """Accept ``data`` as a picture only if it is one: a known type by its first bytes, at
    most ``max_bytes``, and fully decodable within the pixel limit. Raises ImageError."""
    label = translate("GeneratedImages", "The generated picture")
    if len(data) > max_bytes:
        raise ImageTooLargeError(
            translate(
                "GeneratedImages",
                "{name} is {size}; pictures up to {accepted} are accepted, so it was not kept.",
            ).format(
                name=label, size=size_past(len(data), max_bytes), accepted=megabytes(max_bytes)
            )
        )
    mime_type = sniff_image_type(data)
    if mime_type is None:
        raise NotAnImageError(
            translate(
                "GeneratedImages",
                "{name} the service sent is not an image (it starts {start}); nothing was kept.",
            ).format(name=label, start=repr(data[:12]))
        )
    image = open_image(data, label)
    # From the header, before a pixel is decoded: a small file can declare 13,000² pixels.
    check_decode_memory(image, label, advice=translate("GeneratedImages", "It was not kept."))
    try:
        with pixel_limit_is_ours():
            image.load()  # every byte decoded: a truncated or corrupt file fails here
    except (OSError, ValueError, SyntaxError) as error:
        raise BrokenImageError(
            translate("Images", "{name} is damaged or incomplete ({error}).").format(
                name=label, error=error
            )
        ) from None
    return GeneratedPicture(
        prompt=prompt,
        model=model,
        seed=seed,
        width=image.width,
        height=image.height,
        mime_type=mime_type,
        filename=filename,
        display=_display_copy(image, data),
        data=data,
        thumbnail_png=thumbnail_png(image),
    )


def display_bytes(data: bytes, width: int, height: int) -> bytes:
    """What the transcript shows of a saved picture (``data`` itself when a small PNG).

    ``width`` and ``height`` are what the history says; the file's own header decides (an
    imported picture may say anything), and is checked before anything is decoded.
    """
    label = translate("GeneratedImages", "The saved picture")
    image = open_image(data, label)
    check_decode_memory(image, label, advice=translate("GeneratedImages", "It is not shown."))
    return _display_copy(image, data)


def as_png(data: bytes) -> bytes:
    """The picture as a PNG file, for Qt (``data`` itself when it is one): Copy image puts
    the whole picture on the clipboard. Raises ImageError or OSError when it cannot be read."""
    if data.startswith(_PNG_SIGNATURE):
        return data
    label = translate("GeneratedImages", "The picture")
    image = open_image(data, label)
    check_decode_memory(image, label, advice=translate("GeneratedImages", "It was not copied."))
    copy = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buffer = io.BytesIO()
    copy.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _display_copy(image: object, data: bytes) -> bytes:
    """A PNG for Qt to show: the file itself when it is a small PNG. Pillow decodes every
    other format, so Qt needs (and the bundle carries) no image plugin but PNG's."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    is_png = data.startswith(_PNG_SIGNATURE)
    if max(image.size) <= DISPLAY_SIDE and is_png:
        return data
    copy = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if max(image.size) > DISPLAY_SIDE:
        copy.thumbnail((DISPLAY_SIDE, DISPLAY_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    copy.save(buffer, "PNG", compress_level=1)  # fast: this copy is never written to disk
    return buffer.getvalue()
