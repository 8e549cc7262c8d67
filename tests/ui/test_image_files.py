"""Hostile and unlucky image files in the real window: each gets a clear message, starts no
program, keeps what the user typed, and never holds up Remove or quitting."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.ui.controllers import attachment_controller
from tests.core.image_factory import png_claiming_size
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import photo_bytes, write_photo

LOOPING_EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
    b"{ } loop\nshowpage\n%%EOF\n"
)
WRITE_ONLY_KERNEL_FILE = Path("/sys/bus/pci/rescan")
# Another process's open files: even root may not look at them (not even stat them) when the
# process is outside the test's reach, as PID 1 is in a container.
OTHER_PROCESS_FILES = ("/proc/1/fd/0", "/proc/1/cwd/photo.jpg", "/proc/1/root/photo.jpg")


def _path_nobody_may_stat() -> Path:
    for candidate in OTHER_PROCESS_FILES:
        try:
            os.stat(candidate)
        except PermissionError:
            return Path(candidate)
        except OSError:
            continue
    pytest.skip("every candidate path can be looked at here")


def _hostile_file(tmp_path: Path, kind: str) -> Path:
    if kind == "eps":
        path = tmp_path / "holiday.jpg"
        path.write_bytes(LOOPING_EPS)
    elif kind == "unreadable":
        if not WRITE_ONLY_KERNEL_FILE.exists():
            pytest.skip("no write-only sysfs attribute on this system")
        # Opening it for reading fails for every user, root included.
        path = WRITE_ONLY_KERNEL_FILE
    elif kind == "hidden":
        path = _path_nobody_may_stat()
    elif kind == "pipe":
        path = tmp_path / "stream.png"
        os.mkfifo(path)
    elif kind == "vanished":
        path = tmp_path / "gone.jpg"  # dropped, then deleted before it could be read
    elif kind == "huge":
        path = tmp_path / "poster.png"
        path.write_bytes(png_claiming_size(13_000, 13_000, mode="RGBA"))
    elif kind == "truncated":
        path = tmp_path / "cut.png"
        path.write_bytes(photo_bytes(fmt="PNG")[:-200])
    else:
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("eps", "PostScript, EPS or PDF"),
        ("unreadable", "not allowed to open it"),
        ("hidden", "not allowed to open it"),
        ("pipe", "not a file"),
        ("vanished", "no longer exists"),
        ("huge", "about 645 MB of memory, more than the 512 MB allowed"),
        ("truncated", "damaged"),
    ],
)
def test_a_hostile_or_unreadable_file_is_explained_and_changes_nothing(
    harness: Harness,
    qtbot: QtBot,
    tmp_path: Path,
    fake_ghostscript: Path,
    kind: str,
    expected: str,
) -> None:
    app = harness.start_app()
    window = app.window
    qtbot.keyClicks(window.composer, "my draft question")
    path = _hostile_file(tmp_path, kind)

    async def scenario() -> None:
        assert drop(window, files_mime(path))
        await wait_until(lambda: window.notice_bar.text != "")

    harness.run(scenario())
    assert expected in window.notice_bar.text
    assert path.name in window.notice_bar.text
    assert "Traceback" not in window.notice_bar.text
    assert app.attachments.image is None
    assert not app.attachments.is_preparing
    assert not window.attachment_tray.isVisible()
    assert window.composer.toPlainText() == "my draft question"
    assert harness.server.requests == []
    assert not fake_ghostscript.exists()


def test_a_refused_second_file_keeps_the_attached_image(harness: Harness, tmp_path: Path) -> None:
    app = harness.start_app()
    window = app.window
    eps = _hostile_file(tmp_path, "eps")

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "good.png")))
        await wait_until(lambda: app.attachments.image is not None)
        assert drop(window, files_mime(eps))

    harness.run(scenario())
    assert app.attachments.image is not None
    assert app.attachments.image.filename == "good.png"
    assert window.attachment_tray.isVisible()


# --- stopping a preparation -------------------------------------------------------------------


class SlowDecode:
    """Stands in for a decode that takes as long as the test wants: it waits until released,
    or (if ``heeds_guard``) until the guard is cancelled, like the real one between reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, heeds_guard: bool) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()
        self.heeds_guard = heeds_guard
        real = attachment_controller._prepare_offer

        def slow(offer, max_side, guard, *more):  # type: ignore[no-untyped-def]
            self.started.set()
            try:
                while not self.release.wait(0.01):
                    if self.heeds_guard and guard.cancelled:
                        break
                return real(offer, max_side, guard, *more)
            finally:
                self.finished.set()

        monkeypatch.setattr(attachment_controller, "_prepare_offer", slow)


