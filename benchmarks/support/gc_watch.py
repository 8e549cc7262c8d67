"""Which UI-thread gaps a garbage collection caused: every collection's generation and its
start and end (``gc.callbacks``), to set beside the gaps between a TickRecorder's ticks."""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Collection:
    generation: int
    started: float  # perf_counter seconds
    ended: float
    on_ui_thread: bool

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


class GcWatch:
    """Records every collection while started (in any thread; most run on the UI thread)."""

    def __init__(self) -> None:
        self.collections: list[Collection] = []
        self._started: dict[int, float] = {}
        self._ui_thread = threading.get_ident()

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        now = time.perf_counter()
        thread = threading.get_ident()
        if phase == "start":
            self._started[thread] = now
        elif (began := self._started.pop(thread, None)) is not None:
            self.collections.append(
                Collection(info["generation"], began, now, thread == self._ui_thread)
            )

    def start(self) -> None:
        self.collections = []
        gc.callbacks.append(self._callback)

    def stop(self) -> list[Collection]:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
        return self.collections


def collections_within(
    collections: list[Collection], earlier: float, later: float
) -> list[Collection]:
    """The collections that ran (at least partly) between two ticks."""
    return [c for c in collections if c.ended > earlier and c.started < later]
