"""JSON from outside the app (a server's reply, an imported file), parsed with a depth guard.

One guard for every reader: a 50,000-deep array is a :class:`JSONTooDeepError` (a
``ValueError``), never a ``RecursionError`` in the parser or in whatever walks the result
later. Size caps belong to the readers (each knows what a sane size is for its kind).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import accumulate
from typing import Any

# Deeper than any real API answer (OpenAI's are about 6 deep) or export; far below Python's
# recursion limit, so neither the parser nor anything that walks the result can overflow.
MAX_JSON_DEPTH = 64

_NOT_A_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class JSONTooDeepError(ValueError):
    pass


def bracket_depth_bound(raw: bytes) -> int:
    """The deepest the brackets of ``raw`` nest, counting those inside strings too: never
    less than the JSON's real depth, and computed in C (translate, accumulate) in
    milliseconds per megabyte."""
    brackets = raw.translate(None, delete=_NOT_A_BRACKET)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


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
) -> Any:
    """``json.loads`` with the depth guard; raises ValueError (JSONTooDeepError included).

    The C parser itself stops at Python's recursion limit; what it accepts is walked only
    when its brackets could nest that deep at all (brackets inside strings count for the
    bound, never for the walk). ``parse_constant`` is json's hook for NaN and Infinity.
    """
    data = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else raw
    try:
        value = json.loads(data, parse_constant=parse_constant)
    except RecursionError:
        raise JSONTooDeepError("nested too deep for the parser") from None
    could_be_deep = data.count(b"[") + data.count(b"{") > max_depth
    if could_be_deep and bracket_depth_bound(data) > max_depth:
        check_json_depth(value, max_depth)
    return value
