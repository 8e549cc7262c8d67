"""The database schema and its forward migrations.

``PRAGMA user_version`` holds the number of migrations applied. Each migration is a function
that runs inside one transaction together with the version bump, so a crash leaves the
database at the old version or the new one. Migrations are append-only: a released one is
never edited, because some user's database was made by exactly that code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from dynaspark_desktop.storage.models import HistoryFromNewerVersionError

# Version 1: the first schema. Times are seconds since the epoch (REAL).
_SCHEMA_V1 = (
    """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        updated REAL NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
    )
    """,
    """
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
    )
    """,
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
        text TEXT NOT NULL DEFAULT '',
        updated REAL NOT NULL
    )
    """,
    # One draft per conversation, and one for the chat not started yet (conversation NULL).
    "CREATE UNIQUE INDEX drafts_one_per_conversation ON drafts (ifnull(conversation_id, 0))",
    """
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
    )
    """,
    "CREATE INDEX attachments_by_message ON attachments (message_id)",
    "CREATE INDEX attachments_by_draft ON attachments (draft_id)",
    # Deleting a message asks "is this image file still used?": these answer it.
    "CREATE INDEX attachments_by_image ON attachments (sha256)",
    "CREATE INDEX attachments_by_thumbnail ON attachments (thumbnail_sha256)",
    "CREATE INDEX conversations_for_sidebar ON conversations (pinned DESC, updated DESC, id DESC)",
)


