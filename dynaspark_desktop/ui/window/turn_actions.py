"""What the user does to turns already in the transcript: edit a question and send it again,
regenerate the last answer, copy the last answer; and what Esc means at the moment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from dynaspark_desktop.ui.window.main_window import MainWindow


class TurnActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # While a question is being edited: its turn, and the composer text it displaced.
        self._editing: tuple[int, str] | None = None

    @property
    def editing(self) -> bool:
        return self._editing is not None

    def start_editing(self, turn_id: int) -> None:
        turn = self.window.chat.conversation.find(turn_id)
        if turn is None or self.window.chat.busy:
            return
        refusal = self.window.composer.refusal(turn.question)
        if refusal is not None:  # sent before the composer had its bounds
            notices.warning(refusal + " " + self.tr("To use it again, copy it from its bubble."))
            return
        if self._editing is None:
            self._editing = (turn_id, self.window.composer.toPlainText())
        else:
            self._editing = (turn_id, self._editing[1])
        self.window.composer.setPlainText(turn.question)
        self.window.composer.setFocus()
        self.window.composer.moveCursor(self.window.composer.textCursor().MoveOperation.End)
        later = (
            len(self.window.chat.conversation.turns)
            - self.window.chat.conversation.turns.index(turn)
            - 1
        )
        replaced = (
            f" The {later} later message{'s' if later != 1 else ''} will be replaced."
            if later
            else ""
        )
        notices.warning(
            f"Editing your question: Enter sends it again.{replaced}",
            action=("Cancel", self.cancel_editing),
            sticky=True,
        )

    def cancel_editing(self) -> None:
        if self._editing is None:
            return
        _turn_id, displaced = self._editing
        self._editing = None
        self.window.composer.setPlainText(displaced)
        self.window.notice_bar.hide()

    def send_edit(self) -> None:
        assert self._editing is not None
        turn_id, displaced = self._editing
        if self.window.chat.edit_and_resend(
            turn_id, self.window.composer.toPlainText(), self.window.current_model()
        ):
            self._editing = None
            self.window.composer.setPlainText(displaced)
            self.window.notice_bar.hide()

    def escape(self) -> None:
        """Esc stops an answer in flight; otherwise it cancels editing a question."""
        if self.window.chat.busy:
            self.window.chat.stop()
        else:
            self.cancel_editing()

    def regenerate(self, _turn_id: int) -> None:
        if self.window.chat.busy:
            notices.info("Wait for the current answer, or stop it, before regenerating.")
            return
        self.window.chat.regenerate(self.window.current_model())

    def copy_last_answer(self) -> None:
        from dynaspark_desktop.ui.transcript.turn_widget import copy_message

        answer = self.window.transcript.last_answer()
        if answer:
            copy_message(answer, as_markdown=True)
            notices.info("The last answer is on the clipboard.")
