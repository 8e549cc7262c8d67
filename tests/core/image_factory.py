"""Images made with Pillow at test time, for the image and provider tests."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from PIL import Image

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)

# EXIF tags (TIFF/EXIF specification numbers).
ORIENTATION = 0x0112
MAKE = 0x010F
GPS_IFD = 0x8825
CAMERA_MAKE = "SecretCameraMaker"
XMP_PACKET = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.5N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def encode(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    exif[MAKE] = CAMERA_MAKE
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 30.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    return exif


def two_colour_image(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: a picture whose orientation can be checked."""
    width, height = size
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def photo_jpeg(size: tuple[int, int] = (40, 20), orientation: int | None = 6) -> bytes:
    """A JPEG 'photo' with EXIF orientation, a camera make, GPS tags and an XMP packet."""
    return encode(
        two_colour_image(size),
        "JPEG",
        quality=95,
        exif=exif_with_gps(orientation),
        xmp=XMP_PACKET,
    )


def png_with_alpha(size: tuple[int, int] = (30, 20)) -> bytes:
    image = Image.new("RGBA", size, (*GREEN, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    return encode(image, "PNG")


def animated_gif(size: tuple[int, int] = (30, 20)) -> bytes:
    frames = [Image.new("RGB", size, colour) for colour in (RED, GREEN, BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)


def bmp(size: tuple[int, int] = (30, 20)) -> bytes:
    return encode(two_colour_image(size), "BMP")


def tiff(size: tuple[int, int] = (30, 20), mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (*GREEN, 128) if mode == "RGBA" else GREEN)
    return encode(image, "TIFF")


def webp(size: tuple[int, int] = (30, 20)) -> bytes:
    return encode(two_colour_image(size), "WEBP", quality=90)


def truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((200, 200), 64).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) // 2]


def png_claiming_size(width: int, height: int, mode: str = "L") -> bytes:
    """A tiny real PNG whose header (IHDR) claims ``width``×``height``, CRC fixed up: the
    shape of a decompression bomb, without the cost of building one."""
    data = bytearray(encode(Image.new(mode, (8, 8)), "PNG"))
    # Signature (8) + length (4) + b"IHDR" (4), then width and height; the CRC covers the
    # chunk type and data (17 bytes) and follows them.
    assert data[12:16] == b"IHDR"
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


def open_bytes(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


def grey_ramp(mode: str, level_at: Any, size: tuple[int, int] = (64, 8)) -> Image.Image:
    """A left-to-right grey ramp in ``mode``; column x holds ``level_at(x)``."""
    image = Image.new(mode, size)
    for x in range(size[0]):
        for y in range(size[1]):
            image.putpixel((x, y), level_at(x))
    return image
