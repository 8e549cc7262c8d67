"""One exchange in the transcript: the user's question (with its image) and the answer slot,
which shows a waiting state, the answer, or an error with Retry."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.redaction import MASK, contains_known_secret
from dynaspark_desktop.providers.model_keys import model_name
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.safe_text import (
    MAX_SHORT_TEXT_SHOWN_CHARS,
    MAX_TITLE_SHOWN_CHARS,
    SafeTextView,
    display_text,
)
from dynaspark_desktop.ui.base.style import set_style_property
from dynaspark_desktop.ui.base.thumbnails import thumbnail_pixmap
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.turn_text import answer_summary, copy_message, format_elapsed

__all__ = ["TurnWidget", "answer_summary", "copy_message", "format_elapsed"]

if TYPE_CHECKING:
    from dynaspark_desktop.ui.transcript.answer_versions import AnswerVersions
    from dynaspark_desktop.ui.transcript.picture_view import PictureBlock

FLASH_MS = 1800
# After this long without an answer, say the free service may be waking up.
WAKING_HINT_AFTER_SECONDS = 8.0
THUMBNAIL_DISPLAY_SIDE = 220
USER_BUBBLE_WIDTH_SHARE = 0.78
# fit_to_width measures at most this much of a question (a bubble is full width long before).
MAX_QUESTION_MEASURED_CHARS = 20_000


def waiting_message(elapsed: float, *, asks_for_picture: bool) -> str:
    """What the answer's place says while nothing has come ``elapsed`` seconds after sending."""
    if elapsed < WAKING_HINT_AFTER_SECONDS:
        what = "the picture" if asks_for_picture else "the answer"
        return f"Waiting for {what}… {format_elapsed(elapsed)}"
    return (
        f"Waking the server… {format_elapsed(elapsed)}\n"
        "The free service sleeps when idle and can take up to a minute to answer."
    )


