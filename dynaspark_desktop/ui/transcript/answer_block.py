"""A turn's answer block: the line above the answer (model, times; Copy, Regenerate, the
switcher between answers) and the answer's place, which shows the wait for it, the answer
as it streams and once done, a generated picture, an earlier answer browsed to, or the
notice of a failure with Retry."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.redaction import MASK, contains_known_secret
from dynaspark_desktop.ui.base.safe_text import (
    MAX_SHORT_TEXT_SHOWN_CHARS,
    MAX_TITLE_SHOWN_CHARS,
    display_text,
)
from dynaspark_desktop.ui.base.style import set_style_property
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.failure_notice import FailureNotice
from dynaspark_desktop.ui.transcript.message_actions import action_button, add_message_menu
from dynaspark_desktop.ui.transcript.turn_text import (
    answer_summary,
    copy_message,
    version_summary,
    waiting_message,
)

if TYPE_CHECKING:
    from dynaspark_desktop.core.chat import AnswerFacts
    from dynaspark_desktop.ui.transcript.answer_versions import AnswerVersions
    from dynaspark_desktop.ui.transcript.picture_view import PictureBlock


class AnswerBlock(QFrame):
    """The block (``answerBlock`` in the style sheet, its ``state`` the turn's).

    The turn widget wires Regenerate and the failure notice's buttons to its turn.
    """

    # A generated picture's actions: "copy" or "save".
    pictureActionRequested = Signal(str)
    # The user moved the switcher to answer version n (0 = oldest).
    answerVersionChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerBlock")
        self._started_at = 0.0
        self._asks_for_picture = False
        self._queued = False
        self._shown_state: TurnState | None = None
        self._shown_answer: str | None = None
        self._answer = ""
        self._is_last = False
        # What the current answer's place shows (waiting, answer, error) and its header,
        # kept so that browsing earlier answers can hide them and bring them back.
        self._current_slot = (False, False, False)
        self._summary = ""
        self._fallback_note = ""
        self._current_copyable = False
        self._versions: AnswerVersions | None = None
        self._facts: list[AnswerFacts | None] = []  # the other answers' header facts
        self._picture_block: PictureBlock | None = None
        self._has_picture = False
        # What update_from last asked of each widget: Qt's setVisible and a style re-polish
        # cost even when nothing changes, and update_from runs at every change of the turn.
        self._visibility: dict[int, bool] = {}
        self._style_values: dict[tuple[int, str], str] = {}

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self._header_row = header_row = QHBoxLayout()
        header_row.setSpacing(4)
        self.answer_header = QLabel(objectName="answerHeader")
        self.answer_header.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped rather than cut off when the row is tight (a narrow window, the
        # switcher between answers beside it).
        self.answer_header.setWordWrap(True)
        header_row.addWidget(self.answer_header, 1)
        self.copy_button = action_button(
            self.tr("Copy"), self.tr("Copy the answer (as Markdown)"), hidden=True
        )
        self.copy_button.clicked.connect(self._copy_answer)
        header_row.addWidget(self.copy_button)
        self.regenerate_button = action_button(
            self.tr("Regenerate"),
            self.tr("Ask again (with the model chosen in the picker)"),
            hidden=True,
        )
        header_row.addWidget(self.regenerate_button)
        layout.addLayout(header_row)
        # Automatic fallback answered with another model: who could not answer, and why.
        self.fallback_label = QLabel(objectName="fallbackNote")
        self.fallback_label.setTextFormat(Qt.TextFormat.PlainText)
        self.fallback_label.setWordWrap(True)
        layout.addWidget(self.fallback_label)
        self.answer_view = AnswerView(objectName="answerText")
        self.answer_view.setAccessibleName(self.tr("Answer"))
        add_message_menu(self.answer_view, lambda: self._answer)
        layout.addWidget(self.answer_view)
        self.failure = FailureNotice()
        layout.addWidget(self.failure)
        self._start_as_waiting()

    def _start_as_waiting(self) -> None:
        """Set up the block as a new turn shows it, before the first polish (which then
        styles it once): binding a spare to a new turn changes next to nothing."""
        for widget in (
            self.failure,
            self.copy_button,
            self.regenerate_button,
            self.fallback_label,
        ):
            self._show(widget, False)
        # Visible while waiting too: the waiting text is in it (AnswerView.show_waiting).
        self._visibility[id(self.answer_view)] = True
        self.setProperty("state", TurnState.SENT.value)
        self._style_values[id(self), "state"] = TurnState.SENT.value

    def show_first_wait(self) -> None:
        """Show the wait as a new turn starts it (a spare's, so that binding changes nothing)."""
        self.answer_view.show_waiting(waiting_message(0.0, asks_for_picture=False))

    def bind(self, turn: Turn) -> None:
        """What stays the same for the turn's whole life."""
        self._answer = turn.answer
        self._asks_for_picture = turn.asks_for_picture

    def update_from(self, turn: Turn) -> None:
        self._started_at = turn.started_at
        self._queued = turn.queued
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
        self._summary = answer_summary(turn) + self._context_note(turn.context_turns)
        self._fallback_note = turn.fallback_note
        self._restyle(self, "state", state.value)
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
        self.failure.show_for(turn)
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

            self._versions = versions = AnswerVersions(self, self._place_earlier_view)
            self._header_row.insertWidget(1, versions)
            versions.shownChanged.connect(self._show_chosen_version)
            versions.versionChosen.connect(self.answerVersionChosen)
        self._facts = list(turn.earlier_answer_facts)
        self._versions.set_versions(
            turn.earlier_answers,
            show_current=new_attempt,
            current_index=turn.current_answer_index,
        )
        self._versions.setVisible(bool(turn.earlier_answers))

    def _place_earlier_view(self, view: AnswerView) -> None:
        from dynaspark_desktop.ui.transcript.text_zoom import apply_zoom

        apply_zoom(view)
        self._layout.insertWidget(self._layout.indexOf(self.answer_view) + 1, view)
        add_message_menu(view, lambda: self.shown_answer_text)

    def _sync_picture(self, turn: Turn) -> None:
        if turn.picture is None and self._picture_block is None:
            return
        if self._picture_block is None:
            # Built on first need: only /imagine turns have one.
            from dynaspark_desktop.ui.transcript.picture_view import PictureBlock

            self._picture_block = block = PictureBlock(self)
            self._layout.insertWidget(self._layout.indexOf(self.answer_view), block)
            block.copyRequested.connect(lambda: self.pictureActionRequested.emit("copy"))
            block.saveRequested.connect(lambda: self.pictureActionRequested.emit("save"))
            block.viewRequested.connect(lambda: self.pictureActionRequested.emit("view"))
        self._has_picture = turn.picture is not None
        if turn.picture is not None:
            self._picture_block.set_picture(turn.picture)

    @property
    def picture_block(self) -> PictureBlock | None:
        """The generated picture and its actions, for an /imagine turn that has one."""
        return self._picture_block

    def _show_chosen_version(self) -> None:
        """Show the version the switcher is on: an earlier answer in its own view, or the
        current answer's place as ``update_from`` last left it."""
        earlier = self._versions.shown_earlier if self._versions is not None else None
        waiting, answer_shown, error_shown = self._current_slot
        current = earlier is None
        self._show(self.answer_view, (waiting or answer_shown) and current)
        self._show(self.failure, error_shown and current)
        if self._picture_block is not None:
            self._show(self._picture_block, current and self._has_picture)
        if self._versions is not None and (self._versions.has_earlier_view or not current):
            self._show(self._versions.earlier_view, not current)
        header = self._summary if earlier is None else self._other_summary(earlier[1])
        # It may quote a picture's prompt or name a model a server listed.
        header = display_text(header, MAX_TITLE_SHOWN_CHARS)
        if header != self.answer_header.text():
            self.answer_header.setText(header)
        # Each version's own fallback note (which models failed before the one that answered).
        note = self._fallback_note if current else self._other_facts_note()
        note = display_text(note, MAX_SHORT_TEXT_SHOWN_CHARS)
        if note != self.fallback_label.text():
            self.fallback_label.setText(note)
        self._show(self.fallback_label, bool(note))
        self._show(self.copy_button, not current or self._current_copyable)

    def _other_facts(self) -> AnswerFacts | None:
        """The header facts of the other version browsed to, if known."""
        other = self._versions.shown_other if self._versions is not None else None
        return self._facts[other] if other is not None and other < len(self._facts) else None

    def _other_summary(self, model: str) -> str:
        facts = self._other_facts()
        context = self._context_note(facts.context_turns) if facts is not None else ""
        return version_summary(facts, model) + context

    def _other_facts_note(self) -> str:
        facts = self._other_facts()
        return facts.fallback_note if facts is not None else ""

    def _context_note(self, context_turns: tuple[int, int] | None) -> str:
        """ " · context: 18 of 240 turns" when the oldest turns did not fit the model's
        context budget (else "")."""
        if context_turns is None:
            return ""
        sent, total = context_turns
        return "\u00a0· " + self.tr("context: {sent} of {total} turns").format(
            sent=sent, total=total
        )

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

    @property
    def answer_text(self) -> str:
        return self._answer

    def _copy_answer(self) -> None:
        from dynaspark_desktop.ui.base.copied_feedback import show_copied

        copy_message(self.shown_answer_text, as_markdown=True)
        show_copied(self.copy_button)

    @staticmethod
    def _can_regenerate(state: TurnState | None) -> bool:
        # A failed turn has Retry instead; a pending one has nothing to regenerate yet.
        return state in (TurnState.ANSWERED, TurnState.CANCELLED)

    def set_last(self, is_last: bool) -> None:
        """Only the last answer can be regenerated."""
        self._is_last = is_last
        self._show(self.regenerate_button, is_last and self._can_regenerate(self._shown_state))

    def refresh_waiting(self) -> None:
        """Update the elapsed time of a pending answer (called once a second)."""
        if not self._current_slot[0]:
            return  # not waiting (any more): the view shows the answer
        elapsed = time.monotonic() - self._started_at
        self.answer_view.show_waiting(
            waiting_message(elapsed, asks_for_picture=self._asks_for_picture, queued=self._queued)
        )

    @property
    def waiting_text(self) -> str:
        """What the answer's place says while no answer has come ("" once it has)."""
        view = self.answer_view
        return view.toPlainText() if view.showing_waiting and not view.isHidden() else ""
