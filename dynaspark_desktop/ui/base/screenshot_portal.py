"""A screenshot through the XDG desktop portal (``org.freedesktop.portal.Screenshot``), the
way a Wayland session lets an application see the screen: the compositor shows its own
picker (``interactive``), the user chooses a region or cancels, and the portal answers with
a file.

The portal's protocol: ``Screenshot(parent_window, options)`` returns at once with the path
of a Request object; the answer comes later as that object's ``Response(code, results)``
signal (0: done, ``results["uri"]`` names the file; 1: cancelled; 2: failed). The path is
known before the call (``.../request/<our bus name>/<handle_token>``), so we listen before
asking and cannot miss a quick answer. Nothing here blocks: the call is asynchronous, the
answer a signal, and a timer gives up on a portal that never answers.

Imported (with QtDBus) only when the user asks for a capture on Wayland.
"""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any

from PySide6.QtCore import SLOT, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from dynaspark_desktop.core.i18n import translate

log = logging.getLogger(__name__)

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SCREENSHOT_INTERFACE = "org.freedesktop.portal.Screenshot"
REQUEST_INTERFACE = "org.freedesktop.portal.Request"
# The portal's answer can wait for the user (they choose the region): minutes, not seconds.
ANSWER_LIMIT_SECONDS = 180.0
CALL_LIMIT_MS = 10_000  # the call itself returns at once from a working portal
_NO_PORTAL_ERRORS = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.UnknownMethod",
        "org.freedesktop.DBus.Error.UnknownInterface",
        "org.freedesktop.DBus.Error.UnknownObject",
    }
)
_RESPONSE_SLOT = SLOT("_response(uint,QVariantMap)")


def session_bus() -> QDBusConnection:
    """The session bus named by ``DBUS_SESSION_BUS_ADDRESS`` now (Qt's own ``sessionBus()``
    is fixed at its first use), or Qt's default one when the variable is unset."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return QDBusConnection.sessionBus()
    return QDBusConnection.connectToBus(address, f"dynaspark-portal {address}")


class PortalScreenshot(QObject):
    """One screenshot asked of the portal: ``captured`` with a local file's path, or
    ``failed`` with a sentence for the user (``cancelled`` True when the user said no)."""

    captured = Signal(str)
    failed = Signal(str, bool)

    def __init__(
        self, parent: QObject | None = None, *, answer_limit: float = ANSWER_LIMIT_SECONDS
    ) -> None:
        super().__init__(parent)
        self._bus: QDBusConnection | None = None
        self._handles: list[str] = []
        self._watcher: QDBusPendingCallWatcher | None = None
        self._answer_timer = QTimer(self)
        self._answer_timer.setSingleShot(True)
        self._answer_timer.setInterval(round(answer_limit * 1000))
        self._answer_timer.timeout.connect(self._no_answer)

    @property
    def waiting(self) -> bool:
        return self._bus is not None

    def start(self) -> None:
        """Ask the portal; the answer comes as ``captured`` or ``failed``, never at once."""
        bus = session_bus()
        if not bus.isConnected():
            log.warning(
                "No D-Bus session bus for the screenshot portal: %s", bus.lastError().message()
            )
            self._fail_later(
                translate(
                    "ScreenCapture",
                    "The screen cannot be captured: this session has no D-Bus session bus, "
                    "through which Wayland lets applications take screenshots.",
                )
            )
            return
        self._bus = bus
        token = "dynaspark_" + secrets.token_hex(8)
        sender = bus.baseService().removeprefix(":").replace(".", "_")
        self._listen(f"{PORTAL_PATH}/request/{sender}/{token}")
        call = QDBusMessage.createMethodCall(
            PORTAL_SERVICE, PORTAL_PATH, SCREENSHOT_INTERFACE, "Screenshot"
        )
        # The window is hidden while the user chooses, so it is no parent: "".
        call.setArguments(["", {"handle_token": token, "interactive": True}])
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(call, CALL_LIMIT_MS), self)
        self._watcher.finished.connect(self._called)
        self._answer_timer.start()

    def abandon(self) -> None:
        """Stop waiting, and ask the portal to close its picker."""
        bus, handles = self._bus, list(self._handles)
        self._finish()
        for handle in handles if bus is not None else []:
            bus.send(
                QDBusMessage.createMethodCall(PORTAL_SERVICE, handle, REQUEST_INTERFACE, "Close")
            )

    # -- the portal's answers ----------------------------------------------------------------

    def _listen(self, handle: str) -> None:
        assert self._bus is not None
        # Any sender: naming the portal's service would make Qt look its owner up, blocking.
        if self._bus.connect("", handle, REQUEST_INTERFACE, "Response", self, _RESPONSE_SLOT):
            self._handles.append(handle)
        else:
            log.warning("Could not listen for the portal's answer on %s", handle)

    def _called(self, watcher: QDBusPendingCallWatcher) -> None:
        watcher.deleteLater()
        if watcher is not self._watcher:
            return
        self._watcher = None
        if watcher.isError():
            error = watcher.error()
            log.warning(
                "The screenshot portal refused the call: %s: %s", error.name(), error.message()
            )
            if error.name() in _NO_PORTAL_ERRORS:
                text = translate(
                    "ScreenCapture",
                    "The screen cannot be captured: no desktop portal for screenshots answers "
                    "in this session (install xdg-desktop-portal and your desktop's portal "
                    "back-end).",
                )
            else:
                text = translate(
                    "ScreenCapture", "The desktop portal could not take the screenshot."
                )
            self._fail(text)
            return
        arguments = watcher.reply().arguments()
        handle = arguments[0].path() if arguments and hasattr(arguments[0], "path") else ""
        if handle and handle not in self._handles:
            self._listen(handle)  # an older portal ignores handle_token: listen where it says

    @Slot("uint", "QVariantMap")
    def _response(self, code: int, results: dict[str, Any]) -> None:
        if self._bus is None:
            return  # a late answer, after giving up
        log.info("The screenshot portal answered %s", code)
        if code == 1:
            self._fail(
                translate("ScreenCapture", "The screenshot was cancelled; nothing was attached."),
                cancelled=True,
            )
            return
        uri = str(results.get("uri", "")) if code == 0 else ""
        url = QUrl(uri)
        if not url.isLocalFile():
            if code == 0:
                log.warning("The screenshot portal answered with no local file: %r", uri[:200])
            self._fail(
                translate("ScreenCapture", "The desktop portal could not take the screenshot.")
            )
            return
        self._finish()
        self.captured.emit(url.toLocalFile())

    def _no_answer(self) -> None:
        log.warning("The screenshot portal did not answer in time")
        self.abandon()
        self.failed.emit(
            translate(
                "ScreenCapture",
                "The desktop portal did not answer in time; the screen was not captured.",
            ),
            False,
        )

    def _fail(self, text: str, *, cancelled: bool = False) -> None:
        self._finish()
        self.failed.emit(text, cancelled)

    def _fail_later(self, text: str) -> None:
        # Never at once: whoever called start() connects and updates its state first.
        QTimer.singleShot(0, self, lambda: self.failed.emit(text, False))

    def _finish(self) -> None:
        self._answer_timer.stop()
        if self._bus is not None:
            for handle in self._handles:
                self._bus.disconnect(
                    "", handle, REQUEST_INTERFACE, "Response", self, _RESPONSE_SLOT
                )
        self._bus = None
        self._handles.clear()
        self._watcher = None
