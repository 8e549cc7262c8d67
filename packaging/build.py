"""Build the one-folder bundle: ``python packaging/build.py`` (from an environment where the
app and its ``build`` extra are installed: ``pip install '.[build]'``).

The bundle lands in ``dist/dynaspark-desktop/``; its executable is
``dist/dynaspark-desktop/dynaspark-desktop``. ``--tar`` also writes
``dist/dynaspark-desktop-<version>-linux-<machine>.tar.gz`` for a download.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "dynaspark-desktop.spec"
DIST = ROOT / "dist"
BUNDLE = DIST / "dynaspark-desktop"
DESKTOP_ID = "io.dynaspark.Desktop"


def add_desktop_files(bundle: Path) -> None:
    """Put what a desktop needs beside the executable, in the layout of ``share/``: the
    desktop entry, the AppStream metadata and the icons, with ``install.sh`` to install
    them all (the download is then self-contained)."""
    share = bundle / "share"
    for source, folder in (
        (ROOT / "packaging" / f"{DESKTOP_ID}.desktop", share / "applications"),
        (ROOT / "packaging" / f"{DESKTOP_ID}.metainfo.xml", share / "metainfo"),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / source.name)
    shutil.copytree(ROOT / "resources" / "icons", share / "icons", dirs_exist_ok=True)
    shutil.copy2(ROOT / "packaging" / "install.sh", bundle / "install.sh")


def _trim_icu_data(bundle: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    import icu_data

    for library in sorted(
        (bundle / "_internal" / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")
    ):
        missing = icu_data.missing_tools()
        if missing:
            print(
                f"ICU data left whole ({library.stat().st_size / 1e6:.0f} MB): trimming it needs "
                f"{', '.join(missing)} (Debian: icu-devtools, gcc)"
            )
            return
        before, after = icu_data.trim(library)
        print(f"ICU data trimmed to what Qt uses: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")


def build(*, clean: bool = False, trim_icu: bool = True) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed here: pip install '.[build]' (from the checkout)"
        ) from None
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={ROOT / 'build'}",
        str(SPEC),
    ]
    if clean:
        command.insert(3, "--clean")
    started = time.monotonic()
    # The spec takes the compiled translations from the package (not in git).
    from translations import compile_all

    compile_all()
    subprocess.run(command, cwd=ROOT, check=True)
    executable = BUNDLE / "dynaspark-desktop"
    if not executable.is_file():
        raise SystemExit(f"PyInstaller made no {executable}")
    add_desktop_files(BUNDLE)
    if trim_icu:
        _trim_icu_data(BUNDLE)
    print(f"Built {BUNDLE} in {time.monotonic() - started:.0f} s ({_size_mb(BUNDLE):.1f} MB)")
    return executable


def write_tarball() -> Path:
    sys.path.insert(0, str(ROOT))
    from dynaspark_desktop import __version__

    name = f"dynaspark-desktop-{__version__}-linux-{platform.machine()}.tar.gz"
    target = DIST / name
    with tarfile.open(target, "w:gz") as archive:
        archive.add(BUNDLE, arcname="dynaspark-desktop")
    print(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return target


def _size_mb(folder: Path) -> float:
    # PyInstaller links libraries beside the executable to their place: count each once.
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the one-folder bundle with PyInstaller.")
    parser.add_argument("--clean", action="store_true", help="forget PyInstaller's cache first")
    parser.add_argument("--tar", action="store_true", help="also write a .tar.gz of the bundle")
    parser.add_argument(
        "--keep-icu-data", action="store_true", help="leave Qt's ICU data whole (32 MB)"
    )
    arguments = parser.parse_args()
    if arguments.clean and BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    build(clean=arguments.clean, trim_icu=not arguments.keep_icu_data)
    if arguments.tar:
        write_tarball()


if __name__ == "__main__":
    main()
