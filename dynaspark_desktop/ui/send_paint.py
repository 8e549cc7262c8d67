"""One paint for a sent message: the emptied composer, the new question and, when they come
within a frame or so, the answer's first words.

Pressing Send changes the window in steps a few milliseconds apart: the composer empties at
once, the question's widget is built once its request has left (``Transcript.add_turn``),
and a local model's first words follow a couple of milliseconds later. Painted as they
come, that is two or three passes over the transcript and the composer, each holding up the
next step (the first words wait for the question's paint), and a frame could show the
composer emptied with the question not yet in the conversation. So neither repaints from
Send until the first words are shown, the turn changes (it failed, say), or
``HOLD_LIMIT_MS`` passed; then it paints once. A slow server's question is still on screen
within two frames of the key press.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.ui.chat_controller import ChatController

HOLD_LIMIT_MS = 24


class SendPaint(QObject):
    """Holds the repaints of ``held`` (the transcript and the composer) from a new turn until
    the window can show its first words."""

    def __init__(self, held: tuple[QWidget, ...], chat: ChatController) -> None:
        super().__init__(held[0])
        self._held = held
        self._holding = False
        self._limit = QTimer(self, singleShot=True, interval=HOLD_LIMIT_MS)
        self._limit.timeout.connect(self.release)
        chat.turnAdded.connect(self._hold)
        # Connected after the transcript's slots (the window connects those first): the
        # first words are in the answer view when the transcript paints.
        chat.answerGrew.connect(self.release)
        chat.turnChanged.connect(self.release)

    @property
    def holding(self) -> bool:
        return self._holding

    def _hold(self, _turn: Turn) -> None:
        self._holding = True
        for widget in self._held:
            widget.setUpdatesEnabled(False)
        self._limit.start()

    def release(self, *_: object) -> None:
        if self._holding:
            self._holding = False
            self._limit.stop()
            for widget in self._held:
                widget.setUpdatesEnabled(True)  # and an update of all of it
