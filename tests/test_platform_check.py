"""Before Qt starts: a system library its display plugin needs is missing, and the app says
which package to install on Debian/Ubuntu, Fedora and Arch instead of Qt's bare message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dynaspark_desktop.platform_check import (
    GUI_LIBRARIES,
    XCB_LIBRARIES,
    Package,
    explain,
    missing_libraries,
    uses_xcb,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's loader")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:dpi=96"}, True),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({}, False),
    ],
)
def test_the_x11_libraries_matter_only_where_qt_will_use_x11(
    environment: dict[str, str], expected: bool
) -> None:
    assert uses_xcb(environment) is expected


@linux_only
def test_a_library_the_loader_cannot_load_is_named_with_its_packages() -> None:
    fake = {"libdynaspark-absent-cursor.so.0": Package("deb-cursor", "rpm-cursor", "arch-cursor")}
    present = {"libpresent.so.1": Package("deb-ok", "rpm-ok", "arch-ok")}
    # Found in no library folder, and the loader (here a stand-in) cannot load it either.
    missing = missing_libraries(
        {"QT_QPA_PLATFORM": "xcb"},
        libraries=({}, {**fake, **present}),
        loads=lambda name: name == "libpresent.so.1",
    )
    assert missing == fake
    # Off X11 the same libraries are not asked for.
    assert missing_libraries({"QT_QPA_PLATFORM": "offscreen"}, libraries=({}, fake)) == {}


@linux_only
def test_nothing_is_missing_where_the_tests_run_offscreen() -> None:
    # The tests run Qt offscreen right here: everything its GUI module needs loads.
    assert missing_libraries({"QT_QPA_PLATFORM": "offscreen"}) == {}


def test_the_message_gives_one_command_per_family_without_repeats() -> None:
    missing = {
        name: XCB_LIBRARIES[name]
        for name in ("libxcb-cursor.so.0", "libxcb-shape.so.0", "libxcb-randr.so.0")
    }
    message = explain(missing)
    assert "libxcb-cursor.so.0" in message
    assert "sudo apt install libxcb-cursor0 libxcb-shape0 libxcb-randr0" in message
    assert "sudo dnf install xcb-util-cursor libxcb\n" in message
    assert message.rstrip().endswith("sudo pacman -S xcb-util-cursor libxcb")


def test_every_library_names_a_package_for_each_family() -> None:
    for name, package in {**GUI_LIBRARIES, **XCB_LIBRARIES}.items():
        assert name.startswith("lib")
        assert ".so." in name
        assert all((package.debian, package.fedora, package.arch)), name


@linux_only
def test_the_app_says_what_to_install_and_exits_before_qt_aborts(tmp_path: Path) -> None:
    # The real launch, on X11, with the plugin's list holding a library no system has.
    script = (
        "import sys\n"
        "from dynaspark_desktop import platform_check\n"
        "platform_check.XCB_LIBRARIES['libdynaspark-fake-missing.so.9'] = platform_check.Package("
        "'fake-deb-package', 'fake-rpm-package', 'fake-arch-package')\n"
        "from dynaspark_desktop.launch import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":99",
        "PYTHONPATH": str(REPO_ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(tmp_path / "data")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "libdynaspark-fake-missing.so.9" in result.stderr
    assert "sudo apt install" in result.stderr
    assert "fake-deb-package" in result.stderr
    assert "sudo dnf install" in result.stderr
    assert "fake-rpm-package" in result.stderr
    assert "sudo pacman -S" in result.stderr
    assert "fake-arch-package" in result.stderr
    # It stopped before Qt: no platform plugin was tried, nothing crashed.
    assert "Could not load the Qt platform plugin" not in result.stderr
    assert "Traceback" not in result.stderr
    # The data folder is free for the next launch.
    assert (tmp_path / "data" / "instance.lock").read_bytes() == b""


@linux_only
def test_a_library_the_bundle_carries_counts_as_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    carried = {"libcarried-by-the-bundle.so.1": Package("deb", "rpm", "arch")}
    (tmp_path / "libcarried-by-the-bundle.so.1").write_bytes(b"")
    environment = {"QT_QPA_PLATFORM": "xcb"}
    assert missing_libraries(environment, libraries=({}, carried)) == carried
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert missing_libraries(environment, libraries=({}, carried)) == {}
