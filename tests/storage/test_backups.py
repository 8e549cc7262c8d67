"""Rolling daily backups made with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from dynaspark_desktop.storage import HistoryStore
from dynaspark_desktop.storage.backups import BACKUPS_TO_KEEP, backup_files
from tests.storage.support import add_answered_turn, integrity


def test_one_backup_a_day_seven_kept(store: HistoryStore, data_dir: Path) -> None:
    conversation = store.create_conversation("m")
    start = datetime(2026, 3, 1, 9, 30)
    made = []
    for day in range(10):
        add_answered_turn(store, conversation.id, f"day {day}", "noted")
        now = start + timedelta(days=day)
        made.append(store.backup_if_due(now=now))
        assert store.backup_if_due(now=now + timedelta(hours=12)) is None  # same day
    assert all(path is not None for path in made)
    kept = backup_files(data_dir / "backups")
    assert len(kept) == BACKUPS_TO_KEEP
    assert kept == made[-BACKUPS_TO_KEEP:]
    assert kept[-1].name == "history-2026-03-10.sqlite3"


def test_a_backup_is_a_complete_self_contained_database(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    add_answered_turn(store, conversation.id, "the only question", "the only answer")
    backup = store.backup_if_due()
    assert backup is not None
    assert not Path(f"{backup}-wal").exists()
    assert integrity(backup) == "ok"
    connection = sqlite3.connect(backup)
    texts = [row[0] for row in connection.execute("SELECT text FROM messages ORDER BY id")]
    connection.close()
    assert texts == ["the only question", "the only answer"]
    # A backup opens as a history of its own.
    restored_dir = data_dir / "restored"
    restored_dir.mkdir()
    (restored_dir / "history.sqlite3").write_bytes(backup.read_bytes())
    with HistoryStore.open(restored_dir) as restored:
        assert restored.moved_aside is None
        assert [c.title for c in restored.list_conversations()] == ["the only question"]


def test_leftovers_of_an_interrupted_backup_are_cleaned(
    store: HistoryStore, data_dir: Path
) -> None:
    backups = data_dir / "backups"
    backups.mkdir()
    leftover = backups / ".unfinished-history-2026-01-01.sqlite3"
    leftover.write_bytes(b"half a backup")
    assert store.backup_if_due() is not None
    assert not leftover.exists()
    assert len(backup_files(backups)) == 1


def test_back_up_now_replaces_todays_backup_with_the_latest_state(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    add_answered_turn(store, conversation.id, "before", "one")
    first = store.back_up_now()
    add_answered_turn(store, conversation.id, "after", "two")
    second = store.back_up_now()
    assert first == second
    assert backup_files(data_dir / "backups") == [second]
    connection = sqlite3.connect(second)
    texts = [row[0] for row in connection.execute("SELECT text FROM messages ORDER BY id")]
    connection.close()
    assert texts == ["before", "one", "after", "two"]


def test_a_restored_backup_replaces_the_history_and_the_old_one_is_kept(
    store: HistoryStore, data_dir: Path
) -> None:
    conversation = store.create_conversation("m")
    add_answered_turn(store, conversation.id, "in the backup", "yes")
    backup = store.back_up_now()
    later = store.create_conversation("m")
    add_answered_turn(store, later.id, "after the backup", "gone after restoring")
    restored = store.restore_backup(backup)
    assert restored.conversations == 1
    assert [c.id for c in store.list_conversations()] == [conversation.id]
    assert integrity(data_dir / "history.sqlite3") == "ok"
    connection = sqlite3.connect(restored.previous)
    texts = [row[0] for row in connection.execute("SELECT text FROM messages ORDER BY id")]
    connection.close()
    assert "after the backup" in texts
    # The store goes on working on the restored history.
    add_answered_turn(store, conversation.id, "next", "fine")


def test_a_backup_from_a_newer_app_is_refused_and_nothing_changes(
    store: HistoryStore, data_dir: Path, tmp_path: Path
) -> None:
    import pytest

    from dynaspark_desktop.storage.models import HistoryError

    conversation = store.create_conversation("m")
    add_answered_turn(store, conversation.id, "mine", "kept")
    newer = store.back_up_now()
    connection = sqlite3.connect(newer)
    connection.execute("PRAGMA user_version = 999")
    connection.commit()
    connection.close()
    with pytest.raises(HistoryError, match="newer version"):
        store.restore_backup(newer)
    assert [c.id for c in store.list_conversations()] == [conversation.id]
    assert not (data_dir / ".restoring-history.sqlite3").exists()
