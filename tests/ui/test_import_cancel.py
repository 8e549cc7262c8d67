"""Cancelling an import through the real window, and quitting while one runs: either way
nothing of it is added, and the quit closes the history instead of waiting for the import."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.storage import HistoryStore
from tests.storage.crafted_imports import encoded, valid_document, zip_bytes
from tests.ui.conftest import Harness, wait_until


def _archive(path: Path, conversations: int = 5) -> Path:
    members = {
        f"conversations/{number:05d}-c.json": encoded(valid_document(f"Conversation {number}"))
        for number in range(conversations)
    }
    path.write_bytes(zip_bytes(members))
    return path


def _hold_the_history_thread(app: DesktopApp) -> threading.Event:
    """Keep the history's worker busy (as a slow disk would) until the returned event is set:
    the import then queues behind, so the test acts while it is surely still under way."""
    released = threading.Event()
    app.history._submit(lambda _store: released.wait(30))
    return released


def _hold_the_store(app: DesktopApp) -> threading.RLock:
    """Take the history store's lock on this thread: an import that has started on the
    worker then waits at its first step (the start of its transaction), surely under way."""
    store = app.history._store
    assert store is not None
    lock = store._lock
    lock.acquire()
    return lock


def _import_is_running(app: DesktopApp) -> bool:
    """Whether the history's worker thread is inside ``import_file`` (waiting for the lock)."""
    import sys

    for thread in threading.enumerate():
        if thread.name.startswith("history") and thread.ident is not None:
            frame = sys._current_frames().get(thread.ident)
            while frame is not None:
                if frame.f_code.co_name == "import_file" and "storage" in frame.f_code.co_filename:
                    return True
                frame = frame.f_back
    return False


def _conversations_saved(data_dir: Path) -> int:
    with HistoryStore.open(data_dir) as store:
        return len(store.list_conversations())


def test_cancel_in_the_import_notice_stops_it_and_adds_nothing(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    archive = _archive(tmp_path / "all.zip")
    app = harness.start_app()
    window = app.window
    button = window.notice_bar.action_button

    async def scenario() -> None:
        assert app.navigator is not None
        await wait_until(lambda: app.history.available)
        released = _hold_the_history_thread(app)
        app.navigator.import_from(str(archive))
        await wait_until(lambda: button.isVisible())
        assert window.notice_bar.text == "Importing conversations…"
        assert button.objectName() == "noticeActionButton"
        assert button.text() == button.accessibleName() == "Cancel import"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        released.set()
        await wait_until(lambda: "cancelled" in window.notice_bar.text)

    harness.run(scenario())
    assert window.notice_bar.text == "Import cancelled: nothing was added."
    assert app.window.sidebar is not None
    assert app.window.sidebar.conversation_model.rowCount() == 0
    harness.close_all()
    assert _conversations_saved(harness.data_dir) == 0


def test_the_same_import_not_cancelled_adds_every_conversation(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    # The counterpart of the test above: the archive itself imports whole.
    archive = _archive(tmp_path / "all.zip")
    app = harness.start_app()

    async def scenario() -> None:
        assert app.navigator is not None
        app.navigator.import_from(str(archive))
        await wait_until(lambda: "Imported 5 conversations" in app.window.notice_bar.text)

    harness.run(scenario())
    assert not app.window.notice_bar.action_button.isVisible()
    harness.close_all()
    assert _conversations_saved(harness.data_dir) == 5


def test_quitting_during_an_import_stops_it_and_closes_the_history(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    archive = _archive(tmp_path / "all.zip")
    app = harness.start_app()

    async def scenario() -> None:
        import asyncio

        assert app.navigator is not None
        await wait_until(lambda: app.history.available)
        await app.history.search("warm")  # the store is open
        lock = _hold_the_store(app)
        app.navigator.import_from(str(archive))
        await wait_until(lambda: _import_is_running(app))
        quitting = asyncio.ensure_future(app.shutdown())
        # The quit tells the running import to stop; it does at its first check.
        await wait_until(lambda: not app.history.available)
        lock.release()
        await quitting

    harness.run(scenario())
    assert not app.history.available
    # Closed properly (nothing set aside), and the import left nothing behind.
    with HistoryStore.open(harness.data_dir) as store:
        assert store.moved_aside is None
        assert store.list_conversations() == []
