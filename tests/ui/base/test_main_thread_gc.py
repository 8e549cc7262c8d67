"""The cycle collector runs on the UI thread only, after work, and never by a clock: garbage
made on the UI thread or on another is collected when the UI thread's loop has worked, no
collection ever runs on another thread, and no timer is left running."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from dynaspark_desktop.ui.base.main_thread_gc import MainThreadGarbageCollector
from tests.ui.conftest import wait_until


class Node:
    """One object in a reference cycle: only the cycle collector can free it."""

    def __init__(self) -> None:
        self.itself = self


def cyclic_garbage() -> weakref.ref[Node]:
    """Garbage cycles, more of them than the youngest generation's threshold (objects freed
    by their reference count do not count: only the cycles stay allocated), so that a
    collection is due; returns a reference that dies with the first cycle."""
    first = Node()
    reference = weakref.ref(first)
    del first
    for _ in range(gc.get_threshold()[0] * 2):
        Node()
    return reference


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The name of the thread each collection (automatic or not) ran on."""
    threads: list[str] = []

    def note(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    yield threads
    gc.callbacks.remove(note)


@pytest.fixture
def collector(loop: asyncio.AbstractEventLoop) -> Iterator[MainThreadGarbageCollector]:
    made = MainThreadGarbageCollector()
    made.start()
    yield made
    made.stop()


def test_garbage_from_work_on_the_ui_thread_is_collected_there(
    loop: asyncio.AbstractEventLoop, collector: MainThreadGarbageCollector, collections: list[str]
) -> None:
    assert not gc.isenabled()
    references: list[weakref.ref[Node]] = []
    loop.call_soon(lambda: references.append(cyclic_garbage()))
    loop.run_until_complete(wait_until(lambda: bool(references) and references[0]() is None))
    assert collections
    assert set(collections) == {threading.main_thread().name}
    assert collector.findChildren(QTimer) == []


def test_garbage_from_another_thread_is_collected_on_the_ui_thread_when_work_comes_back(
    loop: asyncio.AbstractEventLoop, collector: MainThreadGarbageCollector, collections: list[str]
) -> None:
    references: list[weakref.ref[Node]] = []
    delivered = asyncio.Event()

    def job() -> None:
        references.append(cyclic_garbage())
        # What every worker does with its result: hand it to the UI thread's loop.
        loop.call_soon_threadsafe(delivered.set)

    worker = threading.Thread(target=job, name="test-allocating-worker")
    worker.start()
    worker.join()
    assert references[0]() is not None  # nothing collected it in its own thread
    loop.run_until_complete(delivered.wait())
    loop.run_until_complete(wait_until(lambda: references[0]() is None))
    assert set(collections) == {threading.main_thread().name}


def test_nothing_is_collected_when_nothing_is_due(
    loop: asyncio.AbstractEventLoop, collector: MainThreadGarbageCollector
) -> None:
    gc.collect()  # every count back to zero
    assert collector.collect_if_due() is None
    node = Node()
    reference = weakref.ref(node)
    del node
    assert collector.collect_if_due() is None
    assert reference() is not None  # one object is far from any threshold
    gc.collect()
    assert reference() is None


def test_stopping_gives_automatic_collection_back_as_it_was(
    loop: asyncio.AbstractEventLoop,
) -> None:
    gc.enable()
    try:
        first, second = MainThreadGarbageCollector(), MainThreadGarbageCollector()
        first.start()
        second.start()
        assert not gc.isenabled()
        first.stop()
        assert not gc.isenabled()  # the other app still runs
        second.stop()
        assert gc.isenabled()
    finally:
        gc.disable()  # as the tests run (tests/conftest.py)


def test_the_check_after_each_round_is_a_plain_function(
    collector: MainThreadGarbageCollector,
) -> None:
    """It runs at every wake-up of the UI thread: PySide calls a QObject's bound method
    through its slot machinery, five times the cost of calling a function."""
    import types

    assert isinstance(collector._after_work, types.FunctionType)
    garbage = cyclic_garbage()
    assert collector._after_work() is not None
    assert garbage() is None
