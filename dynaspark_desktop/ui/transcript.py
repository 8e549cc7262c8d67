"""The scrolling transcript: one TurnWidget per exchange, and a welcome when it is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea, QScrollBar

    from dynaspark_desktop.ui.turn_widget import TurnWidget

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
        self._widgets: dict[int, TurnWidget] = {}
        self._pending: set[int] = set()
        self._stick_to_bottom = True
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
        scroll.viewport().installEventFilter(self)
        scroll.hide()
        self._outer.addWidget(scroll, 1)
        self._scroll = scroll
        return scroll

    def verticalScrollBar(self) -> QScrollBar:
        return self._ensure_scroll_area().verticalScrollBar()

    @property
    def turn_widgets(self) -> list[TurnWidget]:
        return list(self._widgets.values())

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        return self._widgets.get(turn_id)

    def add_turn(self, turn: Turn) -> TurnWidget:
        # Imported on first use: the empty window paints without the message machinery.
        from dynaspark_desktop.ui.turn_widget import TurnWidget

        scroll = self._ensure_scroll_area()
        if not self._widgets:
            self._empty_state.hide()
            scroll.show()
        widget = TurnWidget(turn, self._content)
        widget.retryRequested.connect(self.retryRequested)
        # Insert before the trailing stretch.
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self._widgets[turn.id] = widget
        widget.fit_to_width(scroll.viewport().width() - 40)
        self._stick_to_bottom = True
        self._sync_timer(turn)
        return widget

    def update_turn(self, turn: Turn) -> None:
        widget = self._widgets.get(turn.id)
        if widget is not None:
            widget.update_from(turn)
        self._sync_timer(turn)

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

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def scroll_to_top(self) -> None:
        self.verticalScrollBar().setValue(0)

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        # Follow new content only while the user is reading the end of the conversation.
        if self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)

    def _on_scrolled(self, value: int) -> None:
        self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - 8

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._scroll is not None
            and watched is self._scroll.viewport()
            and event.type() == QEvent.Type.Resize
        ):
            width = self._scroll.viewport().width() - 40
            for widget in self._widgets.values():
                widget.fit_to_width(width)
        return super().eventFilter(watched, event)
