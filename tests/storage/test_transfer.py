"""Export and import: Markdown with an image folder, lossless JSON, the all-in-one archive."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from dynaspark_desktop.core.images import THUMBNAIL_SIDE
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
from dynaspark_desktop.storage.import_reading import MAX_JSON_BYTES
from dynaspark_desktop.storage.transfer import snapshot_to_json
from tests.storage.crafted_imports import (
    deeply_nested,
    encoded,
    honest_bomb,
    valid_document,
    with_change,
    with_declared_sizes,
    zip_bytes,
)
from tests.storage.support import add_answered_turn, image_files, real_image


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
    # As exported before exports carried a stable id: imported as a new conversation (the
    # same one imported again is not duplicated: see test_import_merge).
    document = json.loads(exported.read_bytes())
    assert document["conversation"].pop("uid") == store.conversation_uid(original)
    exported.write_text(json.dumps(document), encoding="utf-8")
    imported = import_conversation_json(store, exported)

    assert imported != original
    copy = store.snapshot(imported)
    assert copy.uid
    assert copy.uid != store.snapshot(original).uid
    # every field, every byte
    assert dataclasses.replace(copy, uid="") == dataclasses.replace(
        store.snapshot(original), uid=""
    )
    before = store.load_conversation(original).messages
    after = store.load_conversation(imported).messages
    for old, new in zip(before, after, strict=True):
        for old_image, new_image in zip(old.attachments, new.attachments, strict=True):
            assert new_image.path.read_bytes() == old_image.path.read_bytes()
            assert new_image.path == old_image.path  # the same bytes share one file


def test_many_snapshots_are_stored_at_once_in_order_or_not_at_all(
    store: HistoryStore,
) -> None:
    first = store.snapshot(rich_conversation(store))
    plain = dataclasses.replace(
        first, title="No pictures", pinned=False, messages=first.messages[:1], current_leaf=0
    )
    ids = store.add_snapshots([plain, first])

    stored = [store.snapshot(new) for new in ids]
    # The same content; a stable id of their own (the original keeps its).
    assert [dataclasses.replace(each, uid="") for each in stored] == [
        dataclasses.replace(plain, uid=""),
        dataclasses.replace(first, uid=""),
    ]
    assert len({first.uid, *(each.uid for each in stored)}) == 3
    listed = [summary.id for summary in store.list_conversations()]
    assert len(listed) == 3
    assert set(ids) < set(listed)

    files = image_files(store.data_dir)
    clashing = dataclasses.replace(first, messages=first.messages + first.messages[:1])
    with pytest.raises(sqlite3.IntegrityError):
        store.add_snapshots([plain, clashing])
    assert len(store.list_conversations()) == 3  # the valid one before it went too
    assert image_files(store.data_dir) == files


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
        report = import_file(restored, archive)
        assert report.skipped == ()
        new_ids = report.imported
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


# Crafted imports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("conversation.updated", 1e300, "“updated” set to a time that is not a real date"),
        ("conversation.updated", -1e300, "“updated” set to a time that is not a real date"),
        ("conversation.created", -5, "“created” set to a time that is not a real date"),
        ("conversation.updated", float("nan"), "holds “NaN”, which is not a number"),
        ("conversation.updated", float("inf"), "holds “Infinity”"),
        ("conversation.messages.0.created", 10**400, "“created” set to a time that is not"),
        ("conversation.messages.0.finished", 4e12, "“finished” set to a time that is not"),
        ("conversation.messages.0.position", -2, "“position” out of range"),
        ("conversation.messages.0.position", 10**30, "“position” out of range"),
        ("conversation.messages.0.position", 1.0, "“position” of the wrong type"),
        ("conversation.messages.0.position", True, "“position” of the wrong type"),
        ("conversation.messages.0.elapsed_ms", -1, "“elapsed_ms” out of range"),
        ("conversation.messages.0.text", ["not", "text"], "“text” of the wrong type"),
        ("conversation.title", 42, "“title” of the wrong type"),
        ("conversation.messages.1.text", "half a character: \ud800", "“text” that is not valid"),
        ("conversation.title", "x" * 20_000, "“title” that is too long"),
        ("conversation.pinned", "yes", "“pinned” of the wrong type"),
        ("conversation.messages.0.role", "system", "unknown value"),
        ("conversation.messages.1", "a message", "a message of the wrong type"),
        ("version", 0, "unknown format version"),
        ("version", True, "unknown format version"),
        ("version", "1", "unknown format version"),
        ("version", 3, "newer version"),
        ("conversation.messages.0.parent", 0, "a “parent” out of range"),
        ("conversation.messages.1.parent", 1.0, "a “parent” of the wrong type"),
        ("conversation.messages.1.parent", None, "an answer without its question"),
        ("conversation.current_leaf", 7, "a “current_leaf” out of range"),
    ],
)
def test_a_crafted_field_is_refused_with_the_field_named(
    store: HistoryStore, tmp_path: Path, path: str, value: object, message: str
) -> None:
    crafted = tmp_path / "crafted.json"
    crafted.write_bytes(encoded(with_change(valid_document(), path, value)))
    with pytest.raises(ImportFormatError, match=message):
        import_conversation_json(store, crafted)
    assert store.list_conversations() == []


def test_crafted_images_are_refused_before_anything_is_stored(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = valid_document(with_image=True)
    image = "conversation.messages.0.images.0"
    png = document["conversation"]["messages"][0]["images"][0]
    jpeg_label = with_change(document, f"{image}.mime_type", "image/jpeg")
    svg = with_change(document, f"{image}.mime_type", "image/svg+xml")
    notes = with_change(document, f"{image}.notes", [{"not": "a note"}])
    width = with_change(document, f"{image}.width", 0)
    # Over the cap before a byte is decoded (the cap made small here; 48 MB by default).
    monkeypatch.setattr("dynaspark_desktop.storage.import_checks.MAX_IMAGE_BYTES", 4096)
    huge = with_change(document, f"{image}.data_base64", "A" * 200_000)
    for crafted, message in [
        (jpeg_label, "not the kind of image it claims"),
        (svg, "type this app does not keep"),
        (notes, "notes that are not short texts"),
        (width, "“width” out of range"),
        (huge, "“data_base64” larger than 4 KB"),
    ]:
        path = tmp_path / "crafted.json"
        path.write_bytes(encoded(crafted))
        with pytest.raises(ImportFormatError, match=message):
            import_conversation_json(store, path)
    assert png["data_base64"]  # the untouched document still holds its image
    assert store.list_conversations() == []
    assert image_files(store.data_dir) == []


def test_a_thumbnail_that_is_no_thumbnail_is_made_again_from_the_image(
    store: HistoryStore, tmp_path: Path
) -> None:
    document = valid_document(with_image=True)
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), (5, 5, 5)).save(big, "PNG")
    image = "conversation.messages.0.images.0.thumbnail_png_base64"
    for thumbnail in (big.getvalue(), b"GIF89a not a png", b""):
        path = tmp_path / "thumb.json"
        crafted = with_change(document, image, base64.b64encode(thumbnail).decode())
        path.write_bytes(encoded(crafted))
        imported = import_conversation_json(store, path)
        (message, _answer) = store.snapshot(imported).messages
        kept = message.images[0].thumbnail_png
        with Image.open(io.BytesIO(kept)) as opened:
            assert opened.format == "PNG"
            assert max(opened.size) <= THUMBNAIL_SIDE


def test_a_refused_conversation_leaves_no_image_files_behind(
    store: HistoryStore, tmp_path: Path
) -> None:
    document = valid_document(with_image=True)
    clashing = with_change(document, "conversation.messages.1.position", 0)
    path = tmp_path / "clash.json"
    path.write_bytes(encoded(clashing))
    with pytest.raises(ImportFormatError, match="contradict each other"):
        import_conversation_json(store, path)
    assert store.list_conversations() == []
    assert image_files(store.data_dir) == []


def test_deep_nesting_is_refused_with_a_message_and_brackets_in_text_are_not_nesting(
    store: HistoryStore, tmp_path: Path
) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(deeply_nested(100_000))
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        import_conversation_json(store, path)
    assert store.list_conversations() == []

    brackets = with_change(valid_document(), "conversation.messages.0.text", "[{" * 5000)
    path.write_bytes(encoded(brackets))
    imported = import_conversation_json(store, path)
    assert store.snapshot(imported).messages[0].text == "[{" * 5000


@pytest.mark.parametrize("value", [b'"ab"', b"1.5", b"{}"])
def test_millions_of_tiny_values_are_refused_before_they_are_parsed(
    store: HistoryStore, tmp_path: Path, value: bytes
) -> None:
    # 3 million tiny values: a few MB on disk, gigabytes as Python objects.
    path = tmp_path / "tiny-values.json"
    path.write_bytes(b"[" + b",".join([value] * 3_000_000) + b"]")
    with pytest.raises(ImportFormatError, match="separate values"):
        import_conversation_json(store, path)
    assert store.list_conversations() == []
    # Commas inside a message's text are not values: a long CSV pasted in a message imports.
    csv = "a,b,c\n" * 1_200_000
    path.write_bytes(encoded(with_change(valid_document(), "conversation.messages.0.text", csv)))
    imported = import_conversation_json(store, path)
    assert store.snapshot(imported).messages[0].text == csv


def test_a_json_file_over_the_limit_is_refused_without_being_read(
    store: HistoryStore, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:  # sparse: it costs no disk, and nothing reads it
        file.truncate(MAX_JSON_BYTES + 1)
    with pytest.raises(ImportFormatError, match="larger than a conversation can be"):
        import_file(store, huge)
    with pytest.raises(ImportFormatError, match="not a file"):
        import_file(store, tmp_path)
    assert store.list_conversations() == []


def test_an_archive_skips_and_reports_its_damaged_conversations(
    store: HistoryStore, tmp_path: Path
) -> None:
    good = [encoded(valid_document(f"Good {number}")) for number in range(3)]
    poisoned = encoded(with_change(valid_document(), "conversation.updated", 1e300))
    archive = tmp_path / "mixed.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "conversations/00001-good.json": good[0],
                "conversations/00002-poisoned.json": poisoned,
                "conversations/00003-good.json": good[1],
                "conversations/00004-deep.json": deeply_nested(5000),
                "conversations/00005-good.json": good[2],
                "conversations/readme.txt": b"not a conversation: ignored",
            }
        )
    )
    report = import_file(store, archive)
    assert [store.snapshot(i).title for i in report.imported] == ["Good 0", "Good 1", "Good 2"]
    assert [item.source for item in report.skipped] == [
        "“conversations/00002-poisoned.json”",
        "“conversations/00004-deep.json”",
    ]
    text = report.user_message()
    assert text.startswith("Imported 3 conversations; skipped 2 that were damaged: ")
    assert "“updated” set to a time that is not a real date" in text
    assert "nested too deeply" in text
    assert all(summary.updated < 2e9 for summary in store.list_conversations())


def test_zip_bombs_are_refused_by_their_declared_and_their_real_sizes(
    store: HistoryStore, tmp_path: Path
) -> None:
    # Honest: 130 MB of spaces in a zip of about 130 KB, declared as such: never inflated.
    honest = honest_bomb(tmp_path / "honest.zip", "conversations/bomb.json", MAX_JSON_BYTES + 1)
    assert honest.stat().st_size < 1024 * 1024
    report = import_file(store, honest)
    assert report.imported == ()
    ((skipped),) = report.skipped
    assert "would unpack to" in skipped.problem

    # Lying: a member declares 100 bytes and inflates to 5 MB; another declares 4 GB.
    inflating = encoded(valid_document()) + b" " * (5 * 1024 * 1024)
    lying = tmp_path / "lying.zip"
    lying.write_bytes(with_declared_sizes(zip_bytes({"c/one.json": inflating}), 100))
    report = import_file(store, lying)
    assert report.imported == ()
    assert "damaged in the archive" in report.skipped[0].problem

    huge_claim = tmp_path / "claims.zip"
    members = {f"c/{number}.json": encoded(valid_document()) for number in range(2)}
    huge_claim.write_bytes(with_declared_sizes(zip_bytes(members), 0xFFFF_FFF0))
    with pytest.raises(ImportFormatError, match="would unpack to"):
        import_file(store, huge_claim)
    assert store.list_conversations() == []


def test_an_archive_with_too_many_members_is_refused(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted from the directory's end record, before zipfile reads the directory itself.
    monkeypatch.setattr("dynaspark_desktop.storage.import_reading.MAX_ARCHIVE_MEMBERS", 5)
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"c/{n}.txt": b"" for n in range(6)}))
    with pytest.raises(ImportFormatError, match="lists 6 files"):
        import_file(store, archive)
    # The same count in a zip64 end record (written here for a handful of entries).
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
    data = bytearray(zip_bytes({f"c/{n}.txt": b"" for n in range(7)}))
    # The classic record says "see zip64" (0xFFFF entries), as it must above 65,535.
    struct.pack_into("<HH", data, data.rfind(b"PK\x05\x06") + 8, 0xFFFF, 0xFFFF)
    archive.write_bytes(bytes(data))
    with zipfile.ZipFile(archive) as opened:
        assert len(opened.namelist()) == 7
    with pytest.raises(ImportFormatError, match="lists 7 files"):
        import_file(store, archive)
    assert store.list_conversations() == []


def test_member_names_that_climb_out_are_only_labels_and_write_nothing(
    store: HistoryStore, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    document = encoded(valid_document("Climber"))
    archive = outside / "slip.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "../../escaped.json": document,
                "/tmp/absolute.json": document,
                "..\\..\\windows.json": document,
                "c/\x1b[31mred\n.json": b"not json",
            }
        )
    )
    before = sorted(path for path in tmp_path.rglob("*") if store.data_dir not in path.parents)
    report = import_file(store, archive)
    after = sorted(path for path in tmp_path.rglob("*") if store.data_dir not in path.parents)
    assert after == before
    assert not Path("/tmp/absolute.json").exists()
    assert len(report.imported) == 3
    (skipped,) = report.skipped
    assert "\x1b" not in skipped.source
    assert "\n" not in skipped.source
