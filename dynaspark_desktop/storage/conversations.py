"""Conversations and their messages: the sidebar, the transcript, the turn's life, search."""

from __future__ import annotations

import sqlite3
from typing import Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage.models import (
    ConversationDetails,
    ConversationPage,
    ConversationSummary,
    Role,
    SearchHit,
    StoredImage,
    StoredMessage,
)
from dynaspark_desktop.storage.rows import (
    ATTACHMENT_COLUMNS,
    DETAILS_COLUMNS,
    MESSAGE_COLUMNS,
    SUMMARY_COLUMNS,
    details_from_row,
    image_from_row,
    message_from_row,
    summary_from_row,
)
from dynaspark_desktop.storage.search import search_messages
from dynaspark_desktop.storage.store_base import StoreBase

TITLE_LENGTH = 60


def title_from_question(text: str) -> str:
    """A sidebar title from the first question: one line, cut at a word near 60 characters."""
    line = " ".join(text.split())
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[:TITLE_LENGTH].rsplit(" ", 1)[0] or line[:TITLE_LENGTH]
    return cut.rstrip(" ,.;:-") + "…"


class ConversationQueries(StoreBase):
    # Conversations -----------------------------------------------------------------------

    def create_conversation(
        self, model: str = "", *, title: str = "", system_prompt: str = ""
    ) -> ConversationSummary:
        """A new, empty conversation. An empty title is filled from the first question."""
        now = self._clock()
        with self._writing() as connection:
            cursor = connection.execute(
                "INSERT INTO conversations (title, created, updated, model, system_prompt) "
                "VALUES (?, ?, ?, ?, ?)",
                (title.strip(), now, now, model, system_prompt),
            )
        assert cursor.lastrowid is not None
        return ConversationSummary(
            id=cursor.lastrowid, title=title.strip(), updated=now, model=model, pinned=False
        )

    def get_conversation(self, conversation_id: int) -> ConversationDetails | None:
        """Every field of one conversation (also when it is in the trash), or None."""
        with self._lock:
            self._ensure_open()
            row = self._connection.execute(
                f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        return details_from_row(row) if row else None

    def list_conversations(self, limit: int | None = None) -> list[ConversationSummary]:
        """The sidebar: pinned first, then most recently active first; none in the trash."""
        with self._lock:
            self._ensure_open()
            rows = self._connection.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM conversations WHERE deleted IS NULL "
                "ORDER BY pinned DESC, updated DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [summary_from_row(row) for row in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self._update_conversation(conversation_id, title=title.strip())

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._update_conversation(conversation_id, pinned=int(pinned))

    def set_model(self, conversation_id: int, model: str) -> None:
        """The model the conversation's next question goes to (the picker follows it)."""
        self._update_conversation(conversation_id, model=model)

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        self._update_conversation(conversation_id, system_prompt=system_prompt)

    def delete_conversation(self, conversation_id: int) -> None:
        """Move to the trash: gone from the sidebar and search, back with restore_conversation.

        The trash is emptied by :meth:`purge_deleted` (at start-up, after a week).
        """
        self._update_conversation(conversation_id, deleted=self._clock())

    def restore_conversation(self, conversation_id: int) -> None:
        """Undo :meth:`delete_conversation`."""
        self._update_conversation(conversation_id, deleted=None)

    def _update_conversation(self, conversation_id: int, **columns: Any) -> None:
        # Column names come from the methods above, never from callers.
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._writing() as connection:
            cursor = connection.execute(
                f"UPDATE conversations SET {assignments} WHERE id = ?",
                (*columns.values(), conversation_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no conversation {conversation_id}")

    # A turn's life -----------------------------------------------------------------------

    def add_user_message(
        self,
        conversation_id: int,
        text: str,
        model: str,
        image: PreparedImage | None = None,
    ) -> StoredMessage:
        """Save a question before it is sent (state SENT). The image file is written first.

        Also makes ``model`` the conversation's model and, for the first question of an
        untitled conversation, its title.
        """
        with self._lock:
            digests = self._keep_image_files(image) if image is not None else None
            now = self._clock()
            with self._writing() as connection:
                row = connection.execute(
                    "SELECT (SELECT max(position) FROM messages WHERE conversation_id = ?1) "
                    "FROM conversations WHERE id = ?1",
                    (conversation_id,),
                ).fetchone()
                if row is None:
                    raise KeyError(f"no conversation {conversation_id}")
                last_position = row[0]
                # Questions sit at even positions; the answer takes the odd one after.
                position = 0 if last_position is None else (last_position // 2 + 1) * 2
                cursor = connection.execute(
                    "INSERT INTO messages "
                    "(conversation_id, position, role, text, model, state, created) "
                    "VALUES (?, ?, 'user', ?, ?, 'sent', ?)",
                    (conversation_id, position, text, model, now),
                )
                message_id = cursor.lastrowid
                assert message_id is not None
                if image is not None and digests is not None:
                    self._attach(connection, "message_id", message_id, image, digests)
                connection.execute(
                    "UPDATE conversations SET updated = ?, model = ?, "
                    "title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
                    (now, model, title_from_question(text), conversation_id),
                )
                attachments = tuple(self._stored_images(connection, "message_id = ?", message_id))
        return StoredMessage(
            id=message_id,
            conversation_id=conversation_id,
            position=position,
            role=Role.USER,
            text=text,
            model=model,
            state=TurnState.SENT,
            error="",
            created=now,
            finished=None,
            elapsed_ms=None,
            attachments=attachments,
        )

    def mark_answered(
        self,
        message_id: int,
        answer: str,
        model: str,
        elapsed_seconds: float | None = None,
        *,
        image: PreparedImage | None = None,
    ) -> StoredMessage | None:
        """Save the answer to question ``message_id``, as given by ``model``, with the
        picture it is (``image``, for a generated one) kept like a question's image.

        Returns the answer, or None when the question no longer exists (its conversation
        was removed for good while the request ran).
        """
        now = self._clock()
        released: list[tuple[str, str, str]] = []
        attachments: tuple[StoredImage, ...] = ()
        with self._lock:
            digests = self._keep_image_files(image) if image is not None else None
            with self._writing() as connection:
                question = self._finish_question(
                    connection, message_id, TurnState.ANSWERED, "", elapsed_seconds
                )
                if question is not None:
                    released = self._remove_answer(connection, message_id)
                    cursor = self._insert_answer(
                        connection, question, answer, model, now, elapsed_seconds
                    )
                    answer_id = cursor.lastrowid
                    assert answer_id is not None
                    if image is not None and digests is not None:
                        self._attach(connection, "message_id", answer_id, image, digests)
                        attachments = tuple(
                            self._stored_images(connection, "message_id = ?", answer_id)
                        )
            if question is None and image is not None and digests is not None:
                # Nothing refers to the files just written: they go again.
                released = [(digests[0], image.mime_type, digests[1])]
            self._release_images(released)
        if question is None:
            return None
        conversation_id, position = question
        return StoredMessage(
            id=answer_id,
            conversation_id=conversation_id,
            position=position + 1,
            role=Role.ASSISTANT,
            text=answer,
            model=model,
            state=TurnState.ANSWERED,
            error="",
            created=now,
            finished=now,
            elapsed_ms=_milliseconds(elapsed_seconds),
            attachments=attachments,
        )

    def _insert_answer(
        self,
        connection: sqlite3.Connection,
        question: tuple[int, int],
        answer: str,
        model: str,
        now: float,
        elapsed_seconds: float | None,
    ) -> sqlite3.Cursor:
        conversation_id, position = question
        return connection.execute(
            "INSERT INTO messages (conversation_id, position, role, text, model, state, "
            "created, finished, elapsed_ms) "
            "VALUES (?, ?, 'assistant', ?, ?, 'answered', ?, ?, ?)",
            (
                conversation_id,
                position + 1,
                answer,
                model,
                now,
                now,
                _milliseconds(elapsed_seconds),
            ),
        )

    def mark_failed(
        self, message_id: int, error: str, elapsed_seconds: float | None = None
    ) -> None:
        """The request for question ``message_id`` failed; ``error`` is what the user read."""
        with self._writing() as connection:
            self._finish_question(connection, message_id, TurnState.FAILED, error, elapsed_seconds)

    def mark_cancelled(
        self,
        message_id: int,
        error: str = "",
        elapsed_seconds: float | None = None,
        *,
        partial_answer: str = "",
        model: str = "",
    ) -> None:
        """The user stopped the request for question ``message_id``.

        What had arrived of the answer is kept (as an answer row in state CANCELLED), so a
        stopped answer reads the same after a restart.
        """
        now = self._clock()
        with self._writing() as connection:
            question = self._finish_question(
                connection, message_id, TurnState.CANCELLED, error, elapsed_seconds
            )
            if question is None or not partial_answer:
                return
            conversation_id, position = question
            connection.execute(
                "INSERT INTO messages (conversation_id, position, role, text, model, state, "
                "created, finished, elapsed_ms) "
                "VALUES (?, ?, 'assistant', ?, ?, 'cancelled', ?, ?, ?)",
                (
                    conversation_id,
                    position + 1,
                    partial_answer,
                    model,
                    now,
                    now,
                    _milliseconds(elapsed_seconds),
                ),
            )

    def mark_retrying(self, message_id: int, model: str) -> None:
        """Question ``message_id`` is being sent again, perhaps to another model."""
        with self._lock:
            with self._writing() as connection:
                connection.execute(
                    "UPDATE messages SET state = 'sent', error = '', model = ?, "
                    "finished = NULL, elapsed_ms = NULL WHERE id = ? AND role = 'user'",
                    (model, message_id),
                )
                # The earlier answer (a stopped one, or one being regenerated) gives way.
                released = self._remove_answer(connection, message_id)
            self._release_images(released)

    def edit_question(self, message_id: int, text: str) -> None:
        """The user rewrote question ``message_id`` to send it again: its text changes, and
        its answer and every later message of the conversation are removed."""
        with self._lock:
            with self._writing() as connection:
                row = connection.execute(
                    "SELECT conversation_id, position FROM messages WHERE id = ? AND role = 'user'",
                    (message_id,),
                ).fetchone()
                if row is None:
                    return
                conversation_id, position = row
                released = connection.execute(
                    "SELECT a.sha256, a.mime_type, a.thumbnail_sha256 FROM attachments a "
                    "JOIN messages m ON a.message_id = m.id "
                    "WHERE m.conversation_id = ? AND m.position > ?",
                    (conversation_id, position),
                ).fetchall()
                connection.execute(
                    "DELETE FROM messages WHERE conversation_id = ? AND position > ?",
                    (conversation_id, position),
                )
                connection.execute("UPDATE messages SET text = ? WHERE id = ?", (text, message_id))
            self._release_images(released)

    def _remove_answer(
        self, connection: sqlite3.Connection, message_id: int
    ) -> list[tuple[str, str, str]]:
        """Delete question ``message_id``'s answer; returns its images' files, to release
        after the commit (a generated picture is the answer's own image)."""
        answer = (
            "SELECT a.id FROM messages a JOIN messages q ON a.conversation_id = "
            "q.conversation_id AND a.position = q.position + 1 "
            "WHERE q.id = ? AND q.role = 'user' AND a.role = 'assistant'"
        )
        released = connection.execute(
            "SELECT sha256, mime_type, thumbnail_sha256 FROM attachments "
            f"WHERE message_id IN ({answer})",
            (message_id,),
        ).fetchall()
        connection.execute(f"DELETE FROM messages WHERE id IN ({answer})", (message_id,))
        return released

    def _finish_question(
        self,
        connection: sqlite3.Connection,
        message_id: int,
        state: TurnState,
        error: str,
        elapsed_seconds: float | None,
    ) -> tuple[int, int] | None:
        now = self._clock()
        # No UPDATE … RETURNING: it needs SQLite 3.35, newer than some distributions ship.
        row = connection.execute(
            "SELECT conversation_id, position FROM messages WHERE id = ? AND role = 'user'",
            (message_id,),
        ).fetchone()
        if row is None:
            return None
        connection.execute(
            "UPDATE messages SET state = ?, error = ?, finished = ?, elapsed_ms = ? WHERE id = ?",
            (state.value, error, now, _milliseconds(elapsed_seconds), message_id),
        )
        connection.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, row[0]))
        return row[0], row[1]

    # Reading a conversation --------------------------------------------------------------

    def get_message(self, message_id: int) -> StoredMessage | None:
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                return None
            images = self._stored_images(connection, "message_id = ?", message_id)
        return message_from_row(row, tuple(images))

    def load_conversation(
        self,
        conversation_id: int,
        *,
        limit: int | None = None,
        before: int | None = None,
        from_message: int | None = None,
    ) -> ConversationPage:
        """The latest ``limit`` messages (all when None), oldest first, for painting.

        ``before`` (a position, e.g. ``page.first_position``) pages further back.
        ``from_message`` widens the page so it starts no later than that message (opening a
        conversation at a search hit). A page never starts with an answer whose question it
        cut off: the question is added. Raises KeyError for an unknown conversation.
        """
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no conversation {conversation_id}")
            upper = before if before is not None else 2**62
            lowest = self._lowest_position(connection, conversation_id, upper, limit)
            if from_message is not None:
                target = connection.execute(
                    "SELECT position FROM messages WHERE id = ? AND conversation_id = ?",
                    (from_message, conversation_id),
                ).fetchone()
                if target is not None:
                    lowest = min(lowest, target[0])
            if lowest % 2 == 1:
                lowest -= 1  # include the question of a leading answer
            rows = connection.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages "
                "WHERE conversation_id = ? AND position >= ? AND position < ? ORDER BY position",
                (conversation_id, lowest, upper),
            ).fetchall()
            images = self._page_images(connection, conversation_id, lowest, upper)
            has_earlier = bool(rows) and (
                connection.execute(
                    "SELECT 1 FROM messages WHERE conversation_id = ? AND position < ? LIMIT 1",
                    (conversation_id, rows[0][2]),
                ).fetchone()
                is not None
            )
        messages = tuple(message_from_row(item, tuple(images.get(item[0], ()))) for item in rows)
        return ConversationPage(
            conversation=details_from_row(row), messages=messages, has_earlier=has_earlier
        )

    def _lowest_position(
        self, connection: sqlite3.Connection, conversation_id: int, upper: int, limit: int | None
    ) -> int:
        if limit is None:
            return -(2**62)
        if limit <= 0:
            return upper
        # The index (conversation_id, position) makes this a short walk back from the end.
        row = connection.execute(
            "SELECT position FROM messages WHERE conversation_id = ? AND position < ? "
            "ORDER BY position DESC LIMIT 1 OFFSET ?",
            (conversation_id, upper, limit - 1),
        ).fetchone()
        return -(2**62) if row is None else int(row[0])

    def _page_images(
        self, connection: sqlite3.Connection, conversation_id: int, lowest: int, upper: int
    ) -> dict[int, list[StoredImage]]:
        rows = connection.execute(
            f"SELECT a.message_id, {', '.join('a.' + c for c in ATTACHMENT_COLUMNS.split(', '))} "
            "FROM attachments a JOIN messages m ON m.id = a.message_id "
            "WHERE m.conversation_id = ? AND m.position >= ? AND m.position < ? ORDER BY a.id",
            (conversation_id, lowest, upper),
        ).fetchall()
        images: dict[int, list[StoredImage]] = {}
        for item in rows:
            images.setdefault(item[0], []).append(image_from_row(item[1:], self._files))
        return images

    # Search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages of every live conversation matching all words of ``query``, newest first.

        Any text is accepted (quotes, operators, stray punctuation are read as plain words);
        text with no words finds nothing. Snippets mark matches with HIGHLIGHT_START/END.
        """
        with self._lock:
            self._ensure_open()
            return search_messages(self._connection, query, limit)


def _milliseconds(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)
