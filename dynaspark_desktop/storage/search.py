"""Turning what a person types into a search box into a safe FTS5 query.

FTS5's query language has operators (AND, OR, NOT, NEAR), column filters (``col:``),
grouping, ``*`` and ``^``, and raises a syntax error on a stray quote. People type none of
that on purpose, so nothing they type is passed through as syntax: their words become quoted
strings (inside quotes FTS5 reads only words), all of which must match, and a word still being
typed at the end also matches as a prefix, so results follow the typing.
"""

from __future__ import annotations

import re

# Letters and digits in any script; everything else separates words, as it does for the
# unicode61 tokenizer the index uses.
_WORD = re.compile(r"[^\W_]+")
# A paste of a whole page into the search box must not become a thousand-term query.
MAX_SEARCH_TERMS = 16


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
