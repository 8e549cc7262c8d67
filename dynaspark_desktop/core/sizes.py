"""Sizes as messages say them."""

from __future__ import annotations

from dynaspark_desktop.core.i18n import translate

MB = 1024 * 1024


def megabytes(size: int) -> str:
    """``8 MB``, ``0.5 MB``, ``1,024 MB``, ``64 KB``: a size or a cap as a message says it."""
    if size < MB // 10:
        return translate("Sizes", "{size} KB").format(size=size // 1024)
    if size < 10 * MB:
        return translate("Sizes", "{size} MB").format(size=f"{size / MB:.2g}")
    return translate("Sizes", "{size} MB").format(size=f"{round(size / MB):,}")


def size_past(size: int, cap: int) -> str:
    """``size``, which is past ``cap``, as a message says it beside the cap: "over 200 MB"
    where rounding would make it read as the cap itself ("200 MB, more than the 200 MB")."""
    shown = megabytes(size)
    if shown != megabytes(cap):
        return shown
    return translate("Sizes", "over {size}").format(size=shown)
