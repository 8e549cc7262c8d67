"""The path from a conversation's start to a question, read for a request's context.

The context of a request is read here, from the history, not from the turns the window
happens to have loaded (the latest page of a long conversation). Today a conversation is a
line of messages ordered by position (a question at an even position, its answer at the next
odd one), so the path is every turn before the question. Once conversations are trees
(messages with parents), this is the one place that walks from the question up to the root.
"""

from __future__ import annotations

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.context_window import ContextTurn
from dynaspark_desktop.storage.models import StoredImage, pair_turns
from dynaspark_desktop.storage.rows import (
    ATTACHMENT_COLUMNS,
    MESSAGE_COLUMNS,
    image_from_row,
    message_from_row,
)
from dynaspark_desktop.storage.store_base import StoreBase

_ATTACHMENT_COLUMNS_OF_A = ", ".join("a." + column for column in ATTACHMENT_COLUMNS.split(", "))


class ContextPathReads(StoreBase):
    """Part of :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

    def context_path(self, conversation_id: int, question_message_id: int) -> list[ContextTurn]:
        """The turns before the question ``question_message_id`` of ``conversation_id``,
        oldest first (the question not among them), each with its answer (failed and stopped
        ones too: :func:`~dynaspark_desktop.core.context_window.fit_context` leaves them
        out) and, as ``image``, its question's :class:`StoredImage`.

        Raises KeyError when the question is not a message of that conversation.
        """
        with self._reading() as connection:
            row = connection.execute(
                "SELECT position FROM messages WHERE id = ? AND conversation_id = ?",
                (question_message_id, conversation_id),
            ).fetchone()
            if row is None:
                raise KeyError(f"no message {question_message_id} in {conversation_id}")
            position = int(row[0])
            rows = connection.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages "
                "WHERE conversation_id = ? AND position < ? ORDER BY position",
                (conversation_id, position),
            ).fetchall()
            image_rows = connection.execute(
                f"SELECT a.message_id, {_ATTACHMENT_COLUMNS_OF_A} "
                "FROM attachments a JOIN messages m ON m.id = a.message_id "
                "WHERE m.conversation_id = ? AND m.position < ? AND m.position % 2 = 0 "
                "ORDER BY a.id",
                (conversation_id, position),
            ).fetchall()
        images: dict[int, StoredImage] = {}
        for item in image_rows:
            images.setdefault(item[0], image_from_row(item[1:], self._files))
        messages = [message_from_row(item) for item in rows]
        return [
            ContextTurn(
                question=question.text,
                answer=answer.text if answer is not None else "",
                answered=question.state is TurnState.ANSWERED and answer is not None,
                image=images.get(question.id),
            )
            for question, answer in pair_turns(messages)
        ]
