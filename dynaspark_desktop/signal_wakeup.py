"""Python's signal handlers, run while Qt's event loop sleeps, with no timer.

Python runs a signal's handler only when the main thread next runs Python code. While Qt's
event loop waits in C++ it runs none, so Ctrl+C or a SIGTERM would wait for the next event.
Where asyncio's ``loop.add_signal_handler`` is missing (Windows: qasync's loop raises
NotImplementedError) a 250 ms timer used to wake the loop, four times a second, forever.

Instead, Python writes each signal's number to a socket (``signal.set_wakeup_fd``) and a
``QSocketNotifier`` on the other end of the pair wakes the event loop; its slot runs Python,
which runs the pending handlers first. At rest nothing wakes. Sockets, not a pipe: on
Windows the wake-up fd must be a socket, and Qt watches sockets there.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable, Iterable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

_Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class SignalWakeup(QObject):
    """Calls ``handler`` on the UI thread for each of ``signal_numbers`` it receives, waking
    the Qt event loop for it. Make and :meth:`close` it on the main thread."""

    def __init__(
        self,
        signal_numbers: Iterable[int],
        handler: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)  # a full buffer must not block the signal handler
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers: dict[int, _Handler] = {}
        for number in signal_numbers:
            self._previous_handlers[number] = signal.signal(number, lambda *_: handler())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        # A plain function: it only has to run for Python to run the pending handlers.
        reader = self._reader
        self._notifier.activated.connect(lambda *_: _drain(reader))
        self._closed = False

    def close(self) -> None:
        """Give the signals and the wake-up fd back as they were."""
        if self._closed:
            return
        self._closed = True
        self._notifier.setEnabled(False)
        for number, previous in self._previous_handlers.items():
            signal.signal(number, previous if previous is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _drain(reader: socket.socket) -> None:
    """Read the signal numbers written (their handlers have run by now)."""
    try:
        while reader.recv(64):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    except OSError as error:  # closed meanwhile
        log.debug("Signal wake-up socket: %s", error)
