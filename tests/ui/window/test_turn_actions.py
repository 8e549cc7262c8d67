"""TurnActions works from the parts it is given (chat, composer, transcript, the model
choice, a way to dismiss the notice), with no window: editing a question and cancelling the
edit. What it says goes through the notices bridge, heard here as the window would."""

from __future__ import annotations

from dataclasses import dataclass, field

from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.base import notices as bridge
from dynaspark_desktop.ui.base.notices import Notice
from dynaspark_desktop.ui.controllers.chat_controller import ChatController
from dynaspark_desktop.ui.transcript.transcript import Transcript
from dynaspark_desktop.ui.widgets.composer import Composer
from dynaspark_desktop.ui.window.turn_actions import TurnActions


@dataclass
class Notices:
    shown: list[Notice] = field(default_factory=list)
    dismissed: int = 0

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
    bridge.reset()
    bridge.bridge().posted.connect(notices.shown.append)
    bridge.bridge().listen(composer)  # the window's bar would; any living QObject will do
    actions = TurnActions(chat, composer, transcript, ModelChoice(), notices.dismiss, composer)
    composer.setPlainText("half a new question")

    actions.start_editing(first.id)

    assert actions.editing
    assert composer.toPlainText() == "Capital of France?"
    notice = notices.shown[-1]
    assert "The 1 later message stays with the original" in notice.text
    assert (notice.level, notice.sticky) == ("warning", True)
    assert notice.action is not None
    assert notice.action[0] == "Cancel"

    actions.escape()  # nothing is on its way: Esc cancels the edit

    assert not actions.editing
    assert composer.toPlainText() == "half a new question"
    assert notices.dismissed == 1
    assert chat.conversation.turns[0].question == "Capital of France?"
