"""Documents in the history: kept with their question (texts once by hash), read back with
it, copied with an edit, carried by the context path, exported and imported (checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dynaspark_desktop.core.documents import PDF, TEXT, AttachedDocument
from dynaspark_desktop.storage import (
    HistoryStore,
    ImportFormatError,
    export_conversation_json,
    export_conversation_markdown,
    import_conversation_json,
)
from dynaspark_desktop.storage.files import sha256_hex


def _document(name: str, text: str, kind: str = TEXT, pages: int | None = None):
    return AttachedDocument(
        filename=name,
        kind=kind,
        size=len(text) * 3,
        text=text,
        pages=pages,
        pages_read=pages,
        notes=("a note",) if kind == PDF else (),
        sha256=sha256_hex(text.encode()),
        chars=len(text),
    )


def _asked(store: HistoryStore, documents: tuple[AttachedDocument, ...]) -> tuple[int, int]:
    conversation = store.create_conversation("m").id
    question = store.add_user_message(conversation, "What is in it?", "m")
    store.add_documents(question.id, documents)
    store.mark_answered(question.id, "An answer.", "m")
    return conversation, question.id


def test_documents_are_read_back_with_their_question_and_stored_once(
    store: HistoryStore, data_dir: Path
) -> None:
    shared = _document("notes.md", "# Shared text")
    conversation, _ = _asked(store, (shared, _document("a.pdf", "Page one", PDF, pages=3)))
    _asked(store, (shared,))
    question = store.load_conversation(conversation).messages[0]
    assert question.documents == (shared, _document("a.pdf", "Page one", PDF, pages=3))
    assert question.documents[0].stored_at is not None
    files = sorted(path.read_text() for path in (data_dir / "documents").rglob("*.txt"))
    assert files == ["# Shared text", "Page one"]  # the shared one once


def test_an_edited_question_keeps_its_documents(store: HistoryStore) -> None:
    document = _document("spec.txt", "The spec")
    conversation, question_id = _asked(store, (document,))
    edited = store.edit_question(question_id, "What does it say?")
    assert edited is not None
    shown = store.load_conversation(conversation).messages
    assert shown[0].id == edited.id
    assert shown[0].documents == (document,)


def test_the_context_path_carries_an_earlier_questions_documents(store: HistoryStore) -> None:
    conversation, _ = _asked(store, (_document("log.txt", "ERROR disk full"),))
    follow_up = store.add_user_message(conversation, "Why?", "m")
    (earlier,) = store.context_path(conversation, follow_up.id)
    assert earlier.question == (
        "File: log.txt\n\nERROR disk full\n\nEnd of file: log.txt\n\nWhat is in it?"
    )
    assert earlier.answer == "An answer."


def test_json_export_and_import_keep_documents_and_refuse_a_damaged_one(
    store: HistoryStore, tmp_path: Path
) -> None:
    documents = (_document("r.pdf", "Report text", PDF, pages=12), _document("d.csv", "a,b"))
    conversation, _ = _asked(store, documents)
    exported = export_conversation_json(store, conversation, tmp_path / "c.json")
    data = json.loads(exported.read_text())
    sent = data["conversation"]["messages"][0]["documents"]
    assert [entry["filename"] for entry in sent] == ["r.pdf", "d.csv"]
    assert "documents" not in data["conversation"]["messages"][1]  # the answer has none

    other = HistoryStore.open(tmp_path / "other")
    try:
        imported = import_conversation_json(other, exported)
        assert other.load_conversation(imported).messages[0].documents == documents
        damaged = json.loads(json.dumps(data))
        damaged["conversation"]["messages"][0]["documents"][0]["text"] = "Forged"
        damaged["conversation"]["uid"] = "another"
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(damaged))
        with pytest.raises(ImportFormatError, match="document whose text is damaged"):
            import_conversation_json(other, path)
    finally:
        other.close()

    markdown = export_conversation_markdown(store, conversation, tmp_path / "c.md").read_text()
    assert "📄 *r.pdf*\n📄 *d.csv*\n\nWhat is in it?" in markdown


def test_a_text_goes_with_the_last_conversation_using_it(
    store: HistoryStore, data_dir: Path
) -> None:
    shared = _document("shared.txt", "Used twice")
    first, _ = _asked(store, (shared, _document("own.txt", "Used once")))
    second, _ = _asked(store, (shared,))
    texts = data_dir / "documents"
    store.delete_conversation(first)
    store.purge_deleted()
    assert sorted(path.read_text() for path in texts.rglob("*.txt")) == ["Used twice"]
    store.delete_conversation(second)
    store.purge_deleted()
    assert list(texts.rglob("*.txt")) == []
