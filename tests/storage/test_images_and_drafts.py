"""Image files (stored once, by SHA-256, removed only when unused) and composer drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from dynaspark_desktop.storage import HistoryError, HistoryStore
from dynaspark_desktop.storage.files import sha256_hex
from tests.storage.support import fake_image, image_files, real_image


def test_an_image_is_a_file_named_by_its_hash_not_base64_in_the_database(
    store: HistoryStore, data_dir: Path
) -> None:
    image = real_image()
    conversation = store.create_conversation("m")
    message = store.add_user_message(conversation.id, "what is this?", "m", image)
    stored = message.image
    assert stored is not None
    assert stored.sha256 == sha256_hex(image.data)
    assert stored.path == data_dir / "images" / stored.sha256[:2] / f"{stored.sha256}.png"
    assert stored.path.read_bytes() == image.data
    assert (stored.filename, stored.width, stored.height, stored.byte_size) == (
        "photo.png",
        image.width,
        image.height,
        len(image.data),
    )
    assert store.read_image(stored) == image  # every field of the PreparedImage comes back
    assert image.data not in (data_dir / "history.sqlite3").read_bytes()


def test_an_image_shared_by_two_messages_is_stored_once(
    store: HistoryStore, data_dir: Path
) -> None:
    image = real_image()
    first = store.create_conversation("m")
    second = store.create_conversation("m")
    a = store.add_user_message(first.id, "one", "m", image)
    b = store.add_user_message(second.id, "two", "m", image)
    assert a.image is not None
    assert b.image is not None
    assert a.image.path == b.image.path
    assert len(image_files(data_dir)) == 2  # the image and its thumbnail


def test_deleting_removes_unused_images_and_keeps_shared_ones(
    store: HistoryStore, data_dir: Path
) -> None:
    shared, only_doomed = fake_image(1), fake_image(2)
    kept = store.create_conversation("m")
    doomed = store.create_conversation("m")
    store.add_user_message(kept.id, "keep", "m", shared)
    store.add_user_message(doomed.id, "shared", "m", shared)
    mine = store.add_user_message(doomed.id, "mine", "m", only_doomed).image
    assert mine is not None
    assert len(image_files(data_dir)) == 4

    store.delete_conversation(doomed.id)
    assert mine.path.exists()  # still in the trash: undo must bring the image back
    store.purge_deleted()

    assert not mine.path.exists()
    assert not mine.thumbnail_path.exists()
    remaining = store.load_conversation(kept.id).messages[0].image
    assert remaining is not None
    assert store.read_image(remaining).data == shared.data
    assert len(image_files(data_dir)) == 2


def test_a_draft_keeps_its_image_while_its_message_is_purged(
    store: HistoryStore, data_dir: Path
) -> None:
    image = fake_image(3)
    doomed = store.create_conversation("m")
    store.add_user_message(doomed.id, "with image", "m", image)
    store.save_draft(None, "reusing that picture", image)
    store.delete_conversation(doomed.id)
    store.purge_deleted()
    draft = store.load_draft(None)
    assert draft is not None
    assert draft.image is not None
    assert store.read_image(draft.image).data == image.data


def test_drafts_survive_reopening(data_dir: Path) -> None:
    image = real_image((10, 200, 10), name="leaf.png")
    with HistoryStore.open(data_dir) as store:
        conversation = store.create_conversation("m")
        store.save_draft(conversation.id, "half-written question", image)
        store.save_draft(None, "a new chat's first words")
    with HistoryStore.open(data_dir) as store:
        draft = store.load_draft(conversation.id)
        fresh = store.load_draft(None)
        assert draft is not None
        assert draft.text == "half-written question"
        assert draft.image is not None
        assert store.read_image(draft.image) == image
        assert fresh is not None
        assert (fresh.text, fresh.image) == ("a new chat's first words", None)


def test_replacing_or_clearing_a_draft_removes_its_unused_image(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    store.save_draft(conversation.id, "v1", fake_image(4))
    store.save_draft(conversation.id, "v2", fake_image(5))
    assert len(image_files(data_dir)) == 2
    draft = store.load_draft(conversation.id)
    assert draft is not None
    assert draft.text == "v2"
    store.save_draft(conversation.id, "v3")  # image removed from the composer
    assert image_files(data_dir) == []
    store.clear_draft(conversation.id)
    assert store.load_draft(conversation.id) is None
    assert store.load_draft(None) is None


def test_a_draft_goes_with_its_conversation(store: HistoryStore, data_dir: Path) -> None:
    conversation = store.create_conversation("m")
    store.save_draft(conversation.id, "unsent", fake_image(6))
    store.delete_conversation(conversation.id)
    store.purge_deleted()
    assert store.load_draft(conversation.id) is None
    assert image_files(data_dir) == []


def test_a_missing_image_file_is_a_readable_error(store: HistoryStore) -> None:
    conversation = store.create_conversation("m")
    stored = store.add_user_message(conversation.id, "x", "m", fake_image(8)).image
    assert stored is not None
    stored.path.unlink()
    with pytest.raises(HistoryError, match="missing") as caught:
        store.read_image(stored)
    assert stored.filename in str(caught.value)
