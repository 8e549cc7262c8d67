"""A stopped answer keeps what arrived; retrying or regenerating replaces the answer."""

from __future__ import annotations

from pathlib import Path

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore, Role, pair_turns
from dynaspark_desktop.storage.turns import turns_from_messages


def test_a_stopped_answer_keeps_its_partial_text_across_a_reopen(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Tell me a long story", "m")
    store.mark_cancelled(question.id, "", 1.5, partial_answer="Once upon a", model="m")
    store.close()

    with HistoryStore.open(data_dir) as reopened:
        page = reopened.load_conversation(conversation.id)
    ((saved_question, saved_answer),) = pair_turns(page.messages)
    assert saved_question.state is TurnState.CANCELLED
    assert saved_answer is not None
    assert saved_answer.role is Role.ASSISTANT
    assert saved_answer.text == "Once upon a"
    assert saved_answer.state is TurnState.CANCELLED
    (turn,) = turns_from_messages(page.messages)
    assert turn.state is TurnState.CANCELLED
    assert turn.answer == "Once upon a"


def test_a_stop_with_nothing_received_adds_no_answer(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Hello?", "m")
    store.mark_cancelled(question.id, "", 0.2, partial_answer="", model="m")
    page = store.load_conversation(conversation.id)
    assert [message.role for message in page.messages] == [Role.USER]


def test_retrying_a_stopped_question_replaces_the_partial_answer(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Tell me a long story", "m")
    store.mark_cancelled(question.id, "", 1.0, partial_answer="Once", model="m")
    store.mark_retrying(question.id, "other")
    page = store.load_conversation(conversation.id)
    assert [message.role for message in page.messages] == [Role.USER]
    store.mark_answered(question.id, "Once upon a time, the end.", "other", 2.0)
    ((_saved_question, answer),) = pair_turns(store.load_conversation(conversation.id).messages)
    assert answer is not None
    assert answer.text == "Once upon a time, the end."
    assert answer.model == "other"
    assert store.search("Once")[0].message_id == answer.id  # the search index follows


def test_regenerating_an_answered_question_keeps_both_answers(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "Name a colour", "m")
    red = store.mark_answered(question.id, "Red", "m", 1.0)
    store.mark_retrying(question.id, "m2")
    blue = store.mark_answered(question.id, "Blue", "m2", 1.0)
    assert red is not None
    assert blue is not None
    page = store.load_conversation(conversation.id)
    assert [(message.role, message.text) for message in page.messages] == [
        (Role.USER, "Name a colour"),
        (Role.ASSISTANT, "Blue"),
    ]
    # The earlier answer is a sibling, with its own model, still found by search.
    assert [(m.text, m.model) for m in page.answers[question.id]] == [
        ("Red", "m"),
        ("Blue", "m2"),
    ]
    assert [hit.message_id for hit in store.search("Red")] == [red.id]


def test_editing_a_question_keeps_what_came_after_it_on_the_old_branch(
    store: HistoryStore,
) -> None:
    from dynaspark_desktop.core.images import prepare_image
    from tests.ui.images import photo_bytes

    conversation = store.create_conversation("m")
    first = store.add_user_message(conversation.id, "First question", "m")
    store.mark_answered(first.id, "First answer", "m", 1.0)
    image = prepare_image(photo_bytes(), filename="later.jpg", max_side=512)
    second = store.add_user_message(conversation.id, "Second question", "m", image)
    store.mark_answered(second.id, "Second answer", "m", 1.0)
    image_files = sorted(
        path.name for path in (store.data_dir / "images").rglob("*") if path.is_file()
    )
    assert image_files

    edited = store.edit_question(first.id, "First question, rephrased")
    assert edited is not None
    store.mark_retrying(edited.id, "m")
    page = store.load_conversation(conversation.id)
    assert [(message.role, message.text) for message in page.messages] == [
        (Role.USER, "First question, rephrased")
    ]
    assert page.question_versions[edited.id] == (first.id, edited.id)
    # Nothing was destroyed: the old branch, its later turn and its image are all there.
    assert second.id in [hit.message_id for hit in store.search("Second")]
    assert store.search("rephrased")[0].message_id == edited.id
    assert (
        sorted(path.name for path in (store.data_dir / "images").rglob("*") if path.is_file())
        == image_files
    )
    store.choose_branch(first.id)
    texts = [message.text for message in store.load_conversation(conversation.id).messages]
    assert texts == ["First question", "First answer", "Second question", "Second answer"]
