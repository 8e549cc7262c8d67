"""Saving a turn as it happens: the question (with its image) before it is sent, then its
answer, failure or stop, a retry, an edited question; each in one transaction."""

from __future__ import annotations

import sqlite3

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.redaction import redact_known_secrets, redact_secrets
from dynaspark_desktop.storage.conversations import title_from_question
from dynaspark_desktop.storage.models import Role, StoredImage, StoredMessage
from dynaspark_desktop.storage.store_base import StoreBase


class TurnWrites(StoreBase):
    """The message rows a turn writes; :class:`HistoryStore` combines this with the rest."""

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
        # A server may echo a key it was sent; only known values are masked in an answer
        # (a model's ``api_key = "…"`` example is the answer, not a secret).
        answer = redact_known_secrets(answer)
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
        error = redact_secrets(error)
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
        error, partial_answer = redact_secrets(error), redact_known_secrets(partial_answer)
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


def _milliseconds(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)
