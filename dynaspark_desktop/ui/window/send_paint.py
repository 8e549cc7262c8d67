"""One paint for a sent message: the emptied composer, the new question and, when they come
within a frame or so, the answer's first words.

Pressing Send changes the window in steps a few milliseconds apart: the composer empties at
once, the question's widget is built once its request has left (``Transcript.add_turn``),
and a local model's first words follow a couple of milliseconds later. Painted as they
come, that is two or three passes over the transcript and the composer, each holding up the
next step (the first words wait for the question's paint), and a frame could show the
composer emptied with the question not yet in the conversation. So the window does not
repaint from Send until the first words are shown, the turn changes (it failed, say), or
``HOLD_LIMIT_MS`` passed; then it paints once. A slow server's question is still on screen
within two frames of the key press.

How: Qt repaints a window when its ``UpdateRequest`` event arrives, and posts that event
once for everything marked dirty since the last paint. While holding, that event is kept
back; the release sends it, at once. The pass then paints exactly what changed. (Turning
updates off for the transcript and the composer instead, as this did first, repainted all
of both on release, and let a change inside them, such as the Send button giving way to
Stop, still paint the window's background over them for a frame.)

Work that changes what the window shows but can wait a frame (the sidebar's "generating"
mark) is kept out of that paint: ``after_held_paint`` runs it once the paint is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

HOLD_LIMIT_MS = 24


class SendPaint(QObject):
    """Holds the repaints of ``window`` from a new turn until it can show its first words."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._holding = False
        self._held_request = False
        # The update request the release posted has not reached the window yet.
        self._releasing = False
        self._after: list[Callable[[], None]] = []  # to run once the held paint is done
        self._limit = QTimer(self, singleShot=True, interval=HOLD_LIMIT_MS)
        self._limit.timeout.connect(self.release)

    @property
    def holding(self) -> bool:
        return self._holding

    def hold(self) -> None:
        """A turn was added: hold the window's repaints until :meth:`release`, or the limit."""
        if not self._holding:
            self._holding = True
            # A filter only while holding (and until the paint it ends with): every event the
            # window gets would otherwise pass through Python.
            if not self._releasing:
                self._window.installEventFilter(self)
        self._limit.start()

    def after_held_paint(self, work: Callable[[], None]) -> None:
        """Run ``work`` now; or, while a send's paint is held, once that paint is done (so
        that what ``work`` changes is painted in the frame after it, not in it)."""
        if not self._holding and not self._releasing:
            work()
        else:
            self._after.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest:
            return False
        if self._holding:
            self._held_request = True
            return True  # kept back; ``release`` asks again
        if self._releasing:
            # The paint the hold ends with: the window does it once this returns; what waits
            # for it runs after (a zero timer fires once this event is handled).
            self._releasing = False
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run_after)
        return False

    def release(self) -> None:
        """Paint what was held back, once. Called after the transcript has shown the turn's
        first words or its change, so that this one paint shows them."""
        if not self._holding:
            return
        self._holding = False
        self._limit.stop()
        if self._held_request:
            self._held_request = False
            self._releasing = True  # the filter stays until this request reaches the window
            # Qt posts one update request until it has painted; this is the one it posted,
            # sent now rather than posted: an answer that arrives whole (every piece in one
            # read) would otherwise be read to its end, the turn finished and saved, before
            # the loop came back to paint its first words. The layouts waiting to be done
            # first, as they would have been before a posted request.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.sendEvent(self._window, QEvent(QEvent.Type.UpdateRequest))
        else:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run_after)

    def _run_after(self) -> None:
        if self._holding or self._releasing:
            return  # held again meanwhile: after that paint
        work, self._after = self._after, []
        for step in work:
            step()
