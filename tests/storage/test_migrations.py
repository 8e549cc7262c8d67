"""Forward migrations: a database made by the first schema opens, keeps its data, is upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore, Role
from dynaspark_desktop.storage.schema import CURRENT_VERSION, MIGRATIONS, migrate
from tests.storage.support import fake_image, integrity

# The schema exactly as version 1 of the app created it. Frozen here on purpose: if the code's
# first migration were ever edited, this test would still build a real version-1 database.
VERSION_1_DDL = """
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('sent', 'answered', 'failed', 'cancelled')),
    error TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    finished REAL,
    elapsed_ms INTEGER,
    UNIQUE (conversation_id, position)
);
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
    text TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL
);
CREATE UNIQUE INDEX drafts_one_per_conversation ON drafts (ifnull(conversation_id, 0));
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    draft_id INTEGER REFERENCES drafts(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    filename TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    original_width INTEGER NOT NULL,
    original_height INTEGER NOT NULL,
    thumbnail_sha256 TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]',
    CHECK ((message_id IS NULL) != (draft_id IS NULL))
);
CREATE INDEX attachments_by_message ON attachments (message_id);
CREATE INDEX attachments_by_draft ON attachments (draft_id);
CREATE INDEX attachments_by_image ON attachments (sha256);
CREATE INDEX attachments_by_thumbnail ON attachments (thumbnail_sha256);
CREATE INDEX conversations_for_sidebar ON conversations (pinned DESC, updated DESC, id DESC);
PRAGMA user_version = 1;
"""


def make_version_1_database(data_dir: Path) -> Path:
    """A history as version 1 left it: two conversations, an image, a failed question."""
    database = data_dir / "history.sqlite3"
    image = fake_image(7)
    with HistoryStore.open(data_dir / "scratch") as scratch:
        # Borrow the image-file layout from a scratch store, then copy the files across.
        conversation = scratch.create_conversation()
        stored = scratch.add_user_message(conversation.id, "x", "m", image).attachments[0]
    for source in (stored.path, stored.thumbnail_path):
        target = data_dir / source.relative_to(data_dir / "scratch")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())

    connection = sqlite3.connect(database)
    connection.executescript(VERSION_1_DDL)
    connection.executescript(
        f"""
        INSERT INTO conversations
            VALUES (1, 'Old trip plans', 100.0, 200.0, 'gemini-pro', 'Be brief', 1);
        INSERT INTO conversations VALUES (2, 'Soup', 110.0, 300.0, 'gemini-1.5-flash', '', 0);
        INSERT INTO messages VALUES (1, 1, 0, 'user', 'Where is the lighthouse?', 'gemini-pro',
            'answered', '', 100.0, 101.5, 1500);
        INSERT INTO messages VALUES (2, 1, 1, 'assistant', 'On the northern cliffs.',
            'gemini-pro', 'answered', '', 101.5, 101.5, 1500);
        INSERT INTO messages VALUES (3, 2, 0, 'user', 'A recipe for leek soup?',
            'gemini-1.5-flash', 'failed', 'The service is down.', 290.0, 300.0, 10000);
        INSERT INTO attachments VALUES (1, 1, NULL, '{stored.sha256}', 'image/png', 'map.png',
            16, 8, {len(image.data)}, 32, 16, '{stored.thumbnail_sha256}', '[]');
        INSERT INTO drafts VALUES (1, 2, 'and with potatoes', 305.0);
        """
    )
    connection.close()
    return database


def test_a_version_1_database_is_migrated_with_its_data(data_dir: Path) -> None:
    database = make_version_1_database(data_dir)

    with HistoryStore.open(data_dir) as store:
        assert store.moved_aside is None
        sidebar = store.list_conversations()
        assert [(c.id, c.title, c.pinned) for c in sidebar] == [
            (1, "Old trip plans", True),
            (2, "Soup", False),
        ]
        old = store.load_conversation(1)
        assert old.conversation.system_prompt == "Be brief"
        assert [(m.role, m.text) for m in old.messages] == [
            (Role.USER, "Where is the lighthouse?"),
            (Role.ASSISTANT, "On the northern cliffs."),
        ]
        image = old.messages[0].image
        assert image is not None
        assert store.read_image(image).data == fake_image(7).data
        failed = store.load_conversation(2).messages[0]
        assert (failed.state, failed.error) == (TurnState.FAILED, "The service is down.")
        draft = store.load_draft(2)
        assert draft is not None
        assert draft.text == "and with potatoes"
        # What version 2 added works on the old rows: search finds messages written by v1.
        assert [hit.message_id for hit in store.search("lighthouse")] == [1]
        # And what version 3 added: the trash.
        store.delete_conversation(2)
        assert [c.id for c in store.list_conversations()] == [1]

    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    connection.close()
    assert integrity(database) == "ok"


def test_a_migrated_database_has_the_same_schema_as_a_new_one(data_dir: Path) -> None:
    make_version_1_database(data_dir)
    HistoryStore.open(data_dir).close()
    HistoryStore.open(data_dir / "new").close()

    def schema(database: Path) -> list[tuple[str, str]]:
        connection = sqlite3.connect(database)
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        connection.close()
        return [(name, " ".join((sql or "").split())) for name, sql in rows]

    assert schema(data_dir / "history.sqlite3") == schema(data_dir / "new" / "history.sqlite3")


def test_the_first_migration_is_still_the_version_1_schema(tmp_path: Path) -> None:
    frozen = sqlite3.connect(tmp_path / "frozen.sqlite3")
    frozen.executescript(VERSION_1_DDL)
    current = sqlite3.connect(tmp_path / "current.sqlite3", isolation_level=None)
    MIGRATIONS[0](current)

    def tables(connection: sqlite3.Connection) -> list[tuple[str, str]]:
        rows = connection.execute("SELECT name, sql FROM sqlite_schema ORDER BY name").fetchall()
        return [(name, " ".join((sql or "").split())) for name, sql in rows]

    assert tables(current) == tables(frozen)
    frozen.close()
    current.close()


def test_a_failed_migration_leaves_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = sqlite3.connect(tmp_path / "history.sqlite3", isolation_level=None)
    connection.executescript(VERSION_1_DDL)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(
        "dynaspark_desktop.storage.schema.MIGRATIONS", (MIGRATIONS[0], broken, *MIGRATIONS[2:])
    )
    with pytest.raises(RuntimeError):
        migrate(connection)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    assert (
        connection.execute("SELECT name FROM sqlite_schema WHERE name = 'half_done'").fetchone()
        is None
    )
    connection.close()


def test_old_conversations_get_distinct_stable_ids_and_follow_the_default_parameters(
    data_dir: Path,
) -> None:
    make_version_1_database(data_dir)

    with HistoryStore.open(data_dir) as store:
        uids = {store.conversation_uid(1), store.conversation_uid(2)}
        assert len(uids) == 2
        assert all(len(uid) == 32 for uid in uids)
        assert store.conversation_parameters(1) is None
        new = store.create_conversation()
        assert store.conversation_uid(new.id) not in {"", *uids}
    with HistoryStore.open(data_dir) as store:
        assert {store.conversation_uid(1), store.conversation_uid(2)} == uids  # stable
