"""Conversations and messages: the sidebar, a turn's life, paging, the trash, threads."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import (
    INTERRUPTED_ERROR,
    HistoryError,
    HistoryStore,
    Role,
    pair_turns,
)
from dynaspark_desktop.storage.conversations import title_from_question
from tests.storage.support import add_answered_turn


class FakeClock:
    """Seconds that move only when the test says so, so ordering by time is exact."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def clocked_store(data_dir: Path) -> Iterator[HistoryStore]:
    store = HistoryStore.open(data_dir, clock=FakeClock())
    yield store
    store.close()


def test_the_sidebar_lists_pinned_first_then_most_recent(clocked_store: HistoryStore) -> None:
    store = clocked_store
    first, second, third = (store.create_conversation("m") for _ in range(3))
    store.add_user_message(first.id, "revived", "m")  # activity moves it to the top
    store.set_pinned(third.id, True)
    assert [c.id for c in store.list_conversations()] == [third.id, first.id, second.id]
    assert store.list_conversations(limit=1)[0].pinned is True
    store.set_pinned(third.id, False)
    assert [c.id for c in store.list_conversations()] == [first.id, third.id, second.id]


def test_a_conversation_takes_its_title_from_the_first_question(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    store.add_user_message(conversation.id, "  How do\nvolcanoes   form? ", "m")
    store.add_user_message(conversation.id, "And geysers?", "m")
    assert store.list_conversations()[0].title == "How do volcanoes form?"
    store.rename_conversation(conversation.id, "  Geology ")
    assert store.list_conversations()[0].title == "Geology"
    titled = store.create_conversation("m", title="Kept")
    store.add_user_message(titled.id, "question", "m")
    assert store.get_conversation(titled.id).title == "Kept"  # type: ignore[union-attr]


def test_long_titles_are_cut_at_a_word() -> None:
    title = title_from_question("word " * 40)
    assert title.endswith("…")
    assert len(title) <= 61
    assert "wor…" not in title
    assert title_from_question("x" * 100) == "x" * 60 + "…"


def test_model_and_system_prompt_follow_the_conversation(store: HistoryStore) -> None:
    conversation = store.create_conversation("gemini-1.5-flash", system_prompt="Be kind")
    store.set_model(conversation.id, "gemini-1.5-pro")
    assert store.list_conversations()[0].model == "gemini-1.5-pro"
    store.add_user_message(conversation.id, "hi", "gemini-2.0")  # the last model used sticks
    store.set_system_prompt(conversation.id, "Be brief")
    details = store.get_conversation(conversation.id)
    assert details is not None
    assert (details.model, details.system_prompt) == ("gemini-2.0", "Be brief")


def test_each_answer_records_the_model_that_gave_it(store: HistoryStore) -> None:
    conversation = store.create_conversation("a")
    question = store.add_user_message(conversation.id, "one", "model-a")
    answer = store.mark_answered(question.id, "uno", "model-a", 0.25)
    second = store.add_user_message(conversation.id, "two", "model-b")
    store.mark_answered(second.id, "dos", "model-b", 2.0)
    messages = store.load_conversation(conversation.id).messages
    assert [(m.role, m.text, m.model) for m in messages] == [
        (Role.USER, "one", "model-a"),
        (Role.ASSISTANT, "uno", "model-a"),
        (Role.USER, "two", "model-b"),
        (Role.ASSISTANT, "dos", "model-b"),
    ]
    assert answer is not None
    assert answer.elapsed_ms == 250
    assert messages[0].state is TurnState.ANSWERED
    assert messages[0].finished is not None


def test_failed_and_stopped_questions_keep_their_state_and_error_across_a_restart(
    data_dir: Path,
) -> None:
    with HistoryStore.open(data_dir) as store:
        conversation = store.create_conversation("m")
        failed = store.add_user_message(conversation.id, "will fail", "m")
        store.mark_failed(failed.id, "The service is down.", 3.0)
        stopped = store.add_user_message(conversation.id, "will stop", "m")
        store.mark_cancelled(stopped.id, "Stopped.", 1.0)
        in_flight = store.add_user_message(conversation.id, "app dies now", "m")
    with HistoryStore.open(data_dir) as store:
        messages = {m.id: m for m in store.load_conversation(conversation.id).messages}
    assert (messages[failed.id].state, messages[failed.id].error) == (
        TurnState.FAILED,
        "The service is down.",
    )
    assert messages[failed.id].elapsed_ms == 3000
    assert (messages[stopped.id].state, messages[stopped.id].error) == (
        TurnState.CANCELLED,
        "Stopped.",
    )
    # A question still waiting when the app quit can only be retried now.
    assert (messages[in_flight.id].state, messages[in_flight.id].error) == (
        TurnState.FAILED,
        INTERRUPTED_ERROR,
    )


def test_a_retried_question_gets_its_answer_beside_it(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    failed = store.add_user_message(conversation.id, "first", "model-a")
    store.mark_failed(failed.id, "down")
    add_answered_turn(store, conversation.id, "second", "answer two")
    store.mark_retrying(failed.id, "model-b")
    retried = store.get_message(failed.id)
    assert retried is not None
    assert (retried.state, retried.error, retried.model) == (TurnState.SENT, "", "model-b")
    store.mark_answered(failed.id, "answer one", "model-b")
    texts = [m.text for m in store.load_conversation(conversation.id).messages]
    assert texts == ["first", "answer one", "second", "answer two"]
    turns = pair_turns(store.load_conversation(conversation.id).messages)
    assert [(q.text, a.text if a else None) for q, a in turns] == [
        ("first", "answer one"),
        ("second", "answer two"),
    ]


def test_paging_returns_the_latest_messages_in_order(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    for number in range(30):
        add_answered_turn(store, conversation.id, f"q{number}", f"a{number}")
    latest = store.load_conversation(conversation.id, limit=10)
    assert [m.text for m in latest.messages] == [
        text for number in range(25, 30) for text in (f"q{number}", f"a{number}")
    ]
    assert latest.has_earlier
    earlier = store.load_conversation(conversation.id, limit=10, before=latest.first_position)
    assert [m.text for m in earlier.messages] == [
        text for number in range(20, 25) for text in (f"q{number}", f"a{number}")
    ]
    # Walking back page by page visits every message exactly once, in order.
    seen: list[str] = []
    page = store.load_conversation(conversation.id, limit=7)
    while True:
        seen[:0] = [m.text for m in page.messages]
        if not page.has_earlier:
            break
        page = store.load_conversation(conversation.id, limit=7, before=page.first_position)
    assert seen == [text for number in range(30) for text in (f"q{number}", f"a{number}")]


def test_a_page_never_starts_with_an_answer_cut_from_its_question(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    for number in range(5):
        add_answered_turn(store, conversation.id, f"q{number}", f"a{number}")
    page = store.load_conversation(conversation.id, limit=3)
    assert [m.text for m in page.messages] == ["q3", "a3", "q4", "a4"]


def test_opening_at_a_search_hit_starts_there_and_the_rest_follows_in_parts(
    store: HistoryStore,
) -> None:
    conversation = store.create_conversation("m")
    ids = [add_answered_turn(store, conversation.id, f"q{n}", f"a{n}") for n in range(20)]
    hit_question, _ = ids[3]
    page = store.load_conversation(conversation.id, limit=5, from_message=hit_question)
    assert page.messages[0].id == hit_question
    # Five asked for, six read: the page does not end between a question and its answer.
    assert [m.text for m in page.messages] == ["q3", "a3", "q4", "a4", "q5", "a5"]
    assert page.has_earlier
    assert page.has_later
    read = [m.text for m in page.messages]
    while page.has_later:
        page = store.load_later(page.messages[-1].id, limit=5)
        read += [m.text for m in page.messages]
    assert read == [text for n in range(3, 20) for text in (f"q{n}", f"a{n}")]


def test_a_search_hit_in_the_last_page_opens_the_last_page(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    ids = [add_answered_turn(store, conversation.id, f"q{n}", f"a{n}") for n in range(20)]
    page = store.load_conversation(conversation.id, limit=6, from_message=ids[18][0])
    assert [m.text for m in page.messages] == ["q17", "a17", "q18", "a18", "q19", "a19"]
    assert not page.has_later


def test_unknown_ids(store: HistoryStore) -> None:
    with pytest.raises(KeyError):
        store.load_conversation(404)
    with pytest.raises(KeyError):
        store.add_user_message(404, "hello", "m")
    with pytest.raises(KeyError):
        store.rename_conversation(404, "x")
    assert store.get_conversation(404) is None
    assert store.get_message(404) is None
    assert store.mark_answered(404, "late answer", "m") is None  # its chat was removed


def test_delete_goes_to_the_trash_and_can_be_undone(clocked_store: HistoryStore) -> None:
    store = clocked_store
    kept = store.create_conversation("m")
    doomed = store.create_conversation("m")
    add_answered_turn(store, doomed.id, "secret recipe", "tomatoes")
    store.delete_conversation(doomed.id)
    assert [c.id for c in store.list_conversations()] == [kept.id]
    assert store.search("recipe") == []
    store.restore_conversation(doomed.id)
    assert {c.id for c in store.list_conversations()} == {kept.id, doomed.id}
    assert len(store.search("recipe")) == 1

    store.delete_conversation(doomed.id)
    assert store.purge_deleted(older_than_seconds=3600) == 0  # only just deleted
    assert store.purge_deleted() == 1
    assert store.get_conversation(doomed.id) is None
    assert store.search("tomatoes") == []


def test_an_answer_arriving_for_a_trashed_conversation_is_still_saved(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    question = store.add_user_message(conversation.id, "slow question", "m")
    store.delete_conversation(conversation.id)
    assert store.mark_answered(question.id, "late answer", "m") is not None
    store.restore_conversation(conversation.id)
    assert [m.text for m in store.load_conversation(conversation.id).messages][-1] == "late answer"


def test_the_trash_empties_itself_after_a_week(data_dir: Path) -> None:
    clock = FakeClock()
    with HistoryStore.open(data_dir, clock=clock) as store:
        conversation = store.create_conversation("m")
        store.delete_conversation(conversation.id)
    clock.now += 6 * 24 * 3600
    with HistoryStore.open(data_dir, clock=clock) as store:
        assert store.get_conversation(conversation.id) is not None
    clock.now += 2 * 24 * 3600
    with HistoryStore.open(data_dir, clock=clock) as store:
        assert store.get_conversation(conversation.id) is None


def test_the_store_can_be_shared_by_worker_threads(store: HistoryStore) -> None:
    """What asyncio.to_thread does: calls arrive on whichever pool thread is free."""
    conversations = [store.create_conversation("m").id for _ in range(4)]
    counter = itertools.count()

    def work(conversation_id: int) -> None:
        for _ in range(25):
            number = next(counter)
            question = store.add_user_message(conversation_id, f"q{number}", "m")
            store.mark_answered(question.id, f"a{number}", "m")
            store.list_conversations()
            store.search(f"q{number}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, conversations))
    total = sum(len(store.load_conversation(c).messages) for c in conversations)
    assert total == 4 * 25 * 2


def test_a_closed_store_refuses_politely(data_dir: Path) -> None:
    store = HistoryStore.open(data_dir)
    store.close()
    store.close()  # closing twice is harmless (every quit path may close it)
    with pytest.raises(HistoryError, match="closed"):
        store.list_conversations()
