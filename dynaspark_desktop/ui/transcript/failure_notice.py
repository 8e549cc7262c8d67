"""Under an answer that failed or was stopped: what happened, Retry, and "Try with <model>"
when a passing failure left another model to ask."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.providers.model_keys import model_name
from dynaspark_desktop.ui.base.safe_text import MAX_SHORT_TEXT_SHOWN_CHARS, display_text
from dynaspark_desktop.ui.base.style import set_style_property


class FailureNotice(QFrame):
    """The notice (``errorFrame`` in the style sheet, its ``kind`` "error" or "stopped").

    The turn widget wires its buttons to the turn; ``alternative_model`` is the model that
    "Try with <model>" asks.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorFrame")
        # The message on top, its buttons in a row under it: a narrow window (or a long
        # model name on "Try with …") never squeezes the message into a sliver.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.error_label = QLabel(objectName="errorText")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.retry_button = QPushButton(self.tr("Retry"), objectName="retryButton")
        self.retry_button.setAccessibleName(self.tr("Retry this message"))
        buttons.addWidget(self.retry_button)
        self.try_other_button = QPushButton(objectName="tryOtherButton")
        self.try_other_button.setAccessibleName(self.tr("Ask another model"))  # named on show
        buttons.addWidget(self.try_other_button)
        buttons.addStretch(1)
        self.alternative_model = ""
        # What show_for last set: Qt's setVisible and a style re-polish cost even when
        # nothing changes, and show_for runs at every change of the turn.
        self._offers_other = False
        self.try_other_button.hide()
        self._kind = "error"
        self.setProperty("kind", self._kind)  # before the first polish, which styles it once

    def show_for(self, turn: Turn) -> None:
        """Say what became of ``turn`` (shown only while it failed or was stopped)."""
        state = turn.state
        if state is TurnState.CANCELLED:
            self.error_label.setText(
                self.tr("Stopped. What had arrived is kept; press Retry to ask again.")
                if turn.answer
                else self.tr("Stopped. Your message is kept; press Retry to ask again.")
            )
        elif state is TurnState.FAILED:  # the error may quote the server
            self.error_label.setText(display_text(turn.error, MAX_SHORT_TEXT_SHOWN_CHARS))
        self.alternative_model = turn.alternative_model
        offer_other = state is TurnState.FAILED and bool(turn.alternative_model)
        if offer_other:
            name = model_name(turn.alternative_model)
            self.try_other_button.setText(self.tr("Try with {model}").format(model=name))
            self.try_other_button.setAccessibleName(
                self.tr("Ask {model} instead").format(model=name)
            )
        if offer_other is not self._offers_other:
            self._offers_other = offer_other
            self.try_other_button.setVisible(offer_other)
        kind = "stopped" if state is TurnState.CANCELLED else "error"
        if kind != self._kind:
            self._kind = kind
            set_style_property(self, "kind", kind)
