"""A long conversation in the transcript: only the turns near the view have widgets, and
whatever is built, released, prepended or streamed, the reader stays where they were."""

from __future__ import annotations

import itertools

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.ui.transcript.transcript import Transcript

# Far more than a few views' worth of turns.
MANY = 300
# Live widgets allowed: the view and its margins hold a few dozen turns of these sizes.
LIVE_BOUND = 60


def _answered(number: int, paragraphs: int = 2) -> Turn:
    answer = "\n\n".join(f"Answer {number}, paragraph {p}." for p in range(paragraphs))
    return Turn(
        question=f"Question {number}",
        image=None,
        model="test-model",
        state=TurnState.ANSWERED,
        answer=answer,
    )


@pytest.fixture
def transcript(qtbot: QtBot) -> Transcript:
    view = Transcript()
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    qtbot.waitExposed(view)
    view.prepare()
    return view


def _settle(qtbot: QtBot, transcript: Transcript) -> None:
    """Wait until every turn in the view has its widget (they are built over a few turns of
    the event loop), and the layout has caught up with their heights."""
    qtbot.waitUntil(
        lambda: all(transcript.widget_for(t.id) is not None for t in transcript.turns_in_view())
    )
    qtbot.wait(50)


def _assert_stacked(transcript: Transcript) -> None:
    """The live widgets are in conversation order, one under the other, none overlapping."""
    widgets = transcript.turn_widgets
    for upper, lower in itertools.pairwise(widgets):
        assert upper.geometry().bottom() < lower.y()


def test_a_long_conversation_keeps_only_the_widgets_near_the_view(
    qtbot: QtBot, transcript: Transcript
) -> None:
    turns = [_answered(number) for number in range(MANY)]
    transcript.show_turns(turns)
    # Opened at the end, the latest turn shown at once.
    assert transcript.widget_for(turns[-1].id) is not None
    bar = transcript.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    _settle(qtbot, transcript)
    assert len(transcript.turn_widgets) < LIVE_BOUND

    for fraction in (0.0, 0.5, 0.25, 1.0):
        bar.setValue(int(bar.maximum() * fraction))
        _settle(qtbot, transcript)
        assert len(transcript.turn_widgets) < LIVE_BOUND
        _assert_stacked(transcript)
    assert transcript.turns_in_view()[-1] is turns[-1]
    # A turn far away has no widget now, but its text is still the transcript's.
    assert transcript.widget_for(turns[0].id) is None
    assert transcript.last_answer() == turns[-1].answer


def test_prepending_keeps_the_turn_being_read_in_place(
    qtbot: QtBot, transcript: Transcript
) -> None:
    transcript.show_turns([_answered(number) for number in range(100, 130)], has_earlier=True)
    bar = transcript.verticalScrollBar()
    bar.setValue(30)
    _settle(qtbot, transcript)
    read = transcript.turns_in_view()[1]
    widget = transcript.widget_for(read.id)
    assert widget is not None
    on_screen = widget.y() - bar.value()

    # Older turns much longer than any estimate of them: their real heights arrive as they
    # are built, above the reader.
    older = [_answered(number, 12) for number in range(100)]
    transcript.prepend_turns(older, has_earlier=False)
    qtbot.waitUntil(lambda: transcript.widget_for(older[-1].id) is not None)
    _settle(qtbot, transcript)
    assert transcript.widget_for(read.id) is widget
    assert widget.y() - bar.value() == on_screen
    _assert_stacked(transcript)


def test_an_answer_streaming_far_below_keeps_its_widget_and_the_reader_in_place(
    qtbot: QtBot, transcript: Transcript
) -> None:
    transcript.show_turns([_answered(number) for number in range(MANY)])
    pending = Turn(question="Tell me a long story", image=None, model="test-model")
    transcript.add_turn(pending)
    widget = transcript.widget_for(pending.id)
    assert widget is not None
    bar = transcript.verticalScrollBar()
    assert bar.value() == bar.maximum()
    bar.setValue(bar.maximum() // 2)
    _settle(qtbot, transcript)
    value = bar.value()
    read = transcript.turns_in_view()[0]
    read_widget = transcript.widget_for(read.id)
    assert read_widget is not None

    pending.answer = ""
    for number in range(40):
        piece = f"Line {number} of the story.\n\n"
        pending.answer += piece
        pending.pieces += 1
        transcript.grow_answer(pending, piece)
        qtbot.wait(5)
    pending.state = TurnState.ANSWERED
    transcript.update_turn(pending)
    qtbot.wait(50)
    # The streamed answer lived in one widget all along, far below the view.
    assert transcript.widget_for(pending.id) is widget
    assert "Line 39 of the story." in widget.answer_view.toPlainText()
    assert bar.value() == value
    assert transcript.widget_for(read.id) is read_widget

    transcript.jump_to_latest()
    _settle(qtbot, transcript)
    assert bar.value() == bar.maximum()
    assert transcript.turns_in_view()[-1] is pending


def test_scroll_to_turn_builds_a_far_turn_and_marks_it(
    qtbot: QtBot, transcript: Transcript
) -> None:
    turns = [_answered(number) for number in range(MANY)]
    transcript.show_turns(turns)
    target = turns[40]
    transcript.scroll_to_turn(target.id)
    widget = transcript.widget_for(target.id)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.user_bubble.property("highlighted") is True)
    _settle(qtbot, transcript)
    bar = transcript.verticalScrollBar()
    assert 0 <= widget.y() - bar.value() <= 24
    assert target in transcript.turns_in_view()


def test_the_turn_holding_the_focus_keeps_its_widget(qtbot: QtBot, transcript: Transcript) -> None:
    turns = [_answered(number) for number in range(MANY)]
    transcript.show_turns(turns)
    widget = transcript.widget_for(turns[-1].id)
    assert widget is not None
    # The user selected part of the latest answer, then scrolls all the way up.
    widget.answer_view.setFocus()
    widget.answer_view.selectAll()
    qtbot.waitUntil(widget.answer_view.hasFocus)
    transcript.scroll_to_top()
    _settle(qtbot, transcript)
    qtbot.waitUntil(lambda: transcript.widget_for(turns[-2].id) is None)
    assert transcript.widget_for(turns[-1].id) is widget
    assert widget.answer_view.textCursor().hasSelection()


def test_removing_turns_with_and_without_widgets(qtbot: QtBot, transcript: Transcript) -> None:
    turns = [_answered(number) for number in range(MANY)]
    transcript.show_turns(turns)
    _settle(qtbot, transcript)
    far, last = turns[:10], turns[-1]
    assert all(transcript.widget_for(turn.id) is None for turn in far)
    transcript.remove_turns([turn.id for turn in far] + [last.id])
    _settle(qtbot, transcript)
    assert transcript.widget_for(last.id) is None
    assert transcript.last_answer() == turns[-2].answer
    new_last = transcript.widget_for(turns[-2].id)
    assert new_last is not None
    assert new_last.regenerate_button.isVisible()
    transcript.scroll_to_top()
    _settle(qtbot, transcript)
    assert transcript.turns_in_view()[0] is turns[10]
