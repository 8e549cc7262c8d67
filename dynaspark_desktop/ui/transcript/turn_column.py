"""The transcript's column of turns, virtualised: a TurnWidget exists only for the turns near
the view (and for those that must stay live); every other turn is a row of remembered height.

Why: a TurnWidget (two text browsers, buttons, style-sheet polish) costs a few milliseconds
to build and show, and Qt's show, layout and update walks grow with every live child (a
widget per turn in a QVBoxLayout stalled a 5,000-turn conversation over 100 ms a page). Here
the live widgets stay bounded (a few viewports' worth), are placed by hand, and those that
scroll into the margin around the view are built a slice at a time, the loop running between.

Rows and heights: ``turn_rows``; the reader's place: ``scroll_anchor``; the widget built
ahead: ``spare_widget``; scrolls that move pixels: ``pixel_moves``. This class decides which
rows have a widget, builds, places and releases them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager as ContextManager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import QWidget

from dynaspark_desktop.ui.base.style import fill_region
from dynaspark_desktop.ui.transcript.pixel_moves import PixelMoves, mark_opaque
from dynaspark_desktop.ui.transcript.scroll_anchor import Anchor, ScrollAnchor
from dynaspark_desktop.ui.transcript.spare_widget import SpareTurnWidget
from dynaspark_desktop.ui.transcript.turn_rows import SPACING, Row, TurnRows, estimate_height

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

MARGIN_X = 20
MARGIN_BOTTOM = 16
# Widgets are built for the turns within this many view heights above and below the view,
# so that scrolling by hand finds them ready...
OVERSCAN_VIEWS = 1.0
# ... and released only beyond this, so scrolling back and forth does not rebuild them.
KEEP_VIEWS = 2.5
# Building per event-loop turn: usually one widget (~5 ms), well within the 50 ms noticed.
SLICE_MS = 4.0
# Destroying a widget costs too (its deferred delete): a couple per turn.
RELEASES_PER_PASS = 2
# Rounds of "build what the view lacks, lay out with the real heights" when the view must
# be filled at once (opening a conversation, revealing a search hit).
_FILL_ROUNDS = 20


class TurnColumn(QWidget):
    """The scroll area's content: rows of turns, live widgets for those near the view."""

    # A turn's widget was built (or a spare bound), measured and placed: the
    # time.perf_counter() before and after, for benchmarks that count what building costs.
    widgetBuilt = Signal(float, float)

    def __init__(
        self, scroll: QScrollArea, build: Callable[[Turn | None, QWidget], TurnWidget]
    ) -> None:
        super().__init__(objectName="transcriptContent")
        self._scroll = scroll
        self._bar = scroll.verticalScrollBar()
        self._build_widget = build
        self._rows = TurnRows()
        self._live: dict[int, Row] = {}  # turn id → row, for the rows with a widget
        self._turn_width = 0
        self._place = ScrollAnchor(self._bar)
        self._filling = False
        self._fill_timer = QTimer(self, singleShot=True, interval=0)
        self._fill_timer.timeout.connect(self._fill_slice)
        # Built in idle time, so that a new message's widget is ready when Send is pressed.
        self._spare = SpareTurnWidget(self, build, left=MARGIN_X, width=lambda: self._turn_width)
        self._background: QColor | None = None
        self._moves = PixelMoves(self.remeasure)

    def set_background(self, color: str) -> None:
        """Paint the column opaque, in ``color`` (the window's, which it covers), so that
        scrolling moves pixels (see ``pixel_moves.mark_opaque``)."""
        self._background = QColor(color)
        mark_opaque(self)

    @property
    def stick_to_bottom(self) -> bool:
        """Whether the view follows the conversation (stays at the end as it grows)."""
        return self._place.stick_to_bottom

    @stick_to_bottom.setter
    def stick_to_bottom(self, value: bool) -> None:
        self._place.stick_to_bottom = value

    # -- what the transcript asks -------------------------------------------------------------

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        row = self._live.get(turn_id)
        return row.widget if row is not None else None

    @property
    def spare_widget(self) -> TurnWidget | None:
        """The widget built ahead, hidden, for the next turn to be shown (None until the
        column has been idle a while; see ``spare_widget``)."""
        return self._spare.widget

    def live_widgets(self) -> list[TurnWidget]:
        """The widgets that exist now, top to bottom."""
        rows = sorted(self._live.values(), key=lambda row: self._rows.position_of(row.turn.id))
        return [row.widget for row in rows if row.widget is not None]

    def turns(self) -> Iterator[Turn]:
        return (row.turn for row in self._rows)

    def turns_in_view(self) -> list[Turn]:
        """The turns the view shows now (whether or not their widgets are built yet)."""
        if not self._rows:
            return []
        view_top = self._bar.value()
        view_bottom = view_top + self._scroll.viewport().height()
        return [self._rows[p].turn for p in self._rows.positions_between(view_top, view_bottom)]

    def __len__(self) -> int:
        return len(self._rows)

    def set_turns(self, turns: list[Turn]) -> None:
        """Replace every row; the view opens at the end."""
        for row in list(self._live.values()):
            self._release(row)
        self._sync_width()
        self._rows.replace([self._new_row(turn) for turn in turns])
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
        row = self._new_row(turn)
        self._rows.append(row)
        # Shown first below the column's bottom edge, where nothing is painted (see
        # ``pixel_moves``), then placed once the view has moved.
        widget = self._build(row, top=max(self.height(), self._rows.top_of_row(row)))
        self._relayout(None)
        # Only after the view moved (this hides a button; see ``pixel_moves``).
        if previous is not None and previous.widget is not None:
            previous.widget.set_last(False)
        self._moves.turn_added()
        self.fill_view()
        return widget

    def prepend(self, turns: list[Turn]) -> None:
        """Older turns above: rows only for now; their widgets come in slices as needed."""
        anchor = self._place.take(self._rows)
        self._rows.prepend([self._new_row(turn) for turn in turns])
        self._relayout(anchor)
        self._fill_timer.start()

    def remove(self, turn_ids: list[int], added: Sequence[Turn] = ()) -> None:
        anchor = self._place.take(self._rows)
        gone = set(turn_ids)
        for turn_id in gone:
            row = self._live.get(turn_id)
            if row is not None:
                self._release(row)
        self._rows.remove(gone)
        if added:  # another branch in their place, below what the reader is reading
            self.stick_to_bottom = False
            self._rows.replace([*self._rows, *map(self._new_row, added)])
        if anchor is not None and anchor[0].turn.id in gone:
            anchor = None  # the view keeps its value, within the new range
        if self._rows and self._rows[-1].widget is not None:
            self._rows[-1].widget.set_last(True)
        self._relayout(anchor)
        self._fill_timer.start()

    def update(self, turn: Turn) -> None:
        """``turn`` changed: its widget shows it (and one is built if it is now pending)."""
        position = self._rows.position_of(turn.id)
        if position is None:
            return
        row = self._rows[position]
        row.turn = turn
        last = row is self._rows[-1]
        if turn.pending and not last:
            self.stick_to_bottom = False  # an older turn asked again: the view stays on it
        if row.widget is not None:
            # An answer that arrives whole: the view keeps its question in sight.
            arrival = bool(row.widget.waiting_text) and not turn.pending
            with self.changing(row.widget, arrival=arrival):
                row.widget.update_from(turn)
        elif turn.pending:  # asked again: its answer streams into a widget, wherever it is
            anchor = self._place.take(self._rows)
            self._build(row)
            self._relayout(anchor)

    def changing(self, widget: TurnWidget, *, arrival: bool = False) -> ContextManager[None]:
        """``widget``'s content changes within; only it is repainted (see ``pixel_moves``).
        With ``arrival`` (its answer arrives, whole or its first piece), the view keeps its
        question in sight rather than follow the end (``ScrollAnchor.hold_for``)."""
        row = self._live.get(widget.turn_id)
        held = arrival and row is not None and self._place.hold_for(row, row is self._rows[-1])
        return self._moves.changing(widget, self._place.end_arrival if held else None)

    def reveal(self, turn_id: int, above_px: int) -> TurnWidget | None:
        """Scroll so that the turn's top is ``above_px`` below the view's top; built now."""
        position = self._rows.position_of(turn_id)
        if position is None:
            return None
        self.stick_to_bottom = False
        for _ in range(_FILL_ROUNDS):
            self._place.move_to(self._rows.top_of(position) - above_px)
            if not self._fill_rows(self._missing(0.0), budget_ms=None):
                break
        self._fill_timer.start()
        return self._rows[position].widget

    def resize_to_view(self) -> None:
        """The viewport changed size: new width for every widget, then the real heights."""
        anchor = self._place.take(self._rows)
        self._sync_width()
        self._relayout(anchor)
        self.remeasure()
        self._fill_timer.start()

    def on_scrolled(self) -> None:
        """The view moved: the user scrolled (this class's own moves are not counted)."""
        if not self._place.user_scrolled():
            return
        # Built on the next turns of the event loop, not here: a jump (the scroll bar
        # dragged, Home) may need a view's worth of widgets, which at once would stall the
        # scrolling itself. The margin around the view is usually ready anyway.
        self._fill_timer.start()

    def on_range_changed(self) -> None:
        self._place.range_changed()

    def fill_view(self) -> None:
        """Build every widget the view shows now (opening, or after a jump), and the margin
        around it over the next event-loop turns."""
        for _ in range(_FILL_ROUNDS):
            if not self._fill_rows(self._missing(0.0), budget_ms=None):
                break
        self._fill_timer.start()

    def remeasure(self) -> None:
        """Some widget's height may have changed (an answer grew, a width changed)."""
        anchor = self._place.take(self._rows)
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

    def event(self, event: QEvent) -> bool:
        # A child's size hint changed (an answer grew, a state changed): this widget has no
        # layout, so Qt posts the request here.
        if event.type() == QEvent.Type.LayoutRequest:
            self.remeasure()
        elif event.type() == QEvent.Type.StyleChange and self._background is not None:
            # A style sheet's polish clears it: opaque again (see set_background).
            mark_opaque(self)
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._moves.painted()
        if self._background is not None:
            fill_region(self, event.region(), self._background)

    def sizeHint(self) -> QSize:
        return QSize(self.width(), self._rows.end - SPACING * bool(self._rows) + MARGIN_BOTTOM)

    # -- heights and places -----------------------------------------------------------------

    def _new_row(self, turn: Turn) -> Row:
        return Row(turn, estimate_height(turn, self._turn_width))

    def _measure(self, widget: TurnWidget) -> int:
        height = widget.heightForWidth(self._turn_width)
        return height if height > 0 else widget.sizeHint().height()

    def _relayout(self, anchor: Anchor | None) -> None:
        """Recompute every row's top, place the live widgets, and put the anchor row back
        where it was on the screen (or keep the view at the end while it follows)."""
        self._rows.retop()
        width = self._scroll.viewport().width()
        height = max(self.sizeHint().height(), self._scroll.viewport().height())
        with self._place.moving():
            if self.width() != width or self.height() != height:
                self.resize(width, height)
            # The view moves before any widget does (see ``pixel_moves``).
            self._place.restore(anchor, self._rows)
            for row in self._live.values():
                if row.widget is not None:
                    top = self._rows.top_of_row(row)
                    row.widget.setGeometry(MARGIN_X, top, self._turn_width, row.height)

    # -- widgets ----------------------------------------------------------------------------

    def _missing(self, margin_views: float) -> list[int]:
        """The rows within ``margin_views`` view heights of the view without a widget."""
        view_top = self._bar.value()
        view_height = self._scroll.viewport().height()
        return self._rows.unbuilt_near(view_top, view_height, int(view_height * margin_views))

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
        anchor = self._place.take(self._rows)
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

    def _build(self, row: Row, top: int | None = None) -> TurnWidget:
        started = time.perf_counter()
        widget = self._spare.take()
        if widget is not None:
            widget.bind(row.turn)
        else:
            widget = self._build_widget(row.turn, self)
        self._spare.postpone()
        widget.fit_to_width(self._turn_width)
        widget.set_last(row is self._rows[-1])
        if top is None:  # (right after an append: where the new row begins)
            top = self._rows.top_of_row(row)
        widget.setGeometry(MARGIN_X, top, self._turn_width, row.height)
        # Shown now, so that its text views are laid out at their width and can be measured.
        widget.show()
        row.widget = widget
        self._live[row.turn.id] = row
        row.height = self._measure(widget)
        self.widgetBuilt.emit(started, time.perf_counter())
        return widget

    def _release_far(self) -> bool:
        """Destroy a few widgets far from the view; True when more are left to release."""
        if len(self._live) <= 1:
            return False
        view_height = self._scroll.viewport().height()
        keep = int(view_height * KEEP_VIEWS)
        # The window's focus child is kept (while the window is inactive too): the user's
        # selection or keyboard place, to come back to.
        focus = self.window().focusWidget()
        far = self._rows.far_from(self._live.values(), self._bar.value(), view_height, keep, focus)
        for row in far[:RELEASES_PER_PASS]:
            self._release(row)
        return len(far) > RELEASES_PER_PASS

    def _release(self, row: Row) -> None:
        widget, row.widget = row.widget, None
        self._live.pop(row.turn.id, None)
        if widget is not None:
            widget.hide()
            widget.deleteLater()
