"""What the user does to turns already in the transcript: retry a failed question (perhaps
with another model), edit a question and send it again, regenerate the last answer, copy the
last answer; and what Esc means at the moment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from collections.abc import Callable

    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.transcript.transcript import Transcript
    from dynaspark_desktop.ui.widgets.composer import Composer


class ModelChoice(Protocol):
    """The model the next message goes to (the header's picker)."""

    def current_model(self) -> str: ...

    def select_model(self, model: str) -> None: ...


class TurnActions(QObject):
    def __init__(
        self,
        chat: ChatController,
        composer: Composer,
        transcript: Transcript,
        models: ModelChoice,
        dismiss_notice: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._chat = chat
        self._composer = composer
        self._transcript = transcript
        self._models = models
        self._dismiss_notice = dismiss_notice
        # While a question is being edited: its turn, and the composer text it displaced.
        self._editing: tuple[int, str] | None = None

    @property
    def editing(self) -> bool:
        return self._editing is not None

    def retry(self, turn_id: int) -> None:
        if self._chat.shown_busy:
            notices.info(
                translate(
                    "TurnActions", "Wait for the current answer, or stop it, before retrying."
                )
            )
            return
        self._chat.retry(turn_id, self._models.current_model())

    def retry_with(self, turn_id: int, model: str) -> None:
        """ "Try with <model>": ask that model, and make it the choice for what follows."""
        if self._chat.shown_busy:
            notices.info(
                translate(
                    "TurnActions", "Wait for the current answer, or stop it, before retrying."
                )
            )
            return
        self._models.select_model(model)
        self._chat.retry(turn_id, model)

    def start_editing(self, turn_id: int) -> None:
        chat, composer = self._chat, self._composer
        turn = chat.conversation.find(turn_id)
        if turn is None or chat.shown_busy:
            return
        refusal = composer.refusal(turn.question)
        if refusal is not None:  # sent before the composer had its bounds
            notices.warning(refusal + " " + self.tr("To use it again, copy it from its bubble."))
            return
        if self._editing is None:
            self._editing = (turn_id, composer.toPlainText())
        else:
            self._editing = (turn_id, self._editing[1])
        composer.setPlainText(turn.question)
        composer.setFocus()
        composer.moveCursor(composer.textCursor().MoveOperation.End)
        later = len(chat.conversation.turns) - chat.conversation.turns.index(turn) - 1
        text = (
            self.tr(
                "Editing your question: Enter sends it again. The %n later message(s) stay "
                "with the original: switch back with the question's ‹ ›.",
                "",
                later,
            )
            if later
            else translate("TurnActions", "Editing your question: Enter sends it again.")
        )
        notices.warning(
            text,
            action=(translate("TurnActions", "Cancel"), self.cancel_editing),
            sticky=True,
        )

    def cancel_editing(self) -> None:
        if self._editing is None:
            return
        _turn_id, displaced = self._editing
        self._editing = None
        self._composer.setPlainText(displaced)
        self._dismiss_notice()

    def send_edit(self) -> None:
        assert self._editing is not None
        turn_id, displaced = self._editing
        if self._chat.edit_and_resend(
            turn_id, self._composer.toPlainText(), self._models.current_model()
        ):
            self._editing = None
            self._composer.setPlainText(displaced)
            self._dismiss_notice()

    def escape(self) -> None:
        """Esc stops the answer on its way in the conversation on screen (others go on);
        otherwise it cancels editing a question."""
        if self._chat.shown_busy:
            self._chat.stop()
        else:
            self.cancel_editing()

    def regenerate(self, _turn_id: int) -> None:
        if self._chat.shown_busy:
            notices.info(
                translate(
                    "TurnActions", "Wait for the current answer, or stop it, before regenerating."
                )
            )
            return
        self._chat.regenerate(self._models.current_model())

    def regenerate_last(self) -> None:
        """Ctrl+R: ask the last question again (what the last answer's Regenerate does)."""
        turns = self._chat.conversation.turns
        if not turns:
            notices.info(self.tr("There is no answer to regenerate yet."))
            return
        self.regenerate(turns[-1].id)

    def edit_last_question(self) -> None:
        """Ctrl+E: the last question into the composer, to be changed and sent again (a new
        branch, as its Edit button does)."""
        turns = self._chat.conversation.turns
        if not turns:
            notices.info(self.tr("There is no question to edit yet."))
            return
        if self._chat.shown_busy:
            notices.info(self.tr("Wait for the current answer, or stop it, before editing."))
            return
        self.start_editing(turns[-1].id)

    def copy_last_answer(self) -> None:
        if self._transcript.copy_last_answer():
            notices.info(self.tr("The last answer is on the clipboard."))
        else:
            notices.info(self.tr("There is no answer to copy yet."))
