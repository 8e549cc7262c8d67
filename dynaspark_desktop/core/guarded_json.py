"""JSON from outside the app (a server's reply, an imported file), parsed with a depth guard.

One guard for every reader: a 50,000-deep array is a :class:`JSONTooDeepError` (a
``ValueError``), never a ``RecursionError`` in the parser or in whatever walks the result
later. Size caps belong to the readers (each knows what a sane size is for its kind).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from itertools import accumulate
from typing import Any

# Deeper than any real API answer (OpenAI's are about 6 deep) or export; far below Python's
# recursion limit, so neither the parser nor anything that walks the result can overflow.
MAX_JSON_DEPTH = 64

# Large input is scanned in slices of this size: each C call (count, translate, decode) then
# holds the GIL for a few milliseconds, and the UI thread gets it back between them, instead
# of waiting out one call over the whole buffer (half a second for 128 MB on a busy machine).
SCAN_CHUNK_BYTES = 4 * 1024 * 1024

_NOT_A_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class JSONTooDeepError(ValueError):
    pass


def bracket_depth_bound(raw: bytes) -> int:
    """The deepest the brackets of ``raw`` nest, counting those inside strings too: never
    less than the JSON's real depth, and computed in C (translate, accumulate) in
    milliseconds per megabyte."""
    brackets = b"".join(
        raw[start : start + SCAN_CHUNK_BYTES].translate(None, delete=_NOT_A_BRACKET)
        for start in range(0, len(raw), SCAN_CHUNK_BYTES)
    )
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def count_in_chunks(data: bytes, part: bytes) -> int:
    """``data.count(part)``, a slice at a time (see :data:`SCAN_CHUNK_BYTES`). Each slice
    also counts the occurrences that start in it and end in the next one."""
    overlap = len(part) - 1
    return sum(
        data.count(part, start, start + SCAN_CHUNK_BYTES + overlap)
        for start in range(0, len(data), SCAN_CHUNK_BYTES)
    )


def _decoded(data: bytes) -> str | bytes:
    """Large UTF-8 ``data`` decoded a slice at a time; anything else as it is, for
    ``json.loads`` to detect its encoding (UTF-16, a byte-order mark) as it always has."""
    if len(data) <= SCAN_CHUNK_BYTES or json.detect_encoding(data[:4]) != "utf-8":
        return data
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts = [
        decoder.decode(data[start : start + SCAN_CHUNK_BYTES])
        for start in range(0, len(data), SCAN_CHUNK_BYTES)
    ]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def check_json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise JSONTooDeepError when the parsed ``value`` nests deeper than ``limit``. Level
    by level, not recursively: the walk of a deep value must not overflow the stack."""
    level = [value] if isinstance(value, dict | list) else []
    for _depth in range(limit):
        deeper: list[Any] = []
        for container in level:
            children = container.values() if isinstance(container, dict) else container
            deeper += [child for child in children if isinstance(child, dict | list)]
        if not deeper:
            return
        level = deeper
    raise JSONTooDeepError(f"nested deeper than {limit}")


def loads_guarded(
    raw: bytes | str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    parse_constant: Callable[[str], Any] | None = None,
    between_values: Callable[[], None] | None = None,
) -> Any:
    """``json.loads`` with the depth guard; raises ValueError (JSONTooDeepError included).
    ``between_values``: see :func:`~dynaspark_desktop.core.json_in_steps.loads_in_steps`
    (called only when the input is large enough to be parsed in steps).

    The C parser itself stops at Python's recursion limit; what it accepts is walked only
    when its brackets could nest that deep at all (brackets inside strings count for the
    bound, never for the walk). ``parse_constant`` is json's hook for NaN and Infinity.
    """
    data = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else raw
    try:
        text = _decoded(data)
        if isinstance(text, str):  # large: parsed in steps, so other threads keep running
            from dynaspark_desktop.core.json_in_steps import loads_in_steps

            value = loads_in_steps(
                text, parse_constant=parse_constant, between_values=between_values
            )
        else:
            value = json.loads(text, parse_constant=parse_constant)
    except RecursionError:
        raise JSONTooDeepError("nested too deep for the parser") from None
    could_be_deep = count_in_chunks(data, b"[") + count_in_chunks(data, b"{") > max_depth
    if could_be_deep and bracket_depth_bound(data) > max_depth:
        check_json_depth(value, max_depth)
    return value
