"""The Data page: where the data folder is, backups made now or put back, and the trash (its
conversations listed, one put back, or all removed for good).

Every history job runs on the history's thread (``HistoryController``), never here; the page
only says what happened, in a sentence under the buttons.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.ui.base.retranslation import USER_TEXT_ITEMS
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.settings.pages import SettingsPage, button, status_label

if TYPE_CHECKING:
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController

log = logging.getLogger(__name__)


class DataPage(SettingsPage):
    # The history was replaced by a backup: the window shows a new chat and lists afresh.
    historyRestored = Signal()

    def __init__(self, data_dir: Path, history: HistoryController) -> None:
        super().__init__(self.tr("Data"), "dataPage")
        self.data_dir = data_dir
        self.history = history
        self._tasks = BackgroundTasks()
        self.restore_dialog: QFileDialog | None = None

        folder = QWidget()
        column = QVBoxLayout(folder)
        column.setContentsMargins(0, 0, 0, 0)
        self.folder_label = QLabel(str(data_dir), objectName="dataFolderPath")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.folder_label)
        column.addLayout(
            _row(button(self.tr("Open folder"), "openDataFolderButton", self.open_folder))
        )
        self.add_row(self.tr("Data folder"), folder)

        backups = QWidget()
        column = QVBoxLayout(backups)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            self.tr(
                "A copy of your conversations is made each day; the last seven are kept "
                "(pictures are not copied)."
            ),
            objectName="settingHelp",
        )
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.back_up_button = button(self.tr("Back up now"), "backUpNowButton", self.back_up_now)
        self.restore_button = button(self.tr("Restore…"), "restoreBackupButton", self.ask_restore)
        column.addLayout(_row(self.back_up_button, self.restore_button))
        self.backup_result = status_label("backupResult")
        column.addWidget(self.backup_result)
        self.add_row(self.tr("Backups"), backups)

        trash = QWidget()
        column = QVBoxLayout(trash)
        column.setContentsMargins(0, 0, 0, 0)
        self.trash_label = QLabel(objectName="trashCount")
        self.trash_label.setWordWrap(True)
        column.addWidget(self.trash_label)
        self.trash_list = QListWidget(objectName="trashList")
        self.trash_list.setProperty(USER_TEXT_ITEMS, True)  # titles: a new language keeps them
        self.trash_list.setAccessibleName(self.tr("Conversations in the trash"))
        self.trash_list.setMaximumHeight(180)
        self.trash_list.currentRowChanged.connect(
            lambda row: self.put_back_button.setEnabled(row >= 0)
        )
        column.addWidget(self.trash_list)
        self.put_back_button = button(self.tr("Put back"), "putBackButton", self.put_back)
        self.put_back_button.setAccessibleName(self.tr("Put the chosen conversation back"))
        self.put_back_button.setEnabled(False)
        self.empty_trash_button = button(
            self.tr("Empty the trash"), "emptyTrashButton", self.ask_empty_trash
        )
        column.addLayout(_row(self.put_back_button, self.empty_trash_button))
        self.add_row(self.tr("Trash"), trash)

    # -- the folder -----------------------------------------------------------------------

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir))):
            self._say(self.tr("The folder could not be opened: {path}").format(path=self.data_dir))

    # -- backups --------------------------------------------------------------------------

    def back_up_now(self) -> None:
        self._busy(self.tr("Backing up…"))
        self._tasks.start(self._back_up_now(), "back up now")

    async def _back_up_now(self) -> None:
        try:
            path = await self.history.back_up_now()
        except Exception as error:
            log.exception("Backing up on request failed")
            self._say(self.tr("The backup failed: {error}").format(error=error), error=True)
            return
        self._say(self.tr("Backed up to {path}.").format(path=path))

    def ask_restore(self) -> None:
        dialog = QFileDialog(
            self,
            self.tr("Restore a backup"),
            str(self.data_dir / "backups"),
            self.tr("History backups (*.sqlite3);;All files (*)"),
        )
        dialog.setObjectName("restoreBackupDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.restore(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()

    def restore(self, backup: Path) -> None:
        """Put ``backup`` in place of the history (the one replaced is kept in backups/)."""
        self._busy(self.tr("Restoring…"))
        self._tasks.start(self._restore(backup), "restore a backup")

    async def _restore(self, backup: Path) -> None:
        try:
            restored = await self.history.restore_backup(backup)
        except UserFacingError as error:
            log.warning("Restoring %s failed: %s (%s)", backup, error, error.detail)
            self._say(str(error), error=True)
            return
        except Exception as error:
            log.exception("Restoring %s failed", backup)
            self._say(
                self.tr("The backup could not be restored: {error}").format(error=error),
                error=True,
            )
            return
        self._say(
            self.tr(
                "Restored {name}: {count} conversations. Your history as it was is kept in "
                "{previous}."
            ).format(name=backup.name, count=restored.conversations, previous=restored.previous)
        )
        self.historyRestored.emit()
        self.show_trash()

    # -- the trash ------------------------------------------------------------------------

    def retranslate(self) -> None:
        """The language changed: the trash said again (its sentence is made of two)."""
        if self.trash_label.text():
            self.show_trash()

    def show_trash(self) -> None:
        self._tasks.start(self._show_trash(), "count the trash")

    async def _show_trash(self) -> None:
        try:
            count, conversations = await self.history.trash()
        except Exception:
            log.warning("The trash could not be counted", exc_info=True)
            self.trash_label.setText(self.tr("The trash cannot be read now."))
            return
        if count == 0:
            text = self.tr("The trash is empty.")
        elif count == 1:
            text = self.tr("1 conversation is in the trash.")
        else:
            text = self.tr("{count} conversations are in the trash.").format(count=count)
        week = self.tr("Deleted conversations are removed for good after a week.")
        self.trash_label.setText(f"{text} {week}")
        self.empty_trash_button.setEnabled(count > 0)
        self.trash_list.clear()
        for conversation in conversations:
            # A title is the user's (or a model's) text: shown as plain text by the list.
            item = QListWidgetItem(conversation.title or self.tr("New chat"))
            item.setData(Qt.ItemDataRole.UserRole, conversation.id)
            self.trash_list.addItem(item)
        self.trash_list.setVisible(count > 0)
        self.put_back_button.setVisible(count > 0)
        self.put_back_button.setEnabled(False)

    def put_back(self) -> None:
        """The chosen conversation leaves the trash for the sidebar again."""
        item = self.trash_list.currentItem()
        if item is None:
            return
        self.history.restore(int(item.data(Qt.ItemDataRole.UserRole)))
        self.show_trash()

    def ask_empty_trash(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Empty the trash"),
            self.tr("Remove every conversation in the trash for good? This cannot be undone."),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("emptyTrashQuestion")
        remove = box.addButton(self.tr("Remove for good"), QMessageBox.ButtonRole.AcceptRole)
        remove.setObjectName("emptyTrashConfirm")
        remove.setAccessibleName(self.tr("Remove for good"))
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        cancel.setObjectName("emptyTrashCancel")
        cancel.setAccessibleName(self.tr("Cancel"))
        remove.clicked.connect(self.empty_trash)
        box.finished.connect(box.deleteLater)
        box.open()

    def empty_trash(self) -> None:
        self._tasks.start(self._empty_trash(), "empty the trash")

    async def _empty_trash(self) -> None:
        try:
            count = await self.history.empty_trash()
        except Exception as error:
            log.exception("Emptying the trash failed")
            self.trash_label.setText(
                self.tr("The trash could not be emptied: {error}").format(error=error)
            )
            return
        log.info("Emptied the trash: %d conversation(s)", count)
        await self._show_trash()

    # -- saying what happened -------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.back_up_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self._show(text, "busy")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.back_up_button.setEnabled(True)
        self.restore_button.setEnabled(True)
        self._show(text, "error" if error else "ok")

    def _show(self, text: str, state: str) -> None:
        label = self.backup_result
        label.setText(text)
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)
        label.show()

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
