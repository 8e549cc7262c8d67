"""The line under an answer too long to show whole: how much of it is shown, and a "Show
more" button that adds the next part.

Qt lays an answer out on the UI thread, at a cost that depends on its shape as much as on its
length: a table cell or a line break costs as much as a hundred characters of prose. So the
view shows the rendered blocks of an answer up to a budget of layout cost (see
:func:`layout_cost`), and each "Show more" adds about as much again. Copying the answer
still gives all of it: only the display is bounded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown import RenderedMarkdown, StreamingMarkdown

# What one showing (the first, or a "Show more") may cost, in characters of plain prose.
# Measured (benchmarks/long_text.py): Qt lays out and paints about 1,000-2,000 such
# characters a millisecond here; a table cell costs as much as ~160 of them, a line break
# ~40, and a character in a run too long for a line (wrapped by Qt's slow path) ~3 more.
# This budget keeps the worst shape near 0.1 s of the UI thread on a busy machine.
SHOWN_COST_BUDGET = 96_000
_CELL_COST = 160
_BREAK_COST = 40
_LONG_RUN_COST = 3
# Runs of visible characters longer than a line of the view: starting after a tag, a space or
# a zero-width space (those that break long runs), so not inside an attribute (a link's).
_LONG_RUN = re.compile("(?<![^\\s>\u200b])[^\\s<>\u200b]{100,}")


def layout_cost(html: str) -> int:
    """Roughly what laying out this rendered HTML costs, in characters of plain prose."""
    cells = html.count("<td") + html.count("<th")
    breaks = html.count("<br") + html.count("\n")
    long_runs = sum(len(run) for run in _LONG_RUN.findall(html))
    return len(html) + _CELL_COST * cells + _BREAK_COST * breaks + _LONG_RUN_COST * long_runs


def blocks_within_budget(blocks: tuple[str, ...], start: int) -> int:
    """How many of ``blocks`` from ``start`` on fit the budget (at least one, if any)."""
    spent = 0
    end = start
    while end < len(blocks):
        spent += layout_cost(blocks[end])
        if spent > SHOWN_COST_BUDGET and end > start:
            break
        end += 1
    return end


class ShownPartBar(QWidget):
    """ "Showing the first N of M characters" and a "Show more" button."""

    showMoreRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shownPartBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(8)
        self.label = QLabel(objectName="shownPartText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.show_more_button = QToolButton(objectName="showMoreButton")
        self.show_more_button.setText(self.tr("Show more"))
        self.show_more_button.setAccessibleName(self.tr("Show more of this answer"))
        self.show_more_button.setToolTip(
            self.tr("Show the next part of this answer (Copy always copies all of it)")
        )
        self.show_more_button.clicked.connect(self.showMoreRequested)
        layout.addWidget(self.show_more_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_counts(self, shown: int, total: int, *, busy: bool = False) -> None:
        locale = QLocale()
        self.label.setText(
            self.tr("Showing the first {shown} of {total} characters of this answer.").format(
                shown=locale.toString(shown), total=locale.toString(total)
            )
        )
        self.show_more_button.setEnabled(not busy)


class ShownPartMixin:
    """The answer view's bookkeeping of what it shows of a long answer, and its bar (kept
    here so that answer_view.py stays about rendering and streaming)."""

    _stream: StreamingMarkdown | None
    _rendered: RenderedMarkdown | None
    _shown_blocks: int
    _text: str | None
    _bar: ShownPartBar | None

    def _shown_counts(self) -> tuple[int, int]:
        """(characters shown, characters in all) of the answer."""
        if self._stream is not None:
            ends = self._stream.shown_block_ends
            shown = ends[-1] if ends else 0
            return shown, shown + self._stream.omitted_chars
        rendered = self._rendered
        if rendered is None or not self._shown_blocks:
            return 0, len(self._text or "")
        shown = rendered.block_ends[self._shown_blocks - 1]
        if self._text is not None:
            return shown, len(self._text)
        return shown, rendered.block_ends[-1] + rendered.omitted_chars

    def _has_more(self) -> bool:
        if self._stream is not None:
            return self._stream.omitted_chars > 0
        rendered = self._rendered
        return rendered is not None and (
            self._shown_blocks < len(rendered.blocks) or rendered.omitted_chars > 0
        )

    @property
    def shown_part_bar(self) -> ShownPartBar | None:
        """The "Showing the first N of M characters" line, once the view has needed it."""
        return self._bar

    def _sync_bar(self) -> None:
        more = self._has_more()
        if self._bar is None:
            if not more:
                return
            # Built on first need, in the view's bottom margin: few answers are this long.
            self._bar = ShownPartBar(self)
            self._bar.showMoreRequested.connect(self.show_more)
        if more:
            self._bar.set_counts(*self._shown_counts())
        height = self._bar.sizeHint().height() if more else 0
        self.setViewportMargins(0, 0, 0, height)
        self._bar.setVisible(more)
        self._place_bar()

    def _place_bar(self) -> None:
        if self._bar is not None and self._bar.isVisibleTo(self):
            height = self.viewportMargins().bottom()
            self._bar.setGeometry(0, self.height() - height, self.width(), height)
