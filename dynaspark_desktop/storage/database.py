"""Opening the history database: durability settings, the start-up check, damage handling.

A damaged database is never deleted and never "repaired" in place: it is moved aside under a
timestamped name (with its -wal and -shm files, so SQLite tools can still read what the log
held), and a fresh database takes its place. The caller tells the user where the old one is.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

from dynaspark_desktop.core.disk_errors import describe_disk_failure
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.storage.files import fsync_directory
from dynaspark_desktop.storage.models import EMPTY_FILE_REASON, HistoryError, MovedAside
from dynaspark_desktop.storage.schema import migrate

log = logging.getLogger(__name__)

DATABASE_FILE_NAME = "history.sqlite3"
# SQLite keeps a write-ahead log and its index beside the database while it is open.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# How long a statement waits for another connection's lock (a backup, a second window)
# before it fails. Long enough to ride out a backup step, short enough to surface a hang.
BUSY_TIMEOUT_SECONDS = 10.0

SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def is_damage(error: BaseException) -> bool:
    """True when SQLite says the file itself is broken (as opposed to locked, unreadable...)."""
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.DatabaseError)
        and code is not None
        and (code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB))
    )


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the app's settings, in autocommit mode (transactions are explicit).

    ``check_same_thread=False``: the store is used from whichever worker thread
    ``asyncio.to_thread`` picks, one at a time under the store's own lock.
    """
    connection = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode for %s (kept %s)", path, mode)
        # In WAL mode, NORMAL syncs the log at every checkpoint rather than every commit. A
        # commit is still atomic and survives the app crashing or being killed (the log is
        # in the OS's hands the moment the commit returns); only a power cut or OS crash can
        # lose the last few commits, never corrupt the file. That trade buys several times
        # the write throughput of FULL.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    except BaseException:
        connection.close()
        raise
    return connection


def check_health(path: Path) -> str | None:
    """Why the database at ``path`` is damaged, or None when it passes ``quick_check``.

    The check runs on a read-only connection: if the file is damaged, nothing is written to
    it or its log (no checkpoint, no log replay) before it is moved aside. Only the -shm file,
    an index SQLite rebuilds from the log whenever it needs to, may be refreshed. Errors that
    do not mean damage (permissions, a lock held elsewhere) propagate.
    """
    problem = _header_problem(path)
    if problem is not None:
        return problem
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return str(error)
        raise
    try:
        rows = probe.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return str(error)
        raise
    finally:
        probe.close()
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    return "; ".join(problems)[:500] if problems else None


def _header_problem(path: Path) -> str | None:
    """Catch files that are plainly not a database before SQLite opens (and touches) them."""
    import stat

    mode = path.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        # A FIFO would block the open below (and SQLite's) forever; a folder fails it.
        return "not a file (a pipe or a device)"
    with open(path, "rb") as file:
        header = file.read(100)
    if not header:
        # SQLite would take it for a new, empty database; but the app writes the header the
        # moment it creates the file, so an empty one means the history was lost (a failed
        # copy, a full disk, a sync tool): set it aside and say so, never start over silently.
        return EMPTY_FILE_REASON
    if not header.startswith(SQLITE_MAGIC):
        return "not a SQLite database"
    if len(header) < 100:
        return "cut off inside its header"
    return None


def _aside_name(path: Path, stamp: str, attempt: int) -> Path:
    suffix = "" if attempt == 0 else f"-{attempt}"
    return path.with_name(f"{path.stem}-damaged-{stamp}{suffix}{path.suffix}")


def move_aside(path: Path, reason: str) -> tuple[Path, tuple[Path, ...]]:
    """Rename the database and its companion files to a timestamped name beside it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    attempt = 0
    while True:
        target = _aside_name(path, stamp, attempt)
        taken = [target, *(Path(f"{target}{suffix}") for suffix in COMPANION_SUFFIXES)]
        if not any(candidate.exists() for candidate in taken):
            break
        attempt += 1
    # The log first: were the app to die half-way, a log left beside a *new* database would
    # be replayed into it; a database left without its log is simply found damaged again.
    moved_companions: list[Path] = []
    for suffix in COMPANION_SUFFIXES:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            destination = Path(f"{target}{suffix}")
            companion.replace(destination)
            moved_companions.append(destination)
    path.replace(target)
    fsync_directory(path.parent)
    log.error("History database %s is damaged (%s); moved aside to %s", path, reason, target)
    return target, tuple(moved_companions)


def open_database(path: Path) -> tuple[sqlite3.Connection, MovedAside | None]:
    """Open (creating or migrating as needed) the database at ``path``.

    Returns the connection and, when the old file had to be moved aside, where it went (the
    caller fills in ``latest_backup``, which it knows). Raises :class:`HistoryError` when the
    file cannot be opened for a reason other than damage (permissions, a folder in its place,
    a newer app's schema).
    """
    moved: MovedAside | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            reason = check_health(path)
            if reason is not None:
                moved = _set_aside(path, reason)
        if not path.exists():
            _create(path)
        connection = connect(path)
    except (sqlite3.Error, OSError) as error:
        raise _unavailable(path, error) from error
    try:
        migrate(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        if not is_damage(error) or moved is not None:
            raise _unavailable(path, error) from error
        # Damage quick_check did not see (it skips some checks) surfaced while migrating.
        moved = _set_aside(path, str(error))
        connection = connect(path)
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection, moved


def _create(path: Path) -> None:
    """Make a new, empty history under a temporary name and rename it into place complete.

    So an empty file at ``path`` is never the app's own doing (SQLite creates the file
    empty and writes its header a moment later: a kill in between would leave one), and an
    empty file found there can be treated as the lost history it is.
    """
    temporary = path.with_name(f".{path.name}.new")
    # A leftover of a first start that was killed: it never held anything but the schema.
    for leftover in (temporary, *(Path(f"{temporary}{suffix}") for suffix in COMPANION_SUFFIXES)):
        leftover.unlink(missing_ok=True)
    connection = connect(temporary)
    try:
        migrate(connection)
    finally:
        connection.close()  # the last connection: its log is folded in and removed
    os.replace(temporary, path)
    fsync_directory(path.parent)


def _set_aside(path: Path, reason: str) -> MovedAside:
    target, companions = move_aside(path, reason)
    return MovedAside(
        path=target,
        companion_paths=companions,
        reason=reason,
        latest_backup=None,
        original_path=path,
    )


def _unavailable(path: Path, error: Exception) -> HistoryError:
    consequence = translate("History", "conversations are not being saved")
    disk_failure = describe_disk_failure(error, path.parent, consequence)
    if disk_failure is not None:
        opened = translate("History", "The chat history at {path} cannot be opened.")
        return HistoryError(opened.format(path=path) + " " + disk_failure, detail=repr(error))
    return HistoryError(
        translate(
            "History",
            "The chat history at {path} cannot be opened ({error}). "
            "Check that the folder exists and that you may write to it.",
        ).format(path=path, error=error),
        detail=repr(error),
    )


__all__ = [
    "DATABASE_FILE_NAME",
    "EMPTY_FILE_REASON",
    "check_health",
    "connect",
    "is_damage",
    "move_aside",
    "open_database",
]
