"""A flood of answer text: each frame lays out at most a frame's budget of it, the rest on the
following frames, and what passes the display cap is counted rather than worked on."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.markdown.blocks import MAX_SHOWN_CHARS
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.flush_budget import FLUSH_BUDGET_CHARS

PROSE = "lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n"


def _view(qtbot: QtBot) -> AnswerView:
    view = AnswerView(objectName="answer")
    qtbot.addWidget(view)
    view.fix_width(600)
    return view


def test_a_burst_is_laid_out_a_frame_budget_at_a_time_and_ends_whole(qtbot: QtBot) -> None:
    view = _view(qtbot)
    burst = PROSE * (5 * FLUSH_BUDGET_CHARS // len(PROSE)) + "END"
    view.append_text(burst)
    shown: list[int] = []
    more = True
    while more:
        more = view.flush()
        shown.append(view.document().characterCount())
    # Several frames, each adding at most the budget (plus the line ends Qt counts).
    assert len(shown) >= 5
    steps = [after - before for before, after in zip([0, *shown], shown, strict=False)]
    assert max(steps) <= FLUSH_BUDGET_CHARS + 64
    view.end_stream()
    text = view.document().toPlainText()
    assert text.rstrip().endswith("END")
    assert text.count("lorem") == burst.count("lorem")


def test_what_passes_the_display_cap_is_counted_not_shown_and_ends_at_once(
    qtbot: QtBot,
) -> None:
    view = _view(qtbot)
    past_cap = 3 * MAX_SHOWN_CHARS
    # A control character and a direction override far past the cap: never shown.
    flood = "x " * (past_cap // 2) + "\u202e\x07TAIL"
    view.append_text(flood)
    while view.flush():
        pass
    assert view.streamed_text.endswith("\u202e\x07TAIL")  # kept as it came, for copying
    view.end_stream()
    text = view.document().toPlainText()
    assert "TAIL" not in text
    assert "\u202e" not in text
    # How much is shown is said under the text, by the view's own line.
    assert 0 < len(text) <= MAX_SHOWN_CHARS + 1_000
    bar = view.shown_part_bar
    assert bar is not None
    assert bar.isVisibleTo(view)
    shown, total = (
        int(number.replace(",", "")) for number in re.findall(r"[\d,]+", bar.label.text())[:2]
    )
    assert total == len(flood)
    assert 0 < shown <= MAX_SHOWN_CHARS + 1_000
