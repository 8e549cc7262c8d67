"""Python's cycle collector, run on the UI thread only, when there has been work.

Automatic collection runs in whichever thread happens to allocate when a threshold is
crossed: the history's worker, the key reader, an executor thread. A Qt object that sits in
a garbage cycle is then destroyed on that thread. Qt cannot stop its timers from there
("QObject::~QObject: Timers cannot be stopped from another thread"), and the next time the
UI thread fires one of them, it touches freed memory and the app crashes. The test suite
crashed exactly this way once the window had more threads and more objects.

So, while the app runs, automatic collection is off in every thread, and this object does
the same work on the UI thread: it compares the allocation counts with the thresholds and
collects the generations Python itself would have collected.

When it looks is driven by work, not by a clock (a 250 ms timer used to wake the idle app
four times a second, forever): the check runs each time the UI thread's event loop has
finished a round of work and is about to wait (``QAbstractEventDispatcher.aboutToBlock``).

- Python code on the UI thread runs only inside a round of the event loop (an event, a
  signal, a timer, an asyncio callback), so whatever it allocated is looked at before the
  loop sleeps.
- Other threads allocate while the UI thread may be asleep; the count is shared by the
  whole interpreter, so their allocations are looked at the next time the UI thread has
  worked. Their results come back to the UI thread (``SerialWorker`` callbacks,
  ``asyncio.to_thread`` futures, queued signals), which is such a round, so what a job
  left behind is collected when its result is delivered.
- At rest the loop does not turn, and nothing runs: no allocation, nothing to check. A
  round costs one ``gc.get_count()`` and three comparisons.
- The slot is a plain function (a closure), not a bound method: PySide calls a QObject's
  method through its slot machinery, 2.3 µs an emission against 0.4 µs for a function
  (measured on ``aboutToBlock.emit()``), and the signal is emitted once or more at every
  wake-up of the UI thread (the caret's blinks included).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QObject

# Several apps may run in one process (the tests): automatic collection comes back, if it
# was on before the first one started, when the last one stops.
_active_collectors = 0
_enabled_before = True


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._dispatcher: QAbstractEventDispatcher | None = None
        self._running = False
        self._after_work = _collector(self._thresholds)

    def start(self) -> None:
        """Take over collection; call on the UI thread, whose event loop then drives it."""
        global _active_collectors, _enabled_before
        if self._running:
            return
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is None:
            raise RuntimeError("collecting on the UI thread needs its Qt event loop")
        self._running = True
        if _active_collectors == 0:
            _enabled_before = gc.isenabled()
        _active_collectors += 1
        gc.disable()
        self._dispatcher = dispatcher
        dispatcher.aboutToBlock.connect(self._after_work)

    def stop(self) -> None:
        global _active_collectors
        if not self._running:
            return
        self._running = False
        if self._dispatcher is not None:
            self._dispatcher.aboutToBlock.disconnect(self._after_work)
            self._dispatcher = None
        _active_collectors -= 1
        if _active_collectors == 0 and _enabled_before:
            gc.enable()

    def collect_if_due(self) -> int | None:
        """Collect the oldest generation whose count is over its threshold, as Python's
        own trigger would; returns that generation, or None when nothing was due."""
        return self._after_work()


def _collector(thresholds: tuple[int, int, int]) -> Callable[[], int | None]:
    """The check run after each round of work, as a plain function (see the docstring)."""
    young_limit, middle_limit, old_limit = thresholds
    get_count = gc.get_count

    def collect_if_due() -> int | None:
        young, middle, old = get_count()
        if old > old_limit:
            due = 2
        elif middle > middle_limit:
            due = 1
        elif young > young_limit:
            due = 0
        else:
            return None
        collect_generation(due)
        return due

    return collect_if_due


# A full collection walks every tracked object alive; once the window, its imports and the
# network stack are up that is over a hundred thousand objects and 40-50 ms on the UI
# thread: a visible stall while answers stream. Objects that survive one are long-lived, so
# they are frozen (``gc.freeze``: moved where no collection looks), and the next full
# collections walk only what was made since.
SLOW_FULL_COLLECTION_SECONDS = 0.005


def collect_generation(generation: int) -> None:
    """Collect ``generation``; freeze what survives a slow full collection."""
    started = time.perf_counter()
    gc.collect(generation)
    if generation == 2 and time.perf_counter() - started > SLOW_FULL_COLLECTION_SECONDS:
        freeze_long_lived()


# How many objects the first freeze (since start-up, or since the last thaw) left out.
_first_frozen = 0


def freeze_long_lived() -> None:
    """Every object alive now is left out of later collections (the window once it is
    built; what survived a slow full collection). A frozen object that becomes garbage in a
    cycle waits for a thaw (see :func:`thaw_if_grown`)."""
    global _first_frozen
    gc.freeze()
    if _first_frozen == 0:
        _first_frozen = gc.get_freeze_count()


def thaw_long_lived() -> None:
    """Frozen objects are looked at again (before the app stops, so that the cycles they sit
    in are freed by a collection on the UI thread, not by Python on any thread)."""
    global _first_frozen
    gc.unfreeze()
    _first_frozen = 0


def thaw_if_grown() -> None:
    """After much was released (a conversation left): thaw once the frozen objects are
    twice what the first freeze left out. Later freezes may have caught a conversation's
    widgets, freed in cycles when it is left; thawing at every leave would make the next
    full collection slow again each time, so what stays frozen is bounded instead."""
    if _first_frozen and gc.get_freeze_count() > 2 * _first_frozen:
        thaw_long_lived()
