"""Make a realistic 24-megapixel camera JPEG (6000×4000, quality 90) for the drop benchmark.

Run as a separate process (``python -m benchmarks.support.photo OUT.jpg [WxH]``) so the
measured process does not import Pillow ahead of the app: the app imports it lazily, in its
worker thread, and that import is part of what a user's first drop costs.

Flat colour would compress to almost nothing and decode unrealistically fast, so the image
mixes smooth gradients (sky, shading) with per-pixel noise (sensor grain, texture) and some
hard-edged shapes (detail), giving a file of camera-like size (about 8 MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 6000, 4000


def make_photo(path: Path, size: tuple[int, int] = (WIDTH, HEIGHT)) -> int:
    """Write the photo (``size`` pixels, 6000×4000 unless told) to ``path``; returns its size
    in bytes. The shapes are placed for the full size; a smaller photo shows fewer of them."""
    horizontal = Image.linear_gradient("L").rotate(90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    base = Image.merge("RGB", (horizontal, vertical, radial))

    # Shapes with hard edges: JPEG's cost is in detail, and a photo has plenty.
    draw = ImageDraw.Draw(base)
    for index in range(60):
        x = (index * 977) % size[0]
        y = (index * 613) % size[1]
        side = 80 + (index * 37) % 400
        colour = ((index * 53) % 256, (index * 97) % 256, (index * 151) % 256)
        if index % 2:
            draw.ellipse((x, y, x + side, y + side), fill=colour)
        else:
            draw.rectangle((x, y, x + side, y + side // 2), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(1.2))

    # Grain: independent Gaussian noise per channel, as a sensor would add.
    noise = Image.merge(
        "RGB", [Image.effect_noise(size, 40 + 10 * channel) for channel in range(3)]
    )
    photo = Image.blend(base, noise, 0.22)

    # A little camera metadata (which the app must strip), orientation "upright".
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"  # Make
    exif[0x0110] = "Model 24"  # Model
    exif[0x0112] = 1  # Orientation
    photo.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path.stat().st_size


if __name__ == "__main__":
    out = Path(sys.argv[1])
    width, height = (int(side) for side in (sys.argv[2:] or [f"{WIDTH}x{HEIGHT}"])[0].split("x"))
    written = make_photo(out, (width, height))
    print(f"photo {out} {written} {width}×{height}", flush=True)
