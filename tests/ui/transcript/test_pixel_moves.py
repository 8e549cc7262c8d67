"""A new turn at the end of a conversation with earlier turns in view: the view moves the
earlier turns' pixels, and only the new turn is painted (the earlier ones are not repainted
whole, nor is the column behind them)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.transcript.transcript import Transcript
from dynaspark_desktop.ui.transcript.turn_widget import TurnWidget

EARLIER = 20


def _answered(number: int) -> Turn:
    return Turn(
        question=f"Question {number}",
        image=None,
        model="test-model",
        state=TurnState.ANSWERED,
        answer=f"Answer {number}.\n\nA second paragraph of answer {number}.",
    )


@dataclass
class PaintCounter(QObject):
    """Every Paint event's widget and painted area (in pixels), while on."""

    paints: list[tuple[QWidget, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            area = sum(rect.width() * rect.height() for rect in event.region())  # type: ignore[attr-defined]
            self.paints.append((watched, area))
        return False

    def area_of(self, widget: QWidget) -> int:
        return sum(area for painted, area in self.paints if painted is widget)

    def largest_of(self, widget: QWidget) -> int:
        """The largest area one paint pass gave ``widget``."""
        return max((area for painted, area in self.paints if painted is widget), default=0)


@pytest.fixture
def transcript(qtbot: QtBot) -> Transcript:
    view = Transcript()
    qtbot.addWidget(view)
    view.resize(640, 600)
    view.show()
    qtbot.waitExposed(view)
    view.prepare()
    view.show_turns([_answered(number) for number in range(EARLIER)])
    qtbot.waitUntil(lambda: all(view.widget_for(t.id) is not None for t in view.turns_in_view()))
    qtbot.wait(100)  # the column's slices and the first paints are done
    return view


def _earlier_in_view(transcript: Transcript, new: Turn) -> list[TurnWidget]:
    widgets = [transcript.widget_for(turn.id) for turn in transcript.turns_in_view()]
    return [w for w in widgets if w is not None and w.turn_id != new.id]


def _check_only_the_new_turn_painted(
    transcript: Transcript, counter: PaintCounter, new: Turn
) -> None:
    new_widget = transcript.widget_for(new.id)
    assert new_widget is not None
    bar = transcript.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0  # the view moved to the new turn
    earlier = _earlier_in_view(transcript, new)
    assert len(earlier) >= 3
    # The new turn is painted whole; no earlier turn is (at most the former last turn's
    # Regenerate button, hidden, and the strip that came into view at the top).
    assert counter.area_of(new_widget) >= new_widget.width() * new_widget.height()
    for widget in earlier:
        assert counter.area_of(widget) < widget.width() * widget.height() // 2
    column = new_widget.parentWidget()
    assert column is not None
    view_area = column.width() * transcript.verticalScrollBar().pageStep()
    # (Each pass paints the column behind the new turn, and a strip at most.)
    assert counter.largest_of(column) < view_area // 2


def _answer(turn: Turn) -> None:
    turn.state = TurnState.ANSWERED
    turn.answer = "The answer, whole.\n\nWith a second paragraph that makes the turn taller."


@pytest.mark.parametrize("answer", ["none", "same frame", "next frame"])
def test_a_new_turn_moves_the_earlier_ones_and_paints_only_itself(
    qtbot: QtBot, transcript: Transcript, answer: str
) -> None:
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        new = Turn(question="A new question", image=None, model="test-model")
        transcript.add_turn(new)
        transcript.request_started()
        if answer == "same frame":  # the answer arrives before the new turn is painted
            assert transcript.widget_for(new.id) is not None
            _answer(new)
            transcript.update_turn(new)
        elif answer == "next frame":
            qtbot.waitUntil(lambda: transcript.widget_for(new.id) is not None)
            qtbot.wait(50)
            _answer(new)
            transcript.update_turn(new)
        qtbot.wait(150)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    _check_only_the_new_turn_painted(transcript, counter, new)
    if answer != "none":
        widget = transcript.widget_for(new.id)
        assert widget is not None
        assert "second paragraph" in widget.answer_view.toPlainText()


def test_the_first_piece_of_a_streamed_answer_paints_only_its_turn(
    qtbot: QtBot, transcript: Transcript
) -> None:
    new = Turn(question="A new question", image=None, model="test-model")
    transcript.add_turn(new)
    transcript.request_started()
    qtbot.waitUntil(lambda: transcript.widget_for(new.id) is not None)
    qtbot.wait(50)
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        piece = "The first words.\n\nAnd a second paragraph, so that the turn grows."
        new.answer = piece
        transcript.grow_answer(new, piece)
        qtbot.wait(150)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    widget = transcript.widget_for(new.id)
    assert widget is not None
    assert "second paragraph" in widget.answer_view.toPlainText()
    _check_only_the_new_turn_painted(transcript, counter, new)
