"""One model's column in compare mode: its name, how its answer is doing (queued, receiving,
the times and tokens once done), the answer as it streams (an ``AnswerView``, so Markdown,
code and math read as in the transcript), and its actions: Stop while it streams, "Continue
with this one" once its answer is saved. A skipped model or a failure says why instead."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.base.style import set_style_property
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.message_actions import add_message_menu
from dynaspark_desktop.ui.transcript.turn_text import format_elapsed, joined_facts


def column_status(turn: Turn, *, skipped: bool, token_count: Callable[[int], str]) -> str:
    """The line under a column's model name (``token_count``: "25 tokens", in the language's
    plural: ``ComparePane.token_count``)."""
    if skipped:
        return translate("ComparePane", "skipped")
    if turn.state is TurnState.SENT:
        if turn.queued:
            return translate("ComparePane", "queued: waiting for a free slot")
        if turn.streaming:
            return translate("ComparePane", "receiving…")
        return translate("ComparePane", "waiting for the first words…")
    if turn.state is TurnState.FAILED:
        return translate("ComparePane", "failed after {time}").format(
            time=format_elapsed(turn.elapsed_seconds)
        )
    parts: list[str] = []
    if turn.first_text_seconds is not None:
        parts.append(
            translate("ComparePane", "first words {time}").format(
                time=format_elapsed(turn.first_text_seconds)
            )
        )
    parts.append(
        translate("ComparePane", "total {time}").format(time=format_elapsed(turn.elapsed_seconds))
    )
    tokens = turn.completion_tokens or turn.pieces
    if tokens:
        parts.append(token_count(tokens))
    rate = turn.tokens_per_second()
    if rate is not None:
        parts.append(translate("ComparePane", "{rate} tokens/s").format(rate=f"{rate:.0f}"))
    if turn.state is TurnState.CANCELLED:
        parts.append(translate("ComparePane", "stopped"))
    # A part is never broken over two lines ("848 tokens/s"), only between parts.
    return joined_facts([part.replace(" ", "\u00a0").replace("/", "/\u2060") for part in parts])


class ComparePane(QFrame):
    stopRequested = Signal()
    continueRequested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="comparePane")
        self.setProperty("chosen", "false")
        self.name = name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        self.name_label = ElidedLabel(name, objectName="compareModelName")
        self.name_label.setToolTip(name)
        layout.addWidget(self.name_label)
        self.status_label = QLabel(objectName="compareStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.note = QLabel(objectName="compareNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        layout.addWidget(self.note)
        self.answer_view = AnswerView(objectName="compareAnswer")
        self.answer_view.setAccessibleName(
            translate("ComparePane", "Answer of {model}").format(model=name)
        )
        self._answer = ""  # the whole answer once it ended (what the menu's Copy copies)
        add_message_menu(self.answer_view, lambda: self._answer or self.answer_view.streamed_text)
        layout.addWidget(self.answer_view)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.stop_button = QPushButton(self.tr("Stop"), objectName="compareStopButton")
        self.stop_button.setAccessibleName(
            translate("ComparePane", "Stop the answer of {model}").format(model=name)
        )
        self.stop_button.clicked.connect(self.stopRequested)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        self.continue_button = QPushButton(
            self.tr("Continue with this one"), objectName="compareContinueButton"
        )
        self.continue_button.setAccessibleName(
            translate("ComparePane", "Continue the conversation with the answer of {model}").format(
                model=name
            )
        )
        self.continue_button.setToolTip(
            self.tr("Make this answer the conversation's; the others stay as its other versions")
        )
        self.continue_button.clicked.connect(self.continueRequested)
        self.continue_button.hide()
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)
        self.answer_view.show_waiting(translate("ComparePane", "Waiting for the answer…"))

    # -- what the column shows ----------------------------------------------------------------

    def token_count(self, count: int) -> str:
        # self.tr, not QCoreApplication.translate: lupdate sees only the former's count, and
        # without it the message is no plural one and its translation never applies.
        return self.tr("%n tokens", "", count)

    def show_state(self, turn: Turn, *, skipped: str = "", saved: bool = False) -> None:
        """Show the column's state (its answer's text comes through :meth:`grow`)."""
        status = column_status(turn, skipped=bool(skipped), token_count=self.token_count)
        self.status_label.setText(status)
        pending = turn.state is TurnState.SENT and not skipped
        self.stop_button.setVisible(pending)
        self.continue_button.setVisible(saved)
        note = skipped or (turn.error if turn.state is TurnState.FAILED else "")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        set_style_property(self.note, "kind", "skipped" if skipped else "error")
        if pending:
            return
        self._answer = turn.answer
        if self.answer_view.streaming:
            self.answer_view.end_stream()
        text = turn.answer
        if skipped or (not text and turn.state is TurnState.FAILED):
            self.answer_view.hide()
        elif not text:
            self.answer_view.show_waiting(translate("ComparePane", "Stopped before any answer."))
        elif self.answer_view.showing_waiting:
            self.answer_view.set_markdown(text)  # ended before a frame showed its words

    def grow(self, text: str) -> None:
        """A piece of the answer arrived: shown at the next :meth:`flush`."""
        self.answer_view.append_text(text)

    def flush(self) -> bool:
        """Show what arrived, up to a frame's budget; True when more waits."""
        return self.answer_view.flush()

    def set_chosen(self, chosen: bool) -> None:
        set_style_property(self, "chosen", "true" if chosen else "false")
        self.continue_button.setEnabled(not chosen)
        self.continue_button.setText(
            self.tr("Continued with this one") if chosen else self.tr("Continue with this one")
        )

    def restyle(self) -> None:
        self.answer_view.restyle()
