"""packaging/install.sh puts a bundle into ~/.local like any desktop app (launcher, icons,
desktop entry with its image types, AppStream metadata) and --uninstall takes exactly that
away again, never the user's conversations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dynaspark_desktop import DESKTOP_ID
from tests.packaging.support import PACKAGING, load_script

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")

build = load_script("build")


def _fake_bundle(tmp_path: Path) -> Path:
    """A bundle laid out as build.py lays it out, with a stand-in executable."""
    bundle = tmp_path / "unpacked" / "dynaspark-desktop"
    (bundle / "_internal").mkdir(parents=True)
    executable = bundle / "dynaspark-desktop"
    executable.write_text('#!/bin/sh\necho bundle-ran "$@"\n')
    executable.chmod(0o755)
    build.add_desktop_files(bundle)
    return bundle


def _run(script: Path, home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("PREFIX", "XDG_DATA_HOME")
    }
    environment["HOME"] = str(home)
    return subprocess.run(
        ["sh", str(script), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_install_then_uninstall_in_a_temporary_home(tmp_path: Path, isolated_home: Path) -> None:
    home = isolated_home  # HOME and the XDG folders of this test, under tmp_path
    user_data = home / ".local" / "share" / "Dynaspark" / "dynaspark-desktop"
    user_data.mkdir(parents=True)
    (user_data / "history.sqlite3").write_bytes(b"the user's conversations")
    before = _files(home)
    bundle = _fake_bundle(tmp_path)

    installed = _run(bundle / "install.sh", home)
    assert installed.returncode == 0, installed.stderr
    local = home / ".local"
    launcher = local / "bin" / "dynaspark-desktop"
    assert launcher.is_symlink()
    ran = subprocess.run([str(launcher), "x.png"], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "bundle-ran x.png"
    assert (local / "lib" / "dynaspark-desktop" / "_internal").is_dir()
    share = local / "share"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"
        ).is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{DESKTOP_ID}.metainfo.xml").is_file()
    entry = (share / "applications" / f"{DESKTOP_ID}.desktop").read_text()
    # The entry starts the launcher by its full path (~/.local/bin may not be on PATH) and
    # declares the image types it opens.
    assert f'Exec="{launcher}" %F' in entry
    assert f"TryExec={launcher}" in entry
    assert "MimeType=image/png;image/jpeg;" in entry

    # Installing again (an update) replaces the copy.
    (bundle / "_internal" / "new-file").write_text("v2")
    assert _run(bundle / "install.sh", home).returncode == 0
    assert (local / "lib" / "dynaspark-desktop" / "_internal" / "new-file").exists()

    removed = _run(bundle / "install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    left = _files(home) - before
    # Only empty folders remain (and the desktop database's cache, if the tool is here).
    assert all((home / name).is_dir() or name.endswith("mimeinfo.cache") for name in left), left
    assert (user_data / "history.sqlite3").read_bytes() == b"the user's conversations"


def test_the_checkout_script_finds_the_built_bundle(tmp_path: Path, isolated_home: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "packaging").mkdir(parents=True)
    shutil.copy2(PACKAGING / "install.sh", checkout / "packaging" / "install.sh")
    home = isolated_home  # HOME and the XDG folders of this test, under tmp_path
    missing = _run(checkout / "packaging" / "install.sh", home)
    assert missing.returncode == 1
    assert "python packaging/build.py" in missing.stderr
    bundle = _fake_bundle(tmp_path)
    shutil.move(bundle.parent, checkout / "dist")
    result = _run(checkout / "packaging" / "install.sh", home)
    assert result.returncode == 0, result.stderr
    assert (home / ".local" / "bin" / "dynaspark-desktop").is_symlink()


def test_uninstall_leaves_a_launcher_that_is_not_ours(tmp_path: Path, isolated_home: Path) -> None:
    home = isolated_home
    (home / ".local" / "bin").mkdir(parents=True)
    other = home / ".local" / "bin" / "dynaspark-desktop"
    other.write_text("#!/bin/sh\n# the pip-installed app\n")
    bundle = _fake_bundle(tmp_path)
    assert _run(bundle / "install.sh", home, "--uninstall").returncode == 0
    assert other.read_text().endswith("# the pip-installed app\n")
