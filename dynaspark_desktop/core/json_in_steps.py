"""``json.loads`` for large text, in steps that each hold the GIL only briefly.

``json.loads`` is one C call: over 120 MB (an imported conversation) it holds the GIL for
half a second or more, and the UI thread, waiting for it, freezes the window although the
parse runs in a worker thread. Here the outer levels of the document (its objects and arrays
down to ``c_levels``) are walked in Python, which lets other threads run every few
milliseconds, and each value below them is parsed by json's own C decoder: one message, one
image, each a short call. The result, and what is refused (``ValueError``), are those of
``json.loads``; the walk costs about a microsecond per value of the outer levels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.decoder import JSONDecodeError, scanstring
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")


def loads_in_steps(
    text: str,
    *,
    c_levels: int = 5,
    parse_constant: Callable[[str], Any] | None = None,
    between_values: Callable[[], None] | None = None,
) -> Any:
    """``json.loads(text)``, the top ``c_levels`` levels walked in Python (see the module).

    ``between_values`` is called before each value of those levels: it may raise to stop
    the parse (a cancelled import)."""
    decoder = json.JSONDecoder(parse_constant=parse_constant)
    value, end = _value(text, _skip(text, 0), _Steps(decoder, between_values), c_levels)
    end = _skip(text, end)
    if end != len(text):
        raise JSONDecodeError("Extra data", text, end)
    return value


def _skip(text: str, at: int) -> int:
    match = _WHITESPACE.match(text, at)
    assert match is not None  # it matches the empty string
    return match.end()


class _Steps:
    def __init__(self, decoder: json.JSONDecoder, check: Callable[[], None] | None) -> None:
        self.decoder = decoder
        self.check = check or (lambda: None)


def _value(text: str, at: int, steps: _Steps, levels: int) -> tuple[Any, int]:
    steps.check()
    char = text[at : at + 1]
    if levels <= 0 or char not in ("{", "["):
        return steps.decoder.raw_decode(text, at)
    if char == "[":
        return _array(text, at, steps, levels)
    return _object(text, at, steps, levels)


def _array(text: str, at: int, steps: _Steps, levels: int) -> tuple[Any, int]:
    items: list[Any] = []
    at = _skip(text, at + 1)
    if text[at : at + 1] == "]":
        return items, at + 1
    while True:
        item, at = _value(text, at, steps, levels - 1)
        items.append(item)
        at = _skip(text, at)
        char = text[at : at + 1]
        if char == "]":
            return items, at + 1
        if char != ",":
            raise JSONDecodeError("Expecting ',' delimiter", text, at)
        at = _skip(text, at + 1)


def _object(text: str, at: int, steps: _Steps, levels: int) -> tuple[Any, int]:
    members: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text[at : at + 1] == "}":
        return members, at + 1
    while True:
        if text[at : at + 1] != '"':
            raise JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
        key, at = scanstring(text, at + 1)
        at = _skip(text, at)
        if text[at : at + 1] != ":":
            raise JSONDecodeError("Expecting ':' delimiter", text, at)
        members[key], at = _value(text, _skip(text, at + 1), steps, levels - 1)
        at = _skip(text, at)
        char = text[at : at + 1]
        if char == "}":
            return members, at + 1
        if char != ",":
            raise JSONDecodeError("Expecting ',' delimiter", text, at)
        at = _skip(text, at + 1)
