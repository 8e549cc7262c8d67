"""Long-lived objects are frozen (left out of collections) once the window is built and
after a slow full collection; a cycle that was frozen is freed after a thaw, and the thaw
after a conversation is left comes only once the frozen objects have grown."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from dynaspark_desktop.ui.base import main_thread_gc
from dynaspark_desktop.ui.base.main_thread_gc import (
    collect_generation,
    freeze_long_lived,
    thaw_if_grown,
    thaw_long_lived,
)


class Node:
    def __init__(self) -> None:
        self.itself = self


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    thaw_long_lived()
    yield
    thaw_long_lived()


def test_a_frozen_cycle_waits_for_the_thaw() -> None:
    node = Node()
    reference = weakref.ref(node)
    freeze_long_lived()
    del node
    gc.collect()
    assert reference() is not None  # frozen: no collection looks at it
    thaw_long_lived()
    gc.collect()
    assert reference() is None


def test_a_slow_full_collection_freezes_what_survived_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    survivor = Node()
    monkeypatch.setattr(main_thread_gc, "SLOW_FULL_COLLECTION_SECONDS", -1.0)  # every one
    collect_generation(1)
    assert gc.get_freeze_count() == 0  # only a full collection freezes
    collect_generation(2)
    assert gc.get_freeze_count() > 0
    assert gc.is_tracked(survivor)


def test_a_fast_full_collection_freezes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_thread_gc, "SLOW_FULL_COLLECTION_SECONDS", 3600.0)
    collect_generation(2)
    assert gc.get_freeze_count() == 0


def test_leaving_a_conversation_thaws_only_once_the_frozen_objects_have_doubled() -> None:
    freeze_long_lived()
    first = gc.get_freeze_count()
    assert first > 0
    thaw_if_grown()
    assert gc.get_freeze_count() == first  # not grown: stays frozen
    grown = [Node() for _ in range(first + 10)]
    freeze_long_lived()
    assert gc.get_freeze_count() > 2 * first
    thaw_if_grown()
    assert gc.get_freeze_count() == 0
    del grown
