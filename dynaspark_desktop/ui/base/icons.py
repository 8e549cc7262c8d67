"""The app's icons: PNG files drawn by ``packaging/render_icons.py`` and loaded here.

Loading a PNG is cheap and, unlike painting with QPen at start-up, does not make PySide6
build the enums of the whole ``Qt`` namespace before the window's first paint.
"""

from __future__ import annotations

import weakref
from functools import cache
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QIcon, QImage, QPixmap

from dynaspark_desktop.ui.base.style import is_dark

ICON_FOLDER = Path(__file__).resolve().parent / "icons"
ICON_NAMES = (
    "app",
    "attach",
    "blank",
    "close",
    "image",
    "menu",
    "new_chat",
    "pin",
    "refresh",
    "search",
    "send",
    "sidebar",
    "stop",
)


# The grey icons, drawn a second time in the dark scheme's lighter grey as <name>_dark.png.
THEMED_NAMES = (
    "attach",
    "close",
    "image",
    "menu",
    "new_chat",
    "pin",
    "refresh",
    "search",
    "sidebar",
)


class _HasIcon(Protocol):
    def setIcon(self, icon: QIcon, /) -> None: ...


# What shows a themed icon, and which: given the other scheme's drawing on a change.
_shown: weakref.WeakKeyDictionary[_HasIcon, str] = weakref.WeakKeyDictionary()


def icon(name: str) -> QIcon:
    """The icon called ``name``, in the scheme in use (call only after QApplication exists)."""
    if name not in ICON_NAMES:
        raise KeyError(name)
    return _loaded(f"{name}_dark" if name in THEMED_NAMES and is_dark() else name)


def set_icon(target: _HasIcon, name: str) -> None:
    """Give ``target`` (a button, an action) the icon ``name``, redrawn when the scheme changes."""
    target.setIcon(icon(name))
    _shown[target] = name


def refresh_icons() -> None:
    """The scheme changed: every icon set with :func:`set_icon` in the scheme now in use."""
    for target, name in list(_shown.items()):
        try:
            target.setIcon(icon(name))
        except RuntimeError:  # its widget was deleted
            _shown.pop(target, None)


@cache
def _loaded(file_stem: str) -> QIcon:
    # The format named: without it Qt's image reader loads every image-format plugin (JPEG,
    # TIFF, WebP, SVG...: ~1.3 MB of RSS) to ask each whether it reads these bytes.
    image = QImage.fromData((ICON_FOLDER / f"{file_stem}.png").read_bytes(), "PNG")
    return QIcon(QPixmap.fromImage(image))
