"""The Settings window's Data page on the real app, in a temporary data folder: a backup made
now and put back brings the history back as it was (the history replaced is kept), a file that
is no backup is refused with a sentence, and the trash is counted and emptied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.settings.test_settings_window import open_settings


def titles(data_dir: Path) -> list[str]:
    connection = sqlite3.connect(data_dir / "history.sqlite3")
    try:
        rows = connection.execute(
            "SELECT m.text FROM messages m WHERE m.role = 'user' ORDER BY m.id"
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_back_up_now_then_restore_brings_the_history_back(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "kept in the backup")
        window = await open_settings(app)
        window.show_page("data")
        page = window.data
        assert page.folder_label.text() == str(harness.data_dir)
        page.back_up_button.click()
        await wait_until(lambda: page.backup_result.property("state") != "busy")
        assert page.backup_result.property("state") == "ok", page.backup_result.text()
        backups = sorted((harness.data_dir / "backups").glob("history-*.sqlite3"))
        assert len(backups) == 1
        backup = backups[0]
        assert str(backup) in page.backup_result.text()

        await ask_and_wait(qtbot, app, "asked after the backup")
        await wait_until(lambda: "asked after the backup" in titles(harness.data_dir))

        # Restore…: the file dialog opens in the backups folder; the user picks the backup.
        page.restore_button.click()
        dialog = page.restore_dialog
        assert isinstance(dialog, QFileDialog)
        assert Path(dialog.directory().absolutePath()) == harness.data_dir / "backups"
        dialog.fileSelected.emit(str(backup))
        dialog.close()
        await wait_until(lambda: page.backup_result.property("state") != "busy")
        assert page.backup_result.property("state") == "ok", page.backup_result.text()
        assert "Restored" in page.backup_result.text()
        # The history is as it was backed up; the one replaced is kept beside the backups.
        await wait_until(lambda: titles(harness.data_dir) == ["kept in the backup"])
        kept = list((harness.data_dir / "backups").glob("history-before-restore-*.sqlite3"))
        assert len(kept) == 1
        # The window shows a new chat; the sidebar lists what the backup held.
        assert app.chat.conversation.id is None
        sidebar = app.window.sidebar
        assert sidebar is not None

    harness.run(scenario())


def test_a_file_that_is_no_backup_is_refused_and_the_history_kept(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    not_a_backup = tmp_path / "notes.sqlite3"
    not_a_backup.write_text("just some text, not a database")
    foreign = tmp_path / "other-app.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE things (x)")
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "still here")
        window = await open_settings(app)
        page = window.data
        for path, says in ((not_a_backup, "not a usable backup"), (foreign, "not a backup")):
            page.restore(path)
            await wait_until(lambda: page.backup_result.property("state") != "busy")
            assert page.backup_result.property("state") == "error"
            assert says in page.backup_result.text()
        assert titles(harness.data_dir) == ["still here"]

    harness.run(scenario())


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_trash_is_counted_and_emptied(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "to be deleted")
        conversation_id = app.chat.conversation.id
        assert conversation_id is not None
        assert app.navigator is not None
        app.navigator.delete(conversation_id)
        window = await open_settings(app)
        page = window.data
        window.show_page("data")
        await wait_until(lambda: page.trash_label.text().startswith("1 conversation is"))
        assert page.trash_list.count() == 1
        assert page.trash_list.item(0).text() == "to be deleted"
        # Put back: it is in the sidebar's list again, and the trash is empty.
        page.trash_list.setCurrentRow(0)
        page.put_back_button.click()
        await wait_until(lambda: page.trash_label.text().startswith("The trash is empty"))
        assert not page.trash_list.isVisible()
        app.navigator.delete(conversation_id)
        page.show_trash()
        await wait_until(lambda: page.trash_label.text().startswith("1 conversation is"))
        assert page.empty_trash_button.isEnabled()
        page.empty_trash_button.click()
        question = page.findChild(QMessageBox, "emptyTrashQuestion")
        assert question is not None
        confirm = question.findChild(QPushButton, "emptyTrashConfirm")
        assert confirm is not None
        confirm.click()
        await wait_until(lambda: page.trash_label.text().startswith("The trash is empty"))
        assert not page.empty_trash_button.isEnabled()
        assert titles(harness.data_dir) == []

    harness.run(scenario())
