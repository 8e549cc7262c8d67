"""Telling a failing disk apart from other errors, from the errors the system really raises."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from dynaspark_desktop.core.disk_errors import (
    DiskProblem,
    describe_disk_failure,
    disk_problem,
)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (errno.ENOSPC, DiskProblem.FULL),
        (errno.EDQUOT, DiskProblem.FULL),
        (errno.EROFS, DiskProblem.NOT_WRITABLE),
        (errno.EACCES, DiskProblem.NOT_WRITABLE),
        (errno.EIO, DiskProblem.FAILING),
    ],
)
def test_system_errors(number: int, problem: DiskProblem) -> None:
    assert disk_problem(OSError(number, "x")) is problem


def test_other_errors_are_not_the_disk() -> None:
    assert disk_problem(OSError(errno.ECONNREFUSED, "refused")) is None
    assert disk_problem(ValueError("no")) is None
    assert disk_problem(None) is None


def test_a_cause_further_down_the_chain_counts() -> None:
    outer = RuntimeError("could not save")
    outer.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert disk_problem(outer) is DiskProblem.FULL


def test_sqlite_refusing_to_write_is_recognised(tmp_path: Path) -> None:
    database = tmp_path / "x.sqlite3"
    sqlite3.connect(database).close()
    read_only = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            read_only.execute("CREATE TABLE t (x)")
    finally:
        read_only.close()
    assert disk_problem(raised.value) is DiskProblem.NOT_WRITABLE


def test_sqlite_corruption_is_not_a_disk_problem(tmp_path: Path) -> None:
    database = tmp_path / "x.sqlite3"
    database.write_bytes(b"not a database at all" * 100)
    connection = sqlite3.connect(database)
    try:
        with pytest.raises(sqlite3.DatabaseError) as raised:
            connection.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        connection.close()
    assert disk_problem(raised.value) is None


def test_the_message_names_the_folder_what_to_do_and_what_it_costs(tmp_path: Path) -> None:
    full = describe_disk_failure(OSError(errno.ENOSPC, "x"), tmp_path, "nothing is saved")
    assert full is not None
    assert str(tmp_path) in full
    assert "Free some space" in full
    assert full.endswith("nothing is saved.")
    read_only = describe_disk_failure(OSError(errno.EROFS, "x"), tmp_path, "nothing is saved")
    assert read_only is not None
    assert "--data-dir" in read_only
    assert describe_disk_failure(ValueError("x"), tmp_path, "nothing is saved") is None
