"""Ask about the screen: the window steps aside, the user chooses a region of the screen, and
the region is attached to the message as a dropped image is; the window comes back with the
message box focused (what was typed is untouched throughout).

Two routes (``ui/base/screen_capture.py``): Qt's screen grab, frozen on a full-screen overlay
where the user drags a rectangle (``ui/widgets/region_overlay.py``), or on Wayland the desktop
portal, whose own picker chooses (``ui/base/screenshot_portal.py``, over D-Bus). Where there
is neither, or the capture fails or is cancelled, the window says so. All of it is imported
when the user first asks, and nothing runs in between.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.screen_capture import (
    CaptureRoute,
    CaptureUnavailable,
    current_route,
    grab_screen,
    unavailable_message,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QScreen

    from dynaspark_desktop.ui.base.screenshot_portal import PortalScreenshot
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.widgets.composer import Composer
    from dynaspark_desktop.ui.widgets.region_overlay import RegionOverlay
    from dynaspark_desktop.ui.window.attach_actions import AttachActions

log = logging.getLogger(__name__)

# How long the hidden window is given to leave the screen (a compositor may fade it out)
# before the screen is read: it must not be in the picture.
HIDE_SETTLE_MS = 300


class AskingWindow(Protocol):
    """What the flow needs of the main window (a QWidget; named so, not imported: the main
    window's keys import this module)."""

    attachments: AttachmentController
    attach_actions: AttachActions
    composer: Composer

    def attach_path(self, path: str) -> None: ...

    def screen(self) -> QScreen: ...

    def hide(self) -> None: ...

    def show(self) -> None: ...

    def activateWindow(self) -> None: ...

    def findChild(self, type: type[QObject], name: str = "") -> QObject | None: ...


def ask_about_screen(window: AskingWindow) -> None:
    """What the "Ask about the screen" shortcut and menu entry do."""
    question = window.findChild(ScreenQuestion, "screenQuestion")
    if not isinstance(question, ScreenQuestion):
        question = ScreenQuestion(window)
    question.start()


def screen_region_filename(now: float | None = None) -> str:
    stamp = time.strftime("%Y-%m-%d %H.%M.%S", time.localtime(now))
    return translate("ScreenQuestion", "Screen region {time}").format(time=stamp) + ".png"


class ScreenQuestion(QObject):
    def __init__(self, window: AskingWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # a QWidget
        self.setObjectName("screenQuestion")
        self._window = window
        self._screen: QScreen | None = None
        self.overlay: RegionOverlay | None = None  # while the user chooses (grab route)
        self.portal: PortalScreenshot | None = None  # while the portal is asked
        self.busy = False

    def start(self) -> None:
        if self.busy:
            return
        if self._window.attachments.refuse_if_full():
            return  # the message has all the images it takes: told why, before the window hides
        route = current_route()
        if route is CaptureRoute.NONE:
            from PySide6.QtGui import QGuiApplication

            log.info("No screen capture on Qt platform %s", QGuiApplication.platformName())
            notices.warning(unavailable_message(QGuiApplication.platformName()))
            return
        log.info("Asking about the screen (%s)", route.value)
        self.busy = True
        self._screen = self._window.screen()
        self._window.hide()
        QTimer.singleShot(HIDE_SETTLE_MS, self, partial(self._capture, route))

    def _capture(self, route: CaptureRoute) -> None:
        if route is CaptureRoute.GRAB:
            self._grab()
        else:
            self._ask_portal()

    # -- Qt's grab, chosen on the overlay ------------------------------------------------------

    def _grab(self) -> None:
        from dynaspark_desktop.ui.widgets.region_overlay import RegionOverlay

        screen = self._screen or self._window.screen()
        try:
            frozen = grab_screen(screen)
        except CaptureUnavailable as refusal:
            log.warning("The screen grab failed")
            self._come_back()
            notices.warning(str(refusal))
            return
        overlay = RegionOverlay(screen, frozen)
        overlay.regionChosen.connect(self._region_chosen)
        overlay.cancelled.connect(self._cancelled)
        self.overlay = overlay
        overlay.open()

    def _region_chosen(self, image: QImage) -> None:
        from dynaspark_desktop.ui.base.image_intake import ImageOffer

        self.overlay = None
        log.info("A screen region of %dx%d was chosen", image.width(), image.height())
        self._come_back()
        # As a dropped image: encoded, checked and prepared in the attachments' thread.
        self._window.attach_actions.offer_image(
            ImageOffer(qimage=image, filename=screen_region_filename())
        )

    def _cancelled(self) -> None:
        self.overlay = None
        self._come_back()
        notices.info(
            translate("ScreenQuestion", "The screen capture was cancelled; nothing was attached.")
        )

    # -- the desktop portal ------------------------------------------------------------------

    def _ask_portal(self) -> None:
        from dynaspark_desktop.ui.base.screenshot_portal import PortalScreenshot

        portal = PortalScreenshot(self)
        portal.captured.connect(self._portal_captured)
        portal.failed.connect(self._portal_failed)
        self.portal = portal
        portal.start()

    def _portal_captured(self, path: str) -> None:
        self._drop_portal()
        self._come_back()
        self._window.attach_path(path)  # as a chosen file: read and prepared in the thread

    def _portal_failed(self, text: str, cancelled: bool) -> None:
        self._drop_portal()
        self._come_back()
        if cancelled:
            notices.info(text)
        else:
            notices.warning(text)

    def _drop_portal(self) -> None:
        if self.portal is not None:
            self.portal.deleteLater()
            self.portal = None

    # -- back to the window --------------------------------------------------------------------

    def _come_back(self) -> None:
        from PySide6.QtCore import Qt

        self.busy = False
        window = self._window
        window.show()  # shown again on top: no raise_() (which Wayland does not allow)
        window.activateWindow()
        window.composer.setFocus(Qt.FocusReason.OtherFocusReason)
