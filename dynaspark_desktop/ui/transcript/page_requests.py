"""When the transcript asks for more of the conversation than it shows: older turns as the
reader nears the top, the next part of a branch read in parts as they near the bottom (and
either at once when what is shown has no scroll bar to scroll with). Each is asked for once
until it arrives."""

from __future__ import annotations

from collections.abc import Callable

# Within this distance of the top (bottom), the page above (below) is asked for.
LOAD_WITHIN_PX = 300


class PageRequests:
    def __init__(self, want_earlier: Callable[[], None], want_later: Callable[[], None]) -> None:
        self._want_earlier = want_earlier
        self._want_later = want_later
        self.has_earlier = False
        self.has_later = False
        self._earlier_asked = False
        self._later_asked = False

    def reset(self, *, has_earlier: bool) -> None:
        """Another conversation (or none) is shown."""
        self.has_earlier, self._earlier_asked = has_earlier, False
        self.has_later, self._later_asked = False, False

    def earlier_arrived(self, *, has_earlier: bool) -> None:
        self.has_earlier, self._earlier_asked = has_earlier, False

    def later_arrived(self, *, has_later: bool) -> None:
        """A branch was switched to, or its next part shown: whether more of it follows."""
        self.has_later, self._later_asked = has_later, False

    def scrolled(self, value: int, maximum: int) -> None:
        """The reader scrolled to ``value`` of ``maximum`` (0: no scroll bar)."""
        if value < LOAD_WITHIN_PX:
            self._ask_earlier()
        if value > maximum - LOAD_WITHIN_PX:
            self._ask_later()

    def settled(self, value: int, maximum: int) -> None:
        """A page was shown: ask for more where the reader cannot scroll for it (no scroll
        bar; or the view already near the end of a branch's part, as it stays)."""
        if maximum == 0:
            self._ask_earlier()
        if value > maximum - LOAD_WITHIN_PX:
            self._ask_later()

    def _ask_earlier(self) -> None:
        if self.has_earlier and not self._earlier_asked:
            self._earlier_asked = True
            self._want_earlier()

    def _ask_later(self) -> None:
        if self.has_later and not self._later_asked:
            self._later_asked = True
            self._want_later()
