"""The conversation as a tree: paths, siblings, and which branch is shown.

Every message has a parent (``parent_id``; None for a first question). Regenerated answers
are siblings under their question; an edited question is a sibling of the original, with
answers and later turns of its own. Each node remembers the child shown under it
(``chosen_child_id``; unset or stale: the newest child), and each conversation the end of
the path it shows (``current_leaf``). The transcript is the path from the root down to that
leaf; it is read by walking *up* from the leaf, which costs only the page asked for.

Plain functions on a connection, for use inside the store's transactions (and by any part
that needs a path, e.g. the context sent with a question: :func:`path_ids`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from dynaspark_desktop.storage.models import ConversationSnapshot, Role, StoredMessage
from dynaspark_desktop.storage.rows import MESSAGE_COLUMNS, message_from_row

# SQLite's default limit on host parameters is 999 in older builds: IN lists go in chunks.
_CHUNK = 500
# A walk down the tree stops after this many steps, whatever a damaged row says.
_MOST_STEPS = 10_000_000

_WALK_UP = """
    WITH RECURSIVE up(id, parent_id, role, depth) AS (
        SELECT id, parent_id, role, 0 FROM messages WHERE id = ?
        UNION ALL
        SELECT m.id, m.parent_id, m.role, up.depth + 1
        FROM messages m JOIN up ON m.id = up.parent_id
        WHERE up.id IS NOT ?
        LIMIT ?
    )
    SELECT id, parent_id, role FROM up ORDER BY depth DESC
"""

# From a node down to the leaf it shows: its chosen child when that is still its child,
# else its newest child, until a node has none.
_WALK_DOWN = """
    WITH RECURSIVE down(id, depth) AS (
        SELECT ?, 0
        UNION ALL
        SELECT coalesce(
            (SELECT c.id FROM messages c WHERE c.id = m.chosen_child_id AND c.parent_id = m.id),
            (SELECT c.id FROM messages c WHERE c.parent_id = m.id ORDER BY c.position DESC LIMIT 1)
        ), down.depth + 1
        FROM messages m JOIN down ON m.id = down.id
        LIMIT ?
    )
    SELECT id FROM down WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1
"""


@dataclass(frozen=True)
class PathStep:
    id: int
    parent_id: int | None
    role: Role


def walk_up(
    connection: sqlite3.Connection,
    message_id: int,
    most: int = -1,
    *,
    stop_at: int | None = None,
) -> list[PathStep]:
    """The path from the root (or from ``most`` steps up, or from ``stop_at`` when it is on
    the way) down to ``message_id``, root first. Empty when the message does not exist.
    """
    rows = connection.execute(_WALK_UP, (message_id, stop_at, most)).fetchall()
    return [PathStep(row[0], row[1], Role(row[2])) for row in rows]


def path_ids(connection: sqlite3.Connection, message_id: int) -> list[int]:
    """The ids of the messages from the root down to ``message_id`` (included), in order:
    the conversation as it stood when that message was written."""
    return [step.id for step in walk_up(connection, message_id)]


def leaf_below(connection: sqlite3.Connection, message_id: int) -> int:
    """The end of the branch shown below ``message_id`` (itself, when it has no child)."""
    row = connection.execute(_WALK_DOWN, (message_id, _MOST_STEPS)).fetchone()
    return message_id if row is None else int(row[0])


def current_leaf(connection: sqlite3.Connection, conversation_id: int) -> int | None:
    """Where the conversation's shown path ends, or None when it has no message.

    A leaf that is missing (never set, or its message removed) falls back to the newest
    message, which is always a leaf (a child is newer than its parent).
    """
    row = connection.execute(
        "SELECT m.id FROM conversations c JOIN messages m "
        "ON m.id = c.current_leaf AND m.conversation_id = c.id WHERE c.id = ?",
        (conversation_id,),
    ).fetchone()
    if row is not None:
        return int(row[0])
    row = connection.execute(
        "SELECT id FROM messages WHERE conversation_id = ? ORDER BY position DESC LIMIT 1",
        (conversation_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def choose(connection: sqlite3.Connection, message_id: int) -> int | None:
    """Show the branch through ``message_id``: it becomes its parent's chosen child, and the
    conversation's path ends at the leaf below it. Returns that leaf (None: no such message).
    Call inside a write transaction."""
    row = connection.execute(
        "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        return None
    conversation_id, parent_id = row
    if parent_id is not None:
        connection.execute(
            "UPDATE messages SET chosen_child_id = ? WHERE id = ?", (message_id, parent_id)
        )
    leaf = leaf_below(connection, message_id)
    connection.execute(
        "UPDATE conversations SET current_leaf = ? WHERE id = ?", (leaf, conversation_id)
    )
    return leaf


def added_child(
    connection: sqlite3.Connection,
    conversation_id: int,
    parent_id: int | None,
    child_id: int,
    *,
    follow: bool,
) -> None:
    """A new message was inserted under ``parent_id``: it is the child shown there, and with
    ``follow`` the conversation's path now ends at it."""
    if parent_id is not None:
        connection.execute(
            "UPDATE messages SET chosen_child_id = ? WHERE id = ?", (child_id, parent_id)
        )
    if follow:
        connection.execute(
            "UPDATE conversations SET current_leaf = ? WHERE id = ?", (child_id, conversation_id)
        )


