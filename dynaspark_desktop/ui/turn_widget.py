"""One exchange in the transcript: the user's question (with its image) and the answer slot,
which shows a waiting state, the answer, or an error with Retry."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.safe_text import SafeTextView
from dynaspark_desktop.ui.thumbnails import thumbnail_pixmap

FLASH_MS = 1800
# After this long without an answer, say the free service may be waking up.
WAKING_HINT_AFTER_SECONDS = 8.0
THUMBNAIL_DISPLAY_SIDE = 220
USER_BUBBLE_WIDTH_SHARE = 0.78


def format_elapsed(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


class TurnWidget(QWidget):
    retryRequested = Signal(int)

    def __init__(self, turn: Turn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.turn_id = turn.id
        self._started_at = turn.started_at
        self._shown_state: TurnState | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)

        # The question, right-aligned as in every chat app.
        question_row = QHBoxLayout()
        question_row.addStretch(1)
        self.user_bubble = QFrame(objectName="userBubble")
        bubble_layout = QVBoxLayout(self.user_bubble)
        bubble_layout.setContentsMargins(12, 8, 12, 8)
        bubble_layout.setSpacing(6)
        if turn.image is not None:
            self.thumbnail = QLabel(objectName="questionImage")
            self.thumbnail.setPixmap(thumbnail_pixmap(turn.image, THUMBNAIL_DISPLAY_SIDE))
            self.thumbnail.setToolTip(
                f"{turn.image.filename} · {turn.image.width}×{turn.image.height}"
            )
            self.thumbnail.setAccessibleName(f"Attached image {turn.image.filename}")
            bubble_layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignRight)
        else:
            self.thumbnail = None
        self.question_view = SafeTextView(objectName="questionText")
        self._question_text = turn.question
        self.question_view.set_plain_text(turn.question)
        self.question_view.setAccessibleName("Your message")
        bubble_layout.addWidget(self.question_view)
        question_row.addWidget(self.user_bubble)
        layout.addLayout(question_row)

        # The answer slot.
        self.answer_block = QFrame(objectName="answerBlock")
        answer_layout = QVBoxLayout(self.answer_block)
        answer_layout.setContentsMargins(12, 8, 12, 8)
        answer_layout.setSpacing(4)
        self.answer_header = QLabel(objectName="answerHeader")
        self.answer_header.setTextFormat(Qt.TextFormat.PlainText)
        answer_layout.addWidget(self.answer_header)
        self.waiting_label = QLabel(objectName="waitingLabel")
        self.waiting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting_label.setWordWrap(True)
        answer_layout.addWidget(self.waiting_label)
        self.answer_view = SafeTextView(objectName="answerText")
        self.answer_view.setAccessibleName("Answer")
        answer_layout.addWidget(self.answer_view)
        self.error_frame = QFrame(objectName="errorFrame")
        error_layout = QHBoxLayout(self.error_frame)
        error_layout.setContentsMargins(10, 8, 10, 8)
        self.error_label = QLabel(objectName="errorText")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        error_layout.addWidget(self.error_label, 1)
        self.retry_button = QPushButton("Retry", objectName="retryButton")
        self.retry_button.setAccessibleName("Retry this message")
        self.retry_button.clicked.connect(lambda: self.retryRequested.emit(self.turn_id))
        error_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        answer_layout.addWidget(self.error_frame)
        layout.addWidget(self.answer_block)

        self.update_from(turn)

    def update_from(self, turn: Turn) -> None:
        self._started_at = turn.started_at
        state = turn.state
        self.waiting_label.setVisible(state is TurnState.SENT)
        self.answer_view.setVisible(state is TurnState.ANSWERED)
        self.error_frame.setVisible(state in (TurnState.FAILED, TurnState.CANCELLED))
        self.answer_block.setProperty("state", state.value)
        if state is TurnState.SENT:
            self.answer_header.setText(turn.model)
            self.refresh_waiting()
        elif state is TurnState.ANSWERED:
            self.answer_header.setText(
                f"{turn.answered_by or turn.model} · {format_elapsed(turn.elapsed_seconds)}"
            )
            if self._shown_state is not TurnState.ANSWERED:
                self.answer_view.set_markdown(turn.answer)
        else:
            self.answer_header.setText(turn.model)
            if state is TurnState.CANCELLED:
                self.error_label.setText("Stopped. Your message is kept; press Retry to ask again.")
            else:
                self.error_label.setText(turn.error)
        self.error_frame.setProperty("kind", "stopped" if state is TurnState.CANCELLED else "error")
        # Dynamic properties only restyle after a re-polish.
        for widget in (self.answer_block, self.error_frame):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._shown_state = state

    def flash(self) -> None:
        """Outline the question for a moment: "this is the message you searched for"."""
        self._set_highlighted(True)
        QTimer.singleShot(FLASH_MS, self, lambda: self._set_highlighted(False))

    def _set_highlighted(self, highlighted: bool) -> None:
        self.user_bubble.setProperty("highlighted", highlighted)
        self.user_bubble.style().unpolish(self.user_bubble)
        self.user_bubble.style().polish(self.user_bubble)

    def refresh_waiting(self) -> None:
        """Update the elapsed time of a pending answer (called once a second)."""
        if self._shown_state not in (None, TurnState.SENT):
            return
        elapsed = time.monotonic() - self._started_at
        if elapsed < WAKING_HINT_AFTER_SECONDS:
            text = f"Waiting for the answer… {format_elapsed(elapsed)}"
        else:
            text = (
                f"Waking the server… {format_elapsed(elapsed)}\n"
                "The free service sleeps when idle and can take up to a minute to answer."
            )
        self.waiting_label.setText(text)

    def fit_to_width(self, width: int) -> None:
        """Shrink the question bubble around short text, up to a share of the width."""
        limit = max(120, int(width * USER_BUBBLE_WIDTH_SHARE))
        metrics = self.question_view.fontMetrics()
        lines = self._question_text.splitlines() or [""]
        margin = int(self.question_view.document().documentMargin() * 2) + 6
        ideal = max(metrics.horizontalAdvance(line) for line in lines) + margin
        image_width = self.thumbnail.pixmap().width() if self.thumbnail is not None else 0
        self.question_view.setFixedWidth(min(limit - 24, max(ideal, image_width, 24)))
