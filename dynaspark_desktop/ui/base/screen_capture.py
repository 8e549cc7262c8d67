"""Which way the screen can be captured here, and Qt's own screen grab.

Two routes: where the windowing system lets an application read the screen (X11, Windows,
macOS), Qt's ``QScreen.grabWindow(0)`` freezes it and the app lets the user choose a region
of that picture; on Wayland, where it may not, the desktop portal's Screenshot interface
asks the compositor, which lets the user choose (``screenshot_portal.py``). Anywhere else
(the offscreen platform, a framebuffer) there is no screen to read, and the user is told so.

Imported when the user asks for a capture, never at start-up.
"""

from __future__ import annotations

import os
from enum import Enum
from typing import TYPE_CHECKING

from dynaspark_desktop.core.i18n import translate

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtGui import QPixmap, QScreen

# Qt's platforms whose screen grab reads what is on the screen.
_GRABBING_PLATFORMS = frozenset({"xcb", "windows", "cocoa"})


class CaptureRoute(Enum):
    GRAB = "grab"  # Qt's screen grab, the region chosen on our overlay
    PORTAL = "portal"  # the desktop portal's Screenshot, the region chosen by the compositor
    NONE = "none"  # no way to read the screen here


class CaptureUnavailable(Exception):
    """The screen cannot be captured; the message says why, for the user."""


def capture_route(platform_name: str, environment: Mapping[str, str]) -> CaptureRoute:
    """The route for Qt's platform ``platform_name`` (``QGuiApplication.platformName()``)
    in a session described by ``environment``. A Wayland session goes through the portal even
    when the app runs on XWayland: there, X11's grab sees only the app's own windows."""
    if platform_name == "wayland" or environment.get("XDG_SESSION_TYPE") == "wayland":
        return CaptureRoute.PORTAL
    if platform_name in _GRABBING_PLATFORMS:
        return CaptureRoute.GRAB
    return CaptureRoute.NONE


def current_route() -> CaptureRoute:
    from PySide6.QtGui import QGuiApplication

    return capture_route(QGuiApplication.platformName(), os.environ)


def unavailable_message(platform_name: str) -> str:
    return translate(
        "ScreenCapture",
        "The screen cannot be captured here: the app is not showing on a desktop it can read "
        "(Qt platform “{platform}”). Take a screenshot with the system's tool and drop it on "
        "the window instead.",
    ).format(platform=platform_name)


def grab_screen(screen: QScreen) -> QPixmap:
    """What ``screen`` shows now, in device pixels; raises :class:`CaptureUnavailable`."""
    pixmap = screen.grabWindow(0)
    if pixmap.isNull() or pixmap.width() == 0 or pixmap.height() == 0:
        raise CaptureUnavailable(
            translate(
                "ScreenCapture",
                "The screen could not be read: the system refused the capture. Take a "
                "screenshot with the system's tool and drop it on the window instead.",
            )
        )
    return pixmap
