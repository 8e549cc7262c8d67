"""Telling screen readers that an answer came: a finished (or failed) answer in the
conversation on screen is announced, with its start, without moving the focus."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.base.announce import announce

if TYPE_CHECKING:
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.transcript.transcript import Transcript

# Markdown's marks read aloud as noise: "hash hash", "asterisk asterisk", "backtick".
_MARKS = re.compile(r"[#*_`>|]+|\[([^\]]*)\]\([^)]*\)")


def spoken(markdown: str) -> str:
    return " ".join(_MARKS.sub(lambda m: m.group(1) or " ", markdown).split())


class AnswerAnnouncer(QObject):
    # What was announced (after the accessibility event was sent): for the tests and logs.
    announced = Signal(str)

    def __init__(self, chat: ChatController, transcript: Transcript, parent: QObject) -> None:
        super().__init__(parent)
        self._chat = chat
        self._transcript = transcript
        self._waiting: set[int] = set()  # turns whose answer is on its way
        chat.requestStarted.connect(lambda turn: self._waiting.add(turn.id))
        chat.turnChanged.connect(self._turn_changed)

    def _turn_changed(self, turn: Turn) -> None:
        if turn.state is TurnState.SENT or turn.id not in self._waiting:
            return
        self._waiting.discard(turn.id)
        if self._chat.conversation.find(turn.id) is not turn:
            return  # another conversation's: its sidebar mark says so
        if turn.state is TurnState.ANSWERED:
            text = self.tr("Answer complete: {start}").format(start=spoken(turn.answer[:2000]))
        elif turn.state is TurnState.FAILED:
            text = self.tr("The answer failed: {error}").format(error=turn.error)
        else:
            return  # stopped: the user did that
        widget = self._transcript.widget_for(turn.id)
        announce(widget.answer_view if widget is not None else self._transcript, text)
        self.announced.emit(text)
