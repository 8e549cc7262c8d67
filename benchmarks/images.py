"""Image preparation under hostile and real files: today's code beside the base commit's.

Two files, made once per run in a temporary folder:

- a 13,000 × 13,000 RGBA PNG of real pixels (a "pixel bomb": under a megabyte on disk,
  645 MB once decoded), which the app must refuse quickly and cheaply;
- a realistic 24-megapixel camera JPEG (``support/photo.py``), which it must prepare quickly.

Each is prepared (``prepare_image(path)``, as a drop does) in a fresh child interpreter, by
the current ``core/images.py`` and by the base commit's version of it (``git show
BASE:dynaspark_desktop/core/images.py`` loaded as a module of its own, with today's
``core.errors``), runs interleaved. A child prints the preparation's wall time and its peak
memory: the growth of the process's peak resident set (``ru_maxrss``) over what it had after
importing Pillow and the module. Printed: medians over the runs, and the outcome.

Goals: **the bomb is refused in under 100 ms with under 50 MB of peak memory; the 24 MP JPEG
is prepared in no more time than the base commit's code takes (ratio ≤ 1.1) and in under 1 s.**

Run: ``.venv/bin/python benchmarks/images.py [--runs 5] [--base d9c2118]``
"""

from __future__ import annotations

import argparse
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

# Run as a script from anywhere: the repo root (package, benchmarks) must import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support.common import (
    REPO_ROOT,
    add_quick_flag,
    banner,
    median,
    module_command,
    python_executable,
    verdict,
)

BASE_COMMIT = "d9c2118"
BOMB_SIDE = 13_000
GOAL_REFUSE_SECONDS = 0.1
GOAL_REFUSE_PEAK_MB = 50.0
GOAL_JPEG_RATIO = 1.1
GOAL_JPEG_SECONDS = 1.0

# The measured child: prepares one file with one version of the module and reports.
_CHILD = """\
import importlib.util, resource, sys, time
sys.path.insert(0, {repo!r})
from PIL import Image
Image.init()  # every plugin loaded before measuring, for both versions alike
spec = importlib.util.spec_from_file_location("images_under_test", {module!r})
images = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = images  # its dataclasses look their module up
spec.loader.exec_module(images)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    prepared = images.prepare_image({path!r})
    outcome = f"prepared {{prepared.width}}x{{prepared.height}} {{len(prepared.data)}} bytes"
except Exception as error:
    outcome = f"refused ({{type(error).__name__}}): {{error}}"
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"result {{elapsed:.6f}} {{(peak - before) / 1024:.1f}} {{outcome}}", flush=True)
"""


