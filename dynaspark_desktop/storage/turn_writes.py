"""Saving a turn as it happens: the question (with its image) before it is sent, then its
answer, failure or stop, a retry, an edited question; each in one transaction. Nothing is
overwritten: a new answer or an edited question is a new node of the tree (``tree.py``)."""

from __future__ import annotations

import sqlite3

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.redaction import redact_known_secrets, redact_secrets
from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.answer_measures import AnswerMeasures
from dynaspark_desktop.storage.answer_measures import milliseconds as _milliseconds
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
        more_images: tuple[PreparedImage, ...] = (),
    ) -> StoredMessage:
        """Save a question before it is sent (state SENT), ``image`` then ``more_images``.

        Also makes ``model`` the conversation's model and, for the first question of an
        untitled conversation, its title.
        """
        with self._lock:
            images = [image, *more_images] if image is not None else []
            digests = [self._keep_image_files(each) for each in images]
            now = self._clock()
            with self._writing() as connection:
                if (
                    connection.execute(
                        "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
                    ).fetchone()
                    is None
                ):
                    raise KeyError(f"no conversation {conversation_id}")
                # The question follows the end of the path on screen.
                parent_id = tree.current_leaf(connection, conversation_id)
                position = tree.next_position(connection, conversation_id)
                cursor = connection.execute(
                    "INSERT INTO messages "
                    "(conversation_id, position, role, text, model, state, created, parent_id) "
                    "VALUES (?, ?, 'user', ?, ?, 'sent', ?, ?)",
                    (conversation_id, position, text, model, now, parent_id),
                )
                message_id = cursor.lastrowid
                assert message_id is not None
                tree.added_child(connection, conversation_id, parent_id, message_id, follow=True)
                for each, each_digests in zip(images, digests, strict=True):
                    self._attach(connection, "message_id", message_id, each, each_digests)
                connection.execute(
                    "UPDATE conversations SET updated = ?, model = ?, "
                    "title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
                    (now, model, title_from_question(text), conversation_id),
                )
                attachments = tuple(self._stored_images(connection, "message_id = ?", message_id))
        return sent_question(
            message_id, conversation_id, position, text, model, now, attachments, parent_id
        )

    def mark_answered(
        self,
        message_id: int,
        answer: str,
        model: str,
        elapsed_seconds: float | None = None,
        *,
        image: PreparedImage | None = None,
        measures: AnswerMeasures | None = None,
        unread: bool = False,
    ) -> StoredMessage | None:
        """Save the answer to question ``message_id``, as given by ``model``, with the
        picture it is (``image``, for a generated one) kept like a question's image, and
        its ``measures`` (tokens, first text, notes), shown in its header. ``unread``: it
        arrived away from the screen (the conversation's sidebar mark, until shown).

        The answer joins the question's earlier ones (regenerations) as the one shown.
        Returns it, or None when the question no longer exists (its conversation was removed
        for good while the request ran).
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
                    connection, message_id, TurnState.ANSWERED, "", elapsed_seconds, unread
                )
                if question is not None:
                    answer_id, position = self._insert_answer(
                        connection,
                        message_id,
                        question[0],
                        answer,
                        model,
                        now,
                        elapsed_seconds,
                        measures=measures,
                    )
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
        return StoredMessage(
            id=answer_id,
            conversation_id=question[0],
            position=position,
            role=Role.ASSISTANT,
            text=answer,
            model=model,
            state=TurnState.ANSWERED,
            error="",
            created=now,
            finished=now,
            elapsed_ms=_milliseconds(elapsed_seconds),
            attachments=attachments,
            parent_id=message_id,
            tokens=measures.tokens if measures is not None else None,
            first_text_ms=measures.first_text_ms if measures is not None else None,
            context_sent=(measures.context_turns or (None, None))[0] if measures else None,
            context_total=(measures.context_turns or (None, None))[1] if measures else None,
            fallback_note=measures.fallback_note if measures is not None else "",
        )

    def _insert_answer(
        self,
        connection: sqlite3.Connection,
        question_id: int,
        conversation_id: int,
        answer: str,
        model: str,
        now: float,
        elapsed_seconds: float | None,
        state: TurnState = TurnState.ANSWERED,
        *,
        measures: AnswerMeasures | None = None,
    ) -> tuple[int, int]:
        """A new answer under the question (its id and position): shown there, and the end of
        the conversation's path when the question was."""
        position = tree.next_position(connection, conversation_id)
        cursor = connection.execute(
            "INSERT INTO messages (conversation_id, position, role, text, model, state, "
            "created, finished, elapsed_ms, parent_id, tokens, first_text_ms, "
            "context_sent, context_total, fallback_note) "
            "VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id,
                position,
                answer,
                model,
                state.value,
                now,
                now,
                _milliseconds(elapsed_seconds),
                question_id,
                *(measures or AnswerMeasures()).row_values(),
            ),
        )
        answer_id = cursor.lastrowid
        assert answer_id is not None
        # Questions asked after this one while it had no answer (it had failed) follow it
        # directly; its answer now comes between, as it reads in the transcript.
        connection.execute(
            "UPDATE messages SET parent_id = ? WHERE parent_id = ? AND role = 'user'",
            (answer_id, question_id),
        )
        follow = tree.current_leaf(connection, conversation_id) == question_id
        tree.added_child(connection, conversation_id, question_id, answer_id, follow=follow)
        return answer_id, position

    def mark_failed(
        self,
        message_id: int,
        error: str,
        elapsed_seconds: float | None = None,
        *,
        unread: bool = False,
    ) -> None:
        """The request for question ``message_id`` failed; ``error`` is what the user read."""
        error = redact_secrets(error)
        with self._writing() as connection:
            self._finish_question(
                connection, message_id, TurnState.FAILED, error, elapsed_seconds, unread
            )

    def mark_cancelled(
        self,
        message_id: int,
        error: str = "",
        elapsed_seconds: float | None = None,
        *,
        partial_answer: str = "",
        model: str = "",
        measures: AnswerMeasures | None = None,
    ) -> int | None:
        """The user stopped the request for question ``message_id``.

        What had arrived of the answer is kept (as an answer row in state CANCELLED), so a
        stopped answer reads the same after a restart. Returns that row's id, if one.
        """
        error, partial_answer = redact_secrets(error), redact_known_secrets(partial_answer)
        now = self._clock()
        with self._writing() as connection:
            question = self._finish_question(
                connection, message_id, TurnState.CANCELLED, error, elapsed_seconds
            )
            if question is None or not partial_answer:
                return None
            answer_id, _position = self._insert_answer(
                connection,
                message_id,
                question[0],
                partial_answer,
                model,
                now,
                elapsed_seconds,
                TurnState.CANCELLED,
                measures=measures,
            )
        return answer_id

    def mark_retrying(
        self, message_id: int, model: str, *, replaced_answer_id: int | None = None
    ) -> None:
        """Question ``message_id`` is being sent again, perhaps to another model.

        Its earlier answers stay (the new one joins them as a sibling), except
        ``replaced_answer_id``: a stopped answer that a Retry replaces. Until the new answer
        arrives the path ends at the question (unless it continues past it).
        """
        with self._lock:
            released: list[tuple[str, str, str]] = []
            with self._writing() as connection:
                row = connection.execute(
                    "SELECT conversation_id FROM messages WHERE id = ? AND role = 'user'",
                    (message_id,),
                ).fetchone()
                if row is None:
                    return
                connection.execute(
                    "UPDATE messages SET state = 'sent', error = '', model = ?, "
                    "finished = NULL, elapsed_ms = NULL, chosen_child_id = NULL WHERE id = ?",
                    (model, message_id),
                )
                leaf = tree.current_leaf(connection, row[0])
                shown = connection.execute(
                    "SELECT 1 FROM messages WHERE id = ?1 AND (id = ?2 OR parent_id = ?2)",
                    (leaf, message_id),
                ).fetchone()
                if replaced_answer_id is not None:
                    released = self._remove_answer(connection, message_id, replaced_answer_id)
                if leaf is None or shown is not None:
                    connection.execute(
                        "UPDATE conversations SET current_leaf = ? WHERE id = ?",
                        (message_id, row[0]),
                    )
            self._release_images(released)

    def _remove_answer(
        self, connection: sqlite3.Connection, question_id: int, answer_id: int
    ) -> list[tuple[str, str, str]]:
        """Delete answer ``answer_id`` of question ``question_id``; returns its images'
        files, to release after the commit. Later turns that followed it follow the question
        until its new answer comes (between them again, see ``_insert_answer``)."""
        answer = (
            "SELECT a.id FROM messages a WHERE a.id = ?1 AND a.parent_id = ?2 "
            "AND a.role = 'assistant'"
        )
        connection.execute(
            f"UPDATE messages SET parent_id = ?2 WHERE parent_id IN ({answer})",
            (answer_id, question_id),
        )
        released = connection.execute(
            "SELECT sha256, mime_type, thumbnail_sha256 FROM attachments "
            f"WHERE message_id IN ({answer})",
            (answer_id, question_id),
        ).fetchall()
        connection.execute(f"DELETE FROM messages WHERE id IN ({answer})", (answer_id, question_id))
        return released

    def _finish_question(
        self,
        connection: sqlite3.Connection,
        message_id: int,
        state: TurnState,
        error: str,
        elapsed_seconds: float | None,
        unread: bool = False,
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
        # Only set here: the conversation is marked read when it is shown (mark_read).
        connection.execute(
            "UPDATE conversations SET updated = ?, unread = max(unread, ?) WHERE id = ?",
            (now, int(unread), row[0]),
        )
        return row[0], row[1]


def sent_question(
    message_id: int,
    conversation_id: int,
    position: int,
    text: str,
    model: str,
    now: float,
    attachments: tuple[StoredImage, ...],
    parent_id: int | None,
) -> StoredMessage:
    """A question just written (a new one, or an edit's rewrite), waiting for its answer."""
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
        parent_id=parent_id,
    )
