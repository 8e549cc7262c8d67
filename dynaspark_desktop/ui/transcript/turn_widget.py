"""One exchange in the transcript: the user's question (``question_bubble``, with Edit beside
it) above its answer block (``answer_block``: a waiting state, the answer, or an error with
Retry). This widget knows its turn: it turns its parts' buttons into requests about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.base.style import MAX_READING_WIDTH
from dynaspark_desktop.ui.transcript.answer_block import AnswerBlock
from dynaspark_desktop.ui.transcript.message_actions import action_button
from dynaspark_desktop.ui.transcript.question_bubble import QuestionBubble

if TYPE_CHECKING:
    from dynaspark_desktop.ui.base.thumbnails import ThumbnailView
    from dynaspark_desktop.ui.transcript.answer_versions import AnswerVersions
    from dynaspark_desktop.ui.transcript.picture_view import PictureBlock
    from dynaspark_desktop.ui.transcript.question_versions import QuestionVersions

FLASH_MS = 1800


class TurnWidget(QWidget):
    retryRequested = Signal(int)
    # "Try with <model>" after a passing failure: (the turn, the model key to ask).
    retryWithRequested = Signal(int, str)
    regenerateRequested = Signal(int)
    editRequested = Signal(int)
    # A generated picture's actions: (the turn, "copy" or "save").
    pictureActionRequested = Signal(int, str)
    # The user switched versions: (the turn, the question version's message id), and
    # (the turn, the answer version's index, 0 = oldest).
    questionVersionRequested = Signal(int, int)
    answerVersionChosen = Signal(int, int)

    def __init__(self, turn: Turn | None, parent: QWidget | None = None) -> None:
        """Build the widget for ``turn``; or, with None, a spare that ``bind`` later gives a
        turn (see ``turn_column``: built in idle time, so a new message's widget is ready)."""
        super().__init__(parent)
        self.turn_id = -1

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)

        # The question, right-aligned as in every chat app.
        self._question_row = question_row = QHBoxLayout()
        question_row.addStretch(1)
        self.question_versions: QuestionVersions | None = None  # built on first need
        self.edit_button = action_button(
            self.tr("Edit"), self.tr("Edit this question and send it again")
        )
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self.turn_id))
        # A question cannot be edited while its answer is on its way.
        self.edit_button.setEnabled(False)
        self._editable = False
        question_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.user_bubble = QuestionBubble()
        self.question_view = self.user_bubble.question_view
        question_row.addWidget(self.user_bubble)
        layout.addLayout(question_row)

        self.answer_block = block = AnswerBlock()
        self.user_bubble.imageClicked.connect(
            lambda index: self.pictureActionRequested.emit(self.turn_id, f"view-image-{index}")
        )
        block.pictureActionRequested.connect(
            lambda action: self.pictureActionRequested.emit(self.turn_id, action)
        )
        block.regenerate_button.clicked.connect(lambda: self.regenerateRequested.emit(self.turn_id))
        block.answerVersionChosen.connect(
            lambda index: self.answerVersionChosen.emit(self.turn_id, index)
        )
        failure = block.failure
        failure.retry_button.clicked.connect(lambda: self.retryRequested.emit(self.turn_id))
        failure.try_other_button.clicked.connect(
            lambda: self.retryWithRequested.emit(self.turn_id, failure.alternative_model)
        )
        # The parts tests and actions reach for, by the names they have always had.
        self.answer_header = block.answer_header
        self.copy_button = block.copy_button
        self.regenerate_button = block.regenerate_button
        self.fallback_label = block.fallback_label
        self.answer_view = block.answer_view
        self.error_frame = failure
        self.error_label = failure.error_label
        self.retry_button = failure.retry_button
        self.try_other_button = failure.try_other_button
        layout.addWidget(block)
        if turn is not None:
            self.bind(turn)
        else:  # a spare: the text a new turn shows first, so that binding changes nothing
            block.show_first_wait()

    def bind(self, turn: Turn) -> None:
        """Show ``turn`` in this widget: once, on a widget built without one."""
        if self.turn_id != -1:
            raise RuntimeError("a turn widget shows one turn for its whole life")
        self.turn_id = turn.id
        self.answer_block.bind(turn)
        if turn.image is not None:
            self.user_bubble.show_images(turn.images)
        if turn.documents:
            self.user_bubble.show_documents(turn.documents)
        self.user_bubble.set_question(turn.question)
        self.update_from(turn)

    def update_from(self, turn: Turn) -> None:
        if turn.question != self.user_bubble.text:  # edited and sent again
            self.user_bubble.set_question(turn.question)
        if turn.question_version_ids or self.question_versions is not None:
            self._sync_question_versions(turn)
        editable = turn.state is not TurnState.SENT
        if self._editable is not editable:
            self._editable = editable
            self.edit_button.setEnabled(editable)
        self.answer_block.update_from(turn)

    def _sync_question_versions(self, turn: Turn) -> None:
        if self.question_versions is None:
            # Built on first need: few questions are ever edited.
            from dynaspark_desktop.ui.transcript.question_versions import QuestionVersions

            self.question_versions = versions = QuestionVersions(self)
            self._question_row.insertWidget(1, versions, 0, Qt.AlignmentFlag.AlignBottom)
            versions.versionRequested.connect(
                lambda message_id: self.questionVersionRequested.emit(self.turn_id, message_id)
            )
        self.question_versions.set_versions(turn.question_version_ids, turn.message_id)
        self.question_versions.setVisible(len(turn.question_version_ids) > 1)

    def set_last(self, is_last: bool) -> None:
        """Only the last answer can be regenerated."""
        self.answer_block.set_last(is_last)

    @property
    def thumbnail(self) -> ThumbnailView | None:
        """The image sent with the question, if one was."""
        return self.user_bubble.thumbnail

    @property
    def picture_block(self) -> PictureBlock | None:
        """The generated picture and its actions, for an /imagine turn that has one."""
        return self.answer_block.picture_block

    @property
    def versions(self) -> AnswerVersions | None:
        """The switcher between this question's answers, once it has had more than one."""
        return self.answer_block.versions

    @property
    def shown_answer_text(self) -> str:
        """The answer the reader sees: the current one, or the earlier one browsed to."""
        return self.answer_block.shown_answer_text

    @property
    def answer_text(self) -> str:
        return self.answer_block.answer_text

    @property
    def waiting_text(self) -> str:
        """What the answer's place says while no answer has come ("" once it has)."""
        return self.answer_block.waiting_text

    def refresh_waiting(self) -> None:
        """Update the elapsed time of a pending answer (called once a second)."""
        self.answer_block.refresh_waiting()

    def append_answer_text(self, text: str) -> None:
        """A piece of the answer arrived: queued until the transcript's next frame."""
        self.answer_view.append_text(text)

    def flush_answer(self) -> bool:
        """Show what arrived of the answer; True when more waits for the next frame."""
        return self.answer_view.flush()

    def flash(self) -> None:
        """Outline the question for a moment: "this is the message you searched for"."""
        self.user_bubble.set_highlighted(True)
        QTimer.singleShot(FLASH_MS, self, lambda: self.user_bubble.set_highlighted(False))

    def fit_to_width(self, width: int) -> None:
        """Shrink the question bubble around short text, up to a share of the width; in a
        wide window the turn keeps to the reading width, centred (lines stay readable)."""
        side = max(0, (width - MAX_READING_WIDTH) // 2)
        layout = self.layout()
        margins = layout.contentsMargins()
        if margins.left() != side:
            layout.setContentsMargins(side, margins.top(), side, margins.bottom())
        self.user_bubble.fit_to_width(width - 2 * side)