def _create_first_schema(connection: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1:
        connection.execute(statement)


def _add_full_text_search(connection: sqlite3.Connection) -> None:
    """Version 2: an FTS5 index over every message's text, kept in step by triggers.

    External content: the index stores no second copy of the text, and ``snippet()`` reads
    the text from ``messages``. ``remove_diacritics 2`` lets "cafe" find "café".
    """
    connection.execute(
        """
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            text,
            content = 'messages',
            content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """
    )
    connection.execute(
        """
        CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
        END
        """
    )
    connection.execute(
        """
        CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text)
                VALUES ('delete', old.id, old.text);
        END
        """
    )
    connection.execute(
        """
        CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF text ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text)
                VALUES ('delete', old.id, old.text);
            INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
        END
        """
    )
    # Index what version 1 already holds.
    connection.execute("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')")


def _add_trash(connection: sqlite3.Connection) -> None:
    """Version 3: deleting a conversation moves it to a trash first, so it can be undone.

    The sidebar index becomes partial (live conversations only), which keeps the sidebar
    query an index walk however much sits in the trash.
    """
    connection.execute("ALTER TABLE conversations ADD COLUMN deleted REAL")
    connection.execute("DROP INDEX conversations_for_sidebar")
    connection.execute(
        """
        CREATE INDEX conversations_for_sidebar
        ON conversations (pinned DESC, updated DESC, id DESC) WHERE deleted IS NULL
        """
    )
    connection.execute(
        "CREATE INDEX conversations_in_trash ON conversations (deleted) WHERE deleted IS NOT NULL"
    )


def _add_conversation_uids(connection: sqlite3.Connection) -> None:
    """Every conversation gets a random, stable id that its exports carry, so importing an
    archive twice recognises what is already there instead of duplicating it.

    ``ALTER TABLE`` cannot give a column a random default: a trigger gives each new row one
    (unless the insert brings its own, as an import does).
    """
    connection.execute("ALTER TABLE conversations ADD COLUMN uid TEXT")
    connection.execute("UPDATE conversations SET uid = lower(hex(randomblob(16)))")
    connection.execute("CREATE UNIQUE INDEX conversations_by_uid ON conversations (uid)")
    connection.execute(
        """
        CREATE TRIGGER conversations_uid_after_insert AFTER INSERT ON conversations
        WHEN new.uid IS NULL BEGIN
            UPDATE conversations SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
        END
        """
    )


def _add_conversation_parameters(connection: sqlite3.Connection) -> None:
    """A conversation's own sampling parameters (``core.parameters``), as a JSON object;
    NULL: it follows the defaults for new chats."""
    connection.execute("ALTER TABLE conversations ADD COLUMN parameters TEXT")


def _add_branches(connection: sqlite3.Connection) -> None:
    """Version 4: the conversation is a tree. Each message names its parent (NULL for a
    first question), so a regenerated answer is a sibling of the one before it and an edited
    question a sibling of the original, each with its own later turns.

    ``position`` keeps its meaning of creation order within the conversation (unique, and
    rising along every path from the root), so no table needs rebuilding and every id, the
    full-text index and its triggers stay as they were. Each node remembers the child shown
    under it (``chosen_child_id``, NULL: the newest), and each conversation the end of the
    path it shows (``current_leaf``). The existing linear messages become one path: each
    message's parent is the one before it.
    """
    connection.execute(
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER "
        "REFERENCES messages(id) ON DELETE CASCADE"
    )
    connection.execute("ALTER TABLE messages ADD COLUMN chosen_child_id INTEGER")
    # An answer's own measures, shown in its header whichever version is on screen: the
    # tokens it took (as the server counted, else the pieces streamed) and the wait for
    # its first text.
    connection.execute("ALTER TABLE messages ADD COLUMN tokens INTEGER")
    connection.execute("ALTER TABLE messages ADD COLUMN first_text_ms INTEGER")
    connection.execute("ALTER TABLE conversations ADD COLUMN current_leaf INTEGER")
    # The UNIQUE (conversation_id, position) index makes each lookup a short seek.
    connection.execute(
        """
        UPDATE messages SET parent_id = (
            SELECT p.id FROM messages p
            WHERE p.conversation_id = messages.conversation_id AND p.position < messages.position
            ORDER BY p.position DESC LIMIT 1
        )
        """
    )
    connection.execute(
        """
        UPDATE conversations SET current_leaf = (
            SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id
            ORDER BY m.position DESC LIMIT 1
        )
        """
    )
    connection.execute("CREATE INDEX messages_by_parent ON messages (parent_id)")


def _add_answer_notes(connection: sqlite3.Connection) -> None:
    """What an answer's header says beyond its measures, kept across restarts: how many turns
    of the path its request carried (``context_sent`` of ``context_total``, NULL when the
    whole path went) and which models failed before the one that answered
    (``fallback_note``); and whether a conversation has an answer the user has not seen
    (``unread``, the sidebar's mark)."""
    connection.execute("ALTER TABLE messages ADD COLUMN context_sent INTEGER")
    connection.execute("ALTER TABLE messages ADD COLUMN context_total INTEGER")
    connection.execute("ALTER TABLE messages ADD COLUMN fallback_note TEXT NOT NULL DEFAULT ''")
    connection.execute(
        "ALTER TABLE conversations ADD COLUMN unread INTEGER NOT NULL DEFAULT 0 "
        "CHECK (unread IN (0, 1))"
    )


def _add_prompt_library(connection: sqlite3.Connection) -> None:
    """The prompt library (``prompts.py``): saved prompts, inserted with ``/name`` in the
    composer, and assistants (a system prompt, and a model, to start a new chat with). One
    table for both kinds; a name is unique within its kind whatever its (ASCII) case."""
    connection.execute(
        """
        CREATE TABLE library (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('prompt', 'assistant')),
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            model TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL
        )
        """
    )
    connection.execute("CREATE UNIQUE INDEX library_by_name ON library (kind, name COLLATE NOCASE)")


def _add_documents(connection: sqlite3.Connection) -> None:
    """Documents attached to a question (``storage/document_rows.py``): one row each, in
    order, naming the text extracted from it, which is kept once by its SHA-256 in the
    ``documents`` folder (as images are in theirs)."""
    connection.execute(
        """
        CREATE TABLE message_documents (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            filename TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('pdf', 'text')),
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            chars INTEGER NOT NULL,
            pages INTEGER,
            pages_read INTEGER,
            truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
            notes TEXT NOT NULL DEFAULT ''
        )
        """
    )
    connection.execute("CREATE INDEX documents_by_message ON message_documents (message_id)")
    connection.execute("CREATE INDEX documents_by_text ON message_documents (sha256)")


def _add_draft_documents(connection: sqlite3.Connection) -> None:
    """Documents pending in a conversation's draft (``storage/drafts.py``), kept like the
    draft's images: one row each, in order, its text kept by hash in ``documents``."""
    connection.execute(
        """
        CREATE TABLE draft_documents (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            filename TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('pdf', 'text')),
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            chars INTEGER NOT NULL,
            pages INTEGER,
            pages_read INTEGER,
            truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
            notes TEXT NOT NULL DEFAULT ''
        )
        """
    )
    connection.execute("CREATE INDEX draft_documents_by_draft ON draft_documents (draft_id)")
    connection.execute("CREATE INDEX draft_documents_by_text ON draft_documents (sha256)")


# Append only. The index + 1 is the version the function brings the database to.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_first_schema,
    _add_full_text_search,
    _add_trash,
    _add_branches,
    _add_conversation_uids,
    _add_conversation_parameters,
    _add_answer_notes,
    _add_documents,
    _add_prompt_library,
    _add_draft_documents,
)
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection) -> tuple[int, int]:
    """Bring the database up to :data:`CURRENT_VERSION`; returns (old, new) versions.

    ``connection`` must be in autocommit mode (``isolation_level=None``): each step opens
    its own transaction.
    """
    found = schema_version(connection)
    if found > CURRENT_VERSION:
        raise HistoryFromNewerVersionError(
            "Your chat history was saved by a newer version of Dynaspark Desktop. "
            "Please update the app to open it; it has not been changed.",
            detail=f"user_version {found}, this build knows up to {CURRENT_VERSION}",
        )
    for version in range(found, CURRENT_VERSION):
        # IMMEDIATE: take the write lock up front, so two app instances starting together
        # cannot both run the same migration.
        connection.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(connection) == version:
                MIGRATIONS[version](connection)
                # PRAGMA takes no parameters; the value is our own integer.
                connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return found, CURRENT_VERSION
