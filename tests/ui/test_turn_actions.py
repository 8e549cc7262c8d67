"""TurnActions works from the parts it is given (chat, composer, transcript, the model
choice, a notice callable), with no window: editing a question and cancelling the edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.controllers.chat_controller import ChatController
from dynaspark_desktop.ui.transcript.transcript import Transcript
from dynaspark_desktop.ui.widgets.composer import Composer
from dynaspark_desktop.ui.window.turn_actions import TurnActions


@dataclass
class Notices:
    shown: list[tuple[str, str, tuple[str, Callable[[], None]] | None, bool]] = field(
        default_factory=list
    )
    dismissed: int = 0

    def show(
        self,
        text: str,
        level: str = "info",
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        sticky: bool = False,
    ) -> None:
        self.shown.append((text, level, action, sticky))

    def dismiss(self) -> None:
        self.dismissed += 1


class ModelChoice:
    def __init__(self) -> None:
        self.model = "test-model"

    def current_model(self) -> str:
        return self.model

    def select_model(self, model: str) -> None:
        self.model = model


def _answered(question: str) -> Turn:
    return Turn(
        question=question,
        image=None,
        model="test-model",
        state=TurnState.ANSWERED,
        answer=f"The answer to {question}",
    )


def test_editing_a_question_and_cancelling_gives_back_what_was_being_typed(
    qtbot: QtBot,
) -> None:
    chat = ChatController()
    first = chat.conversation.add(_answered("Capital of France?"))
    chat.conversation.add(_answered("And of Spain?"))
    composer = Composer()
    transcript = Transcript()
    qtbot.addWidget(composer)
    qtbot.addWidget(transcript)
    notices = Notices()
    actions = TurnActions(
        chat, composer, transcript, ModelChoice(), notices.show, notices.dismiss, composer
    )
    composer.setPlainText("half a new question")

    actions.start_editing(first.id)

    assert actions.editing
    assert composer.toPlainText() == "Capital of France?"
    text, level, action, sticky = notices.shown[-1]
    assert "The 1 later message will be replaced." in text
    assert (level, sticky) == ("warning", True)
    assert action is not None
    assert action[0] == "Cancel"

    actions.escape()  # nothing is on its way: Esc cancels the edit

    assert not actions.editing
    assert composer.toPlainText() == "half a new question"
    assert notices.dismissed == 1
    assert chat.conversation.turns[0].question == "Capital of France?"
