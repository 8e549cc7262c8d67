"""A question's versions (its edits), one at a time: a "‹ 2 / 3 ›" switcher beside it.

An edited question is a sibling of the original in the history's tree, with its own answers
and later turns. The switcher only asks for another version (``versionRequested`` with the
version's message id); the window reads that branch from the history and shows it in place
of this turn and those after it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from dynaspark_desktop.ui.transcript.message_actions import action_button


class QuestionVersions(QWidget):
    """``questionVersions``, with ``questionVersionPosition`` reading like "2 / 3"."""

    # The message id of the version the user asked for.
    versionRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionVersions")
        self.setAccessibleName(self.tr("Versions of this question"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous_button = action_button(
            "‹",
            self.tr("Show the previous version of this question"),
            object_name="questionVersionButton",
        )
        self.previous_button.clicked.connect(lambda: self._request(-1))
        self.position_label = QLabel(objectName="questionVersionPosition")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = action_button(
            "›",
            self.tr("Show the next version of this question"),
            object_name="questionVersionButton",
        )
        self.next_button.clicked.connect(lambda: self._request(1))
        layout.addWidget(self.previous_button)
        layout.addWidget(self.position_label)
        layout.addWidget(self.next_button)
        self._ids: list[int] = []
        self._index = 0

    def set_versions(self, version_ids: list[int], shown_id: int | None) -> None:
        """The versions' message ids, oldest first, and which of them this turn shows."""
        self._ids = list(version_ids)
        self._index = self._ids.index(shown_id) if shown_id in self._ids else len(self._ids) - 1
        count = len(self._ids)
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < count - 1)
        self.position_label.setText(f"{self._index + 1} / {count}")
        self.position_label.setAccessibleName(
            self.tr("Question version {number} of {count}").format(
                number=self._index + 1, count=count
            )
        )

    @property
    def position_text(self) -> str:
        return self.position_label.text()

    def _request(self, step: int) -> None:
        index = self._index + step
        if 0 <= index < len(self._ids):
            self.versionRequested.emit(self._ids[index])
