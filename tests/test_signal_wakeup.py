"""Where asyncio has no signal handlers (Windows), a signal still reaches Python while Qt's
event loop sleeps in C++: a socket wakes the loop, and no timer runs meanwhile. Real signals,
sent to this process by another thread while the main thread waits in Qt's loop."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from dynaspark_desktop.signal_wakeup import SignalWakeup

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="needs SIGUSR1")

SAFETY_MS = 10_000  # ends the wait if nothing else does


def _wait_for_signal(signal_number: int, wakeup_for: tuple[int, ...]) -> list[str]:
    """Send ``signal_number`` from another thread while the main thread waits in Qt's event
    loop; returns what ended the wait, in order ("handler", "safety timer")."""
    loop = QEventLoop()
    ended: list[str] = []

    def handled() -> None:
        ended.append("handler")
        loop.quit()

    def safety() -> None:
        ended.append("safety timer")
        loop.quit()

    wakeup = SignalWakeup(wakeup_for, handled)
    safety_timer = QTimer(singleShot=True, interval=SAFETY_MS)
    safety_timer.timeout.connect(safety)
    try:
        safety_timer.start()
        sender = threading.Timer(0.2, os.kill, (os.getpid(), signal_number))
        sender.start()
        loop.exec()
        sender.join()
    finally:
        safety_timer.stop()
        wakeup.close()
    return ended


def test_a_signal_runs_its_handler_while_the_loop_sleeps(qapp: QApplication) -> None:
    ended = _wait_for_signal(signal.SIGUSR1, (signal.SIGUSR1, signal.SIGUSR2))
    # The handler ended the wait: the loop was woken for it. (Unwoken, Python would run it
    # only when the safety timer's slot runs: "handler" then "safety timer".)
    assert ended == ["handler"]


def test_closing_gives_the_wakeup_fd_and_the_handlers_back(qapp: QApplication) -> None:
    fd_before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(fd_before)
    handler_before = signal.getsignal(signal.SIGUSR2)
    wakeup = SignalWakeup((signal.SIGUSR2,), lambda: None)
    ours = wakeup._writer.fileno()
    try:
        assert signal.set_wakeup_fd(ours) == ours  # in place (and left so)
        assert signal.getsignal(signal.SIGUSR2) is not handler_before
        assert wakeup.findChildren(QTimer) == []
    finally:
        wakeup.close()
    assert signal.set_wakeup_fd(fd_before) == fd_before
    assert signal.getsignal(signal.SIGUSR2) is handler_before
