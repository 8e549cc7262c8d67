"""Editing the shown conversation's system prompt: a small window, opened with ``open()``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate

_EXPLANATION = QT_TRANSLATE_NOOP(
    "SystemPromptDialog",
    "Instructions sent with every message of this conversation, e.g. “Answer in French” or "
    "“You are a patient maths tutor”. Models that take a system message get it as one; "
    "the Dynaspark web service gets it as a “System:” line before the conversation.",
)
MAX_SYSTEM_PROMPT_CHARS = 20_000


class SystemPromptDialog(QDialog):
    promptSaved = Signal(str)

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("systemPromptDialog")
        self.setWindowTitle(self.tr("System prompt"))
        self.resize(560, 360)
        column = QVBoxLayout(self)
        explanation = QLabel(translate("SystemPromptDialog", _EXPLANATION))
        explanation.setWordWrap(True)
        column.addWidget(explanation)
        self.editor = QPlainTextEdit(objectName="systemPromptEditor")
        self.editor.setAccessibleName(self.tr("System prompt"))
        self.editor.setPlaceholderText(self.tr("No system prompt: the model's own defaults apply."))
        self.editor.setPlainText(prompt)
        column.addWidget(self.editor, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.finished.connect(self.deleteLater)

    def _save(self) -> None:
        # An overlong prompt would crowd out the conversation itself; cut, not refused.
        self.promptSaved.emit(self.editor.toPlainText().strip()[:MAX_SYSTEM_PROMPT_CHARS])
        self.accept()
