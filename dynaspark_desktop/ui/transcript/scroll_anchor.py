"""The reader's place in the transcript column: whenever heights or rows change, the row at
the top of the view keeps its place on the screen (or the view stays at the end, while it
follows the conversation), so estimates that turn out wrong never move what is being read.
And the user's scrolling told apart from the column's own moves of the view."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollBar

    from dynaspark_desktop.ui.transcript.turn_rows import Row, TurnRows

# The view follows the conversation while it is within this of the end.
_AT_END_PX = 8
# An answer that arrives whole shows with this much of the view above its question.
ARRIVAL_ABOVE_PX = 24

# The row at the top of the view and how far the view's top is into it.
Anchor = tuple["Row", int]


class ScrollAnchor:
    """Where the view is, in rows, for putting it back after the rows moved."""

    def __init__(self, bar: QScrollBar) -> None:
        self._bar = bar
        self.stick_to_bottom = True
        # Set while the column moves the view itself: not the user scrolling.
        self._adjusting = False
        # A row whose answer is arriving: the view keeps its question in sight.
        self._arrival: Row | None = None

    def take(self, rows: TurnRows) -> Anchor | None:
        """The view's place in ``rows``; None while it follows the end."""
        if not len(rows) or self.stick_to_bottom:
            return None
        value = self._bar.value()
        position = min(rows.position_at(value), len(rows) - 1)
        return rows[position], value - rows.top_of(position)

    @contextmanager
    def moving(self) -> Iterator[None]:
        """The column moves the view (or resizes what it scrolls): not the user scrolling."""
        self._adjusting = True
        try:
            yield
        finally:
            self._adjusting = False

    def restore(self, anchor: Anchor | None, rows: TurnRows) -> None:
        """Put the anchor row back where it was on the screen (or keep the view at the end
        while it follows); call within ``moving``, with the rows' new tops."""
        arrival = rows.position_of(self._arrival.turn.id) if self._arrival is not None else None
        if arrival is not None:
            self._show_arrival(rows.top_of(arrival))
        elif self.stick_to_bottom:
            self._bar.setValue(self._bar.maximum())
        elif anchor is not None:
            row, offset = anchor
            position = rows.position_of(row.turn.id)
            if position is not None:
                self._bar.setValue(rows.top_of(position) + offset)

    def move_to(self, value: int) -> None:
        with self.moving():
            self._bar.setValue(value)

    def user_scrolled(self) -> bool:
        """The view moved: True when the user moved it (then it follows the conversation
        again only once at the end)."""
        if self._adjusting:
            return False
        self.stick_to_bottom = self._bar.value() >= self._bar.maximum() - _AT_END_PX
        return True

    def range_changed(self) -> None:
        """What the view scrolls over grew or shrank: it stays at the end while following."""
        if self.stick_to_bottom and not self._adjusting:
            self.move_to(self._bar.maximum())

    def hold_for(self, row: Row, is_last: bool) -> bool:
        """An answer is about to arrive (whole, or its first piece) in ``row``: until
        ``end_arrival``, the view keeps the row's question in sight rather than follow the
        end (see ``restore``). False when it was not following the end anyway."""
        if not (is_last and self.stick_to_bottom):
            return False
        self.stick_to_bottom = False
        self._arrival = row
        return True

    def end_arrival(self) -> None:
        self._arrival = None
        if self._bar.value() >= self._bar.maximum() - _AT_END_PX:
            self.stick_to_bottom = True

    def _show_arrival(self, turn_top: int) -> None:
        """The view at the end if the question stays in sight there, else the question near
        the view's top and the answer's start below it (the reader reads it from there; a
        long answer no longer lands the view at its end)."""
        target = max(0, turn_top - ARRIVAL_ABOVE_PX)
        self._bar.setValue(min(target, self._bar.maximum()))
