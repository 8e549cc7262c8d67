"""The scrolling transcript: one TurnWidget per exchange, and a welcome when it is empty."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.ui.turn_widget import TurnWidget

_EMPTY_STATE_TEXT = (
    "<h2>Ask anything</h2>"
    "<p>Type a question below, or drop an image anywhere on this window<br>"
    "(or paste one with Ctrl+V) and ask about it.</p>"
)


class Transcript(QScrollArea):
    retryRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Conversation")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget(objectName="transcriptContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(20, 16, 20, 16)
        self._layout.setSpacing(4)
        self._empty_state = QLabel(_EMPTY_STATE_TEXT, objectName="emptyState")
        # Our own fixed text: rich text is chosen explicitly, never guessed.
        self._empty_state.setTextFormat(Qt.TextFormat.RichText)
        self._empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addStretch(1)
        self._layout.addWidget(self._empty_state)
        self._layout.addStretch(2)
        self.setWidget(self._content)
        self._widgets: dict[int, TurnWidget] = {}
        self._pending: set[int] = set()
        self._stick_to_bottom = True
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._waiting_timer = QTimer(self, interval=250)
        self._waiting_timer.timeout.connect(self._tick_waiting)
        self.viewport().installEventFilter(self)

    @property
    def turn_widgets(self) -> list[TurnWidget]:
        return list(self._widgets.values())

    def widget_for(self, turn_id: int) -> TurnWidget | None:
        return self._widgets.get(turn_id)

    def add_turn(self, turn: Turn) -> TurnWidget:
        if not self._widgets:
            # The first message replaces the welcome; turns stack from the top.
            self._empty_state.hide()
            self._layout.takeAt(0)
        widget = TurnWidget(turn, self._content)
        widget.retryRequested.connect(self.retryRequested)
        # Insert before the trailing stretch.
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self._widgets[turn.id] = widget
        widget.fit_to_width(self.viewport().width() - 40)
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

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        # Follow new content only while the user is reading the end of the conversation.
        if self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)

    def _on_scrolled(self, value: int) -> None:
        self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - 8

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            width = self.viewport().width() - 40
            for widget in self._widgets.values():
                widget.fit_to_width(width)
        return super().eventFilter(watched, event)