def test_remove_abandons_a_preparation_at_once_and_its_late_result_is_dropped(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowDecode(monkeypatch, heeds_guard=False)  # it even ignores the cancel
    app = harness.start_app()
    window = app.window
    qtbot.keyClicks(window.composer, "keep this text")

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "slow.jpg")))
        await wait_until(slow.started.is_set)
        assert window.attachment_tray.isVisible()
        assert window.attachment_tray.remove_button.isEnabled()
        window.attachment_tray.remove_button.click()
        # At once: no waiting for the worker.
        assert not window.attachment_tray.isVisible()
        assert not app.attachments.is_preparing
        assert window.send_button.isEnabled()  # the typed text can be sent
        slow.release.set()
        await wait_until(slow.finished.is_set)
        await wait_until(lambda: len(app.attachments._tasks) == 0)

    harness.run(scenario())
    assert app.attachments.image is None  # the late result was dropped
    assert not window.attachment_tray.isVisible()
    assert window.composer.toPlainText() == "keep this text"

    # Another image can be attached afterwards, and is.
    slow.heeds_guard = True

    async def again() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "next.png")))
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(again())
    assert app.attachments.image is not None
    assert app.attachments.image.filename == "next.png"


def test_quitting_does_not_wait_for_a_decode_that_never_ends(
    harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowDecode(monkeypatch, heeds_guard=False)  # stuck, as a decode in C code can be
    app = harness.start_app()
    try:

        async def scenario() -> None:
            assert drop(app.window, files_mime(write_photo(tmp_path, "stuck.jpg")))
            await wait_until(slow.started.is_set)
            await app.shutdown()

        harness.run(scenario(), timeout=10)
        assert not slow.finished.is_set()  # shut down while the decode still ran
    finally:
        slow.release.set()
        assert slow.finished.wait(10)


def test_a_preparation_past_its_time_limit_ends_with_a_message(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    app.attachments.time_limit = 0  # every real preparation is past this limit
    qtbot.keyClicks(app.window.composer, "still here")

    async def scenario() -> None:
        assert drop(app.window, files_mime(write_photo(tmp_path, "photo.jpg")))
        await wait_until(lambda: app.window.notice_bar.text != "")

    harness.run(scenario())
    assert "“photo.jpg” took longer than 0 seconds" in app.window.notice_bar.text
    assert app.attachments.image is None
    assert not app.attachments.is_preparing
    assert not app.window.attachment_tray.isVisible()
    assert app.window.composer.toPlainText() == "still here"


# --- file names in requests -----------------------------------------------------------------


def test_a_newline_in_a_file_name_reaches_the_service_cleaned_on_send_and_retry(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window
    harness.server.queue(Behaviour(kind="raw", status=503, body="Unavailable"))
    photo = write_photo(tmp_path, 'two\nlines "quoted".jpg')

    async def scenario() -> None:
        assert drop(window, files_mime(photo))
        await wait_until(lambda: app.attachments.image is not None)
        assert "\n" not in window.attachment_tray.name_label.text()
        await ask_and_wait(qtbot, app, "What is this?")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.FAILED
    assert "waking up" in window.transcript.widget_for(turn.id).error_label.text()

    async def retry() -> None:
        window.transcript.widget_for(turn.id).retry_button.click()
        await wait_until(lambda: turn.state is TurnState.ANSWERED)

    harness.run(retry())
    first, second = harness.server.requests
    # aiohttp percent-encodes a multipart file name (spaces included).
    assert first.files[0].filename == second.files[0].filename
    assert unquote(first.files[0].filename or "") == "two lines _quoted_.jpg"


def test_a_bad_name_already_in_the_saved_history_cannot_break_retry(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    first = harness.start_app()
    harness.server.queue(Behaviour(kind="raw", status=503, body="Unavailable"))

    async def first_session() -> None:
        assert drop(first.window, files_mime(write_photo(tmp_path, "receipt.jpg")))
        await wait_until(lambda: first.attachments.image is not None)
        await ask_and_wait(qtbot, first, "And the tax?")
        await first.shutdown()

    harness.run(first_session())
    # As an older version (or an edited database) may have saved it.
    connection = sqlite3.connect(harness.data_dir / HISTORY_DATABASE)
    with connection:
        changed = connection.execute(
            "UPDATE attachments SET filename = ? WHERE message_id IS NOT NULL",
            ("re\nceipt\r\n\x00\u202e.jpg",),
        ).rowcount
    connection.close()
    assert changed == 1

    second = harness.start_app()

    async def retry() -> None:
        await wait_until(lambda: len(second.chat.conversation.turns) == 1)
        (turn,) = second.chat.conversation.turns
        assert turn.image is not None
        assert turn.image.filename == "re ceipt .jpg"
        widget = second.window.transcript.widget_for(turn.id)
        assert widget is not None
        widget.retry_button.click()
        await wait_until(lambda: turn.state is TurnState.ANSWERED)

    harness.run(retry())
    last = harness.server.requests[-1]
    assert unquote(last.files[0].filename or "") == "re ceipt .jpg"
    assert last.files[0].data == harness.server.requests[0].files[0].data


class DecodeSpy:
    """Records which thread decodes each thumbnail (the real decode still runs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from dynaspark_desktop.ui.base import thumbnails

        self.threads: list[tuple[bytes, str]] = []
        real = thumbnails.decode_thumbnail

        def spy(png: bytes):  # type: ignore[no-untyped-def]
            self.threads.append((png, threading.current_thread().name))
            return real(png)

        monkeypatch.setattr(thumbnails, "decode_thumbnail", spy)

    def threads_for(self, png: bytes) -> list[str]:
        return [thread for decoded, thread in self.threads if decoded == png]


def test_thumbnails_are_decoded_off_the_ui_thread(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = DecodeSpy(monkeypatch)
    main_thread = threading.main_thread().name
    first = harness.start_app()

    async def first_session() -> None:
        assert drop(first.window, files_mime(write_photo(tmp_path, "chip.png")))
        await wait_until(lambda: first.attachments.image is not None)
        assert not first.window.attachment_tray.thumbnail.pixmap().isNull()
        await ask_and_wait(qtbot, first, "Describe it")
        (sent,) = first.chat.conversation.turns
        widget = first.window.transcript.widget_for(sent.id)
        assert widget is not None
        assert widget.thumbnail is not None
        assert not widget.thumbnail.pixmap().isNull()
        await first.shutdown()

    harness.run(first_session())
    (sent,) = first.chat.conversation.turns
    assert sent.image is not None
    # The chip's and the sent turn's thumbnail: decoded once, in the worker.
    assert spy.threads_for(sent.image.thumbnail_png) == ["prepare-image"]

    spy.threads.clear()
    second = harness.start_app()

    async def second_session() -> None:
        await wait_until(lambda: len(second.chat.conversation.turns) == 1)

    harness.run(second_session())
    (restored,) = second.chat.conversation.turns
    assert restored.image is not None
    threads = spy.threads_for(restored.image.thumbnail_png)
    assert threads
    assert main_thread not in threads
    widget = second.window.transcript.widget_for(restored.id)
    assert widget is not None
    assert widget.thumbnail is not None
    assert not widget.thumbnail.pixmap().isNull()


def test_a_thumbnail_that_is_not_a_small_png_is_not_decoded(qapp: object) -> None:
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.ui.base.thumbnails import decode_thumbnail, thumbnail_pixmap

    huge = png_claiming_size(20_000, 20_000)
    jpeg = photo_bytes(size=(64, 64))
    for data in (huge, jpeg, b"", b"garbage"):
        assert decode_thumbnail(data).isNull()
        stored = PreparedImage(
            data=b"", mime_type="image/png", filename="x.png", width=1, height=1,
            thumbnail_png=data, original_width=1, original_height=1,
        )  # fmt: skip
        assert thumbnail_pixmap(stored, 48).isNull()
    assert not decode_thumbnail(photo_bytes(size=(64, 48), fmt="PNG")).isNull()


def test_the_chip_shows_a_long_name_shortened(harness: Harness, tmp_path: Path) -> None:
    app = harness.start_app()
    name = "a" * 200 + ".png"

    async def scenario() -> None:
        assert drop(app.window, files_mime(write_photo(tmp_path, name)))
        await wait_until(lambda: app.attachments.image is not None)

    harness.run(scenario())
    shown = app.window.attachment_tray.name_label.text()
    assert shown.endswith("….png")
    assert len(shown) <= 120
    _ = Qt  # the window's own enums are loaded by now
