"""The app's icons: PNG files drawn by ``packaging/render_icons.py`` and loaded here.

Loading a PNG is cheap and, unlike painting with QPen at start-up, does not make PySide6
build the enums of the whole ``Qt`` namespace before the window's first paint.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon, QImage, QPixmap

ICON_FOLDER = Path(__file__).resolve().parent / "icons"
ICON_NAMES = (
    "app",
    "attach",
    "blank",
    "close",
    "image",
    "image_light",
    "menu",
    "new_chat",
    "pin",
    "refresh",
    "search",
    "send",
    "sidebar",
    "stop",
)


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (cached; call only after QApplication exists)."""
    if name not in ICON_NAMES:
        raise KeyError(name)
    image = QImage.fromData((ICON_FOLDER / f"{name}.png").read_bytes())
    return QIcon(QPixmap.fromImage(image))
