"""Repairing times that no clock function accepts, in a history written before imports were
checked (an export with ``"updated": 1e300`` once went straight in, and the sidebar crashed
painting it on every start).

Run at start-up, on the history's thread: one scan per table, one transaction. The reads
clamp as well (``rows.py``), so a history that cannot be written (a read-only folder) still
opens and paints.
"""

from __future__ import annotations

import logging
import sqlite3

from dynaspark_desktop.core.timestamps import EARLIEST_TIME, LATEST_TIME

log = logging.getLogger(__name__)

# Elapsed times above this (about 31 years) are not a request's duration.
MAX_ELAPSED_MS = 10**12


def _sane(column: str) -> str:
    # NaN cannot be stored (SQLite turns it into NULL); inf is a REAL outside the range, and
    # text in a REAL column keeps its type: typeof() catches that.
    return f"(typeof({column}) IN ('integer', 'real') AND {column} BETWEEN {_LOW} AND {_HIGH})"


_LOW = repr(EARLIEST_TIME)
_HIGH = repr(LATEST_TIME)


def _elapsed_is_bad() -> str:
    return (
        "elapsed_ms IS NOT NULL AND NOT "
        f"(typeof(elapsed_ms) = 'integer' AND elapsed_ms BETWEEN 0 AND {MAX_ELAPSED_MS})"
    )


# (what was repaired, statement); each takes :now. Conversations first: messages fall back
# on their conversation's (repaired) creation time.
_REPAIRS: tuple[tuple[str, str], ...] = (
    (
        "conversation creation times",
        f"UPDATE conversations SET created = coalesce("
        f"(SELECT min(created) FROM messages m WHERE m.conversation_id = conversations.id "
        f"AND {_sane('m.created')}), :now) WHERE NOT {_sane('created')}",
    ),
    (
        "conversation update times",
        f"UPDATE conversations SET updated = coalesce("
        f"(SELECT max(created) FROM messages m WHERE m.conversation_id = conversations.id "
        f"AND {_sane('m.created')}), created) WHERE NOT {_sane('updated')}",
    ),
    (
        "trash times",
        f"UPDATE conversations SET deleted = :now "
        f"WHERE deleted IS NOT NULL AND NOT {_sane('deleted')}",
    ),
    (
        "message times",
        f"UPDATE messages SET created = (SELECT c.created FROM conversations c "
        f"WHERE c.id = messages.conversation_id) WHERE NOT {_sane('created')}",
    ),
    (
        "answer times",
        "UPDATE messages SET finished = NULL "
        f"WHERE finished IS NOT NULL AND NOT {_sane('finished')}",
    ),
    (
        "elapsed times",
        f"UPDATE messages SET elapsed_ms = NULL WHERE {_elapsed_is_bad()}",
    ),
    (
        "draft times",
        f"UPDATE drafts SET updated = :now WHERE NOT {_sane('updated')}",
    ),
)


# Reading is enough on nearly every start: the write lock is taken only when there is damage.
_ANY_DAMAGE = (
    "SELECT EXISTS (SELECT 1 FROM conversations WHERE NOT "
    f"{_sane('created')} OR NOT {_sane('updated')} "
    f"OR (deleted IS NOT NULL AND NOT {_sane('deleted')})) "
    f"OR EXISTS (SELECT 1 FROM messages WHERE NOT {_sane('created')} "
    f"OR (finished IS NOT NULL AND NOT {_sane('finished')}) OR ({_elapsed_is_bad()})) "
    f"OR EXISTS (SELECT 1 FROM drafts WHERE NOT {_sane('updated')})"
)


def repair_times(connection: sqlite3.Connection, now: float) -> int:
    """Replace every out-of-range time with a sane one; returns how many values changed.

    Never raises for a database that cannot be written: the reads clamp what stays.
    """
    repaired: dict[str, int] = {}
    try:
        if not connection.execute(_ANY_DAMAGE).fetchone()[0]:
            return 0
        connection.execute("BEGIN IMMEDIATE")
        try:
            for what, statement in _REPAIRS:
                count = connection.execute(statement, {"now": now}).rowcount
                if count > 0:
                    repaired[what] = count
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        log.warning("Could not check the history's times for damage: %s", error)
        return 0
    if repaired:
        log.warning(
            "The history held times no clock accepts (an earlier import?); repaired %s",
            ", ".join(f"{count} {what}" for what, count in repaired.items()),
        )
    return sum(repaired.values())
