"""Turning what a person types into a search box into a safe FTS5 query.

FTS5's query language has operators (AND, OR, NOT, NEAR), column filters (``col:``),
grouping, ``*`` and ``^``, and raises a syntax error on a stray quote. People type none of
that on purpose, so nothing they type is passed through as syntax: their words become quoted
strings (inside quotes FTS5 reads only words), all of which must match, and a word still being
typed at the end also matches as a prefix, so results follow the typing.
"""

from __future__ import annotations

import re
import sqlite3

from dynaspark_desktop.core.timestamps import sane_time
from dynaspark_desktop.storage.models import HIGHLIGHT_END, HIGHLIGHT_START, Role, SearchHit

# Letters and digits in any script; everything else separates words, as it does for the
# unicode61 tokenizer the index uses.
_WORD = re.compile(r"[^\W_]+")
# A paste of a whole page into the search box must not become a thousand-term query.
MAX_SEARCH_TERMS = 16
SNIPPET_WORDS = 12


def fts_query(user_text: str) -> str | None:
    """The FTS5 MATCH expression for ``user_text``, or None when it holds no words at all.

    Each whitespace-separated chunk becomes one quoted phrase, so "don't" still matches
    the words "don" and "t" next to each other.
    """
    phrases: list[str] = []
    for chunk in user_text.split()[:MAX_SEARCH_TERMS]:
        words = _WORD.findall(chunk)
        if words:
            phrases.append('"' + " ".join(words) + '"')
    if not phrases:
        return None
    # Still typing a word (the text ends inside one): match it as a prefix. "(leek)" or
    # "leek " mean the word is complete.
    still_typing = _WORD.fullmatch(user_text[-1]) is not None
    if still_typing and len(user_text.split()) <= MAX_SEARCH_TERMS:
        phrases[-1] += "*"
    return " ".join(phrases)


def search_messages(connection: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    """Up to ``limit`` messages of live conversations matching ``query``, newest first."""
    expression = fts_query(query)
    if expression is None or limit <= 0:
        return []
    rows = connection.execute(
        "SELECT m.conversation_id, m.id, c.title, m.role, m.created, "
        "snippet(messages_fts, 0, ?, ?, '…', ?) "
        "FROM messages_fts "
        "JOIN messages m ON m.id = messages_fts.rowid "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE messages_fts MATCH ? AND c.deleted IS NULL "
        # Newest first, not bm25 rank: ranking must score every match before the LIMIT
        # applies (about 100 ms for a word found in all of 100,000 messages), while FTS5
        # walks its index backwards by rowid and stops at the LIMIT.
        "ORDER BY messages_fts.rowid DESC LIMIT ?",
        (HIGHLIGHT_START, HIGHLIGHT_END, SNIPPET_WORDS, expression, limit),
    ).fetchall()
    return [
        SearchHit(
            conversation_id=conversation_id,
            message_id=message_id,
            conversation_title=title,
            role=Role(role),
            created=sane_time(created),
            snippet=snippet,
        )
        for conversation_id, message_id, title, role, created, snippet in rows
    ]
