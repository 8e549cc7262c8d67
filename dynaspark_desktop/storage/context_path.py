"""The path from a conversation's start to a question, read for a request's context.

The context of a request is read here, from the history, not from the turns the window
happens to have loaded (the latest page of a long conversation). Today a conversation is a
line of messages ordered by position (a question at an even position, its answer at the next
odd one), so the path is every turn before the question. Once conversations are trees
(messages with parents), this is the one place that walks from the question up to the root.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.context_window import ContextTurn, ContextWindow
from dynaspark_desktop.storage.models import StoredImage
from dynaspark_desktop.storage.rows import ATTACHMENT_COLUMNS, image_from_row
from dynaspark_desktop.storage.store_base import StoreBase

_ATTACHMENT_COLUMNS_OF_A = ", ".join("a." + column for column in ATTACHMENT_COLUMNS.split(", "))
# Each question before a position with the answer at the next one, in one pass of the
# (conversation_id, position) index; only the columns a context needs.
_TURNS = (
    "SELECT q.id, q.text, q.state, a.text FROM messages q "
    "{join} JOIN messages a ON a.conversation_id = q.conversation_id "
    "AND a.position = q.position + 1 AND a.role = 'assistant' "
    "WHERE q.conversation_id = ? AND q.position < ? AND q.role = 'user' {answered}"
)
_ANSWERED = f"AND q.state = '{TurnState.ANSWERED.value}'"

# Fits answered turns, given newest first with their number, to a budget (see
# core.context_window.fit_latest).
FitLatest = Callable[[Iterable[ContextTurn], int], ContextWindow]


class ContextPathReads(StoreBase):
    """Part of :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

    def context_path(self, conversation_id: int, question_message_id: int) -> list[ContextTurn]:
        """The turns before the question ``question_message_id`` of ``conversation_id``,
        oldest first (the question not among them), each with its answer (failed and stopped
        ones too, not ``answered``) and, as ``image``, its question's :class:`StoredImage`.

        Raises KeyError when the question is not a message of that conversation.
        """
        with self._reading() as connection:
            position = _position_of(connection, conversation_id, question_message_id)
            rows = connection.execute(
                _TURNS.format(join="LEFT", answered="") + " ORDER BY q.position",
                (conversation_id, position),
            ).fetchall()
            images = self._question_images(connection, conversation_id, position)
        return [_turn(row, images) for row in rows]

    def latest_context(
        self, conversation_id: int, question_message_id: int | None, fit: FitLatest
    ) -> ContextWindow:
        """``fit`` given the path's answered turns newest first, read one by one as it takes
        them (with the number of turns on the path): a long conversation is read only as far
        back as the model's budget goes. ``question_message_id`` None: the conversation's
        latest question (one just saved)."""
        with self._reading() as connection:
            if question_message_id is None:
                (latest,) = connection.execute(
                    "SELECT MAX(position) FROM messages "
                    "WHERE conversation_id = ? AND position % 2 = 0",
                    (conversation_id,),
                ).fetchone()
                position = 0 if latest is None else int(latest)
            else:
                position = _position_of(connection, conversation_id, question_message_id)
            arguments = (conversation_id, position)
            # Questions sit at even positions: counted in the index alone.
            (count,) = connection.execute(
                "SELECT COUNT(*) FROM messages "
                "WHERE conversation_id = ? AND position < ? AND position % 2 = 0",
                arguments,
            ).fetchone()
            cursor = connection.execute(
                _TURNS.format(join="", answered=_ANSWERED) + " ORDER BY q.position DESC",
                arguments,
            )
            try:
                return fit(self._turns_with_images(connection, cursor), int(count))
            finally:
                cursor.close()

    def _turns_with_images(
        self, connection: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str | None]]
    ) -> Iterator[ContextTurn]:
        """The turns of ``rows``, each question's image looked up as it is taken."""
        for row in rows:
            image = connection.execute(
                f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE message_id = ? "
                "ORDER BY id LIMIT 1",
                (row[0],),
            ).fetchone()
            yield _turn(row, {row[0]: image_from_row(image, self._files)} if image else {})

    def _question_images(
        self, connection: sqlite3.Connection, conversation_id: int, position: int
    ) -> dict[int, StoredImage]:
        rows = connection.execute(
            f"SELECT a.message_id, {_ATTACHMENT_COLUMNS_OF_A} "
            "FROM attachments a JOIN messages m ON m.id = a.message_id "
            "WHERE m.conversation_id = ? AND m.position < ? AND m.position % 2 = 0 "
            "ORDER BY a.id",
            (conversation_id, position),
        ).fetchall()
        images: dict[int, StoredImage] = {}
        for item in rows:
            images.setdefault(item[0], image_from_row(item[1:], self._files))
        return images


def _position_of(connection: sqlite3.Connection, conversation_id: int, message_id: int) -> int:
    row = connection.execute(
        "SELECT position FROM messages WHERE id = ? AND conversation_id = ?",
        (message_id, conversation_id),
    ).fetchone()
    if row is None:
        raise KeyError(f"no message {message_id} in conversation {conversation_id}")
    return int(row[0])


def _turn(row: tuple[int, str, str, str | None], images: dict[int, StoredImage]) -> ContextTurn:
    question_id, question, state, answer = row
    return ContextTurn(
        question=question,
        answer=answer or "",
        answered=state == TurnState.ANSWERED.value and answer is not None,
        image=images.get(question_id),
    )
