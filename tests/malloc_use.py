"""glibc's heap in use (``mallinfo2``): what the tests and benchmarks of memory given back
read, beside RSS, which the allocator's kept pages blur."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


@cache
def _mallinfo2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is None or not hasattr(libc, "mallinfo2"):
        return None  # not glibc, or one before 2.33
    function = libc.mallinfo2
    function.restype = _Mallinfo2
    return function


def malloc_in_use() -> int | None:
    """The bytes the C and C++ heap has allocated and not freed (Qt's included), or None
    without glibc's ``mallinfo2``."""
    mallinfo2 = _mallinfo2()
    if mallinfo2 is None:
        return None
    info = mallinfo2()
    return int(info.uordblks + info.hblkhd)
