"""Rolling daily backups of the history database with SQLite's online backup API.

A backup is a plain, self-contained SQLite file (``history-2026-11-21.sqlite3``) that opens
anywhere. Image files are not copied: they are never changed once written and only removed
when the conversations using them are removed for good.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from dynaspark_desktop.storage.database import BUSY_TIMEOUT_SECONDS
from dynaspark_desktop.storage.files import fsync_directory

log = logging.getLogger(__name__)

BACKUPS_TO_KEEP = 7
_BACKUP_NAME = re.compile(r"history-(\d{4}-\d{2}-\d{2})\.sqlite3")
_UNFINISHED_PREFIX = ".unfinished-"


def backup_files(backups_dir: Path) -> list[Path]:
    """Finished backups, oldest first (their names sort by date)."""
    try:
        names = sorted(entry.name for entry in backups_dir.iterdir())
    except FileNotFoundError:
        return []
    return [backups_dir / name for name in names if _BACKUP_NAME.fullmatch(name)]


def latest_backup(backups_dir: Path) -> Path | None:
    found = backup_files(backups_dir)
    return found[-1] if found else None


def backup_if_due(
    database_path: Path, backups_dir: Path, *, now: datetime | None = None
) -> Path | None:
    """Back up ``database_path`` unless a backup dated today (local time) exists.

    Returns the new backup, or None when one for today already existed.
    """
    day = (now or datetime.now()).strftime("%Y-%m-%d")
    if (backups_dir / f"history-{day}.sqlite3").exists():
        return None
    return back_up(database_path, backups_dir, now=now)


def back_up(database_path: Path, backups_dir: Path, *, now: datetime | None = None) -> Path:
    """Back up ``database_path`` as today's backup (a backup of today already there is
    replaced: "Back up now" keeps the latest state).

    The copy is made under a temporary name and renamed when complete, so a backup file is
    never half-written. Older backups beyond the newest seven are removed.
    """
    day = (now or datetime.now()).strftime("%Y-%m-%d")
    target = backups_dir / f"history-{day}.sqlite3"
    backups_dir.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(backups_dir)
    unfinished = backups_dir / f"{_UNFINISHED_PREFIX}{target.name}"
    # Read-only: the backup must never be able to write to the live database.
    source = sqlite3.connect(
        database_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )
    try:
        copy_database(source, unfinished)
    except BaseException:
        _remove_unfinished(backups_dir)
        raise
    finally:
        source.close()
    os.replace(unfinished, target)
    fsync_directory(backups_dir)
    for old in backup_files(backups_dir)[:-BACKUPS_TO_KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
    log.info("Backed up the history to %s", target)
    return target


def copy_database(source: sqlite3.Connection, path: Path) -> None:
    """A consistent snapshot of ``source`` written to ``path`` as one self-contained file
    (no write-ahead log), synced to disk."""
    destination = sqlite3.connect(path)
    try:
        # The copy is a consistent snapshot; in WAL mode the app keeps writing meanwhile.
        source.backup(destination)
        # A backup should be one file: leave the copied WAL setting behind.
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def _remove_unfinished(backups_dir: Path) -> None:
    """Leftovers of a backup interrupted by a crash."""
    for leftover in backups_dir.glob(f"{_UNFINISHED_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
