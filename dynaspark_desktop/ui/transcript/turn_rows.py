"""The transcript column's rows: one a turn, with its height and its top, and its widget
while it has one (see ``turn_column``). Plain positions and pixels, no Qt.

Heights: a turn never built has an estimate from its text; once built, its measured height
is remembered for when its widget is released.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

MARGIN_TOP = 16
SPACING = 4
# What a finished turn needs besides its text lines (question bubble, answer header and
# padding, margins), for the estimate of a turn never built.
_CHROME_PX = 96
_AVERAGE_LINE_CHARS_PX = 7.5
_LINE_PX = 20
_THUMBNAIL_PX = 230  # question_bubble.THUMBNAIL_DISPLAY_SIDE and its padding
_SMALL_THUMBNAIL_PX = 110  # a row of question_bubble.SEVERAL_THUMBNAILS_SIDE
_PICTURE_PX = 480  # a generated picture (picture_view.MAX_SHOWN_HEIGHT at most) and its buttons


def estimate_height(turn: Turn, width: int) -> int:
    """A turn's height before it is built: its text's lines at ``width`` (0: not known yet)."""
    chars_per_line = max(20, int((width or 600) / _AVERAGE_LINE_CHARS_PX))
    lines = 0
    for text in (turn.question, turn.answer or turn.error):
        for paragraph in text.split("\n"):
            lines += 1 + len(paragraph) // chars_per_line
    images = len(turn.images)
    image_px = _THUMBNAIL_PX if images == 1 else _SMALL_THUMBNAIL_PX * -(-images // 3)
    image_px += _PICTURE_PX if turn.picture is not None else 0
    return _CHROME_PX + image_px + lines * _LINE_PX


@dataclass(eq=False)
class Row:
    turn: Turn
    height: int
    widget: TurnWidget | None = None


class TurnRows:
    """The rows top to bottom, found by turn id or by a height in the column.

    ``retop`` recomputes the tops after heights or rows changed; until then ``top`` gives
    the tops of the last layout (a row appended since then begins where the last one ended).
    """

    def __init__(self) -> None:
        self._rows: list[Row] = []
        self._index: dict[int, int] = {}  # turn id → position
        self._tops: list[int] = [MARGIN_TOP]  # each row's top, then the end of the last

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __getitem__(self, position: int) -> Row:
        return self._rows[position]

    def position_of(self, turn_id: int) -> int | None:
        return self._index.get(turn_id)

    def top_of(self, position: int) -> int:
        return self._tops[min(position, len(self._tops) - 1)]

    def top_of_row(self, row: Row) -> int:
        return self.top_of(self._index[row.turn.id])

    @property
    def end(self) -> int:
        """Where the last row ends (with its spacing), or MARGIN_TOP without rows."""
        return self._tops[-1]

    def position_at(self, y: int) -> int:
        """The row at height ``y`` in the column (the first above it, or the first)."""
        return max(bisect_right(self._tops, y) - 1, 0)

    def positions_between(self, top: int, bottom: int) -> range:
        """The rows that show between heights ``top`` and ``bottom`` of the column."""
        return range(self.position_at(top), min(bisect_right(self._tops, bottom), len(self)))

    def unbuilt_near(self, view_top: int, view_height: int, margin: int) -> list[int]:
        """The rows within ``margin`` pixels of the view that have no widget: those in the
        view first, top down, then outwards from it."""
        if not self._rows:
            return []
        view_bottom = view_top + view_height
        in_view = self.position_at(view_top)

        def order(position: int) -> tuple[bool, int]:
            outside = position < in_view or self._tops[position] > view_bottom
            return outside, abs(position - in_view)

        near = self.positions_between(view_top - margin, view_bottom + margin)
        return sorted((p for p in near if self._rows[p].widget is None), key=order)

    def far_from(
        self, live: Iterable[Row], view_top: int, view_height: int, keep: int, focus: object
    ) -> list[Row]:
        """The ``live`` rows more than ``keep`` pixels from the view whose widget may go: not
        an answer on its way (the stream lives in its widget), nor the one holding ``focus``
        (the user's selection or keyboard place)."""
        far = []
        for row in live:
            top = self.top_of_row(row)
            if top + row.height >= view_top - keep and top <= view_top + view_height + keep:
                continue
            widget = row.widget
            if row.turn.pending or widget is None:
                continue
            if focus is not None and widget.isAncestorOf(focus):  # type: ignore[arg-type]
                continue
            far.append(row)
        return far

    def replace(self, rows: list[Row]) -> None:
        self._rows = rows
        self._reindex()

    def append(self, row: Row) -> None:
        self._index[row.turn.id] = len(self._rows)
        self._rows.append(row)

    def prepend(self, rows: list[Row]) -> None:
        self._rows[:0] = rows
        self._reindex()

    def remove(self, turn_ids: set[int]) -> None:
        self._rows = [row for row in self._rows if row.turn.id not in turn_ids]
        self._reindex()

    def retop(self) -> None:
        heights = (row.height + SPACING for row in self._rows)
        self._tops = list(accumulate(heights, initial=MARGIN_TOP))

    def _reindex(self) -> None:
        self._index = {row.turn.id: position for position, row in enumerate(self._rows)}
