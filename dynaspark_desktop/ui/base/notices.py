"""Notices: how any part of the app tells the user something, without knowing the window.

A controller, the navigator or the app calls :func:`info`, :func:`warning`, :func:`error`
or :func:`progress`; the window's notice bar shows it. In the spirit of qutebrowser's
``message`` module: one bridge per app, reached through this module, that keeps what it is
told until the window listens (a problem found during start-up, before the window exists,
is shown once it does) and then hands each notice on, in order.

The bridge is a QObject with signals, so delivery is always on the UI thread: a notice
posted from a worker thread crosses to the bridge's thread (the UI thread's) through Qt's
queued connection; one posted on the UI thread is delivered at once, before the call
returns.

A progress notice (something under way, e.g. an import with its Cancel button) lasts
until its owner ends it with :func:`end`. Another notice may take its place on the bar for
a while: once that one goes (dismissed, timed out, made stale by a send), the progress
notice is shown again, with its action, for as long as it runs. A progress notice the user
dismisses, or whose action is pressed, is not shown again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

log = logging.getLogger(__name__)

Level = Literal["info", "warning", "error", "progress"]
# What is kept for a window that has not listened yet. One window, in one start-up, has a
# handful; the cap keeps a window that never comes (a test, a failed start) from growing it.
MAX_WAITING = 100


@dataclass(frozen=True, eq=False)
class Notice:
    """One thing to tell the user. Compared by identity: the same words said twice are
    two notices.

    ``level``: info fades after a while; progress, warning and error stay until dismissed
    or replaced. ``action``: a button's label and what it does. ``sticky``: stays when the
    user sends a message (progress notices always do).
    """

    text: str
    level: Level = "info"
    action: tuple[str, Callable[[], None]] | None = None
    sticky: bool = False


class NoticeBridge(QObject):
    """Hands notices to the window's bar; keeps them while no window listens.

    The window connects ``posted`` (show this notice now) and ``withdrawn`` (this notice
    ended: hide it if it is still shown), reports with :meth:`notice_closed` each notice
    its bar stops showing, and then calls :meth:`listen`, once.
    """

    # A Notice to show now.
    posted = Signal(object)
    # A Notice that no longer applies (see end()): if the bar still shows it, it goes.
    withdrawn = Signal(object)
    # From any thread to the bridge's (the UI thread): see post().
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._listening = False
        self._waiting: list[Notice] = []
        self._progress: Notice | None = None  # the progress notice still under way
        # Auto connection: direct on the bridge's own thread, queued from any other.
        self._arrived.connect(self._deliver)

    @property
    def listening(self) -> bool:
        return self._listening

    def post(self, notice: Notice) -> Notice:
        """Show ``notice`` (now, or once the window listens). Safe from any thread."""
        self._arrived.emit(notice)
        return notice

    def end(self, notice: Notice) -> None:
        """``notice`` no longer applies (the work behind a progress notice is over, what a
        warning said is put right): it goes from the bar if still there, and a progress
        notice is not shown again. Call on the UI thread."""
        if self._progress is notice:
            self._progress = None
        if notice in self._waiting:
            self._waiting.remove(notice)
        elif self._listening:
            self.withdrawn.emit(notice)

    def listen(self, view: QObject) -> None:
        """``view`` (the window's bar) has connected its slots: deliver what waited, in
        order, then every new notice, until ``view`` is destroyed."""
        self._listening = True
        view.destroyed.connect(self._stop_listening)
        waiting, self._waiting = self._waiting, []
        for notice in waiting:
            self.posted.emit(notice)

    def notice_closed(self, notice: Notice) -> None:
        """The bar stopped showing ``notice`` (dismissed, timed out, its action pressed,
        hidden as stale); not called when a newer notice simply takes its place."""
        if notice is self._progress:
            self._progress = None  # the user closed it, or pressed its action
        elif self._progress is not None and self._listening:
            self.posted.emit(self._progress)  # what is still under way comes back

    def _deliver(self, notice: Notice) -> None:
        if notice.level == "progress":
            self._progress = notice
        if self._listening:
            self.posted.emit(notice)
            return
        self._waiting.append(notice)
        if len(self._waiting) > MAX_WAITING:
            dropped = self._waiting.pop(0)
            log.info("No window to show a notice; dropped: %s", dropped.text)

    def _stop_listening(self) -> None:
        self._listening = False


_bridge: NoticeBridge | None = None


def bridge() -> NoticeBridge:
    """The app's one bridge (made on first use, on the UI thread's side)."""
    global _bridge
    if _bridge is None:
        made = NoticeBridge()
        application = QCoreApplication.instance()
        if application is not None and QThread.currentThread() is not application.thread():
            made.moveToThread(application.thread())  # first told from a worker thread
        _bridge = made
    return _bridge


def reset() -> None:
    """A new app begins (one per process, several in the tests): a fresh bridge, so that
    nothing an earlier app said or left waiting reaches its window."""
    global _bridge
    if _bridge is not None and _bridge._waiting:
        log.info("Notices no window showed: %s", [notice.text for notice in _bridge._waiting])
    _bridge = None


def info(
    text: str, *, action: tuple[str, Callable[[], None]] | None = None, sticky: bool = False
) -> Notice:
    """Something happened, worth a glance: the notice fades after a while."""
    return bridge().post(Notice(text, "info", action, sticky))


def warning(
    text: str, *, action: tuple[str, Callable[[], None]] | None = None, sticky: bool = False
) -> Notice:
    """Something did not work, or needs the user: the notice stays until dismissed."""
    return bridge().post(Notice(text, "warning", action, sticky))


def error(
    text: str, *, action: tuple[str, Callable[[], None]] | None = None, sticky: bool = False
) -> Notice:
    """Something failed badly (the app itself, its data folder): stays until dismissed."""
    return bridge().post(Notice(text, "error", action, sticky))


def progress(text: str, *, action: tuple[str, Callable[[], None]] | None = None) -> Notice:
    """Something under way (with e.g. a Cancel ``action``): shown until :func:`end` is
    called with the notice returned, and shown again when another notice goes first."""
    return bridge().post(Notice(text, "progress", action, sticky=True))


def end(notice: Notice) -> None:
    """``notice`` no longer applies, e.g. the work behind a progress notice is over (see
    :meth:`NoticeBridge.end`)."""
    bridge().end(notice)
