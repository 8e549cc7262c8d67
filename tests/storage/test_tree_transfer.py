"""Export and import of a conversation tree: JSON keeps every branch and the shown path,
Markdown writes the shown path, and an export made before trees still imports as one path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dynaspark_desktop.storage import (
    HistoryStore,
    ImportFormatError,
    export_all,
    export_conversation_json,
    export_conversation_markdown,
    import_conversation_json,
    import_file,
)
from tests.storage.support import add_answered_turn, real_image


def branched_conversation(store: HistoryStore) -> tuple[int, int]:
    """Three turns; the first answer regenerated, the second question edited with its own
    answer, and the original second question's branch shown. Returns (conversation, the
    original second question's id)."""
    conversation = store.create_conversation("m", title="Trips")
    first, _ = add_answered_turn(store, conversation.id, "Where to?", "Lisbon", real_image())
    store.mark_retrying(first, "m2")
    store.mark_answered(first, "Porto", "m2", 2.0)
    second, _ = add_answered_turn(store, conversation.id, "By train?", "Via Madrid")
    add_answered_turn(store, conversation.id, "How long?", "Ten hours")
    edited = store.edit_question(second, "By plane?")
    assert edited is not None
    store.mark_answered(edited.id, "Two hours", "m", 1.0)
    store.choose_branch(second)
    return conversation.id, second


def shown(store: HistoryStore, conversation_id: int) -> list[str]:
    return [message.text for message in store.load_conversation(conversation_id).messages]


def test_json_keeps_every_branch_and_the_shown_path(store: HistoryStore, tmp_path: Path) -> None:
    original, _second = branched_conversation(store)
    path = export_conversation_json(store, original, tmp_path / "trip.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 2
    messages = document["conversation"]["messages"]
    assert len(messages) == 9  # every version of everything
    assert [m["parent"] for m in messages][:3] == [None, 0, 0]  # two answers to one question

    imported = import_conversation_json(store, path)
    assert store.snapshot(imported) == store.snapshot(original)
    assert shown(store, imported) == shown(store, original)
    assert shown(store, imported)[1:] == [
        "Porto",
        "By train?",
        "Via Madrid",
        "How long?",
        "Ten hours",
    ]
    page = store.load_conversation(imported)
    assert [a.text for a in page.answers[page.messages[0].id]] == ["Lisbon", "Porto"]
    (versions,) = [v for v in page.question_versions.values()]
    branch = store.load_branch(versions[1])
    assert [m.text for m in branch.messages] == ["By plane?", "Two hours"]


def test_markdown_writes_the_shown_path_only(store: HistoryStore, tmp_path: Path) -> None:
    conversation, _second = branched_conversation(store)
    path = export_conversation_markdown(store, conversation, tmp_path / "trip.md")
    text = path.read_text(encoding="utf-8")
    assert "Porto" in text
    assert "Ten hours" in text
    assert "Lisbon" not in text
    assert "By plane?" not in text


def test_an_export_made_before_trees_imports_as_one_path(
    store: HistoryStore, tmp_path: Path
) -> None:
    conversation = store.create_conversation("m", title="Old")
    add_answered_turn(store, conversation.id, "One?", "Uno")
    add_answered_turn(store, conversation.id, "Two?", "Dos")
    document = json.loads(
        export_conversation_json(store, conversation.id, tmp_path / "new.json").read_bytes()
    )
    # As version 1 wrote it: no parents, no current_leaf.
    document["version"] = 1
    del document["conversation"]["current_leaf"]
    for message in document["conversation"]["messages"]:
        del message["parent"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")

    imported = import_conversation_json(store, old)
    assert shown(store, imported) == ["One?", "Uno", "Two?", "Dos"]
    messages = store.load_conversation(imported).messages
    assert [m.parent_id for m in messages[1:]] == [m.id for m in messages[:-1]]


def test_an_archive_of_trees_round_trips(store: HistoryStore, tmp_path: Path) -> None:
    original, _second = branched_conversation(store)
    archive = tmp_path / "all.zip"
    assert export_all(store, archive) == 1
    # Into another history: into the same one, the import would find it there already.
    other = HistoryStore.open(tmp_path / "other data")
    try:
        report = import_file(other, archive)
        (imported,) = report.imported
        assert other.snapshot(imported) == store.snapshot(original)
    finally:
        other.close()


def test_a_tree_whose_parent_comes_after_its_child_is_refused(
    store: HistoryStore, tmp_path: Path
) -> None:
    conversation, _ = branched_conversation(store)
    path = export_conversation_json(store, conversation, tmp_path / "c.json")
    document = json.loads(path.read_bytes())
    document["conversation"]["messages"][1]["parent"] = 5
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="“parent” out of range"):
        import_conversation_json(store, path)
