"""The Qt app and the qasync event loop one :class:`~dynaspark_desktop.app.DesktopApp` lives
in: built after the window has painted, woken by signals, ended by a clean quit.

``launch`` runs :func:`run` once this process holds the data folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dynaspark_desktop import APP_ID, APP_NAME, DESKTOP_ID, __version__
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.error_hooks import install_error_handlers
from dynaspark_desktop.options import Options

if TYPE_CHECKING:
    # asyncio and qasync load only after the window has painted (see run()).
    import asyncio

    from dynaspark_desktop.core.logs import DeferredRotatingFileHandler
    from dynaspark_desktop.core.single_instance import DataFolderClaim
    from dynaspark_desktop.signal_wakeup import SignalWakeup

log = logging.getLogger(__name__)

# Set by the start-up benchmark: print a line at the first paint of the window, then quit.
STARTUP_PROBE_VARIABLE = "DYNASPARK_STARTUP_PROBE"


def _install_signal_handlers(
    desktop: DesktopApp, loop: asyncio.AbstractEventLoop
) -> SignalWakeup | None:
    """SIGINT and SIGTERM ask the app to quit; returns the wake-up to close at the end, where
    asyncio's own handlers are missing."""
    import signal

    numbers = (signal.SIGINT, signal.SIGTERM)
    try:
        for signal_number in numbers:
            loop.add_signal_handler(signal_number, desktop.request_quit)
        return None
    except (NotImplementedError, RuntimeError, ValueError):
        # Windows: Python's own handlers, the event loop woken through a socket (not a timer).
        from dynaspark_desktop.signal_wakeup import SignalWakeup

        for signal_number in numbers:  # any that was taken: ours handle both
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signal_number)
        return SignalWakeup(numbers, desktop.request_quit)


def _announce_first_paint(desktop: DesktopApp, started: float) -> None:
    """For the start-up benchmark: report the first paint of the window, then quit."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                # The CPU time of the whole process so far (interpreter and imports too):
                # on a busy machine it stretches far less than the wall time.
                elapsed, cpu = time.perf_counter() - started, time.process_time()
                print(f"first-paint {elapsed:.4f} cpu {cpu:.4f}", flush=True)
                QTimer.singleShot(0, desktop.request_quit)
            return False

    probe = FirstPaint(desktop.window)
    desktop.window.installEventFilter(probe)


def run(
    options: Options,
    claim: DataFolderClaim | None,
    claim_problem: str | None,
    log_handler: DeferredRotatingFileHandler | None = None,
) -> int:
    """Run the app on ``options.data_dir`` (held by ``claim``, if the guard could be taken)
    until it quits; returns the exit status. A failure while it is built is raised (launch
    logs it and tells the user)."""
    started = time.perf_counter()  # the start-up probe's clock (the imports are behind us)
    QApplication.setApplicationName(APP_ID)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setOrganizationName("Dynaspark")
    QApplication.setApplicationVersion(__version__)
    # Wayland's app id and the desktop entry the window belongs to (its icon, its name).
    QApplication.setDesktopFileName(DESKTOP_ID)
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qt_app, QApplication)
    # Closing the window asks the app to quit; the app quits after its async clean-up.
    qt_app.setQuitOnLastWindowClosed(False)

    desktop = DesktopApp(options, log_handler=log_handler)
    desktop.instance = claim
    if claim_problem is not None:
        log.warning("Running without the one-app-per-data-folder guard: %s", claim_problem)
    if os.environ.get(STARTUP_PROBE_VARIABLE):
        _announce_first_paint(desktop, started)
    # Show and paint the window first: asyncio and qasync take ~25 ms to import, and the
    # user should see the window rather than wait for the machinery behind it.
    desktop.window.show()
    qt_app.processEvents()

    import asyncio

    import qasync

    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    install_error_handlers(desktop, loop)
    signal_wakeup = _install_signal_handlers(desktop, loop)
    # Something outside the app (session logout) may quit Qt directly: treat it as a request.
    qt_app.aboutToQuit.connect(desktop.request_quit)
    try:
        loop.run_until_complete(desktop.run())
    except RuntimeError as error:
        # Qt's loop was ended from outside before our clean-up ran: run it now.
        log.warning("Event loop stopped early (%s); finishing shutdown", error)
        loop.run_until_complete(desktop.shutdown())
    finally:
        if signal_wakeup is not None:
            signal_wakeup.close()
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)
        if claim is not None:
            claim.release()  # last: the history is closed, a new launch may open it
    return 0