def write_bomb_png(path: Path, side: int) -> int:
    """A real ``side`` × ``side`` RGBA PNG, written a row at a time (never all in memory).

    The rows repeat a short pattern, so the file is tiny and the pixels are many: what a
    decompression bomb looks like. Returns the file's size.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(range(256)) * (side * 4 // 256) + bytes(side * 4 % 256)
    compressor = zlib.compressobj(9)
    with path.open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
        file.write(chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)))
        pending = bytearray()
        for _ in range(side):
            pending += compressor.compress(row)
            if len(pending) > 1 << 20:
                file.write(chunk(b"IDAT", bytes(pending)))
                pending.clear()
        pending += compressor.flush()
        file.write(chunk(b"IDAT", bytes(pending)))
        file.write(chunk(b"IEND", b""))
    return path.stat().st_size


def base_module(folder: Path, commit: str) -> Path:
    """The base commit's ``core/images.py``, written to ``folder``."""
    source = subprocess.run(
        ["git", "show", f"{commit}:dynaspark_desktop/core/images.py"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    ).stdout
    path = folder / f"images_{commit}.py"
    path.write_bytes(source)
    return path


def measure(module: Path, image: Path) -> tuple[float, float, str]:
    """Seconds, peak MB and outcome of preparing ``image`` with ``module`` in a fresh child."""
    script = _CHILD.format(repo=str(REPO_ROOT), module=str(module), path=str(image))
    completed = subprocess.run(
        [python_executable(), "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("result ")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"the child failed: {completed.stderr.strip()[-500:]}")
    _, seconds, peak, outcome = lines[-1].split(" ", 3)
    return float(seconds), float(peak), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", default=BASE_COMMIT, help="the commit to compare with")
    add_quick_flag(parser)
    arguments = parser.parse_args()
    if arguments.quick:
        # One run, a small photo, and today's module as its own "base": no git history needed.
        arguments.runs = 1
    banner("images: refuse a pixel bomb, prepare a 24 MP photo (today vs base commit)")

    current = REPO_ROOT / "dynaspark_desktop" / "core" / "images.py"
    with tempfile.TemporaryDirectory(prefix="dynaspark-bench-images-") as temporary:
        folder = Path(temporary)
        base = current if arguments.quick else base_module(folder, arguments.base)
        bomb = folder / "poster.png"
        bomb_size = write_bomb_png(bomb, BOMB_SIDE)
        photo = folder / "photo.jpg"
        subprocess.run(
            module_command("photo", str(photo), *(["600x400"] if arguments.quick else [])),
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        print(
            f"   files: {BOMB_SIDE}×{BOMB_SIDE} RGBA PNG, {bomb_size / 1024:.0f} KB; "
            f"24 MP JPEG, {photo.stat().st_size / 1024 / 1024:.1f} MB",
            flush=True,
        )

        results: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
        for _ in range(arguments.runs):
            for image_name, image in (("bomb", bomb), ("jpeg", photo)):
                for version, module in (("today", current), ("base", base)):
                    key = (image_name, version)
                    results.setdefault(key, []).append(measure(module, image))

    summary: dict[tuple[str, str], tuple[float, float]] = {}
    for (image_name, version), runs in results.items():
        seconds = median([run[0] for run in runs]) * 1000
        peak = median([run[1] for run in runs])
        summary[image_name, version] = (seconds, peak)
        what = f"{BOMB_SIDE}² PNG" if image_name == "bomb" else "24 MP JPEG"
        label = f"base ({arguments.base})" if version == "base" else version
        print(
            f"   {what:<12} {label:<15}"
            f" median {seconds:8.1f} ms   peak memory {peak:7.1f} MB   ({len(runs)} runs)",
            flush=True,
        )
        print(f"      outcome: {runs[-1][2][:150]}", flush=True)

    refuse_ms, refuse_mb = summary["bomb", "today"]
    base_bomb_ms, base_bomb_mb = summary["bomb", "base"]
    print(
        f"   pixel bomb: {refuse_ms:.1f} ms and {refuse_mb:.1f} MB today vs {base_bomb_ms:.0f} ms"
        f" and {base_bomb_mb:.0f} MB with the base commit"
    )
    print(
        f"   refuse the bomb: < {GOAL_REFUSE_SECONDS * 1000:.0f} ms and "
        f"< {GOAL_REFUSE_PEAK_MB:.0f} MB peak — "
        f"{verdict(refuse_ms < GOAL_REFUSE_SECONDS * 1000 and refuse_mb < GOAL_REFUSE_PEAK_MB)}"
    )
    jpeg_ms, jpeg_mb = summary["jpeg", "today"]
    base_jpeg_ms, base_jpeg_mb = summary["jpeg", "base"]
    ratio = jpeg_ms / base_jpeg_ms
    print(
        f"   24 MP JPEG: {jpeg_ms:.0f} ms, {jpeg_mb:.0f} MB today vs {base_jpeg_ms:.0f} ms, "
        f"{base_jpeg_mb:.0f} MB base: ratio {ratio:.2f}"
    )
    print(
        f"   prepare the 24 MP JPEG: ratio ≤ {GOAL_JPEG_RATIO} and < {GOAL_JPEG_SECONDS:.0f} s — "
        f"{verdict(ratio <= GOAL_JPEG_RATIO and jpeg_ms < GOAL_JPEG_SECONDS * 1000)}"
    )


if __name__ == "__main__":
    main()
