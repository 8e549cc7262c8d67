"""Cancelling an import through the real window, and quitting while one runs: either way
nothing of it is added, and the quit closes the history instead of waiting for the import."""

from __future__ import annotations

from pathlib import Path
from threading import Event

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

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


def _pause_inside_the_import(monkeypatch: pytest.MonkeyPatch) -> tuple[Event, Event]:
    """Make the worker stop at the import's first step (the archive's directory check, with
    the import's transaction open) until released: (reached, release)."""
    from dynaspark_desktop.storage import transfer

    reached, release = Event(), Event()
    check = transfer.check_archive_directory

    def paused(path: Path, source: str) -> None:
        reached.set()
        release.wait(30)
        check(path, source)

    monkeypatch.setattr(transfer, "check_archive_directory", paused)
    return reached, release


def _conversations_saved(data_dir: Path) -> int:
    with HistoryStore.open(data_dir) as store:
        return len(store.list_conversations())


def test_cancel_in_the_import_notice_stops_it_and_adds_nothing(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path / "all.zip")
    reached, release = _pause_inside_the_import(monkeypatch)
    app = harness.start_app()
    window = app.window
    button = window.notice_bar.action_button

    async def scenario() -> None:
        assert app.navigator is not None
        try:
            app.navigator.import_from(str(archive))
            await wait_until(reached.is_set)  # the import is running on the worker
            assert button.isVisible()
            assert window.notice_bar.text == "Importing conversations…"
            assert button.objectName() == "noticeActionButton"
            assert button.text() == button.accessibleName() == "Cancel import"
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        finally:
            release.set()
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
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path / "all.zip")
    reached, release = _pause_inside_the_import(monkeypatch)
    app = harness.start_app()

    async def scenario() -> None:
        import asyncio

        assert app.navigator is not None
        try:
            app.navigator.import_from(str(archive))
            await wait_until(reached.is_set)  # the import is running on the worker
            quitting = asyncio.ensure_future(app.shutdown())
            # The quit tells the running import to stop; it does at its next check.
            await wait_until(lambda: not app.history.available)
        finally:
            release.set()
        await quitting

    harness.run(scenario())
    assert not app.history.available
    # Closed properly (nothing set aside), and the import left nothing behind.
    with HistoryStore.open(harness.data_dir) as store:
        assert store.moved_aside is None
        assert store.list_conversations() == []


def test_another_notice_during_an_import_gives_the_bar_back_with_cancel(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path / "all.zip")
    reached, release = _pause_inside_the_import(monkeypatch)
    app = harness.start_app()
    window = app.window
    bar = window.notice_bar
    button = bar.action_button

    async def scenario() -> None:
        assert app.navigator is not None
        try:
            app.navigator.import_from(str(archive))
            await wait_until(reached.is_set)
            # Something else is said meanwhile (here: Export with nothing to export yet).
            window.exportRequested.emit("markdown")
            assert "nothing to export yet" in bar.text
            assert not button.isVisible()
            close = bar.findChild(QToolButton, "noticeCloseButton")
            qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
            # Dismissed: the import's notice is back, and its Cancel still stops it.
            assert bar.text == "Importing conversations…"
            assert button.isVisible()
            assert button.text() == "Cancel import"
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        finally:
            release.set()
        await wait_until(lambda: "cancelled" in bar.text)

    harness.run(scenario())
    assert bar.text == "Import cancelled: nothing was added."
    harness.close_all()
    assert _conversations_saved(harness.data_dir) == 0
