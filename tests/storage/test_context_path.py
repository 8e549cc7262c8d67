"""The path to a question, read from the history for a request's context: every turn before
it, in order, whatever the window has loaded."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest

from dynaspark_desktop.core.context_window import ContextTurn, ContextWindow
from dynaspark_desktop.storage import HistoryStore
from tests.storage.support import add_answered_turn, fake_image


def test_the_path_is_every_turn_before_the_question_in_order(store: HistoryStore) -> None:
    conversation = store.create_conversation("m").id
    for number in range(30):
        add_answered_turn(store, conversation, f"question {number}", f"answer {number}")
    asked = store.add_user_message(conversation, "the new one", "m")
    path = store.context_path(conversation, asked.id)
    assert [turn.question for turn in path] == [f"question {n}" for n in range(30)]
    assert [turn.answer for turn in path] == [f"answer {n}" for n in range(30)]
    assert all(turn.answered for turn in path)


def test_a_question_in_the_middle_sees_only_what_came_before_it(store: HistoryStore) -> None:
    conversation = store.create_conversation("m").id
    ids = [add_answered_turn(store, conversation, f"q{n}", f"a{n}")[0] for n in range(5)]
    path = store.context_path(conversation, ids[3])
    assert [turn.question for turn in path] == ["q0", "q1", "q2"]


def test_failed_questions_and_images_come_with_the_path(store: HistoryStore) -> None:
    conversation = store.create_conversation("m").id
    add_answered_turn(store, conversation, "look", "a cat", image=fake_image(1))
    failed = store.add_user_message(conversation, "broke", "m")
    store.mark_failed(failed.id, "no connection")
    add_answered_turn(store, conversation, "plain", "ok")
    asked = store.add_user_message(conversation, "now?", "m")
    path = store.context_path(conversation, asked.id)
    assert [(turn.question, turn.answered) for turn in path] == [
        ("look", True),
        ("broke", False),
        ("plain", True),
    ]
    image = path[0].image
    assert image is not None
    assert image.path.read_bytes() == fake_image(1).data
    assert path[1].image is None
    assert path[2].image is None


def test_a_question_of_another_conversation_is_refused(store: HistoryStore) -> None:
    first = store.create_conversation("m").id
    second = store.create_conversation("m").id
    asked = store.add_user_message(first, "here", "m")
    with pytest.raises(KeyError):
        store.context_path(second, asked.id)


def test_the_latest_context_reads_the_newest_turns_first_with_their_images(
    store: HistoryStore,
) -> None:
    conversation = store.create_conversation("m").id
    add_answered_turn(store, conversation, "look", "a cat", image=fake_image(2))
    failed = store.add_user_message(conversation, "broke", "m")
    store.mark_failed(failed.id, "no connection")
    for number in range(5):
        add_answered_turn(store, conversation, f"q{number}", f"a{number}")
    asked = store.add_user_message(conversation, "now?", "m")
    seen: list[tuple[str, int]] = []

    def take_three(newest_first: Iterable[ContextTurn], path_turns: int) -> ContextWindow:
        taken = list(itertools.islice(newest_first, 3))
        seen.extend((turn.question, path_turns) for turn in taken)
        return ContextWindow(tuple(reversed(taken)), path_turns, truncated=True)

    window = store.latest_context(conversation, asked.id, take_three)
    assert seen == [("q4", 7), ("q3", 7), ("q2", 7)]
    assert [turn.question for turn in window.turns] == ["q2", "q3", "q4"]

    every: list[ContextTurn] = []

    def take_all(newest_first: Iterable[ContextTurn], path_turns: int) -> ContextWindow:
        every.extend(newest_first)
        return ContextWindow(tuple(reversed(every)), path_turns)

    store.latest_context(conversation, asked.id, take_all)
    # Answered turns only, newest first; the image comes with its question.
    assert [turn.question for turn in every] == ["q4", "q3", "q2", "q1", "q0", "look"]
    image = every[-1].image
    assert image is not None
    assert image.path.read_bytes() == fake_image(2).data


def test_without_an_id_the_context_is_read_up_to_the_latest_question(store: HistoryStore) -> None:
    conversation = store.create_conversation("m").id
    for number in range(3):
        add_answered_turn(store, conversation, f"q{number}", f"a{number}")
    store.add_user_message(conversation, "just saved", "m")
    seen: list[str] = []

    def take_all(newest_first: Iterable[ContextTurn], path_turns: int) -> ContextWindow:
        seen.extend(turn.question for turn in newest_first)
        return ContextWindow((), path_turns)

    window = store.latest_context(conversation, None, take_all)
    assert seen == ["q2", "q1", "q0"]
    assert window.path_turns == 3
    empty = store.create_conversation("m").id
    assert store.latest_context(empty, None, take_all).path_turns == 0


def test_the_path_follows_the_branch_not_the_order_of_writing(store: HistoryStore) -> None:
    """A regenerated answer and an edited question are siblings: the context of a question
    is its own branch, with the answer on that branch, whatever was written later."""
    conversation = store.create_conversation("m").id
    first, _ = add_answered_turn(store, conversation, "q0", "a0")
    second, _ = add_answered_turn(store, conversation, "q1", "a1 first")
    store.mark_answered(second, "a1 regenerated", "m")
    add_answered_turn(store, conversation, "q2 old branch", "a2 old branch")
    edited = store.edit_question(second, "q1 edited")
    assert edited is not None
    store.mark_answered(edited.id, "a1 of the edit", "m")
    asked = store.add_user_message(conversation, "q2 new branch", "m")

    path = store.context_path(conversation, asked.id)
    assert [(turn.question, turn.answer) for turn in path] == [
        ("q0", "a0"),
        ("q1 edited", "a1 of the edit"),
    ]
    window = store.latest_context(conversation, None, _everything)
    assert [turn.question for turn in window.turns] == ["q0", "q1 edited"]
    assert store.context_path(conversation, first) == []


def _everything(turns: Iterable[ContextTurn], path_turns: int) -> ContextWindow:
    return ContextWindow(tuple(reversed(list(turns))), path_turns)
