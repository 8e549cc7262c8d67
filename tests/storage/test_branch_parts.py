"""A branch switched to far above the end is read in parts: the first part from the switched
message down, then each next part after the last message read, never ending between a
question and its answer, until the branch's leaf."""

from __future__ import annotations

from dynaspark_desktop.storage import HistoryStore, Role

LATER_TURNS = 40


def _branched(store: HistoryStore) -> tuple[int, int, int]:
    """A conversation whose second question has two versions: the original with
    LATER_TURNS turns after it, the edit (shown) with one. Returns (conversation, original
    question, edit)."""
    chat = store.create_conversation("m").id
    first = store.add_user_message(chat, "q0", "m")
    store.mark_answered(first.id, "a0", "m", 0.1)
    original = store.add_user_message(chat, "old q1", "m")
    store.mark_answered(original.id, "old a1", "m", 0.1)
    for number in range(LATER_TURNS):
        asked = store.add_user_message(chat, f"old q{number + 2}", "m")
        store.mark_answered(asked.id, f"old a{number + 2}", "m", 0.1)
    edit = store.edit_question(original.id, "new q1")
    assert edit is not None
    store.mark_answered(edit.id, "new a1", "m", 0.1)
    return chat, original.id, edit.id


def test_the_branch_comes_in_parts_that_add_up_to_the_whole_path(store: HistoryStore) -> None:
    chat, original, _edit = _branched(store)
    page = store.load_branch(original, limit=7)
    texts = [m.text for m in page.messages]
    # Seven asked for: the page ends on an answer, not between it and its question.
    assert texts == ["old q1", "old a1", "old q2", "old a2", "old q3", "old a3", "old q4", "old a4"]
    assert page.has_later
    parts = [page]
    while parts[-1].has_later:
        parts.append(store.load_later(parts[-1].messages[-1].id, limit=7))
        assert parts[-1].messages[0].role is Role.USER
    read = [m.text for part in parts for m in part.messages]
    whole = store.load_conversation(chat)
    assert read == [m.text for m in whole.messages][2:]  # from the switched question down
    assert read[-1] == f"old a{LATER_TURNS + 1}"
    assert len(parts) > 5
    # Each part carries its questions' versions (the switcher on the first).
    assert page.question_versions[original] == (original, _edit)


def test_the_whole_branch_when_no_limit_and_the_other_way_back(store: HistoryStore) -> None:
    _chat, original, edit = _branched(store)
    whole = store.load_branch(original)
    assert not whole.has_later
    assert len(whole.messages) == 2 * (LATER_TURNS + 1)
    back = store.load_branch(edit, limit=7)
    assert [m.text for m in back.messages] == ["new q1", "new a1"]
    assert not back.has_later


def test_after_a_message_off_the_shown_path_nothing_follows(store: HistoryStore) -> None:
    _chat, original, edit = _branched(store)
    store.load_branch(edit)
    page = store.load_later(original, limit=7)
    assert page.messages == ()
    assert not page.has_later