class TurnWidget(QWidget):
    retryRequested = Signal(int)
    # "Try with <model>" after a passing failure: (the turn, the model key to ask).
    retryWithRequested = Signal(int, str)
    regenerateRequested = Signal(int)
    editRequested = Signal(int)
    # A generated picture's actions: (the turn, "copy" or "save").
    pictureActionRequested = Signal(int, str)

    def __init__(self, turn: Turn | None, parent: QWidget | None = None) -> None:
        """Build the widget for ``turn``; or, with None, a spare that ``bind`` later gives a
        turn (see ``turn_column``: built in idle time, so a new message's widget is ready)."""
        super().__init__(parent)
        self.turn_id = -1
        self._started_at = 0.0
        self._shown_state: TurnState | None = None
        self._shown_answer: str | None = None
        self._answer = ""
        self._is_last = False
        self._fitted_width = 600
        # What the current answer's slot shows (waiting, answer, error) and its header,
        # kept so that browsing earlier answers can hide them and bring them back.
        self._current_slot = (False, False, False)
        self._summary = ""
        self._current_copyable = False
        self._versions: AnswerVersions | None = None
        self._picture_block: PictureBlock | None = None
        self._has_picture = False
        self._asks_for_picture = False
        # What update_from last asked of each widget: Qt's setVisible and a style re-polish
        # cost even when nothing changes, and update_from runs at every change of the turn.
        self._visibility: dict[int, bool] = {}
        self._style_values: dict[tuple[int, str], str] = {}
        self._editable: bool  # with the Edit button's state, from _start_as_waiting on

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)

        # The question, right-aligned as in every chat app.
        question_row = QHBoxLayout()
        question_row.addStretch(1)
        self.edit_button = self._action_button(
            "Edit", "Edit this question and send it again", hidden=False
        )
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self.turn_id))
        question_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.user_bubble = QFrame(objectName="userBubble")
        self._bubble_layout = bubble_layout = QVBoxLayout(self.user_bubble)
        bubble_layout.setContentsMargins(12, 8, 12, 8)
        bubble_layout.setSpacing(6)
        self.thumbnail: QLabel | None = None
        self.question_view = SafeTextView(objectName="questionText")
        self._question_text = ""
        self.question_view.setAccessibleName("Your message")
        bubble_layout.addWidget(self.question_view)
        question_row.addWidget(self.user_bubble)
        layout.addLayout(question_row)

        # The answer slot.
        self.answer_block = QFrame(objectName="answerBlock")
        answer_layout = QVBoxLayout(self.answer_block)
        answer_layout.setContentsMargins(12, 8, 12, 8)
        answer_layout.setSpacing(4)
        header_row = QHBoxLayout()
        header_row.setSpacing(4)
        self.answer_header = QLabel(objectName="answerHeader")
        self.answer_header.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped rather than cut off when the row is tight (a narrow window, the
        # switcher between answers beside it).
        self.answer_header.setWordWrap(True)
        header_row.addWidget(self.answer_header, 1)
        self.copy_button = self._action_button("Copy", "Copy the answer (as Markdown)")
        self.copy_button.clicked.connect(self._copy_answer)
        header_row.addWidget(self.copy_button)
        self.regenerate_button = self._action_button(
            "Regenerate", "Ask again (with the model chosen in the picker)"
        )
        self.regenerate_button.clicked.connect(lambda: self.regenerateRequested.emit(self.turn_id))
        header_row.addWidget(self.regenerate_button)
        answer_layout.addLayout(header_row)
        self._header_row = header_row
        self._answer_layout = answer_layout
        # Automatic fallback answered with another model: who could not answer, and why.
        self.fallback_label = QLabel(objectName="fallbackNote")
        self.fallback_label.setTextFormat(Qt.TextFormat.PlainText)
        self.fallback_label.setWordWrap(True)
        answer_layout.addWidget(self.fallback_label)
        self.answer_view = AnswerView(objectName="answerText")
        self.answer_view.setAccessibleName("Answer")
        self._add_context_menu(self.question_view, lambda: self._question_text)
        self._add_context_menu(self.answer_view, lambda: self._answer)
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
        self.try_other_button = QPushButton(objectName="tryOtherButton")
        self.try_other_button.clicked.connect(
            lambda: self.retryWithRequested.emit(self.turn_id, self._alternative_model)
        )
        self._alternative_model = ""
        error_layout.addWidget(self.try_other_button, 0, Qt.AlignmentFlag.AlignTop)
        answer_layout.addWidget(self.error_frame)
        layout.addWidget(self.answer_block)
        self._start_as_waiting()
        if turn is not None:
            self.bind(turn)
        else:  # a spare: the text a new turn shows first, so that binding changes nothing
            self.answer_view.show_waiting(waiting_message(0.0, asks_for_picture=False))

    def _start_as_waiting(self) -> None:
        """Set up the answer slot as a new turn shows it, before the first polish (which
        then styles it once): binding a spare to a new turn changes next to nothing."""
        for widget in (
            self.error_frame,
            self.copy_button,
            self.regenerate_button,
            self.fallback_label,
            self.try_other_button,
        ):
            self._show(widget, False)
        # Visible while waiting too: the waiting text is in it (AnswerView.show_waiting).
        self._visibility[id(self.answer_view)] = True
        # A question cannot be edited while its answer is on its way.
        self.edit_button.setEnabled(False)
        self._editable = False
        for widget, name, value in (
            (self.answer_block, "state", TurnState.SENT.value),
            (self.error_frame, "kind", "error"),
        ):
            widget.setProperty(name, value)
            self._style_values[id(widget), name] = value

    def bind(self, turn: Turn) -> None:
        """Show ``turn`` in this widget: once, on a widget built without one."""
        if self.turn_id != -1:
            raise RuntimeError("a turn widget shows one turn for its whole life")
        self.turn_id = turn.id
        self._answer = turn.answer
        self._asks_for_picture = turn.asks_for_picture
        if turn.image is not None:
            self.thumbnail = QLabel(objectName="questionImage")
            self.thumbnail.setPixmap(thumbnail_pixmap(turn.image, THUMBNAIL_DISPLAY_SIDE))
            self.thumbnail.setToolTip(
                f"{turn.image.filename} · {turn.image.width}×{turn.image.height}"
            )
            self.thumbnail.setAccessibleName(f"Attached image {turn.image.filename}")
            self._bubble_layout.insertWidget(0, self.thumbnail, 0, Qt.AlignmentFlag.AlignRight)
        self._set_question(turn.question)
        self.update_from(turn)

    def _set_question(self, question: str) -> None:
        # The bubble's width first, so that the text is laid out once, at that width (set
        # the other way round, a spare's narrow empty bubble wrapped it a letter a line).
        self._question_text = question
        self.fit_to_width(self._fitted_width)
        self.question_view.set_plain_text(question)

    def update_from(self, turn: Turn) -> None:
        self._started_at = turn.started_at
        if turn.question != self._question_text:  # edited and sent again
            self._set_question(turn.question)
        editable = turn.state is not TurnState.SENT
        if self._editable is not editable:
            self._editable = editable
            self.edit_button.setEnabled(editable)
        state = turn.state
        waiting = state is TurnState.SENT and not turn.streaming
        self._current_slot = (
            waiting,
            # A stopped or failed answer keeps what had arrived, shown above the notice.
            not waiting
            and turn.picture is None  # a picture is shown instead of its caption
            and (state is TurnState.ANSWERED or bool(turn.answer) or turn.streaming),
            state in (TurnState.FAILED, TurnState.CANCELLED),
        )
        self._summary = answer_summary(turn)
        self._restyle(self.answer_block, "state", state.value)
        if waiting:
            self.refresh_waiting()
        elif state is TurnState.SENT:
            if not self.answer_view.streaming:
                self.answer_view.begin_stream()
        elif self.answer_view.streaming:
            # A key the server echoed is masked in the whole answer once it ended: then
            # that answer replaces the streamed blocks, which are otherwise final.
            # (Most answers hold no mask: one scan for it spares a scan for every secret.)
            masked = MASK in turn.answer and contains_known_secret(self.answer_view.streamed_text)
            self.answer_view.end_stream()
            if masked:
                self.answer_view.set_markdown(turn.answer)
        elif self._shown_answer != turn.answer or self.answer_view.showing_waiting:
            self.answer_view.set_markdown(turn.answer)
        self._shown_answer = turn.answer if not self.answer_view.streaming else None
        self._answer = turn.answer
        finished = state is not TurnState.SENT
        self._current_copyable = finished and bool(turn.answer) and turn.picture is None
        self._sync_picture(turn)
        self._show(self.regenerate_button, self._is_last and self._can_regenerate(state))
        if state is TurnState.CANCELLED:
            self.error_label.setText(
                "Stopped. What had arrived is kept; press Retry to ask again."
                if turn.answer
                else "Stopped. Your message is kept; press Retry to ask again."
            )
        elif state is TurnState.FAILED:  # the error may quote the server
            self.error_label.setText(display_text(turn.error, MAX_SHORT_TEXT_SHOWN_CHARS))
        self._alternative_model = turn.alternative_model
        offer_other = state is TurnState.FAILED and bool(turn.alternative_model)
        if offer_other:
            name = model_name(turn.alternative_model)
            self.try_other_button.setText(f"Try with {name}")
            self.try_other_button.setAccessibleName(f"Ask {name} instead")
        self._show(self.try_other_button, offer_other)
        self.fallback_label.setText(display_text(turn.fallback_note, MAX_SHORT_TEXT_SHOWN_CHARS))
        self._restyle(
            self.error_frame, "kind", "stopped" if state is TurnState.CANCELLED else "error"
        )
        # A new attempt (regenerate, retry, an edited question) brings the reader back to
        # the answer they just asked for.
        self._sync_versions(
            turn, new_attempt=state is TurnState.SENT and self._shown_state is not state
        )
        self._show_chosen_version()
        self._shown_state = state

    def _sync_versions(self, turn: Turn, *, new_attempt: bool) -> None:
        if self._versions is None:
            if not turn.earlier_answers:
                return
            # Built on first need: few turns ever have an earlier answer, and building turn
            # widgets is most of the time it takes to open a conversation.
            from dynaspark_desktop.ui.transcript.answer_versions import AnswerVersions

            self._versions = versions = AnswerVersions(self.answer_block)
            self._header_row.insertWidget(1, versions)
            slot = self._answer_layout.indexOf(self.answer_view) + 1
            self._answer_layout.insertWidget(slot, versions.earlier_view)
            self._add_context_menu(versions.earlier_view, lambda: self.shown_answer_text)
            versions.shownChanged.connect(self._show_chosen_version)
        self._versions.set_versions(turn.earlier_answers, show_current=new_attempt)
        self._versions.setVisible(bool(turn.earlier_answers))

    def _sync_picture(self, turn: Turn) -> None:
        if turn.picture is None and self._picture_block is None:
            return
        if self._picture_block is None:
            # Built on first need: only /imagine turns have one.
            from dynaspark_desktop.ui.transcript.picture_view import PictureBlock

            self._picture_block = block = PictureBlock(self.answer_block)
            self._answer_layout.insertWidget(self._answer_layout.indexOf(self.answer_view), block)
            block.copyRequested.connect(
                lambda: self.pictureActionRequested.emit(self.turn_id, "copy")
            )
            block.saveRequested.connect(
                lambda: self.pictureActionRequested.emit(self.turn_id, "save")
            )
        self._has_picture = turn.picture is not None
        if turn.picture is not None:
            self._picture_block.set_picture(turn.picture)

    @property
    def picture_block(self) -> PictureBlock | None:
        """The generated picture and its actions, for an /imagine turn that has one."""
        return self._picture_block

    def _show_chosen_version(self) -> None:
        """Show the version the switcher is on: an earlier answer in its own view, or the
        current answer's slot as ``update_from`` last left it."""
        earlier = self._versions.shown_earlier if self._versions is not None else None
        waiting, answer_shown, error_shown = self._current_slot
        current = earlier is None
        self._show(self.answer_view, (waiting or answer_shown) and current)
        self._show(self.error_frame, error_shown and current)
        if self._picture_block is not None:
            self._show(self._picture_block, current and self._has_picture)
        if self._versions is not None:
            self._show(self._versions.earlier_view, not current)
        header = self._summary if earlier is None else f"{model_name(earlier[1])} · earlier answer"
        # It may quote a picture's prompt or name a model a server listed.
        header = display_text(header, MAX_TITLE_SHOWN_CHARS)
        if header != self.answer_header.text():
            self.answer_header.setText(header)
        # The fallback note is about the current answer only.
        self._show(self.fallback_label, current and bool(self.fallback_label.text()))
        self._show(self.copy_button, not current or self._current_copyable)

    def _show(self, widget: QWidget, visible: bool) -> None:
        if self._visibility.get(id(widget)) is not visible:
            self._visibility[id(widget)] = visible
            widget.setVisible(visible)

    def _restyle(self, widget: QWidget, name: str, value: str) -> None:
        """Set a property the style sheet selects on; the style follows only a re-polish."""
        if self._style_values.get((id(widget), name)) != value:
            self._style_values[id(widget), name] = value
            set_style_property(widget, name, value)

    @property
    def versions(self) -> AnswerVersions | None:
        """The switcher between this question's answers, once it has had more than one."""
        return self._versions

    @property
    def shown_answer_text(self) -> str:
        """The answer the reader sees: the current one, or the earlier one browsed to."""
        earlier = self._versions.shown_earlier if self._versions is not None else None
        return self._answer if earlier is None else earlier[0]

    def _copy_answer(self) -> None:
        copy_message(self.shown_answer_text, as_markdown=True)
        notices.info("The answer is on the clipboard (as Markdown).")

    @staticmethod
    def _can_regenerate(state: TurnState | None) -> bool:
        # A failed turn has Retry instead; a pending one has nothing to regenerate yet.
        return state in (TurnState.ANSWERED, TurnState.CANCELLED)

    def set_last(self, is_last: bool) -> None:
        """Only the last answer can be regenerated."""
        self._is_last = is_last
        self._show(self.regenerate_button, is_last and self._can_regenerate(self._shown_state))

    @property
    def answer_text(self) -> str:
        return self._answer

    def _action_button(self, text: str, tooltip: str, *, hidden: bool = True) -> QToolButton:
        button = QToolButton(objectName="answerActionButton")
        button.setText(text)
        button.setToolTip(tooltip)
        button.setAccessibleName(tooltip)
        button.setAutoRaise(True)
        # Never show() a widget without a parent: that makes it a window of its own (a
        # platform window, created and destroyed again when a layout adopts the widget),
        # and the update request it posts meanwhile would later repaint this one's window.
        if hidden:
            button.hide()
        return button

    def _add_context_menu(self, view: SafeTextView, text: Callable[[], str]) -> None:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda position: self._show_menu(view, position, text())
        )

    def _show_menu(self, view: QWidget, position: QPoint, message: str) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(view)
        menu.setObjectName("messageMenu")
        selected = view.textCursor().hasSelection()  # type: ignore[attr-defined]
        copy_selection = menu.addAction("Copy", view.copy)  # type: ignore[attr-defined]
        copy_selection.setEnabled(selected)
        menu.addAction("Copy message as Markdown", lambda: copy_message(message, as_markdown=True))
        menu.addAction(
            "Copy message as plain text", lambda: copy_message(message, as_markdown=False)
        )
        menu.addSeparator()
        menu.addAction("Select all", view.selectAll)  # type: ignore[attr-defined]
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.mapToGlobal(position))

    def append_answer_text(self, text: str) -> None:
        """A piece of the answer arrived: queued until the transcript's next frame."""
        self.answer_view.append_text(text)

    def flush_answer(self) -> bool:
        """Show what arrived of the answer; True when more waits for the next frame."""
        return self.answer_view.flush()

    def flash(self) -> None:
        """Outline the question for a moment: "this is the message you searched for"."""
        self._set_highlighted(True)
        QTimer.singleShot(FLASH_MS, self, lambda: self._set_highlighted(False))

    def _set_highlighted(self, highlighted: bool) -> None:
        set_style_property(self.user_bubble, "highlighted", highlighted)

    def refresh_waiting(self) -> None:
        """Update the elapsed time of a pending answer (called once a second)."""
        if not self._current_slot[0]:
            return  # not waiting (any more): the view shows the answer
        elapsed = time.monotonic() - self._started_at
        self.answer_view.show_waiting(
            waiting_message(elapsed, asks_for_picture=self._asks_for_picture)
        )

    @property
    def waiting_text(self) -> str:
        """What the answer's place says while no answer has come ("" once it has)."""
        view = self.answer_view
        return view.toPlainText() if view.showing_waiting and not view.isHidden() else ""

    def fit_to_width(self, width: int) -> None:
        """Shrink the question bubble around short text, up to a share of the width."""
        self._fitted_width = width
        limit = max(120, int(width * USER_BUBBLE_WIDTH_SHARE))
        metrics = self.question_view.fontMetrics()
        # A megabyte line costs as much to measure as to lay out: measured are the first
        # lines, and of each only its first `limit` characters (already wider than `limit`
        # pixels, unless they are invisible ones).
        shown = self._question_text[:MAX_QUESTION_MEASURED_CHARS]
        lines = shown.splitlines() or [""]
        margin = int(self.question_view.document().documentMargin() * 2) + 6
        ideal = max(metrics.horizontalAdvance(line[:limit]) for line in lines) + margin
        image_width = self.thumbnail.pixmap().width() if self.thumbnail is not None else 0
        self.question_view.fix_width(min(limit - 24, max(ideal, image_width, 24)))
