"""The scrolling transcript: one TurnWidget per exchange, and a welcome when it is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QScrollArea, QScrollBar, QToolButton

    from dynaspark_desktop.ui.turn_widget import TurnWidget

FRAME_MS = 16
# Older turns load when the user scrolls to within this distance of the top.
_LOAD_EARLIER_WITHIN_PX = 300
# What the user does to scroll (the scroll bar itself reports through actionTriggered).
_USER_SCROLL_EVENTS = (QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
# The "jump to latest" button shows once the newest message is this far below the view.
_JUMP_BUTTON_AFTER_PX = 200
_WELCOME_TITLE = "Ask anything"
_WELCOME_TEXT = (
    "Type a question below, or drop an image anywhere on this window\n"
    "(or paste one with Ctrl+V) and ask about it."
)


class Transcript(QFrame):
    """The welcome text until the first message, then a scroll area of exchanges.

    The scroll area is built just after the window's first paint rather than before it:
    creating it is the single most expensive part of building the window.
    """

    retryRequested = Signal(int)
    regenerateRequested = Signal(int)
    editRequested = Signal(int)
    copied = Signal(str)
    # The user scrolled near the top and older turns exist: the navigator loads a page.
    earlierWanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Conversation")
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        # Plain-text, centred labels. Their text format and alignment are set in the style
        # sheet (qproperty-…): a Qt enum touched here would cost the first paint ~15 ms.
        self._empty_state = QWidget(objectName="emptyState")
        welcome = QVBoxLayout(self._empty_state)
        welcome.addStretch(2)
        for text, name in ((_WELCOME_TITLE, "emptyStateTitle"), (_WELCOME_TEXT, "emptyStateText")):
            welcome.addWidget(QLabel(text, objectName=name))
        welcome.addStretch(3)
        self._outer.addWidget(self._empty_state, 1)
        self._scroll: QScrollArea | None = None
        self.jump_button: QToolButton | None = None
        self._widgets: dict[int, TurnWidget] = {}
        self._pending: set[int] = set()
        self._stick_to_bottom = True
        self._has_earlier = False
        self._earlier_requested = False
        # While older turns are inserted above, keep the distance to the bottom: what the
        # user is reading stays where it is.
        self._keep_bottom_distance: int | None = None
        # Streamed text is shown at most once a frame, whatever rate it arrives at.
        self._growing: dict[int, TurnWidget] = {}
        self._frame_timer = QTimer(self, interval=FRAME_MS)
        self._frame_timer.timeout.connect(self._show_arrived_text)
        self._waiting_timer = QTimer(self, interval=250)
        self._waiting_timer.timeout.connect(self._tick_waiting)

    def prepare(self) -> None:
        """Build what the first message needs; called once the window is on screen."""
        self._ensure_scroll_area()
        # The message widgets' module (and the text machinery it loads) too, so that the
        # first Send does not pay for importing it.
        import dynaspark_desktop.ui.turn_widget  # noqa: F401

    def _ensure_scroll_area(self) -> QScrollArea:
        if self._scroll is not None:
            return self._scroll
        # Imported here, after the first paint: each Qt class costs start-up time.
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea

        scroll = QScrollArea(objectName="transcriptScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget(objectName="transcriptContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(20, 16, 20, 16)
        self._layout.setSpacing(4)
        # Turns stack from the top; the stretch keeps them there.
        self._layout.addStretch(1)
        scroll.setWidget(self._content)
        scroll.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        scroll.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        # The user moved the scroll bar themselves: stop holding the view in place.
        scroll.verticalScrollBar().actionTriggered.connect(lambda _action: self._release_anchor())
        scroll.viewport().installEventFilter(self)
        scroll.hide()
        self._outer.addWidget(scroll, 1)
        self._scroll = scroll
        # Shown while the user reads further up: one click back to the newest message.
        from PySide6.QtWidgets import QToolButton

        self.jump_button = QToolButton(self, objectName="jumpToLatest")
        self.jump_button.setText("↓ Latest")
        self.jump_button.setToolTip("Jump to the latest message")
        self.jump_button.setAccessibleName("Jump to the latest message")
        self.jump_button.clicked.connect(self.jump_to_latest)
        self.jump_button.hide()
        return scroll

    def verticalScrollBar(self) -> QScrollBar:
        return self._ensure_scroll_area().verticalScrollBar()

    @property
    def turn_widgets(self) -> list[TurnWidget]:
        return list(self._widgets.values())

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        return self._widgets.get(turn_id)

    def add_turn(self, turn: Turn) -> TurnWidget:
        widget = self._make_widget(turn, self._layout.count() - 1)  # before the stretch
        self._stick_to_bottom = True
        self._mark_last()
        return widget

    def remove_turns(self, turn_ids: list[int]) -> None:
        for turn_id in turn_ids:
            widget = self._widgets.pop(turn_id, None)
            self._growing.pop(turn_id, None)
            self._pending.discard(turn_id)
            if widget is not None:
                self._layout.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self._mark_last()

    def _mark_last(self) -> None:
        widgets = list(self._widgets.values())
        for widget in widgets[:-1]:
            widget.set_last(False)
        if widgets:
            widgets[-1].set_last(True)

    def last_answer(self) -> str:
        """The latest answer shown (for Ctrl+Shift+C), or "" when there is none."""
        for widget in reversed(list(self._widgets.values())):
            if widget.answer_text:
                return widget.answer_text
        return ""

    def _make_widget(self, turn: Turn, position: int) -> TurnWidget:
        # Imported on first use: the empty window paints without the message machinery.
        from dynaspark_desktop.ui.turn_widget import TurnWidget

        scroll = self._ensure_scroll_area()
        if not self._widgets:
            self._empty_state.hide()
            scroll.show()
        widget = TurnWidget(turn, self._content)
        widget.retryRequested.connect(self.retryRequested)
        widget.regenerateRequested.connect(self.regenerateRequested)
        widget.copied.connect(self.copied)
        widget.editRequested.connect(self.editRequested)
        self._layout.insertWidget(position, widget)
        self._widgets[turn.id] = widget
        widget.fit_to_width(scroll.viewport().width() - 40)
        self._sync_timer(turn)
        return widget

    def show_turns(self, turns: list[Turn], *, has_earlier: bool = False) -> None:
        """Replace everything shown by ``turns`` (oldest first), scrolled to the latest."""
        self.setUpdatesEnabled(False)
        try:
            for widget in self._widgets.values():
                self._layout.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
            self._widgets.clear()
            self._growing.clear()
            self._pending.clear()
            self._waiting_timer.stop()
            for turn in turns:
                self._make_widget(turn, self._layout.count() - 1)
            self._mark_last()
            if not turns:
                if self._scroll is not None:
                    self._scroll.hide()
                self._empty_state.show()
        finally:
            self.setUpdatesEnabled(True)
        self._has_earlier = has_earlier
        self._earlier_requested = False
        self._stick_to_bottom = True
        self._release_anchor()
        if self._scroll is not None:
            QTimer.singleShot(0, self, self._want_earlier_if_no_scrollbar)

    def prepend_turns(self, turns: list[Turn], *, has_earlier: bool) -> None:
        """Older turns above the ones shown, without moving what the user is reading."""
        bar = self.verticalScrollBar()
        # Held until the user scrolls again (wheel, keys, the scroll bar): the new widgets
        # may be laid out in several passes, each of which must keep the reader in place.
        self._keep_bottom_distance = bar.maximum() - bar.value()
        self._stick_to_bottom = False
        for offset, turn in enumerate(turns):
            self._make_widget(turn, offset)
        self._has_earlier = has_earlier
        self._earlier_requested = False

    def _release_anchor(self) -> None:
        self._keep_bottom_distance = None

    def _want_earlier_if_no_scrollbar(self) -> None:
        # A short page shows no scroll bar, so the user could never scroll up for more.
        if self._has_earlier and self.verticalScrollBar().maximum() == 0:
            self._request_earlier()

    def _request_earlier(self) -> None:
        if self._has_earlier and not self._earlier_requested:
            self._earlier_requested = True
            self.earlierWanted.emit()

    def scroll_to_turn(self, turn_id: int) -> None:
        """Bring a turn into view and mark it for a moment (opening a search hit)."""
        widget = self._widgets.get(turn_id)
        if widget is None or self._scroll is None:
            return
        self._stick_to_bottom = False
        scroll = self._scroll

        def reveal() -> None:
            if turn_id in self._widgets:
                scroll.verticalScrollBar().setValue(max(0, widget.y() - 24))
                widget.flash()

        # After the layout has placed the freshly built widgets.
        QTimer.singleShot(0, self, reveal)

    def update_turn(self, turn: Turn) -> None:
        widget = self._widgets.get(turn.id)
        if widget is not None:
            self._growing.pop(turn.id, None)
            widget.update_from(turn)
        self._sync_timer(turn)

    def grow_answer(self, turn: Turn, text: str) -> None:
        """A piece of ``turn``'s answer arrived (possibly one of hundreds a second)."""
        widget = self._widgets.get(turn.id)
        if widget is None:
            return  # a turn of a conversation not on screen
        if not widget.answer_view.streaming:
            widget.update_from(turn)  # from "waiting" to showing the answer as it grows
        widget.append_answer_text(text)
        self._growing[turn.id] = widget
        if not self._frame_timer.isActive():
            self._frame_timer.start()

    def _show_arrived_text(self) -> None:
        growing, self._growing = self._growing, {}
        for widget in growing.values():
            widget.flush_answer()
        if not growing:
            self._frame_timer.stop()

    def _sync_timer(self, turn: Turn) -> None:
        if turn.pending:
            self._pending.add(turn.id)
        else:
            self._pending.discard(turn.id)
        if self._pending and not self._waiting_timer.isActive():
            self._waiting_timer.start()
        elif not self._pending:
            self._waiting_timer.stop()

    def _tick_waiting(self) -> None:
        for turn_id in self._pending:
            self._widgets[turn_id].refresh_waiting()

    def jump_to_latest(self) -> None:
        self._stick_to_bottom = True
        self.scroll_to_bottom()
        self._update_jump_button()

    def _update_jump_button(self) -> None:
        if self._scroll is None or self.jump_button is None:
            return
        bar = self._scroll.verticalScrollBar()
        show = self._scroll.isVisible() and bar.maximum() - bar.value() > _JUMP_BUTTON_AFTER_PX
        if show:
            hint = self.jump_button.sizeHint()
            self.jump_button.move(
                self.width() - hint.width() - 24, self.height() - hint.height() - 16
            )
            self.jump_button.raise_()
        self.jump_button.setVisible(show)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_jump_button()

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def scroll_to_top(self) -> None:
        self._release_anchor()
        self.verticalScrollBar().setValue(0)

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._keep_bottom_distance is not None:
            self.verticalScrollBar().setValue(maximum - self._keep_bottom_distance)
        # Follow new content only while the user is reading the end of the conversation.
        elif self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)
        self._update_jump_button()

    def _on_scrolled(self, value: int) -> None:
        maximum = self.verticalScrollBar().maximum()
        self._update_jump_button()
        if self._keep_bottom_distance is None:
            self._stick_to_bottom = value >= maximum - 8
        if value < _LOAD_EARLIER_WITHIN_PX and maximum > 0:
            self._request_earlier()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._keep_bottom_distance is not None
            and self._scroll is not None
            and watched is self._scroll.viewport()
            and event.type() in _USER_SCROLL_EVENTS
        ):
            self._release_anchor()
        if (
            self._scroll is not None
            and watched is self._scroll.viewport()
            and event.type() == QEvent.Type.Resize
        ):
            width = self._scroll.viewport().width() - 40
            for widget in self._widgets.values():
                widget.fit_to_width(width)
        return super().eventFilter(watched, event)
