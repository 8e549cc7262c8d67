"""Watching the UI thread: a 5 ms precise timer that stamps every tick (the gaps between
ticks are how long the thread could not react), and awaiting a Qt signal's next emission."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer

TICK_MS = 5


class TickRecorder:
    """A 5 ms precise timer on the UI thread; every tick's perf_counter time is kept."""

    def __init__(self) -> None:
        self._timer = QTimer()
        # PreciseTimer: the default CoarseTimer may fire up to 5 % late by design, which would
        # show up as gaps that are Qt's choice rather than a busy thread.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.ticks: list[float] = []

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        # The time of stopping closes the last interval: a stall right at the end counts too.
        self.ticks.append(time.perf_counter())
        return self.ticks


def next_emission(
    signal: Any, accept: Callable[..., bool] = lambda *_: True
) -> asyncio.Future[Any]:
    """A future for the next emission of a Qt signal whose arguments satisfy ``accept``."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def handler(*arguments: Any) -> None:
        if not future.done() and accept(*arguments):
            future.set_result(arguments)

    signal.connect(handler)
    future.add_done_callback(lambda _future: signal.disconnect(handler))
    return future
