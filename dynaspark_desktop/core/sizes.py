"""Sizes as messages say them."""

from __future__ import annotations

MB = 1024 * 1024


def megabytes(size: int) -> str:
    """``8 MB``, ``0.5 MB``, ``1,024 MB``, ``64 KB``: a size or a cap as a message says it."""
    if size < MB // 10:
        return f"{size // 1024} KB"
    if size < 10 * MB:
        return f"{size / MB:.2g} MB"
    return f"{round(size / MB):,} MB"


def size_past(size: int, cap: int) -> str:
    """``size``, which is past ``cap``, as a message says it beside the cap: "over 200 MB"
    where rounding would make it read as the cap itself ("200 MB, more than the 200 MB")."""
    shown = megabytes(size)
    return f"over {shown}" if shown == megabytes(cap) else shown
