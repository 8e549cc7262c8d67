"""Export and import: Markdown with an image folder, lossless JSON, the all-in-one archive."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from dynaspark_desktop.storage import (
    HistoryStore,
    ImportFormatError,
    export_all,
    export_conversation_json,
    export_conversation_markdown,
    import_archive,
    import_conversation_json,
    import_file,
)
from dynaspark_desktop.storage.transfer import snapshot_to_json
from tests.storage.support import add_answered_turn, real_image


def rich_conversation(store: HistoryStore) -> int:
    """Every kind of thing a conversation holds: images (one shared), all states, odd text."""
    photo = real_image((250, 120, 0), name="sunset photo.png")
    chart = real_image((0, 0, 250), name="chart.png")
    conversation = store.create_conversation("gemini-1.5-flash", system_prompt="Be concise.")
    add_answered_turn(store, conversation.id, "What colour is this?", "Orange.", photo)
    add_answered_turn(store, conversation.id, "And this one?", "Blue, **clearly**.", chart)
    failed = store.add_user_message(conversation.id, "Compare them", "gemini-1.5-pro", photo)
    store.mark_failed(failed.id, "The service is down.", 2.5)
    stopped = store.add_user_message(conversation.id, 'Ünïcödé 🙂 "quotes" <b>', "m")
    store.mark_cancelled(stopped.id, "Stopped.")
    store.rename_conversation(conversation.id, "Colours / tests: 1")
    store.set_pinned(conversation.id, True)
    return conversation.id


def test_json_export_then_import_is_identical_with_images_byte_equal(
    store: HistoryStore, tmp_path: Path
) -> None:
    original = rich_conversation(store)
    exported = export_conversation_json(store, original, tmp_path / "out" / "colours.json")
    imported = import_conversation_json(store, exported)

    assert imported != original
    assert store.snapshot(imported) == store.snapshot(original)  # every field, every byte
    before = store.load_conversation(original).messages
    after = store.load_conversation(imported).messages
    for old, new in zip(before, after, strict=True):
        for old_image, new_image in zip(old.attachments, new.attachments, strict=True):
            assert new_image.path.read_bytes() == old_image.path.read_bytes()
            assert new_image.path == old_image.path  # the same bytes share one file


def test_json_holds_the_images_and_no_database_ids(store: HistoryStore, tmp_path: Path) -> None:
    conversation = rich_conversation(store)
    path = export_conversation_json(store, conversation, tmp_path / "c.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    messages = document["conversation"]["messages"]
    assert messages[0]["images"][0]["filename"] == "sunset photo.png"
    assert messages[0]["images"][0]["data_base64"]
    assert "id" not in messages[0]
    assert document["conversation"]["pinned"] is True


def test_importing_into_another_data_directory(store: HistoryStore, tmp_path: Path) -> None:
    original = rich_conversation(store)
    path = export_conversation_json(store, original, tmp_path / "c.json")
    with HistoryStore.open(tmp_path / "elsewhere") as other:
        imported = import_conversation_json(other, path)
        assert other.snapshot(imported) == store.snapshot(original)
        image = other.load_conversation(imported).messages[0].image
        assert image is not None
        assert image.path.is_relative_to(tmp_path / "elsewhere")


def test_markdown_export_links_images_in_a_folder_beside_it(
    store: HistoryStore, tmp_path: Path
) -> None:
    conversation = rich_conversation(store)
    target = tmp_path / "export" / "colours.md"
    export_conversation_markdown(store, conversation, target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Colours / tests: 1\n")
    assert "System prompt: Be concise." in text
    assert "Blue, **clearly**." in text
    assert "**Failed:** The service is down." in text
    assert "Stopped" in text
    links = [line[line.index("](") + 2 : -1] for line in text.splitlines() if line.startswith("![")]
    assert len(links) == 3  # three images shown, two distinct files
    files = {(target.parent / unquote(link)).resolve() for link in links}
    assert len(files) == 2
    assert all(path.parent == target.parent / "colours_images" for path in files)
    originals = {
        image.path.read_bytes()
        for message in store.load_conversation(conversation).messages
        for image in message.attachments
    }
    assert {path.read_bytes() for path in files} == originals


def test_export_all_then_import_archive(store: HistoryStore, tmp_path: Path) -> None:
    rich_conversation(store)
    for number in range(3):
        plain = store.create_conversation("m")
        add_answered_turn(store, plain.id, f"question {number}", f"answer {number}")
    archive = tmp_path / "all.zip"
    assert export_all(store, archive) == 4
    with zipfile.ZipFile(archive) as opened:
        assert len(opened.namelist()) == 4

    with HistoryStore.open(tmp_path / "restored") as restored:
        new_ids = import_file(restored, archive)
        assert len(new_ids) == 4
        assert sorted(
            json.dumps(snapshot_to_json(restored.snapshot(i)), sort_keys=True) for i in new_ids
        ) == sorted(
            json.dumps(snapshot_to_json(store.snapshot(c.id)), sort_keys=True)
            for c in store.list_conversations()
        )


def test_exports_are_written_atomically(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = rich_conversation(store)
    target = tmp_path / "c.json"
    target.write_text("previous export", encoding="utf-8")
    monkeypatch.setattr(
        "dynaspark_desktop.storage.transfer._encode",
        lambda document: (_ for _ in ()).throw(OSError("disk full")),
    )
    with pytest.raises(OSError, match="disk full"):
        export_conversation_json(store, conversation, target)
    assert target.read_text(encoding="utf-8") == "previous export"

    archive = tmp_path / "all.zip"
    with pytest.raises(OSError, match="disk full"):
        export_all(store, archive)
    assert not archive.exists()
    assert list(tmp_path.glob("*.tmp")) == []  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG not json", "not a JSON file"),
        (b'{"format": "something-else"}', "not a conversation"),
        (b'{"format": "dynaspark-desktop-conversation", "version": 99}', "newer version"),
        (b'{"format": "dynaspark-desktop-conversation", "version": 1}', "no “conversation”"),
        (b"[1, 2, 3]", "not a conversation"),
    ],
)
def test_import_rejects_what_it_cannot_read(
    store: HistoryStore, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        import_conversation_json(store, path)
    assert store.list_conversations() == []


def test_import_rejects_damaged_images_and_broken_messages(
    store: HistoryStore, tmp_path: Path
) -> None:
    conversation = rich_conversation(store)
    good = json.loads(
        export_conversation_json(store, conversation, tmp_path / "c.json").read_text()
    )
    count_before = len(store.list_conversations())

    damaged = json.loads(json.dumps(good))
    image = damaged["conversation"]["messages"][0]["images"][0]
    image["data_base64"] = image["data_base64"][:-8] + "AAAAAAA="
    broken_role = json.loads(json.dumps(good))
    broken_role["conversation"]["messages"][0]["role"] = "system"
    clashing = json.loads(json.dumps(good))
    clashing["conversation"]["messages"][1]["position"] = 0
    wrong_type = json.loads(json.dumps(good))
    wrong_type["conversation"]["messages"][0]["created"] = "yesterday"

    for document, message in [
        (damaged, "damaged"),
        (broken_role, "unknown value"),
        (clashing, "contradict"),
        (wrong_type, "created"),
    ]:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ImportFormatError, match=message):
            import_conversation_json(store, path)
    assert len(store.list_conversations()) == count_before  # nothing half-imported


def test_a_corrupt_archive_is_a_readable_error(store: HistoryStore, tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(ImportFormatError):
        import_archive(store, path)
