"""A question's other answers, one at a time: a "‹ 2 / 3 ›" switcher for the answer's header.

A regenerated answer joins the ones before it (siblings in the history's tree);
``Turn.earlier_answers`` holds the others (text and model) and ``Turn.current_answer_index``
where the current one sits among them. The switcher browses them. Another answer is shown in
a view of its own, so the current answer's view (which may be streaming) is never re-rendered
by browsing: the turn widget only swaps which of the two is visible. A version the user
picks is announced (``versionChosen``), so the window can remember it in the history.
"""

from __future__ import annotations

from collections.abc import Callable

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
    # The user moved to version n (0 = oldest) with the buttons.
    versionChosen = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        place_view: Callable[[AnswerView], None] | None = None,
    ) -> None:
        """``place_view`` puts the other answers' view in the turn's layout, once it is
        first needed (many turns have versions; few are ever browsed)."""
        super().__init__(parent)
        self.setObjectName("answerVersions")
        self._place_view = place_view
        self._earlier_view: AnswerView | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous_button = action_button(
            "‹", self.tr("Show the previous answer"), object_name="answerVersionButton"
        )
        self.previous_button.clicked.connect(lambda: self._choose(self._index - 1))
        self.position_label = QLabel(objectName="answerVersionPosition")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = action_button(
            "›", self.tr("Show the next answer"), object_name="answerVersionButton"
        )
        self.next_button.clicked.connect(lambda: self._choose(self._index + 1))
        layout.addWidget(self.previous_button)
        layout.addWidget(self.position_label)
        layout.addWidget(self.next_button)

        self._earlier: list[tuple[str, str]] = []
        self._current = 0  # where the current answer sits among the versions
        self._index = 0  # of the shown version
        self._rendered: str | None = None  # what earlier_view holds, so it renders once

    @property
    def earlier_view(self) -> AnswerView:
        """The read-only view of the other answer shown (built on first need)."""
        if self._earlier_view is None:
            view = AnswerView(objectName="earlierAnswerText")
            view.setAccessibleName(self.tr("Earlier answer"))
            view.hide()
            self._earlier_view = view
            if self._place_view is not None:
                self._place_view(view)
        return self._earlier_view

    @property
    def has_earlier_view(self) -> bool:
        return self._earlier_view is not None

    # -- what there is to show ---------------------------------------------------------------

    def set_versions(
        self,
        earlier: list[tuple[str, str]],
        *,
        show_current: bool,
        current_index: int | None = None,
    ) -> None:
        """The other answers (text, model), oldest first, and where the current one sits
        among them (None: after them). ``show_current``: go back to the current answer, as
        when a new one starts (the user asked for it, so they see it)."""
        grew = len(earlier) != len(self._earlier)
        self._earlier = list(earlier)
        if current_index is None or not 0 <= current_index <= len(earlier):
            current_index = len(earlier)
        moved = current_index != self._current
        self._current = current_index
        if grew or moved or show_current or self._index > len(self._earlier):
            self._show(self._current)
        else:
            self._show(self._index)

    @property
    def count(self) -> int:
        """The versions there are: the other answers and the current one."""
        return len(self._earlier) + 1

    @property
    def index(self) -> int:
        return self._index

    @property
    def shown_other(self) -> int | None:
        """Which of the other answers is shown (its index among them), or None."""
        if self._index == self._current:
            return None
        return self._index if self._index < self._current else self._index - 1

    @property
    def shown_earlier(self) -> tuple[str, str] | None:
        """The other answer shown (text, model), or None when the current one is."""
        other = self.shown_other
        return None if other is None else self._earlier[other]

    # -- browsing --------------------------------------------------------------------------------

    def show_previous(self) -> None:
        self._show(self._index - 1)

    def show_next(self) -> None:
        self._show(self._index + 1)

    def show_current(self) -> None:
        self._show(self._current)

    def _choose(self, index: int) -> None:
        before = self._index
        self._show(index)
        if self._index != before:
            self.versionChosen.emit(self._index)

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
        # (The label's text is what automation reads: "2 / 3".)
        self.position_label.setText(f"{index + 1} / {self.count}")
        which = (
            self.tr("the current answer")
            if shown is None
            else self.tr("another answer, by {model}").format(model=model_name(shown[1]))
        )
        self.position_label.setAccessibleName(
            self.tr("Answer {index} of {count}: {which}").format(
                index=index + 1, count=self.count, which=which
            )
        )
        if changed:
            self.shownChanged.emit()
