"""The path from a conversation's start to a question, read for a request's context.

The context of a request is read here, from the history, not from the turns the window
happens to have loaded (the latest page of a long conversation). A conversation is a tree
(storage.tree): the context is the path from the root down to the question, walked up from
the question by its parents, so a regenerated answer or an edited question on another branch
never slips in. Each question on the path is paired with the answer that follows it there.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.context_window import ContextTurn, ContextWindow
from dynaspark_desktop.core.documents import question_with_documents
from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.document_rows import document_files, documents_of
from dynaspark_desktop.storage.models import Role
from dynaspark_desktop.storage.rows import ATTACHMENT_COLUMNS, image_from_row
from dynaspark_desktop.storage.store_base import StoreBase

# Fits answered turns, given newest first with their number, to a budget (see
# core.context_window.fit_latest).
FitLatest = Callable[[Iterable[ContextTurn], int], ContextWindow]

# (question id, answer id or None): one turn of a path.
_Pair = tuple[int, int | None]
# Turns first read in one batch (each later batch twice as many), and the most ids one
# query names (SQLite's limit on parameters is 32,766; an answer's and a question's each).
_TURNS_FIRST_READ = 32
_MOST_IDS_A_QUERY = 400
# Steps of a path first read, newest first (a budget of 8,192 tokens takes ~70); each
# further read takes twice as many.
_STEPS_A_READ = 128
_COUNT_QUESTIONS_UP = """
    WITH RECURSIVE up(id, parent_id, role) AS (
        SELECT id, parent_id, role FROM messages WHERE id = ?
        UNION ALL
        SELECT m.id, m.parent_id, m.role FROM messages m JOIN up ON m.id = up.parent_id
    )
    SELECT count(*) FROM up WHERE role = ?
"""


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
            newest = reversed(steps)
            pairs = list(_newest_pairs(next(newest, None), newest))
            pairs.reverse()
            return list(self._turns_in_batches(connection, iter(pairs)))

    def latest_context(
        self, conversation_id: int, question_message_id: int | None, fit: FitLatest
    ) -> ContextWindow:
        """``fit`` given the path's answered turns newest first, read one by one as it takes
        them (with the number of turns on the path): a long conversation is read only as far
        back as the model's budget goes. ``question_message_id`` None: the question at the
        end of the conversation's shown path (one just saved)."""
        with self._reading() as connection:
            if question_message_id is None:
                start = tree.current_leaf(connection, conversation_id)
                drop_question = True  # the leaf, when it is the question just saved
            else:
                _check_belongs(connection, conversation_id, question_message_id)
                start, drop_question = question_message_id, True
            steps = _newest_steps(connection, start, drop_question)
            first = next(steps, None)
            total = 0 if first is None else _questions_up(connection, first.id)
            newest_first = (
                turn
                for turn in self._turns_in_batches(connection, _newest_pairs(first, steps))
                if turn.answered
            )
            return fit(newest_first, total)

    def _turns_in_batches(
        self, connection: sqlite3.Connection, pairs: Iterator[_Pair]
    ) -> Iterator[ContextTurn]:
        """The turns of ``pairs``, read a batch at a time (each batch twice the last): a
        budget that stops early reads little, a whole path a few queries, not three a turn."""
        size = _TURNS_FIRST_READ
        while batch := list(itertools.islice(pairs, size)):
            yield from self._read_turns(connection, batch)
            size = min(size * 2, _MOST_IDS_A_QUERY)

    def _read_turns(self, connection: sqlite3.Connection, pairs: list[_Pair]) -> list[ContextTurn]:
        """The turns of ``pairs`` (at most _MOST_IDS_A_QUERY), in their order, in three
        queries: the questions' and answers' texts, and each question's first picture."""
        if not pairs:
            return []
        ids = [question for question, _ in pairs] + [a for _, a in pairs if a is not None]
        marks = ",".join("?" * len(ids))
        texts = {
            row[0]: (row[1], row[2])
            for row in connection.execute(
                f"SELECT id, text, state FROM messages WHERE id IN ({marks})", ids
            )
        }
        questions = [question for question, _ in pairs]
        images: dict[int, Any] = {}
        for row in connection.execute(
            f"SELECT message_id, {ATTACHMENT_COLUMNS} FROM attachments "
            f"WHERE message_id IN ({','.join('?' * len(questions))}) ORDER BY id",
            questions,
        ):
            images.setdefault(row[0], row[1:])
        documents = documents_of(connection, document_files(self.data_dir), questions)
        turns = []
        for question_id, answer_id in pairs:
            question = texts.get(question_id)
            answer = None if answer_id is None else texts.get(answer_id)
            image = images.get(question_id)
            turns.append(
                ContextTurn(
                    question=question_with_documents(
                        question[0] if question else "", documents.get(question_id, ())
                    ),
                    answer=answer[0] if answer else "",
                    answered=answer is not None and answer[1] == TurnState.ANSWERED.value,
                    image=image_from_row(image, self._files) if image else None,
                )
            )
        return turns


def _newest_steps(
    connection: sqlite3.Connection, start: int | None, drop_question: bool
) -> Iterator[tree.PathStep]:
    """The path up from ``start`` (without it when it is a question and ``drop_question``),
    newest first, read in chunks: a request with a budget reads only as far back as it
    goes, not a 10,000-message path (walking the whole of one cost 35 ms)."""
    newest, most = True, _STEPS_A_READ
    while start is not None:
        chunk = tree.walk_up(connection, start, most)
        most *= 2  # a budget that reaches far back reads in fewer, longer walks
        if not chunk:
            return
        for step in reversed(chunk):
            if newest and drop_question and step.id == start and step.role is Role.USER:
                newest = False
                continue
            newest = False
            yield step
        start = chunk[0].parent_id


def _newest_pairs(first: tree.PathStep | None, rest: Iterator[tree.PathStep]) -> Iterator[_Pair]:
    """The turns of a path given newest first: each question with the answer right after
    it (None when the next message is another question, or there is none)."""
    newer: tree.PathStep | None = None
    step = first
    while step is not None:
        if step.role is Role.USER:
            answer = newer.id if newer is not None and newer.role is Role.ASSISTANT else None
            yield (step.id, answer)
        newer, step = step, next(rest, None)


def _questions_up(connection: sqlite3.Connection, message_id: int) -> int:
    """How many questions lie on the path from the root down to ``message_id`` (one query,
    no row brought into Python)."""
    row = connection.execute(_COUNT_QUESTIONS_UP, (message_id, Role.USER.value)).fetchone()
    return int(row[0]) if row else 0


def _check_belongs(connection: sqlite3.Connection, conversation_id: int, message_id: int) -> None:
    row = connection.execute(
        "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?",
        (message_id, conversation_id),
    ).fetchone()
    if row is None:
        raise KeyError(f"no message {message_id} in conversation {conversation_id}")
