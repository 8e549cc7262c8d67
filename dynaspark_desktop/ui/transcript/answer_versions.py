"""Earlier answers of a turn, one at a time: a "‹ 2 / 3 ›" switcher for the answer's header.

A regenerated answer, or the answer to a question the user edited and sent again, replaces
the one before it; ``Turn.earlier_answers`` keeps those (text and model) while the
conversation is shown. The switcher browses them. An earlier answer is shown in a view of
its own, so the current answer's view (which may be streaming) is never re-rendered by
browsing: the turn widget only swaps which of the two is visible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from dynaspark_desktop.providers.model_keys import model_name
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.message_actions import action_button


class AnswerVersions(QWidget):
    """The switcher, and the read-only view of the earlier answer it shows.

    Versions are numbered oldest first; the last one is the current answer (live while it
    streams). ``earlier_view`` belongs to the turn widget's layout, which places it.
    """

    # The shown version changed (by the user, or because a new answer started).
    shownChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerVersions")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous_button = action_button(
            "‹", "Show the previous answer", object_name="answerVersionButton"
        )
        self.previous_button.clicked.connect(self.show_previous)
        self.position_label = QLabel(objectName="answerVersionPosition")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = action_button(
            "›", "Show the next answer", object_name="answerVersionButton"
        )
        self.next_button.clicked.connect(self.show_next)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.position_label)
        layout.addWidget(self.next_button)

        self.earlier_view = AnswerView(objectName="earlierAnswerText")
        self.earlier_view.setAccessibleName("Earlier answer")
        self.earlier_view.hide()
        self._earlier: list[tuple[str, str]] = []
        self._index = 0  # of the shown version; len(self._earlier) is the current answer
        self._rendered: str | None = None  # what earlier_view holds, so it renders once

    # -- what there is to show ---------------------------------------------------------------

    def set_versions(self, earlier: list[tuple[str, str]], *, show_current: bool) -> None:
        """The earlier answers (text, model), oldest first. ``show_current``: go back to the
        current answer, as when a new one starts (the user asked for it, so they see it)."""
        grew = len(earlier) != len(self._earlier)
        self._earlier = list(earlier)
        if grew or show_current or self._index > len(self._earlier):
            self._show(len(self._earlier))
        else:
            self._show(self._index)

    @property
    def count(self) -> int:
        """The versions there are: the earlier answers and the current one."""
        return len(self._earlier) + 1

    @property
    def index(self) -> int:
        return self._index

    @property
    def shown_earlier(self) -> tuple[str, str] | None:
        """The earlier answer shown (text, model), or None when the current one is."""
        return self._earlier[self._index] if self._index < len(self._earlier) else None

    # -- browsing --------------------------------------------------------------------------------

    def show_previous(self) -> None:
        self._show(self._index - 1)

    def show_next(self) -> None:
        self._show(self._index + 1)

    def show_current(self) -> None:
        self._show(len(self._earlier))

    def _show(self, index: int) -> None:
        index = max(0, min(index, len(self._earlier)))
        changed = index != self._index
        self._index = index
        shown = self.shown_earlier
        if shown is not None and shown[0] != self._rendered:
            self.earlier_view.set_markdown(shown[0])
            self._rendered = shown[0]
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self._earlier))
        self.position_label.setText(f"{index + 1} / {self.count}")
        which = (
            "the current answer"
            if shown is None
            else f"an earlier answer, by {model_name(shown[1])}"
        )
        self.position_label.setAccessibleName(f"Answer {index + 1} of {self.count}: {which}")
        if changed:
            self.shownChanged.emit()
