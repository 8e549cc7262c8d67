"""The scrolling transcript: the exchanges (in a virtualised column, see ``turn_column``), and
a welcome when it is empty."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.transcript import memory_return
from dynaspark_desktop.ui.transcript.page_requests import PageRequests
from dynaspark_desktop.ui.transcript.text_zoom import apply_zoom, set_zoom, zoom_steps
from dynaspark_desktop.ui.transcript.welcome import make_welcome

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QScrollArea, QScrollBar

    from dynaspark_desktop.ui.transcript.jump_button import JumpButton
    from dynaspark_desktop.ui.transcript.turn_column import TurnColumn
    from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

FRAME_MS = 16
# A search hit opens with this much of the conversation above it.
_REVEAL_ABOVE_PX = 24


class Transcript(QFrame):
    """The welcome text until the first message, then a scroll area of exchanges.

    The scroll area is built just after the window's first paint rather than before it:
    creating it is the single most expensive part of building the window.
    """

    retryRequested = Signal(int)
    retryWithRequested = Signal(int, str)  # (turn id, model key): "Try with <model>"
    regenerateRequested = Signal(int)
    editRequested = Signal(int)
    pictureActionRequested = Signal(int, str)  # (turn id, "copy" or "save")
    questionVersionRequested = Signal(int, int)  # (turn id, the version's message id)
    answerVersionChosen = Signal(int, int)  # (turn id, the answer version's index)
    # The user scrolled near the top and older turns exist: the navigator loads a page.
    earlierWanted = Signal()
    # Near the bottom of a branch read in parts (set_has_later): its next part is wanted.
    laterWanted = Signal()
    # The widgets of the turns given to ``add_turn`` exist now (their ids, oldest first).
    turnsShown = Signal(list)
    # Ctrl+wheel over the conversation: +1 larger text, -1 smaller (the text_zoom setting).
    zoomStepRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName(self.tr("Conversation"))
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._empty_state = make_welcome()
        self._outer.addWidget(self._empty_state, 1)
        self._scroll: QScrollArea | None = None
        self.jump_button: JumpButton | None = None
        self._column: TurnColumn | None = None
        self._pending: set[int] = set()
        self._pages = PageRequests(self.earlierWanted.emit, self.laterWanted.emit)
        # Streamed text is shown at most once a frame, whatever rate it arrives at.
        self._growing: dict[int, TurnWidget] = {}
        self._frame_timer = QTimer(self, interval=FRAME_MS)
        self._frame_timer.timeout.connect(self._show_arrived_text)
        self._waiting_timer = QTimer(self, interval=250)
        self._waiting_timer.timeout.connect(self._tick_waiting)
        # New turns whose widgets come on the next turn of the event loop (see add_turn).
        self._arriving: list[Turn] = []
        self._arrival_timer = QTimer(self, singleShot=True, interval=FRAME_MS)
        self._arrival_timer.timeout.connect(self._show_arrived_turns)

    def prepare(self) -> None:
        """Build what the first message needs; called once the window is on screen."""
        self._ensure_scroll_area()
        # The message widgets' module (and the text machinery it loads) too, so that the
        # first Send does not pay for importing it.
        import dynaspark_desktop.ui.transcript.turn_widget  # noqa: F401

    def _ensure_scroll_area(self) -> QScrollArea:
        if self._scroll is not None:
            return self._scroll
        # Imported here, after the first paint: each Qt class costs start-up time.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea

        from dynaspark_desktop.ui.transcript.turn_column import TurnColumn

        scroll = QScrollArea(objectName="transcriptScroll")
        # The column sizes itself (its height is the sum of its rows'), so the scroll area
        # never asks it for a size hint.
        scroll.setWidgetResizable(False)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        from dynaspark_desktop.ui.base.style import palette_colors

        self._column = TurnColumn(scroll, self._make_widget)
        scroll.setWidget(self._column)
        scroll.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        scroll.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        scroll.viewport().installEventFilter(self)
        # From here on the scroll area is always shown, and the welcome lies over it while
        # the conversation is empty: a new chat's first message then only hides the welcome
        # (showing the scroll area and laying it out again cost that message ~0.5 ms).
        self._outer.removeWidget(self._empty_state)
        self._outer.addWidget(scroll, 1)
        # Once in the window: the style sheet's polish on joining it clears the attribute
        # that set_background sets.
        self._column.set_background(palette_colors()["window"])
        scroll.show()
        self._empty_state.setGeometry(self.rect())
        self._empty_state.raise_()
        self._scroll = scroll
        from dynaspark_desktop.ui.transcript.jump_button import JumpButton

        self.jump_button = JumpButton(self)
        self.jump_button.clicked.connect(self.jump_to_latest)
        return scroll

    def retranslate(self) -> None:
        """The language changed: the turns with a widget say their headers again in it."""
        column = self._column
        for turn in list(column.turns()) if column is not None else []:
            column.update(turn)

    def restyle(self) -> None:
        """The theme changed: the column's background, and every answer rendered again."""
        if self._column is None:
            return
        from dynaspark_desktop.ui.base.style import palette_colors
        from dynaspark_desktop.ui.transcript.answer_view import AnswerView

        self._column.set_background(palette_colors()["window"])
        for view in self._column.findChildren(AnswerView):
            view.restyle()
        QWidget.update(self._column)  # (TurnColumn.update updates a turn)

    def set_text_zoom(self, percent: int) -> None:
        """The whole conversation's text at ``percent`` of the app's font size."""
        set_zoom(percent, self._column)
        if self._column is not None:  # heights change once the views have the new font
            QTimer.singleShot(0, self._column, self._column.remeasure)

    def verticalScrollBar(self) -> QScrollBar:
        return self._ensure_scroll_area().verticalScrollBar()

    @property
    def turn_widgets(self) -> list[TurnWidget]:
        """The widgets that exist now, top to bottom: only the turns near the view have one."""
        self._show_arrived_turns()
        return self._column.live_widgets() if self._column is not None else []

    @property
    def spare_widget(self) -> TurnWidget | None:
        """The widget built ahead for the next new turn (see ``turn_column``), if any yet."""
        return self._column.spare_widget if self._column is not None else None

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        """The turn's widget (None now when not shown, or far from the view: turn_column)."""
        self._show_arrived_turns()
        return self._column.widget_for(turn_id) if self._column is not None else None

    def turns_in_view(self) -> list[Turn]:
        """The turns the reader sees now; their widgets may still be on their way."""
        self._show_arrived_turns()
        return self._column.turns_in_view() if self._column is not None else []

    def add_turn(self, turn: Turn) -> None:
        """A new turn at the end, shown once its request has left (``request_started``), or a
        frame later at most: not in the Send key's handler, so the request goes out first and
        the widget is built and painted while it travels. Asking for the widget (``widget_for``,
        the first piece of the answer, a failure) builds it at once."""
        self._arriving.append(turn)
        self._arrival_timer.start(FRAME_MS)

    def request_started(self) -> None:
        """A new turn's request has started: its widget is built on the next turn of the
        event loop, after whatever the request's sending queued before this call."""
        if self._arriving:
            self._arrival_timer.start(0)

    def _show_arrived_turns(self) -> None:
        if not self._arriving:
            return
        turns, self._arriving = self._arriving, []
        self._arrival_timer.stop()
        column = self._show_column()
        for turn in turns:
            column.append(turn)
            self._sync_timer(turn)
        self.turnsShown.emit([turn.id for turn in turns])

    def remove_turns(self, turn_ids: list[int], added: list[Turn] | None = None) -> None:
        """Take turns out of the end; ``added``: another branch's turns take their place."""
        self._show_arrived_turns()
        for turn_id in turn_ids:
            self._growing.pop(turn_id, None)
            self._pending.discard(turn_id)
        if self._column is not None:
            self._column.remove(turn_ids, added or ())
        self._sync_timer(None)

    def last_answer(self) -> str:
        """The latest answer shown (for Ctrl+Shift+C), or "" when there is none."""
        self._show_arrived_turns()
        turns = list(self._column.turns()) if self._column is not None else []
        return next((turn.answer for turn in reversed(turns) if turn.answer), "")

    def copy_last_answer(self) -> bool:
        """Put the latest answer on the clipboard, as Markdown; False when there is none."""
        from dynaspark_desktop.ui.transcript.turn_text import copy_message

        if answer := self.last_answer():
            copy_message(answer, as_markdown=True)
        return bool(answer)

    def _make_widget(self, turn: Turn | None, parent: QWidget) -> TurnWidget:
        # Imported on first use: the empty window paints without the message machinery.
        from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

        widget = TurnWidget(turn, parent)
        apply_zoom(widget)
        widget.retryRequested.connect(self.retryRequested)
        widget.retryWithRequested.connect(self.retryWithRequested)
        widget.regenerateRequested.connect(self.regenerateRequested)
        widget.editRequested.connect(self.editRequested)
        widget.pictureActionRequested.connect(self.pictureActionRequested)
        widget.questionVersionRequested.connect(self.questionVersionRequested)
        widget.answerVersionChosen.connect(self.answerVersionChosen)
        return widget

    def _show_column(self) -> TurnColumn:
        """The scroll area, with the welcome over it hidden."""
        self._ensure_scroll_area()
        assert self._scroll is not None
        assert self._column is not None
        if not self._empty_state.isHidden():
            self._empty_state.hide()
        return self._column

    def show_turns(self, turns: list[Turn], *, has_earlier: bool = False) -> None:
        """Replace everything shown by ``turns`` (oldest first), scrolled to the latest."""
        self._show_arrived_turns()  # then replaced, in order
        if self._column is not None and len(self._column):
            memory_return.released(self)  # what the turns shown so far held
        self._growing.clear()
        self._pending.clear()
        self._waiting_timer.stop()
        self._pages.reset(has_earlier=has_earlier)
        if not turns:
            if self._column is not None:
                self._column.set_turns([])
            self._empty_state.show()
            self._empty_state.raise_()
        else:
            self._show_column().set_turns(turns)
            for turn in turns:
                self._sync_timer(turn)
        if self._scroll is not None:
            QTimer.singleShot(0, self, self._want_more_if_no_scrollbar)

    def prepend_turns(self, turns: list[Turn], *, has_earlier: bool) -> None:
        """Older turns above the ones shown, without moving what the user is reading."""
        self._show_arrived_turns()
        if turns:
            self._show_column().prepend(turns)
        self._pages.earlier_arrived(has_earlier=has_earlier)

    def set_has_later(self, has_later: bool) -> None:
        """Whether more of the shown branch follows what is shown (read in parts)."""
        self._pages.later_arrived(has_later=has_later)
        if has_later and self._scroll is not None:
            QTimer.singleShot(0, self, self._want_more_if_no_scrollbar)

    def _want_more_if_no_scrollbar(self) -> None:
        # A short page shows no scroll bar, so the user could never scroll for more.
        bar = self.verticalScrollBar()
        self._pages.settled(bar.value(), bar.maximum())

    def scroll_to_turn(self, turn_id: int) -> None:
        """Bring a turn into view and mark it for a moment (opening a search hit)."""
        self._show_arrived_turns()
        if self._column is None or self._column.reveal(turn_id, _REVEAL_ABOVE_PX) is None:
            return
        column = self._column

        def flash() -> None:
            # Once more after the widgets around it have their real heights.
            widget = column.reveal(turn_id, _REVEAL_ABOVE_PX)
            if widget is not None:
                widget.flash()

        QTimer.singleShot(0, self, flash)

    def update_turn(self, turn: Turn) -> None:
        self._show_arrived_turns()
        self._growing.pop(turn.id, None)
        if self._column is not None:
            self._column.update(turn)
        self._sync_timer(turn)

    def grow_answer(self, turn: Turn, text: str) -> None:
        """A piece of ``turn``'s answer arrived (possibly one of hundreds a second)."""
        widget = self.widget_for(turn.id)
        if widget is None:
            return  # a turn of a conversation not on screen
        first = not widget.answer_view.streaming
        self._growing[turn.id] = widget
        if self._frame_timer.isActive():  # pieces within a frame wait for its tick
            if first:
                widget.update_from(turn)
            widget.append_answer_text(text)
            return
        # The first piece after a quiet frame is shown at once (a frame's wait added 16 ms);
        # the answer's first repaints only its turn, the view moves pixels (pixel_moves).
        assert self._column is not None
        with self._column.changing(widget, arrival=True) if first else nullcontext():
            if first:
                widget.update_from(turn)  # from "waiting" to showing the answer as it grows
            widget.append_answer_text(text)
            self._show_arrived_text()
        self._frame_timer.start()

    def _show_arrived_text(self) -> None:
        growing, self._growing = self._growing, {}
        for turn_id, widget in growing.items():
            if widget.flush_answer():
                # More arrived than a frame lays out: the rest is shown on the next ticks.
                self._growing.setdefault(turn_id, widget)
        if not growing:
            self._frame_timer.stop()

    def _sync_timer(self, turn: Turn | None) -> None:
        if turn is not None and turn.pending:
            self._pending.add(turn.id)
        elif turn is not None:
            self._pending.discard(turn.id)
        if self._pending and not self._waiting_timer.isActive():
            self._waiting_timer.start()
        elif not self._pending:
            self._waiting_timer.stop()

    def _tick_waiting(self) -> None:
        for turn_id in self._pending:
            widget = self.widget_for(turn_id)
            if widget is not None:
                widget.refresh_waiting()

    def jump_to_latest(self) -> None:
        if self._column is not None:
            self._column.stick_to_bottom = True
        self.scroll_to_bottom()
        self._update_jump_button()

    def _update_jump_button(self) -> None:
        if self._scroll is not None and self.jump_button is not None:
            self.jump_button.follow(self._scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._scroll is not None:  # the welcome lies over the scroll area (see there)
            self._empty_state.setGeometry(self.rect())
        self._update_jump_button()

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def scroll_to_top(self) -> None:
        self.verticalScrollBar().setValue(0)

    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._column is not None:
            self._column.on_range_changed()
        self._update_jump_button()

    def _on_scrolled(self, value: int) -> None:
        if self._column is not None:
            self._column.on_scrolled()
        self._update_jump_button()
        if (maximum := self.verticalScrollBar().maximum()) > 0:
            self._pages.scrolled(value, maximum)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if steps := zoom_steps(event):  # Ctrl+wheel: the text size, not a scroll
            self.zoomStepRequested.emit(steps)
            return True
        if (
            self._column is not None
            and self._scroll is not None
            and watched is self._scroll.viewport()
            and event.type() == QEvent.Type.Resize
        ):
            self._column.resize_to_view()
        return super().eventFilter(watched, event)
