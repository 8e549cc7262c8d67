"""What the window's parts need to tell the user something: the window's ``show_notice``.

The parts are given this callable, not the window, so that none of them imports the window
(which imports them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable


class Notify(Protocol):
    def __call__(
        self,
        text: str,
        level: str = "info",
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        sticky: bool = False,
    ) -> None: ...
