"""The transcript's column of turns, virtualised: a TurnWidget exists only for the turns near
the view (and for those that must stay live); every other turn is a row of remembered height.

Why: a TurnWidget (two text browsers, buttons, style-sheet polish) costs a few milliseconds
to build and show, and Qt's show, layout and update walks grow with every live child. With a
widget per turn in a QVBoxLayout, a 5,000-turn conversation stalled the UI thread for over
100 ms per page of older turns. Here the live widgets stay bounded (a few viewports' worth,
whatever the length), they are placed by hand (no layout walking thousands of items), and
the ones that scroll into the margin around the view are built a slice at a time, with the
event loop (and paints) running in between.

Heights: a turn never built has an estimate from its text; once built, its measured height
is remembered for when its widget is released. Whenever heights or rows change, the row at
the top of the view keeps its place on the screen (or the view stays at the end, while it
follows the conversation), so estimates that turn out wrong never move what is being read.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.ui.base.style import fill_region

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

MARGIN_X = 20
MARGIN_TOP = 16
MARGIN_BOTTOM = 16
SPACING = 4
# Widgets are built for the turns within this many view heights above and below the view,
# so that scrolling by hand finds them ready...
OVERSCAN_VIEWS = 1.0
# ... and released only beyond this, so scrolling back and forth does not rebuild them.
KEEP_VIEWS = 2.5
# Building per event-loop turn: usually one widget (about 5 ms), so that the turn, with the
# paint and whatever else the loop runs in it, stays well within the 50 ms a user notices.
SLICE_MS = 4.0
# A spare widget (no turn yet) is built this long after the last widget was built, so that
# the next message's widget is ready when Send is pressed (building one takes ~5 ms).
SPARE_AFTER_MS = 400
# Destroying a widget costs too (in the deferred delete that follows): a couple per turn.
RELEASES_PER_PASS = 2
# Rounds of "build what the view lacks, lay out with the real heights" when the view must
# be filled at once (opening a conversation, revealing a search hit).
_FILL_ROUNDS = 20
# What a finished turn needs besides its text lines (question bubble, answer header and
# padding, margins), for the estimate of a turn never built.
_CHROME_PX = 96
_AVERAGE_LINE_CHARS_PX = 7.5
_LINE_PX = 20
_THUMBNAIL_PX = 230  # turn_widget.THUMBNAIL_DISPLAY_SIDE and its padding
_PICTURE_PX = 480  # a generated picture (picture_view.MAX_SHOWN_HEIGHT at most) and its buttons
_SPARE_HEIGHT_PX = 120  # about a new turn's: a one-line question and the waiting answer


@dataclass(eq=False)
class _Row:
    turn: Turn
    height: int
    widget: TurnWidget | None = None


class TurnColumn(QWidget):
    """The scroll area's content: rows of turns, live widgets for those near the view."""

    def __init__(
        self, scroll: QScrollArea, build: Callable[[Turn | None, QWidget], TurnWidget]
    ) -> None:
        super().__init__(objectName="transcriptContent")
        self._scroll = scroll
        self._bar = scroll.verticalScrollBar()
        self._build_widget = build
        self._rows: list[_Row] = []
        self._index: dict[int, int] = {}  # turn id → position in _rows
        self._live: dict[int, _Row] = {}  # turn id → row, for the rows with a widget
        self._tops: list[int] = [MARGIN_TOP]  # each row's top, then the end of the last
        self._turn_width = 0
        self.stick_to_bottom = True
        # Set while this class moves the view itself: not the user scrolling.
        self._adjusting = False
        self._filling = False
        self._fill_timer = QTimer(self, singleShot=True, interval=0)
        self._fill_timer.timeout.connect(self._fill_slice)
        self._spare: TurnWidget | None = None
        self._spare_timer = QTimer(self, singleShot=True, interval=SPARE_AFTER_MS)
        self._spare_timer.timeout.connect(self._make_spare)
        self._spare_timer.start()
        self._background: QColor | None = None

    def set_background(self, color: str) -> None:
        """Paint the column opaque, in ``color`` (the window's, which it covers).

        Transparent, the column had every scroll of the view repaint all of it (and the
        window beneath); opaque, Qt moves the pixels already painted and repaints only what
        comes into view: a new message's first paint covers that message, not the page.
        """
        self._background = QColor(color)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # -- what the transcript asks -------------------------------------------------------------

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        row = self._live.get(turn_id)
        return row.widget if row is not None else None

    @property
    def spare_widget(self) -> TurnWidget | None:
        """The widget built ahead, hidden, for the next turn to be shown (None until the
        column has been idle for SPARE_AFTER_MS)."""
        return self._spare

    def live_widgets(self) -> list[TurnWidget]:
        """The widgets that exist now, top to bottom."""
        rows = sorted(self._live.values(), key=lambda row: self._index[row.turn.id])
        return [row.widget for row in rows if row.widget is not None]

    def turns(self) -> Iterator[Turn]:
        return (row.turn for row in self._rows)

    def turns_in_view(self) -> list[Turn]:
        """The turns the view shows now (whether or not their widgets are built yet)."""
        if not self._rows:
            return []
        view_top = self._bar.value()
        view_bottom = view_top + self._scroll.viewport().height()
        first = max(bisect_right(self._tops, view_top) - 1, 0)
        last = min(bisect_right(self._tops, view_bottom), len(self._rows))
        return [row.turn for row in self._rows[first:last]]

    def __len__(self) -> int:
        return len(self._rows)

    def set_turns(self, turns: list[Turn]) -> None:
        """Replace every row; the view opens at the end."""
        for row in list(self._live.values()):
            self._release(row)
        self._sync_width()
        self._rows = [_Row(turn, self._estimate(turn)) for turn in turns]
        self._reindex()
        self.stick_to_bottom = True
        self._relayout(None)
        self.fill_view()
        if any(turn.pending for turn in turns):
            self._build_pending()
            self._relayout(None)

    def append(self, turn: Turn) -> TurnWidget:
        """A new turn at the end, shown at once (the view follows it)."""
        previous = self._rows[-1] if self._rows else None
        self._sync_width()
        self.stick_to_bottom = True
        row = _Row(turn, self._estimate(turn))
        self._index[turn.id] = len(self._rows)
        self._rows.append(row)
        if previous is not None and previous.widget is not None:
            previous.widget.set_last(False)
        widget = self._build(row)
        self._relayout(None)
        self.fill_view()
        return widget

    def prepend(self, turns: list[Turn]) -> None:
        """Older turns above: rows only for now; their widgets come in slices as needed."""
        anchor = self._anchor()
        self._rows[:0] = [_Row(turn, self._estimate(turn)) for turn in turns]
        self._reindex()
        self._relayout(anchor)
        self._fill_timer.start()

    def remove(self, turn_ids: list[int]) -> None:
        anchor = self._anchor()
        gone = set(turn_ids)
        for turn_id in gone:
            row = self._live.get(turn_id)
            if row is not None:
                self._release(row)
        self._rows = [row for row in self._rows if row.turn.id not in gone]
        self._reindex()
        if anchor is not None and anchor[0].turn.id in gone:
            anchor = None  # the view keeps its value, within the new range
        if self._rows and self._rows[-1].widget is not None:
            self._rows[-1].widget.set_last(True)
        self._relayout(anchor)
        self._fill_timer.start()

    def update(self, turn: Turn) -> None:
        """``turn`` changed: its widget shows it (and one is built if it is now pending)."""
        position = self._index.get(turn.id)
        if position is None:
            return
        row = self._rows[position]
        row.turn = turn
        if row.widget is not None:
            row.widget.update_from(turn)
            self.remeasure()
        elif turn.pending:  # asked again: its answer streams into a widget, wherever it is
            anchor = self._anchor()
            self._build(row)
            self._relayout(anchor)

    def reveal(self, turn_id: int, above_px: int) -> TurnWidget | None:
        """Scroll so that the turn's top is ``above_px`` below the view's top; built now."""
        position = self._index.get(turn_id)
        if position is None:
            return None
        self.stick_to_bottom = False
        for _ in range(_FILL_ROUNDS):
            self._set_value(self._tops[position] - above_px)
            if not self._fill_rows(self._missing(0.0), budget_ms=None):
                break
        self._fill_timer.start()
        return self._rows[position].widget

    def resize_to_view(self) -> None:
        """The viewport changed size: new width for every widget, then the real heights."""
        anchor = self._anchor()
        self._sync_width()
        self._relayout(anchor)
        self.remeasure()
        self._fill_timer.start()

    def on_scrolled(self) -> None:
        """The view moved: the user scrolled (this class's own moves are not counted)."""
        if self._adjusting:
            return
        self.stick_to_bottom = self._bar.value() >= self._bar.maximum() - 8
        # Built on the next turns of the event loop, not here: a jump (the scroll bar
        # dragged, Home) may need a view's worth of widgets, which at once would stall the
        # scrolling itself. The margin around the view is usually ready anyway.
        self._fill_timer.start()

    def on_range_changed(self) -> None:
        if self.stick_to_bottom and not self._adjusting:
            self._set_value(self._bar.maximum())

    def fill_view(self) -> None:
        """Build every widget the view shows now (opening, or after a jump), and the margin
        around it over the next event-loop turns."""
        for _ in range(_FILL_ROUNDS):
            if not self._fill_rows(self._missing(0.0), budget_ms=None):
                break
        self._fill_timer.start()

    def remeasure(self) -> None:
        """Some widget's height may have changed (an answer grew, a width changed)."""
        anchor = self._anchor()
        changed = False
        for row in self._live.values():
            if row.widget is not None:
                height = self._measure(row.widget)
                if height != row.height:
                    row.height = height
                    changed = True
        if changed:
            self._relayout(anchor)
            if not self._filling and self._missing(OVERSCAN_VIEWS):
                self._fill_timer.start()

    def _sync_width(self) -> None:
        width = max(0, self._scroll.viewport().width() - 2 * MARGIN_X)
        if width != self._turn_width:
            self._turn_width = width
            for row in self._live.values():
                if row.widget is not None:
                    row.widget.fit_to_width(width)

    # -- Qt ---------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # A child's size hint changed (an answer grew, a state changed): this widget has no
        # layout, so Qt posts the request here.
        if event.type() == QEvent.Type.LayoutRequest:
            self.remeasure()
        elif event.type() == QEvent.Type.StyleChange and self._background is not None:
            # A style sheet's polish clears it: opaque again (see set_background).
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._background is not None:
            fill_region(self, event.region(), self._background)

    def sizeHint(self) -> QSize:
        return QSize(self.width(), self._tops[-1] - SPACING * bool(self._rows) + MARGIN_BOTTOM)

    # -- rows and heights -------------------------------------------------------------------

    def _reindex(self) -> None:
        self._index = {row.turn.id: position for position, row in enumerate(self._rows)}

    def _estimate(self, turn: Turn) -> int:
        """A turn's height before it is built: its text's lines at the current width."""
        chars_per_line = max(20, int((self._turn_width or 600) / _AVERAGE_LINE_CHARS_PX))
        lines = 0
        for text in (turn.question, turn.answer or turn.error):
            for paragraph in text.split("\n"):
                lines += 1 + len(paragraph) // chars_per_line
        image_px = _THUMBNAIL_PX if turn.image is not None else 0
        image_px += _PICTURE_PX if turn.picture is not None else 0
        return _CHROME_PX + image_px + lines * _LINE_PX

    def _measure(self, widget: TurnWidget) -> int:
        height = widget.heightForWidth(self._turn_width)
        return height if height > 0 else widget.sizeHint().height()

    def _anchor(self) -> tuple[_Row, int] | None:
        """The row at the top of the view and how far the view's top is into it."""
        if not self._rows or self.stick_to_bottom:
            return None
        value = self._bar.value()
        position = min(max(bisect_right(self._tops, value) - 1, 0), len(self._rows) - 1)
        return self._rows[position], value - self._tops[position]

    def _relayout(self, anchor: tuple[_Row, int] | None) -> None:
        """Recompute every row's top, place the live widgets, and put the anchor row back
        where it was on the screen (or keep the view at the end while it follows)."""
        heights = (row.height + SPACING for row in self._rows)
        self._tops = list(accumulate(heights, initial=MARGIN_TOP))
        width = self._scroll.viewport().width()
        height = max(self.sizeHint().height(), self._scroll.viewport().height())
        self._adjusting = True
        try:
            if self.width() != width or self.height() != height:
                self.resize(width, height)
            for row in self._live.values():
                if row.widget is not None:
                    top = self._tops[self._index[row.turn.id]]
                    row.widget.setGeometry(MARGIN_X, top, self._turn_width, row.height)
            if self.stick_to_bottom:
                self._bar.setValue(self._bar.maximum())
            elif anchor is not None:
                row, offset = anchor
                position = self._index.get(row.turn.id)
                if position is not None:
                    self._bar.setValue(self._tops[position] + offset)
        finally:
            self._adjusting = False

    def _set_value(self, value: int) -> None:
        self._adjusting = True
        try:
            self._bar.setValue(value)
        finally:
            self._adjusting = False

    # -- widgets ----------------------------------------------------------------------------

    def _missing(self, margin_views: float) -> list[int]:
        """The rows within ``margin_views`` view heights of the view that have no widget:
        those in the view first, top down, then outwards from it."""
        if not self._rows:
            return []
        view_top = self._bar.value()
        view_bottom = view_top + self._scroll.viewport().height()
        margin = int((view_bottom - view_top) * margin_views)
        first = max(bisect_right(self._tops, view_top - margin) - 1, 0)
        last = min(bisect_right(self._tops, view_bottom + margin), len(self._rows))
        in_view = max(bisect_right(self._tops, view_top) - 1, 0)

        def order(position: int) -> tuple[bool, int]:
            outside = position < in_view or self._tops[position] > view_bottom
            return outside, abs(position - in_view)

        return sorted((p for p in range(first, last) if self._rows[p].widget is None), key=order)

    def _build_pending(self) -> None:
        """An answer on its way streams into its widget, wherever the view is."""
        for row in self._rows:
            if row.widget is None and row.turn.pending:
                self._build(row)

    def _fill_slice(self) -> None:
        self._fill(SLICE_MS)

    def _fill(self, budget_ms: float) -> None:
        """Build what the view and its margin lack, within the budget; the rest next turn."""
        more = self._fill_rows(self._missing(OVERSCAN_VIEWS), budget_ms)
        more = self._release_far() or more
        if more:
            self._fill_timer.start()

    def _fill_rows(self, positions: list[int], budget_ms: float | None) -> bool:
        """Build widgets for the rows at ``positions``, in that order, then lay out with
        their real heights. True when some were left for later."""
        if not positions:
            return False
        started = time.perf_counter()
        anchor = self._anchor()
        self._filling = True
        try:
            for count, position in enumerate(positions, 1):
                self._build(self._rows[position])
                spent = (time.perf_counter() - started) * 1000
                if budget_ms is not None and spent > budget_ms and count < len(positions):
                    return True
            return False
        finally:
            self._relayout(anchor)
            self._filling = False

    def _make_spare(self) -> None:
        """Build a widget without a turn, hidden, styled and fitted: the next ``_build``
        only binds it to its turn."""
        if self._spare is not None:
            return
        spare = self._build_widget(None, self)
        spare.fit_to_width(self._turn_width)
        spare.ensurePolished()  # the style sheet's work, done now rather than at show()
        if self.isVisible():
            # Shown once, below the column's bottom edge (so nothing is painted), and hidden
            # again: a widget's first show sends every child its pending move and resize
            # events and lays them all out. Paid now, it halves the show that puts the next
            # message on screen.
            spare.setGeometry(MARGIN_X, self.height(), self._turn_width, _SPARE_HEIGHT_PX)
            spare.show()
            spare.hide()
        self._spare = spare

    def _build(self, row: _Row) -> TurnWidget:
        widget, self._spare = self._spare, None
        if widget is not None:
            widget.bind(row.turn)
        else:
            widget = self._build_widget(row.turn, self)
        self._spare_timer.start()
        widget.fit_to_width(self._turn_width)
        widget.set_last(row is self._rows[-1])
        # (Right after an append the last top is where the new row begins.)
        top = self._tops[min(self._index[row.turn.id], len(self._tops) - 1)]
        widget.setGeometry(MARGIN_X, top, self._turn_width, row.height)
        # Shown now, so that its text views are laid out at their width and can be measured.
        widget.show()
        row.widget = widget
        self._live[row.turn.id] = row
        row.height = self._measure(widget)
        return widget

    def _release_far(self) -> bool:
        """Destroy a few widgets far from the view; True when more are left to release."""
        if len(self._live) <= 1:
            return False
        view_top = self._bar.value()
        view_height = self._scroll.viewport().height()
        keep = int(view_height * KEEP_VIEWS)
        # The window's focus child, kept while the window is inactive too: the user's
        # selection or keyboard place, to come back to.
        focus = self.window().focusWidget()
        far = []
        for row in self._live.values():
            top = self._tops[self._index[row.turn.id]]
            if top + row.height >= view_top - keep and top <= view_top + view_height + keep:
                continue
            widget = row.widget
            if row.turn.pending or widget is None:
                continue  # an answer on its way keeps its widget (the stream lives there)
            if focus is not None and widget.isAncestorOf(focus):
                continue  # the user's selection or keyboard place is in it
            far.append(row)
        for row in far[:RELEASES_PER_PASS]:
            self._release(row)
        return len(far) > RELEASES_PER_PASS

    def _release(self, row: _Row) -> None:
        widget, row.widget = row.widget, None
        self._live.pop(row.turn.id, None)
        if widget is not None:
            widget.hide()
            widget.deleteLater()
