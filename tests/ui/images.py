"""Image files for UI tests, made at test time."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw


def photo_bytes(size: tuple[int, int] = (640, 480), fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (70, 130, 200))
    ImageDraw.Draw(image).ellipse(
        (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=(250, 200, 40)
    )
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def write_photo(folder: Path, name: str = "holiday.jpg", **kwargs: object) -> Path:
    path = folder / name
    fmt = {"jpg": "JPEG", "png": "PNG", "bmp": "BMP", "gif": "GIF"}[name.rsplit(".", 1)[1]]
    path.write_bytes(photo_bytes(fmt=fmt, **kwargs))  # type: ignore[arg-type]
    return path
