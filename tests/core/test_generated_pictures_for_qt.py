"""Qt is handed PNG only: a generated picture in another format is shown and copied from a
PNG Pillow made (the bundle carries no Qt image plugin for formats Pillow decodes)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dynaspark_desktop.core.errors import ImageError
from dynaspark_desktop.core.generated_images import (
    DISPLAY_SIDE,
    as_png,
    check_generated_image,
    display_bytes,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _encoded(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(buffer, fmt)
    return buffer.getvalue()


def _size_of(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        return image.size


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "GIF"])
def test_a_small_picture_in_another_format_is_shown_from_a_png(fmt: str) -> None:
    data = _encoded(fmt)
    assert not data.startswith(PNG_SIGNATURE)
    assert _size_of(display_bytes(data, 40, 30)) == (40, 30)
    picture = check_generated_image(
        data, prompt="p", model="flux", seed=1, filename=f"p.{fmt.lower()}", max_bytes=1 << 20
    )
    assert _size_of(picture.display) == (40, 30)
    assert picture.data == data  # the file itself is kept as served
    assert _size_of(as_png(data)) == (40, 30)


def test_a_small_png_is_shown_as_it_is() -> None:
    data = _encoded("PNG")
    assert display_bytes(data, 40, 30) is data
    assert as_png(data) is data


def test_a_large_picture_is_shown_reduced_and_copied_whole() -> None:
    data = _encoded("JPEG", (DISPLAY_SIDE + 100, 50))
    assert max(_size_of(display_bytes(data, DISPLAY_SIDE + 100, 50))) == DISPLAY_SIDE
    assert _size_of(as_png(data)) == (DISPLAY_SIDE + 100, 50)


def test_something_not_a_picture_cannot_be_copied() -> None:
    with pytest.raises(ImageError):
        as_png(b"GIF89a but not really a picture")
