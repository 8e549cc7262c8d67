"""The transcript column's rows (``turn_rows``): tops that follow heights, rows found by a
height in the column, and the order in which rows near the view get their widgets."""

from __future__ import annotations

from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.transcript.turn_rows import (
    MARGIN_TOP,
    SPACING,
    Row,
    TurnRows,
    estimate_height,
)


def _rows(heights: list[int]) -> TurnRows:
    rows = TurnRows()
    rows.replace([Row(Turn(f"question {n}", None, "model"), h) for n, h in enumerate(heights)])
    rows.retop()
    return rows


def test_an_estimate_grows_with_the_text_and_shrinks_with_the_width() -> None:
    short = Turn("Hi", None, "model")
    long = Turn("A long question. " * 200, None, "model")
    assert estimate_height(long, 600) > estimate_height(short, 600)
    assert estimate_height(long, 1200) < estimate_height(long, 600)
    long.answer = "An answer\n" * 50
    assert estimate_height(long, 600) > estimate_height(Turn(long.question, None, "m"), 600)


def test_tops_follow_the_heights_and_rows_are_found_by_height() -> None:
    heights = [100, 40, 250, 60]
    rows = _rows(heights)
    assert rows.top_of(0) == MARGIN_TOP
    for position, height in enumerate(heights):
        assert rows.top_of(position + 1) - rows.top_of(position) == height + SPACING
        assert rows.position_at(rows.top_of(position) + height // 2) == position
    assert rows.end == MARGIN_TOP + sum(heights) + SPACING * len(heights)
    # From halfway into the first row to just into the third: the first three rows.
    assert list(rows.positions_between(50, rows.top_of(2) + 1)) == [0, 1, 2]


def test_removing_rows_keeps_the_others_found_by_turn() -> None:
    rows = _rows([10, 20, 30, 40])
    ids = [row.turn.id for row in rows]
    rows.remove({ids[1]})
    assert rows.position_of(ids[1]) is None
    assert [rows.position_of(turn_id) for turn_id in (ids[0], ids[2], ids[3])] == [0, 1, 2]
    rows.retop()
    assert rows.top_of(1) == MARGIN_TOP + 10 + SPACING


def test_rows_in_the_view_get_their_widgets_first_then_outwards() -> None:
    rows = _rows([100] * 10)
    view_top = rows.top_of(4)
    near = rows.unbuilt_near(view_top, 250, margin=250)
    in_view = [p for p in near if view_top <= rows.top_of(p) <= view_top + 250]
    assert near[: len(in_view)] == sorted(in_view)  # the view itself first, top down
    outside = near[len(in_view) :]
    assert [abs(p - 4) for p in outside] == sorted(abs(p - 4) for p in outside)
    assert set(near) == set(rows.positions_between(view_top - 250, view_top + 500))