def next_position(connection: sqlite3.Connection, conversation_id: int) -> int:
    """The position a new message of the conversation takes (creation order)."""
    row = connection.execute(
        "SELECT max(position) FROM messages WHERE conversation_id = ?", (conversation_id,)
    ).fetchone()
    return 0 if row[0] is None else int(row[0]) + 1


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def messages_by_id(connection: sqlite3.Connection, ids: Sequence[int]) -> list[StoredMessage]:
    """The messages (without their images), in the order of ``ids``."""
    found: dict[int, StoredMessage] = {}
    for part in chunks(ids):
        marks = ", ".join("?" * len(part))
        for row in connection.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id IN ({marks})", tuple(part)
        ):
            found[row[0]] = message_from_row(row)
    return [found[item] for item in ids if item in found]


def versions_of(
    connection: sqlite3.Connection, questions: Iterable[StoredMessage]
) -> tuple[dict[int, tuple[StoredMessage, ...]], dict[int, tuple[int, ...]]]:
    """For each question: its answers (oldest first; questions without one are left out)
    and its sibling questions' ids (itself included, oldest first; only those
    with siblings). What the version switchers of a page show."""
    questions = list(questions)
    answers: dict[int, list[StoredMessage]] = {}
    question_ids = [question.id for question in questions]
    for part in chunks(question_ids):
        marks = ", ".join("?" * len(part))
        for row in connection.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages "
            f"WHERE parent_id IN ({marks}) AND role = 'assistant' ORDER BY position",
            tuple(part),
        ):
            answers.setdefault(row[11], []).append(message_from_row(row))
    siblings: dict[int | None, list[int]] = {}
    parents = sorted({q.parent_id for q in questions if q.parent_id is not None})
    for part in chunks(parents):
        marks = ", ".join("?" * len(part))
        for child_id, parent_id in connection.execute(
            f"SELECT id, parent_id FROM messages "
            f"WHERE parent_id IN ({marks}) AND role = 'user' ORDER BY position",
            tuple(part),
        ):
            siblings.setdefault(parent_id, []).append(child_id)
    roots = [q for q in questions if q.parent_id is None]
    if roots:
        siblings[None] = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL "
                "AND role = 'user' ORDER BY position",
                (roots[0].conversation_id,),
            )
        ]
    question_versions = {
        q.id: tuple(siblings.get(q.parent_id, ()))
        for q in questions
        if len(siblings.get(q.parent_id, ())) > 1
    }
    return (
        {key: tuple(items) for key, items in answers.items()},
        question_versions,
    )


def snapshot_parent_id(snapshot: ConversationSnapshot, number: int, ids: list[int]) -> int | None:
    """The new id of message ``number``'s parent (the message before it, in a linear
    snapshot). Raises IntegrityError for a parent that does not come before it, or an answer
    whose parent is not a question."""
    if not snapshot.branched:
        return ids[-1] if ids else None
    parent = snapshot.messages[number].parent
    if parent is None:
        if snapshot.messages[number].role is not Role.USER:
            raise sqlite3.IntegrityError("an answer without a question")
        return None
    if not 0 <= parent < number:
        raise sqlite3.IntegrityError("a message whose parent does not come before it")
    if (
        snapshot.messages[number].role is Role.ASSISTANT
        and snapshot.messages[parent].role is not Role.USER
    ):
        raise sqlite3.IntegrityError("an answer whose parent is not a question")
    return ids[parent]
