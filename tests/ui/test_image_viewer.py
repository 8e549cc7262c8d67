"""Seeing an image large: a click on an attached thumbnail or on a question's image opens
the viewer; it zooms (keys, wheel, Fit, 100%), copies, saves where the last dialog was left,
and Esc closes it. An image it cannot show is a message in it, not a crash."""

from __future__ import annotations

import io
import logging
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.ui.widgets.image_viewer import ImageViewer
from dynaspark_desktop.ui.window.image_viewing import ViewedImage
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo


def _viewer(app: DesktopApp) -> ImageViewer:
    viewer = app.window.picture_actions.viewing.viewer
    assert viewer is not None
    return viewer


async def _shown(app: DesktopApp) -> ImageViewer:
    await wait_until(lambda: not _viewer(app).image.isNull())
    return _viewer(app)


def _wheel(viewer: ImageViewer, steps: int) -> None:
    canvas = viewer.canvas
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    event = QWheelEvent(
        centre,
        canvas.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_an_attached_image_opens_large_zooms_copies_saves_and_esc_closes(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    folder = tmp_path / "saved"
    folder.mkdir()
    app.settings.set("last_folder", str(folder))

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "beach.jpg", size=(900, 600))))
        await wait_until(lambda: app.attachments.image is not None)
        thumbnail = window.attachment_tray.thumbnail
        qtbot.mouseClick(thumbnail, Qt.MouseButton.LeftButton)
        viewer = await _shown(app)
        attached = app.attachments.image
        assert attached is not None
        assert (viewer.image.width(), viewer.image.height()) == (attached.width, attached.height)
        assert viewer.isVisible()
        fitted = viewer.zoom
        assert 0 < fitted <= 1

        qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert abs(viewer.zoom - fitted * 1.25) < 1e-9
        zoomed = viewer.zoom
        qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert abs(viewer.zoom - zoomed / 1.25) < 1e-9
        _wheel(viewer, 2)
        assert abs(viewer.zoom - zoomed / 1.25 * 1.25**2) < 1e-9
        viewer.actual_button.click()
        assert viewer.zoom == 1.0
        assert viewer.canvas.width() == attached.width
        assert viewer.zoom_label.text() == "100%"
        viewer.fit_button.click()
        assert viewer.zoom == fitted

        QApplication.clipboard().clear()
        viewer.copy_button.click()
        copied = QApplication.clipboard().image()
        assert (copied.width(), copied.height()) == (attached.width, attached.height)
        assert "clipboard" in window.notice_bar.text

        viewer.save_button.click()
        dialog = viewer.findChild(QFileDialog, "saveImageDialog")
        assert dialog is not None
        assert Path(dialog.directory().absolutePath()) == folder
        target = folder / "kept.jpg"
        dialog.fileSelected.emit(str(target))
        await wait_until(lambda: target.exists())
        assert target.read_bytes() == attached.data
        dialog.reject()

        qtbot.keyClick(viewer, Qt.Key.Key_Escape)
        await wait_until(lambda: app.window.picture_actions.viewing.viewer is None)

    harness.run(scenario())
    assert app.attachments.image is not None  # seeing it changed nothing attached


def test_a_sent_questions_second_image_opens_large(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    one = write_photo(tmp_path, "one.png", size=(120, 80))
    two = write_photo(tmp_path, "two.png", size=(80, 160))

    async def scenario() -> None:
        assert drop(app.window, files_mime(one, two))
        await wait_until(lambda: len(app.attachments.images) == 2)
        await ask_and_wait(qtbot, app, "Compare")
        turn = app.chat.conversation.turns[0]
        widget = app.window.transcript.widget_for(turn.id)
        assert widget is not None
        qtbot.mouseClick(widget.user_bubble.thumbnails[1], Qt.MouseButton.LeftButton)
        viewer = await _shown(app)
        assert (viewer.image.width(), viewer.image.height()) == (80, 160)
        assert "two.png" in viewer.windowTitle()
        viewer.close_button.click()

    harness.run(scenario())


def _png_claiming_size(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def test_a_huge_or_broken_image_is_a_message_in_the_viewer(
    harness: Harness, tmp_path: Path
) -> None:
    app = harness.start_app()
    viewing = app.window.picture_actions.viewing
    good = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 10)).save(good, "JPEG")
    cases = {
        "huge.png": (_png_claiming_size(40_000, 40_000), "pixels"),
        "torn.jpg": (good.getvalue()[:300], "damaged"),
        "notes.png": (b"just some text, not a picture", "not"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)

        async def scenario(path: Path = path) -> ImageViewer:
            viewer = viewing.open(ViewedImage(path.name, path=path))
            await wait_until(lambda: viewer.pages.currentWidget() is viewer.message_label)
            await wait_until(lambda: not viewer.message_label.text().startswith("Opening"))
            return viewer

        viewer = harness.run(scenario())
        message = viewer.message_label.text()
        assert name in message, message
        assert expected in message.lower(), message
        assert viewer.image.isNull()
        assert not viewer.copy_button.isEnabled()
        viewer.close()
    assert app.window.isVisible()


def test_a_questions_image_opens_with_the_keyboard_and_a_drag_moves_a_zoomed_image(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        assert drop(app.window, files_mime(write_photo(tmp_path, "wide.png", size=(1600, 400))))
        await wait_until(lambda: app.attachments.image is not None)
        await ask_and_wait(qtbot, app, "Wide?")
        widget = app.window.transcript.widget_for(app.chat.conversation.turns[0].id)
        assert widget is not None
        thumbnail = widget.user_bubble.thumbnails[0]
        assert thumbnail.focusPolicy() & Qt.FocusPolicy.TabFocus
        thumbnail.setFocus()
        qtbot.keyClick(thumbnail, Qt.Key.Key_Return)
        viewer = await _shown(app)
        viewer.actual_button.click()
        bar = viewer.scroll.horizontalScrollBar()
        assert bar.maximum() > 0
        before = bar.value()
        canvas = viewer.canvas
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 100))
        qtbot.mouseMove(canvas, QPoint(200, 100))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
        assert bar.value() == before + 100  # dragged left: the image moves with the pointer

    harness.run(scenario())


def _blank_png(width: int, height: int) -> bytes:
    """A real, all-black greyscale PNG: cheap to write, slow to decode when large."""
    packer = zlib.compressobj(1)
    row = b"\x00" * (width + 1)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_viewer_closed_while_a_huge_image_decodes_stops_the_decode(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    app = harness.start_app()
    viewing = app.window.picture_actions.viewing
    huge = _blank_png(12_000, 12_000)  # 144 MP: under the limit, seconds to decode

    async def scenario() -> None:
        viewer = viewing.open(ViewedImage("huge.png", data=huge))
        viewer.close()
        await wait_until(lambda: viewing.viewer is None)
        await wait_until(lambda: len(viewing._tasks) == 0)

    with caplog.at_level(logging.INFO, logger="dynaspark_desktop.ui.window.image_viewing"):
        harness.run(scenario())
    assert "The image viewer was closed before huge.png was decoded" in caplog.text
    assert app.window.isVisible()
