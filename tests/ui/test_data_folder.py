"""A data folder that fails: full, read-only, an empty history file. The window says which
folder and what to do; chat goes on unsaved; quitting still closes everything.

Where root may mount, the folder is a real small tmpfs (full, or remounted read-only);
elsewhere the same failure is simulated with the ``OSError`` the disk would raise. Each test
prints which one it ran (see ``pytest -s``) and asserts the same things either way.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.ui.base import notices
from tests.disk_mounts import fill_disk, remount_read_only, small_tmpfs
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import HISTORY_DATABASE, Harness, ask_and_wait, wait_until

# Long enough that SQLite needs new pages in its log (a short one may fit in pages the log
# already holds, and be saved even on a full disk).
LONG_QUESTION = "Please answer even though my disk is full. " * 2500


class Disk:
    def __init__(self, folder: Path, real: bool) -> None:
        self.folder = folder
        self.real = real  # a mounted tmpfs; False: the failure is simulated


@pytest.fixture
def small_disk(harness: Harness, tmp_path: Path) -> Iterator[Disk]:
    """A small disk of its own; the apps on it are closed before it is unmounted."""
    with small_tmpfs(tmp_path / "disk") as mounted:
        print("disk:", "a real 2 MB tmpfs" if mounted else "simulated (mounting not allowed)")
        try:
            yield Disk(tmp_path / "disk", mounted)
        finally:
            harness.close_all()


async def _set_up(app: DesktopApp) -> None:
    await wait_until(lambda: app.navigator is not None and app.history.available)
    await wait_until(lambda: app.window.sidebar is not None)
    # Opening the history ends with the day's backup: a disk filled before that would make
    # the opening fail instead of the saves this is about.
    await wait_until(lambda: any(app.data_dir.glob("backups/*.sqlite3")))


def _no_space(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise OSError(errno.ENOSPC, "No space left on device")


def _rows(data_dir: Path, *, on_read_only_disk: bool = False) -> list[tuple[str, str]]:
    database = data_dir / HISTORY_DATABASE
    if on_read_only_disk:  # closed cleanly (no log to read), and no -shm can be made
        connection = sqlite3.connect(f"{database.as_uri()}?immutable=1", uri=True)
    else:
        connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT role, substr(text, 1, 40) FROM messages").fetchall()
    finally:
        connection.close()


def test_a_full_disk_keeps_chat_going_unsaved_and_says_where_and_what_to_do(
    harness: Harness, small_disk: Disk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = small_disk.folder / "data"
    app = harness.start_app(data_dir=data_dir)
    harness.run(_set_up(app))
    with contextlib.ExitStack() as full_disk:
        if small_disk.real:
            filler = fill_disk(small_disk.folder)
            full_disk.callback(filler.unlink)
        else:
            fault = full_disk.enter_context(monkeypatch.context())
            fault.setattr(HistoryStore, "add_user_message", _no_space)
            fault.setattr(HistoryStore, "save_draft", _no_space)
            fault.setattr("dynaspark_desktop.core.settings.write_text_atomically", _no_space)
        _send_and_quit_on_a_full_disk(harness, app, qtbot, data_dir)

    # Space again: the app starts on the same folder and its history is intact.
    assert _rows(data_dir) == []  # the unsaved question left nothing half-written
    again = harness.start_app(data_dir=data_dir)
    told_at_open: list[str] = []
    notices.bridge().posted.connect(lambda notice: told_at_open.append(notice.text))
    harness.run(_set_up(again))
    assert told_at_open == []  # the history opened without a problem to tell
    harness.run(ask_and_wait(qtbot, again, "Saved now?"))
    harness.run(wait_until(lambda: ("user", "Saved now?") in _rows(data_dir)))


def _send_and_quit_on_a_full_disk(
    harness: Harness, app: DesktopApp, qtbot: QtBot, data_dir: Path
) -> None:
    harness.server.queue(Behaviour(answer="Answered anyway."))

    async def send_on_a_full_disk() -> None:
        app.window.composer.setPlainText(LONG_QUESTION)
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: not app.chat.busy)

    harness.run(send_on_a_full_disk())
    (turn,) = app.chat.conversation.turns
    _answer_shown_unsaved(app, turn, data_dir)

    # Asking again on the full disk: the same, and no second message about it.
    told: list[str] = []
    notices.bridge().posted.connect(lambda notice: told.append(notice.text))
    harness.server.queue(Behaviour(answer="Answered anyway."))
    assert app.chat.regenerate()
    harness.run(wait_until(lambda: not app.chat.busy))
    _answer_shown_unsaved(app, turn, data_dir)
    assert told == []

    # A setting changed now cannot be written either: told, not a crash.
    app.window.modelChosen.emit("gemini-2.0-flash")
    assert app.settings.get("model") == "gemini-2.0-flash"  # kept for this run
    assert "settings are not being saved" in app.window.notice_bar.text

    # Quitting on the full disk: the draft and the window's place cannot be saved; the
    # history is closed all the same.
    app.window.composer.setPlainText("a draft that has nowhere to go")
    harness.close_all()
    assert app.history._store is None


def _answer_shown_unsaved(app: DesktopApp, turn: Turn, data_dir: Path) -> None:
    """The question went out and its answer shows, though nothing could be saved."""
    assert turn.state is TurnState.ANSWERED, turn.error
    assert turn.answer == "Answered anyway."
    assert turn.message_id is None
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert "Answered anyway." in widget.answer_view.toPlainText()
    notice = app.window.notice_bar.text
    assert str(data_dir) in notice
    assert "is full" in notice
    assert "Free some space" in notice
    assert "not being saved" in notice


def test_a_read_only_data_folder_starts_says_so_and_chats_unsaved(
    harness: Harness, small_disk: Disk, qtbot: QtBot
) -> None:
    if small_disk.real:
        data_dir = small_disk.folder  # exists, but nothing in it can be made or written
        remount_read_only(small_disk.folder)
    else:
        # Without a mount: a folder that cannot be made (a file stands in its way); even
        # root cannot write there.
        (small_disk.folder / "not-a-folder").write_text("a file")
        data_dir = small_disk.folder / "not-a-folder" / "data"
    app = harness.start_app(data_dir=data_dir)

    async def scenario() -> str:
        # The log's failure is told first; then the history's, which stays.
        await wait_until(lambda: "cannot be opened" in app.window.notice_bar.text)
        notice = app.window.notice_bar.text
        await ask_and_wait(qtbot, app, "Does chat still work?")
        return notice

    notice = harness.run(scenario())
    assert str(data_dir) in notice
    assert "not being saved" in notice
    if small_disk.real:
        assert "cannot be written to" in notice
        assert "--data-dir" in notice  # what to do: make it writable, or use another folder
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.ANSWERED
    assert "Does chat still work?" in turn.answer
    assert turn.message_id is None
    harness.close_all()
    assert app.history._store is None
    assert list(small_disk.folder.iterdir()) == (
        [] if small_disk.real else [small_disk.folder / "not-a-folder"]
    )


def test_a_read_only_folder_with_a_history_opens_nothing_and_loses_nothing(
    harness: Harness, small_disk: Disk, qtbot: QtBot
) -> None:
    if not small_disk.real:
        pytest.skip("needs a read-only mount: a simulated one cannot hold a real history")
    data_dir = small_disk.folder / "data"
    first = harness.start_app(data_dir=data_dir)
    harness.run(_set_up(first))
    harness.run(ask_and_wait(qtbot, first, "Kept safe?"))
    harness.close_all()
    before = _rows(data_dir)
    assert ("user", "Kept safe?") in before
    # The log file stays open (and writable) after an app closes: it must go first.
    logging.getLogger().removeHandler(first.log_handler)
    first.log_handler.close()
    remount_read_only(small_disk.folder)

    app = harness.start_app(data_dir=data_dir)
    harness.run(wait_until(lambda: "cannot be opened" in app.window.notice_bar.text))
    notice = app.window.notice_bar.text
    assert str(data_dir) in notice
    assert "cannot be written to" in notice
    harness.run(ask_and_wait(qtbot, app, "And now?"))
    assert app.chat.conversation.turns[-1].state is TurnState.ANSWERED
    harness.close_all()
    assert _rows(data_dir, on_read_only_disk=True) == before


def test_an_empty_history_file_is_set_aside_and_the_window_says_where(
    harness: Harness, qtbot: QtBot
) -> None:
    (harness.data_dir / HISTORY_DATABASE).write_bytes(b"")
    app = harness.start_app()
    harness.run(wait_until(lambda: "was empty" in app.window.notice_bar.text))
    notice = app.window.notice_bar.text
    (kept,) = harness.data_dir.glob("history-damaged-*.sqlite3")
    assert kept.stat().st_size == 0
    assert str(kept) in notice
    # What to do (no backup yet): where a copy of the history would go.
    assert f"copy it to {harness.data_dir / HISTORY_DATABASE}" in notice
    harness.run(ask_and_wait(qtbot, app, "Saved in the new one?"))
    harness.run(wait_until(lambda: ("user", "Saved in the new one?") in _rows(harness.data_dir)))


def test_settings_that_cannot_be_written_do_not_stop_the_app(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    failures: list[OSError] = []
    settings.on_save_failed = failures.append
    # A folder where the settings file should be: every write fails, as on a broken disk.
    (data_dir / "settings.json").mkdir()
    settings.set("max_image_side", 1024)
    assert settings.get("max_image_side") == 1024
    assert len(failures) == 1
    assert isinstance(failures[0], OSError)
    assert not list(data_dir.glob(".settings-*"))  # no temporary file left behind
