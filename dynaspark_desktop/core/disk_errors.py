"""Telling a failing disk apart from other errors, and saying so in words a user can act on.

One place for the data folder's troubles (a full disk, a folder that cannot be written, a disk
that reports errors), whichever part of the app met them: the history (SQLite), the settings
file, the log. SQLite's errors are recognised by their ``sqlite_errorcode`` attribute, so this
module needs no ``sqlite3`` import.
"""

from __future__ import annotations

import errno
from enum import StrEnum
from pathlib import Path

from dynaspark_desktop.core.i18n import translate


class DiskProblem(StrEnum):
    FULL = "full"
    NOT_WRITABLE = "not writable"
    FAILING = "failing"


_ERRNO_PROBLEMS = {
    errno.ENOSPC: DiskProblem.FULL,
    errno.EDQUOT: DiskProblem.FULL,
    errno.EROFS: DiskProblem.NOT_WRITABLE,
    errno.EACCES: DiskProblem.NOT_WRITABLE,
    errno.EPERM: DiskProblem.NOT_WRITABLE,
    errno.EIO: DiskProblem.FAILING,
}
# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_PROBLEMS = {
    _SQLITE_FULL: DiskProblem.FULL,
    _SQLITE_READONLY: DiskProblem.NOT_WRITABLE,
    _SQLITE_PERM: DiskProblem.NOT_WRITABLE,
    _SQLITE_CANTOPEN: DiskProblem.NOT_WRITABLE,
    _SQLITE_IOERR: DiskProblem.FAILING,
}


def disk_problem(error: BaseException | None) -> DiskProblem | None:
    """What ``error`` (or an error it was raised from) says about the disk, or None."""
    seen = 0
    while error is not None and seen < 8:  # a chain of causes, never a cycle
        if isinstance(error, OSError) and error.errno in _ERRNO_PROBLEMS:
            return _ERRNO_PROBLEMS[error.errno]
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_PROBLEMS:
            return _SQLITE_PROBLEMS[code & 0xFF]
        error = error.__cause__ or error.__context__
        seen += 1
    return None


def disk_problem_message(problem: DiskProblem, folder: Path, consequence: str) -> str:
    """A sentence naming ``folder``, what is wrong, what to do, and ``consequence`` (what
    the app cannot do meanwhile, e.g. "your conversations are not being saved")."""
    if problem is DiskProblem.FULL:
        return translate(
            "Disk",
            "The disk holding your data folder {folder} is full. Free some space on it; "
            "until then, {consequence}.",
        ).format(folder=folder, consequence=consequence)
    if problem is DiskProblem.NOT_WRITABLE:
        return translate(
            "Disk",
            "Your data folder {folder} cannot be written to. Make it writable (check its "
            "permissions, and that its disk is not mounted read-only), or start the app with "
            "--data-dir and another folder; until then, {consequence}.",
        ).format(folder=folder, consequence=consequence)
    return translate(
        "Disk",
        "The disk holding your data folder {folder} reported an error while writing. Check "
        "the disk; until then, {consequence}.",
    ).format(folder=folder, consequence=consequence)


def describe_disk_failure(error: BaseException, folder: Path, consequence: str) -> str | None:
    """:func:`disk_problem_message` for ``error``, or None when it is not a disk failure."""
    problem = disk_problem(error)
    return None if problem is None else disk_problem_message(problem, folder, consequence)


__all__ = ["DiskProblem", "describe_disk_failure", "disk_problem", "disk_problem_message"]


def data_folder_problem(error: OSError, data_dir: Path) -> str:
    """Why the data folder cannot be used, and what to do (shown when the app starts)."""
    consequence = translate("App", "nothing is being saved (conversations, settings, the log)")
    return describe_disk_failure(error, data_dir, consequence) or translate(
        "App",
        "Your data folder {folder} cannot be used ({reason}). Check that it can be made and "
        "written to, or start the app with --data-dir and another folder; until then, "
        "{consequence}.",
    ).format(folder=data_dir, reason=error.strerror or error, consequence=consequence)
