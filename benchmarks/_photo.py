"""Make a realistic 24-megapixel camera JPEG (6000×4000, quality 90) for the drop benchmark.

Run as a separate process (``python benchmarks/_photo.py OUT.jpg``) so the measured process
does not import Pillow ahead of the app: the app imports it lazily, in its worker thread,
and that import is part of what a user's first drop costs.

Flat colour would compress to almost nothing and decode unrealistically fast, so the image
mixes smooth gradients (sky, shading) with per-pixel noise (sensor grain, texture) and some
hard-edged shapes (detail), giving a file of camera-like size (about 8 MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 6000, 4000


def make_photo(path: Path) -> int:
    """Write the photo to ``path``; returns its size in bytes."""
    horizontal = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    radial = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    base = Image.merge("RGB", (horizontal, vertical, radial))

    # Shapes with hard edges: JPEG's cost is in detail, and a photo has plenty.
    draw = ImageDraw.Draw(base)
    for index in range(60):
        x = (index * 977) % WIDTH
        y = (index * 613) % HEIGHT
        size = 80 + (index * 37) % 400
        colour = ((index * 53) % 256, (index * 97) % 256, (index * 151) % 256)
        if index % 2:
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        else:
            draw.rectangle((x, y, x + size, y + size // 2), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(1.2))

    # Grain: independent Gaussian noise per channel, as a sensor would add.
    noise = Image.merge(
        "RGB", [Image.effect_noise((WIDTH, HEIGHT), 40 + 10 * channel) for channel in range(3)]
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
    size = make_photo(out)
    print(f"photo {out} {size}", flush=True)
