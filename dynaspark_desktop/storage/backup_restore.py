"""Backing up on request, putting a backup back, and the trash as a whole (what the Settings
window's Data page offers). Mixed into :class:`~dynaspark_desktop.storage.HistoryStore`;
every method blocks and runs on the history's worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.storage import backups
from dynaspark_desktop.storage.database import (
    BUSY_TIMEOUT_SECONDS,
    COMPANION_SUFFIXES,
    check_health,
    connect,
)
from dynaspark_desktop.storage.models import ConversationSummary, HistoryError
from dynaspark_desktop.storage.rows import SUMMARY_COLUMNS, summary_from_row
from dynaspark_desktop.storage.schema import migrate, schema_version
from dynaspark_desktop.storage.store_base import StoreBase

log = logging.getLogger(__name__)

# Where a backup is staged (copied, brought up to this version's schema) before it replaces
# the history: in the data folder, so on the same disk.
_STAGING_NAME = ".restoring-history.sqlite3"
# The most trashed conversations the Data page lists (the rest are counted).
TRASH_SHOWN = 500


@dataclass(frozen=True)
class RestoredBackup:
    restored: Path  # the backup now in use
    previous: Path  # the history as it was just before, kept in the backups folder
    conversations: int  # how many the restored history has (not counting the trash)


class BackupRestore(StoreBase):
    def back_up_now(self) -> Path:
        """Today's backup, made now (replacing one made earlier today)."""
        self._ensure_open()
        return backups.back_up(self.database_path, self.backups_dir)

    def restore_backup(self, backup: Path) -> RestoredBackup:
        """Replace the whole history with the backup at ``backup``.

        The backup is checked, copied and brought up to this version's schema first; only
        then does it replace the history, in one step under the store's lock (SQLite's
        backup API, into the open connection: no file is swapped under it). The history as
        it was is kept in the backups folder first, so a restore can be undone by another.
        Raises :class:`HistoryError` with a sentence for the user when the file will not do.
        """
        self._ensure_open()
        staging = self.data_dir / _STAGING_NAME
        _remove_with_companions(staging)
        try:
            self._stage(backup, staging)
            staged = connect(staging)
            try:
                with self._lock:
                    self._ensure_open()
                    previous = self._keep_current_history()
                    try:
                        staged.backup(self._connection)
                    except sqlite3.Error as error:
                        raise HistoryError(
                            translate(
                                "Backups", "The backup could not replace the history ({error})."
                            ).format(error=error),
                            detail=repr(error),
                        ) from error
            finally:
                staged.close()
        finally:
            _remove_with_companions(staging)
        with self._reading() as connection:
            count = connection.execute(
                "SELECT count(*) FROM conversations WHERE deleted IS NULL"
            ).fetchone()[0]
        log.info("History restored from %s (the previous one kept as %s)", backup, previous)
        return RestoredBackup(restored=backup, previous=previous, conversations=int(count))

    def _stage(self, backup: Path, staging: Path) -> None:
        name = backup.name
        try:
            problem = check_health(backup)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(
                translate("Backups", "“{name}” cannot be read ({error}).").format(
                    name=name, error=getattr(error, "strerror", None) or error
                ),
                detail=repr(error),
            ) from error
        if problem is not None:
            raise HistoryError(
                translate("Backups", "“{name}” is not a usable backup ({problem}).").format(
                    name=name, problem=problem
                )
            )
        source = sqlite3.connect(
            backup.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
        try:
            if schema_version(source) == 0 or not _has_history_tables(source):
                raise HistoryError(
                    translate(
                        "Backups",
                        "“{name}” is a database, but not a backup of this app's history.",
                    ).format(name=name)
                )
            backups.copy_database(source, staging)
        finally:
            source.close()
        staged = connect(staging)
        try:
            migrate(staged)  # a newer app's backup raises a HistoryError that says so
        finally:
            staged.close()

    def _keep_current_history(self) -> Path:
        stamp = time.strftime("%Y-%m-%d-%H%M%S")
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        target = self.backups_dir / f"history-before-restore-{stamp}.sqlite3"
        backups.copy_database(self._connection, target)
        return target

    # The trash as a whole ---------------------------------------------------------------

    def trash(self, limit: int = TRASH_SHOWN) -> list[ConversationSummary]:
        """The conversations in the trash, the last deleted first (at most ``limit``)."""
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM conversations WHERE deleted IS NOT NULL "
                "ORDER BY deleted DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [summary_from_row(row) for row in rows]

    def trash_count(self) -> int:
        with self._reading() as connection:
            row = connection.execute(
                "SELECT count(*) FROM conversations WHERE deleted IS NOT NULL"
            ).fetchone()
        return int(row[0])


def _has_history_tables(connection: sqlite3.Connection) -> bool:
    names = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    return {"conversations", "messages"} <= names


def _remove_with_companions(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in COMPANION_SUFFIXES)):
        with contextlib.suppress(OSError):
            candidate.unlink()


__all__ = ["BackupRestore", "RestoredBackup"]
