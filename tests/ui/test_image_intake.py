"""Dropping, pasting and attaching images: good ones become the pending chip, bad ones get a
clear message and change nothing."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Harness, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import photo_bytes, write_photo


def _png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def _bad_file(tmp_path: Path, kind: str) -> Path:
    if kind == "text":
        # Named as an image (a .txt file is read as a document: test_documents_in_window.py).
        path = tmp_path / "notes.png"
        path.write_text("not an image at all")
    elif kind == "broken":
        path = tmp_path / "broken.jpg"
        path.write_bytes(photo_bytes()[:600])
    elif kind == "empty":
        path = tmp_path / "empty.png"
        path.write_bytes(b"")
    elif kind == "folder":
        path = tmp_path / "Holiday photos"
        path.mkdir()
    elif kind == "bomb":
        path = tmp_path / "bomb.png"
        path.write_bytes(_png_claiming_size(50_000, 50_000))
    else:
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("text", "not an image"),
        ("broken", "damaged"),
        ("empty", "empty"),
        ("folder", "folder"),
        ("bomb", "too many pixels"),
    ],
)
def test_a_bad_drop_is_explained_and_changes_nothing(
    harness: Harness, qtbot: QtBot, tmp_path: Path, kind: str, expected: str
) -> None:
    app = harness.start_app()
    window = app.window
    qtbot.keyClicks(window.composer, "my draft question")
    bad = _bad_file(tmp_path, kind)

    async def scenario() -> None:
        assert drop(window, files_mime(bad))
        await wait_until(lambda: window.notice_bar.text != "")

    harness.run(scenario())
    assert expected in window.notice_bar.text
    if kind != "folder":
        assert bad.name in window.notice_bar.text
    assert app.attachments.image is None
    assert not app.attachments.is_preparing
    assert not window.attachment_tray.isVisible()
    assert window.composer.toPlainText() == "my draft question"
    assert app.chat.conversation.turns == []
    assert harness.server.requests == []


def test_several_files_dropped_at_once_are_each_attached_in_order(
    harness: Harness, tmp_path: Path
) -> None:
    app = harness.start_app()
    photos = [write_photo(tmp_path, "a.jpg"), write_photo(tmp_path, "b.jpg")]

    async def scenario() -> None:
        assert drop(app.window, files_mime(*photos))
        await wait_until(lambda: len(app.attachments.images) == 2)

    harness.run(scenario())
    assert [image.filename for image in app.attachments.images] == ["a.jpg", "b.jpg"]
    assert [chip.name_label.text() for chip in app.window.attachment_tray.chips] == [
        "a.jpg",
        "b.jpg",
    ]
    assert app.window.notice_bar.text == ""


def test_a_second_image_joins_the_first_up_to_the_most_a_message_takes(
    harness: Harness, tmp_path: Path
) -> None:
    from dynaspark_desktop.ui.controllers.attachment_controller import MOST_IMAGES

    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "first.jpg")))
        await wait_until(lambda: app.attachments.image is not None)
        assert drop(window, files_mime(write_photo(tmp_path, "second.png")))
        await wait_until(lambda: len(app.attachments.images) == 2)
        more = [write_photo(tmp_path, f"more{n}.png") for n in range(MOST_IMAGES - 1)]
        assert drop(window, files_mime(*more))  # one too many: none of them is taken

    harness.run(scenario())
    assert [image.filename for image in app.attachments.images] == ["first.jpg", "second.png"]
    assert f"at most {MOST_IMAGES} images" in window.notice_bar.text
    assert len(window.attachment_tray.chips) == 2


def test_removing_the_pending_image(harness: Harness, tmp_path: Path) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "first.jpg")))
        await wait_until(lambda: app.attachments.image is not None)
        assert window.send_button.isEnabled()
        window.attachment_tray.remove_button.click()

    harness.run(scenario())
    assert app.attachments.image is None
    assert not window.attachment_tray.isVisible()
    assert not window.send_button.isEnabled()


def test_raw_image_data_dragged_from_a_browser(harness: Harness) -> None:
    app = harness.start_app()
    mime = QMimeData()
    mime.setData("image/png", photo_bytes(fmt="PNG"))
    mime.setUrls([QUrl("https://example.invalid/picture.png")])

    async def scenario() -> None:
        assert drop(app.window, mime)
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(scenario())
    image = app.attachments.image
    assert image is not None
    assert image.mime_type == "image/png"
    assert image.filename.startswith("Pasted image ")
    assert image.filename.endswith(".png")


def test_a_web_link_without_image_data_is_explained(harness: Harness) -> None:
    app = harness.start_app()
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.invalid/picture.png")])
    assert drop(app.window, mime)
    assert "link" in app.window.notice_bar.text
    assert app.attachments.image is None


def test_ctrl_v_pastes_an_image_from_the_clipboard(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QApplication.clipboard().setImage(image)
    app.window.composer.setFocus()

    async def scenario() -> None:
        qtbot.keyClick(app.window.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(scenario())
    prepared = app.attachments.image
    assert prepared is not None
    assert (prepared.width, prepared.height) == (320, 200)
    assert app.window.composer.toPlainText() == ""


def test_ctrl_v_pastes_text_as_plain_text(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    QApplication.clipboard().setText("bold words")
    qtbot.keyClick(app.window.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert app.window.composer.toPlainText() == "bold words"
    assert app.attachments.image is None
    # Rich text offered to the composer (a paste or a drop) arrives as plain text only.
    # (The clipboard is not used here: it would take ownership of a Python-owned QMimeData.)
    rich = QMimeData()
    rich.setHtml("<b>more</b> text")
    rich.setText(" more text")
    app.window.composer.insertFromMimeData(rich)
    assert app.window.composer.toPlainText() == "bold words more text"
    assert "<b>" not in app.window.composer.document().toHtml()


def test_the_attach_button_opens_a_file_dialog_and_attaches_the_choice(
    harness: Harness, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    app = harness.start_app()
    photo = write_photo(tmp_path, "scan.bmp")

    async def scenario() -> None:
        app.window.attach_button.click()
        dialog = app.window.findChild(QFileDialog, "attachDialog")
        assert dialog is not None
        assert dialog.isVisible()
        dialog.selectFile(str(photo))
        dialog.accept()
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(scenario())
    prepared = app.attachments.image
    assert prepared is not None
    # BMP is not a format the service takes: it was converted, and the name says so.
    assert prepared.mime_type == "image/jpeg"
    assert prepared.filename == "scan.jpg"


def test_large_photos_are_reduced_to_the_configured_side(harness: Harness, tmp_path: Path) -> None:
    app = harness.start_app()
    photo = tmp_path / "big.jpg"
    photo.write_bytes(photo_bytes(size=(4000, 3000)))

    async def scenario() -> None:
        assert drop(app.window, files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(scenario())
    prepared = app.attachments.image
    assert prepared is not None
    assert max(prepared.width, prepared.height) == 2048
    assert "reduced from 4000×3000" in app.window.attachment_tray.detail_label.text()
