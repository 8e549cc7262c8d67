"""A damaged history file is moved aside (never deleted) and a fresh history is started."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from dynaspark_desktop.storage import HistoryError, HistoryStore
from tests.storage.support import add_answered_turn, integrity

DATABASE = "history.sqlite3"


def make_history(data_dir: Path, conversations: int = 30) -> None:
    with HistoryStore.open(data_dir) as store:
        for number in range(conversations):
            conversation = store.create_conversation("gemini-1.5-flash")
            add_answered_turn(store, conversation.id, f"question {number} " * 50, "answer " * 200)
    assert not (data_dir / f"{DATABASE}-wal").exists()  # a clean close folds the log in


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def truncated_inside_the_header(data: bytes) -> bytes:
    return data[:60]


def pages_overwritten(data: bytes) -> bytes:
    third = len(data) // 3
    return data[:third] + os.urandom(third) + data[2 * third :]


def random_bytes(data: bytes) -> bytes:
    return os.urandom(len(data))


def a_text_file(_data: bytes) -> bytes:
    return b"These are my notes, saved under the wrong name.\n" * 40


DAMAGE = [truncated, truncated_inside_the_header, pages_overwritten, random_bytes, a_text_file]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda damage: damage.__name__)
def test_a_damaged_database_is_moved_aside_and_a_fresh_one_opens(
    data_dir: Path, damage: Callable[[bytes], bytes]
) -> None:
    make_history(data_dir)
    database = data_dir / DATABASE
    damaged = damage(database.read_bytes())
    database.write_bytes(damaged)

    with HistoryStore.open(data_dir) as store:
        moved = store.moved_aside
        assert moved is not None
        assert moved.path.parent == data_dir
        assert moved.path.name.startswith("history-damaged-")
        assert moved.path.read_bytes() == damaged  # kept byte for byte
        assert str(moved.path) in moved.user_message()
        # The fresh history works.
        assert store.list_conversations() == []
        conversation = store.create_conversation("gemini-1.5-flash")
        add_answered_turn(store, conversation.id, "still here?", "yes")
    assert integrity(database) == "ok"
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None
        assert [c.title for c in store.list_conversations()] == ["still here?"]


def test_the_log_files_go_aside_with_the_database(data_dir: Path) -> None:
    make_history(data_dir)
    database = data_dir / DATABASE
    database.write_bytes(b"not a database" * 100)
    wal = b"write-ahead log bytes" * 50
    shm = b"shared memory index" * 50
    Path(f"{database}-wal").write_bytes(wal)
    Path(f"{database}-shm").write_bytes(shm)

    with HistoryStore.open(data_dir) as store:
        moved = store.moved_aside
        assert moved is not None
        assert Path(f"{moved.path}-wal").read_bytes() == wal
        assert Path(f"{moved.path}-shm").read_bytes() == shm
        assert set(moved.companion_paths) == {Path(f"{moved.path}-wal"), Path(f"{moved.path}-shm")}


def test_damage_twice_keeps_both_old_files(data_dir: Path) -> None:
    database = data_dir / DATABASE
    contents = []
    for attempt in range(2):
        contents.append(f"damaged file number {attempt}\n".encode() * 30)
        database.write_bytes(contents[-1])
        with HistoryStore.open(data_dir) as store:
            assert store.moved_aside is not None
    kept = sorted(path.read_bytes() for path in data_dir.glob("history-damaged-*.sqlite3"))
    assert kept == sorted(contents)


def test_the_message_points_at_the_latest_backup(data_dir: Path) -> None:
    make_history(data_dir, conversations=2)
    with HistoryStore.open(data_dir) as store:
        backup = store.backup_if_due()
    assert backup is not None
    (data_dir / DATABASE).write_bytes(os.urandom(8192))
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.latest_backup == backup
        assert str(backup) in store.moved_aside.user_message()


def test_an_empty_file_is_moved_aside_with_a_notice_never_silently_replaced(
    data_dir: Path,
) -> None:
    make_history(data_dir, conversations=2)
    with HistoryStore.open(data_dir) as store:
        backup = store.backup_if_due()
    assert backup is not None
    # A failed copy or a full disk left the history file empty, its log with it.
    (data_dir / DATABASE).write_bytes(b"")
    (data_dir / f"{DATABASE}-wal").write_bytes(b"what the log held")
    with HistoryStore.open(data_dir) as store:
        moved = store.moved_aside
        assert moved is not None
        assert store.list_conversations() == []  # a fresh history
    assert moved.path.read_bytes() == b""  # kept, not deleted
    (wal,) = moved.companion_paths
    assert wal.read_bytes() == b"what the log held"
    message = moved.user_message()
    assert "was empty" in message
    assert str(moved.path) in message
    # What to do: the backup, and where to copy it.
    assert str(backup) in message
    assert str(data_dir / DATABASE) in message


@pytest.mark.timeout(10)
def test_a_pipe_in_place_of_the_history_is_moved_aside_not_waited_on(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.mkfifo(data_dir / DATABASE)  # opening it to read would wait for a writer forever
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is not None
        assert store.list_conversations() == []
    assert stat.S_ISFIFO(store.moved_aside.path.stat().st_mode)
    assert (data_dir / DATABASE).is_file()


def test_a_new_history_never_leaves_an_empty_file_behind(data_dir: Path) -> None:
    # A first start killed while creating the file left only its temporary copy behind.
    (data_dir / f".{DATABASE}.new").write_bytes(b"")
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None
    assert (data_dir / DATABASE).stat().st_size > 0
    assert not (data_dir / f".{DATABASE}.new").exists()
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None


def test_a_healthy_database_is_left_alone(data_dir: Path) -> None:
    make_history(data_dir, conversations=3)
    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None
        assert len(store.list_conversations()) == 3
    assert list(data_dir.glob("history-damaged-*")) == []


def test_a_folder_in_the_databases_place_is_an_error_not_damage(data_dir: Path) -> None:
    (data_dir / DATABASE).mkdir()
    with pytest.raises(HistoryError, match="cannot be opened"):
        HistoryStore.open(data_dir)
    assert (data_dir / DATABASE).is_dir()
    assert list(data_dir.glob("history-damaged-*")) == []


def test_a_database_from_a_newer_app_is_refused_untouched(data_dir: Path) -> None:
    make_history(data_dir, conversations=1)
    database = data_dir / DATABASE
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = database.read_bytes()
    with pytest.raises(HistoryError, match="newer version"):
        HistoryStore.open(data_dir)
    assert database.read_bytes() == before
    assert list(data_dir.glob("history-damaged-*")) == []
