"""A question or a draft with several images: each kept once by its hash, in the order
attached, and carried whole through export and import."""

from __future__ import annotations

from pathlib import Path

from dynaspark_desktop.storage import HistoryStore, export_conversation_json
from dynaspark_desktop.storage import import_conversation_json as import_json
from tests.storage.support import image_files, real_image


def test_a_question_keeps_its_images_in_order_through_export_and_import(
    store: HistoryStore, data_dir: Path, tmp_path: Path
) -> None:
    cat = real_image((250, 120, 0), name="cat.png")
    dog = real_image((0, 0, 250), name="dog.png")
    chat = store.create_conversation("m")
    asked = store.add_user_message(chat.id, "Which?", "m", cat, more_images=(dog, cat))
    assert [image.filename for image in asked.attachments] == ["cat.png", "dog.png", "cat.png"]
    # cat twice, dog once: two images and two thumbnails on disk
    assert len(image_files(data_dir)) == 4

    copy = import_json(store, export_conversation_json(store, chat.id, tmp_path / "c.json"))
    imported = store.load_conversation(copy).messages[0].attachments
    assert [image.filename for image in imported] == ["cat.png", "dog.png", "cat.png"]
    assert [image.path.read_bytes() for image in imported] == [cat.data, dog.data, cat.data]
    assert len(image_files(data_dir)) == 4  # the same bytes, the same files


def test_a_draft_keeps_several_images_and_releases_them_when_cleared(
    store: HistoryStore, data_dir: Path
) -> None:
    one, two = real_image((1, 2, 3), name="one.png"), real_image((3, 2, 1), name="two.png")
    store.save_draft(None, "about these", one, (two,))
    draft = store.load_draft(None)
    assert draft is not None
    assert [image.filename for image in (draft.image, *draft.more_images) if image] == [
        "one.png",
        "two.png",
    ]
    assert [
        store.read_image(image).data for image in (draft.image, *draft.more_images) if image
    ] == [
        one.data,
        two.data,
    ]
    store.clear_draft(None)
    assert store.load_draft(None) is None
    assert image_files(data_dir) == []
