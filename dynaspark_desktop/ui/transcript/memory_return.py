"""Giving memory back after a big release: leaving a long conversation frees its widgets and
documents, but the C allocator (glibc's malloc) keeps the freed pages for reuse, so the
process's resident memory stayed megabytes above what it was (5 MB after 20 switches, up
to 19 MB after 40). ``malloc_trim`` hands them back to the system: after the next full
collection (which frees what cycles held), and half a second after the release.
Elsewhere than glibc only the thumbnails decoded ahead and never shown are let go.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, QTimer

# Given back this long after a conversation is left (its widgets are deleted on the loop's
# next turns), and again after the next full collection (which frees what cycles held).
GIVE_BACK_AFTER_MS = 500

_trim_after_collection = False


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def released(owner: QObject) -> None:
    """Much was just released (a conversation left): give the memory back soon."""
    global _trim_after_collection
    from dynaspark_desktop.ui.base.main_thread_gc import thaw_if_grown

    thaw_if_grown()  # what the left conversation frees may have been frozen
    if _after_collection not in gc.callbacks:
        gc.callbacks.append(_after_collection)
    _trim_after_collection = True
    QTimer.singleShot(GIVE_BACK_AFTER_MS, owner, give_back_memory)


def _after_collection(phase: str, info: dict[str, Any]) -> None:
    # Any thread, any moment (even inside a lock's hold): only the allocator's trim here.
    global _trim_after_collection
    if phase == "stop" and info.get("generation") == 2 and _trim_after_collection:
        _trim_after_collection = False
        trim_malloc()


def give_back_memory() -> None:
    """Let go of the left conversation's thumbnails decoded ahead for turns never built,
    and hand the allocator's free pages back to the system (~0.1-2 ms)."""
    from dynaspark_desktop.ui.base.thumbnails import forget_decoded

    forget_decoded()
    trim_malloc()


def trim_malloc() -> None:
    """Hand the allocator's free pages back to the system (glibc; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
