"""The path from a conversation's start to a question, read for a request's context.

The context of a request is read here, from the history, not from the turns the window
happens to have loaded (the latest page of a long conversation). A conversation is a tree
(storage.tree): the context is the path from the root down to the question, walked up from
the question by its parents, so a regenerated answer or an edited question on another branch
never slips in. Each question on the path is paired with the answer that follows it there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.context_window import ContextTurn, ContextWindow
from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.models import Role
from dynaspark_desktop.storage.rows import ATTACHMENT_COLUMNS, image_from_row
from dynaspark_desktop.storage.store_base import StoreBase

# Fits answered turns, given newest first with their number, to a budget (see
# core.context_window.fit_latest).
FitLatest = Callable[[Iterable[ContextTurn], int], ContextWindow]

# (question id, answer id or None): one turn of a path.
_Pair = tuple[int, int | None]


class ContextPathReads(StoreBase):
    """Part of :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

    def context_path(self, conversation_id: int, question_message_id: int) -> list[ContextTurn]:
        """The turns before the question ``question_message_id`` of ``conversation_id`` on its
        path from the root, oldest first (the question not among them), each with its answer
        (failed and stopped ones too, not ``answered``) and, as ``image``, its question's
        :class:`StoredImage`.

        Raises KeyError when the question is not a message of that conversation.
        """
        with self._reading() as connection:
            _check_belongs(connection, conversation_id, question_message_id)
            steps = tree.walk_up(connection, question_message_id)[:-1]
            return [self._read_turn(connection, pair) for pair in _pairs(steps)]

    def latest_context(
        self, conversation_id: int, question_message_id: int | None, fit: FitLatest
    ) -> ContextWindow:
        """``fit`` given the path's answered turns newest first, read one by one as it takes
        them (with the number of turns on the path): a long conversation is read only as far
        back as the model's budget goes. ``question_message_id`` None: the question at the
        end of the conversation's shown path (one just saved)."""
        with self._reading() as connection:
            if question_message_id is None:
                leaf = tree.current_leaf(connection, conversation_id)
                steps = [] if leaf is None else tree.walk_up(connection, leaf)
                if steps and steps[-1].role is Role.USER:
                    steps.pop()
            else:
                _check_belongs(connection, conversation_id, question_message_id)
                steps = tree.walk_up(connection, question_message_id)[:-1]
            pairs = _pairs(steps)
            newest_first = (
                turn
                for turn in (self._read_turn(connection, pair) for pair in reversed(pairs))
                if turn.answered
            )
            return fit(newest_first, len(pairs))

    def _read_turn(self, connection: sqlite3.Connection, pair: _Pair) -> ContextTurn:
        question_id, answer_id = pair
        question = connection.execute(
            "SELECT text FROM messages WHERE id = ?", (question_id,)
        ).fetchone()
        answer = (
            None
            if answer_id is None
            else connection.execute(
                "SELECT text, state FROM messages WHERE id = ?", (answer_id,)
            ).fetchone()
        )
        image = connection.execute(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE message_id = ? "
            "ORDER BY id LIMIT 1",
            (question_id,),
        ).fetchone()
        return ContextTurn(
            question=question[0] if question else "",
            answer=answer[0] if answer else "",
            answered=answer is not None and answer[1] == TurnState.ANSWERED.value,
            image=image_from_row(image, self._files) if image else None,
        )


def _pairs(steps: list[tree.PathStep]) -> list[_Pair]:
    """The path's turns: each question with the answer right after it on the path (None
    when the next message is another question, or there is none)."""
    pairs: list[_Pair] = []
    for index, step in enumerate(steps):
        if step.role is not Role.USER:
            continue
        following = steps[index + 1] if index + 1 < len(steps) else None
        answer = following.id if following and following.role is Role.ASSISTANT else None
        pairs.append((step.id, answer))
    return pairs


def _check_belongs(connection: sqlite3.Connection, conversation_id: int, message_id: int) -> None:
    row = connection.execute(
        "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?",
        (message_id, conversation_id),
    ).fetchone()
    if row is None:
        raise KeyError(f"no message {message_id} in conversation {conversation_id}")
