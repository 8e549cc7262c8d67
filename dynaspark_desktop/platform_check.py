"""Before Qt starts on Linux: are the system libraries its display plugin needs there?

Qt's wheel (and so the bundle) brings Qt itself, but its X11 plugin loads a dozen XCB
libraries from the system. On a slim machine one is often missing (``libxcb-cursor0`` since
Qt 6.5), and Qt only says "Could not load the Qt platform plugin "xcb"" and aborts. This
module tries to load each library the way Qt will (``dlopen`` by its soname; it costs
nothing, Qt loads them all a moment later anyway) and, if one is missing, says which package
to install on Debian/Ubuntu, Fedora and Arch.

The check runs only where Qt would use X11: ``QT_QPA_PLATFORM`` is ``xcb``, or it is unset
on a display that is not a Wayland session. The libraries every platform needs (OpenGL,
fonts, keyboard maps) are checked always.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Package:
    debian: str
    fedora: str
    arch: str


# What Qt's GUI module needs on every platform (offscreen included): soname -> packages.
GUI_LIBRARIES: dict[str, Package] = {
    "libEGL.so.1": Package("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": Package("libgl1", "libglvnd-glx", "libglvnd"),
    "libfontconfig.so.1": Package("libfontconfig1", "fontconfig", "fontconfig"),
    "libxkbcommon.so.0": Package("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libdbus-1.so.3": Package("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": Package("libglib2.0-0", "glib2", "glib2"),
    # Qt is C++: the bundle takes the system's C++ runtime (see packaging/bundle_filter.py).
    "libstdc++.so.6": Package("libstdc++6", "libstdc++", "gcc-libs"),
}

# What Qt's X11 plugin (libqxcb.so and libQt6XcbQpa) loads: its DT_NEEDED entries.
XCB_LIBRARIES: dict[str, Package] = {
    "libxcb.so.1": Package("libxcb1", "libxcb", "libxcb"),
    "libX11.so.6": Package("libx11-6", "libX11", "libx11"),
    "libX11-xcb.so.1": Package("libx11-xcb1", "libX11-xcb", "libx11"),
    "libxkbcommon-x11.so.0": Package("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxcb-cursor.so.0": Package("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": Package("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-image.so.0": Package("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": Package("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": Package(
        "libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"
    ),
    "libxcb-util.so.1": Package("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-randr.so.0": Package("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": Package("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": Package("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": Package("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": Package("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": Package("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": Package("libxcb-xkb1", "libxcb", "libxcb"),
}


def uses_xcb(environment: Mapping[str, str]) -> bool:
    """Whether Qt will start its X11 plugin under this environment."""
    platform = environment.get("QT_QPA_PLATFORM", "").strip()
    if platform:
        return platform.split(":", 1)[0] == "xcb"
    if not environment.get("DISPLAY"):
        return False
    # Qt 6 prefers Wayland in a Wayland session, where DISPLAY is XWayland's.
    wayland_session = environment.get("XDG_SESSION_TYPE") == "wayland"
    return not (wayland_session or environment.get("WAYLAND_DISPLAY"))


def _library_folders(environment: Mapping[str, str]) -> list[str]:
    machine = os.uname().machine
    folders = [f for f in environment.get("LD_LIBRARY_PATH", "").split(":") if f]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        # The one-folder bundle carries some of these libraries itself, beside Python.
        folders += [bundle, f"{bundle}/PySide6/Qt/lib"]
    for prefix in ("/usr/lib", "/lib"):
        folders += [f"{prefix}/{machine}-linux-gnu", f"{prefix}64", prefix]
    return folders


def _loads(soname: str) -> bool:
    """Whether the dynamic loader can load ``soname`` (tried for real: slow, ~1 ms each)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(
    environment: Mapping[str, str] | None = None,
    loads: Callable[[str], bool] = _loads,
    libraries: tuple[Mapping[str, Package], Mapping[str, Package]] = (
        GUI_LIBRARIES,
        XCB_LIBRARIES,
    ),
) -> dict[str, Package]:
    """The libraries Qt will need here and cannot load (soname -> packages); empty when
    all are there, or off Linux."""
    if not sys.platform.startswith("linux"):
        return {}
    environment = os.environ if environment is None else environment
    gui, xcb = libraries
    wanted = dict(gui)
    if uses_xcb(environment):
        wanted.update(xcb)
    # A file in a usual place is enough (a few stat calls, no ctypes import: this runs at
    # every start); only a library not found there is tried with the dynamic loader, which
    # knows every place (ld.so.cache, RUNPATH, Flatpak's /app/lib).
    folders = _library_folders(environment)
    return {
        name: package
        for name, package in wanted.items()
        if not any(os.path.exists(f"{folder}/{name}") for folder in folders) and not loads(name)
    }


def explain(missing: Mapping[str, Package]) -> str:
    """What to tell the user: the missing libraries and the command for each family."""

    def unique(names: list[str]) -> str:
        return " ".join(dict.fromkeys(names))

    packages = list(missing.values())
    return (
        f"Dynaspark Desktop cannot start its window: Qt needs system libraries that are not "
        f"installed ({', '.join(missing)}).\n"
        f"Install them, then start the app again:\n"
        f"  Debian, Ubuntu:  sudo apt install {unique([p.debian for p in packages])}\n"
        f"  Fedora:          sudo dnf install {unique([p.fedora for p in packages])}\n"
        f"  Arch:            sudo pacman -S {unique([p.arch for p in packages])}"
    )


def report_missing_libraries() -> bool:
    """Print what to install when a library is missing; True when the app cannot start."""
    missing = missing_libraries()
    if not missing:
        return False
    print(explain(missing), file=sys.stderr, flush=True)
    return True
