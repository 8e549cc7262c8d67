"""Python's cycle collector, run on the UI thread only.

Automatic collection runs in whichever thread happens to allocate when a threshold is
crossed: the history's worker, the key reader, an executor thread. A Qt object that sits in
a garbage cycle is then destroyed on that thread. Qt cannot stop its timers from there
("QObject::~QObject: Timers cannot be stopped from another thread"), and the next time the
UI thread fires one of them, it touches freed memory and the app crashes. The test suite
crashed exactly this way once the window had more threads and more objects.

So, while the app runs, automatic collection is off and this object does the same work on
the UI thread: it checks the allocation counts a few times a second and collects the
generations Python itself would have collected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 250

# Several apps may run in one process (the tests): automatic collection comes back, if it
# was on before the first one started, when the last one stops.
_active_collectors = 0
_enabled_before = True


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self, interval=CHECK_EVERY_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._running = False

    def start(self) -> None:
        global _active_collectors, _enabled_before
        if self._running:
            return
        self._running = True
        if _active_collectors == 0:
            _enabled_before = gc.isenabled()
        _active_collectors += 1
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        global _active_collectors
        if not self._running:
            return
        self._running = False
        self._timer.stop()
        _active_collectors -= 1
        if _active_collectors == 0 and _enabled_before:
            gc.enable()

    def collect_if_due(self) -> int | None:
        """Collect the oldest generation whose count is over its threshold, as Python's
        own trigger would; returns that generation, or None when nothing was due."""
        counts = gc.get_count()
        due = None
        for generation in range(3):
            if counts[generation] > self._thresholds[generation]:
                due = generation
        if due is not None:
            gc.collect(due)
        return due
