"""Large JSON parsed in short steps: the same values and the same refusals as ``json.loads``;
chunked counting and decoding that agree with the one-call versions across slice edges."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dynaspark_desktop.core import guarded_json
from dynaspark_desktop.core.guarded_json import (
    JSONTooDeepError,
    bracket_depth_bound,
    count_in_chunks,
    loads_guarded,
)
from dynaspark_desktop.core.json_in_steps import loads_in_steps

VALID = [
    "{}",
    "[]",
    ' \n {"a": [1, 2.5, -3e4, true, false, null, "x\\u00e9\\n"], "b": {}} \t',
    '[[[[[[[[1]]]]]]], {"k": [{"deep": [[["v"]]]}]}]',
    '{"a": 1, "a": 2}',  # the last one wins, as in json.loads
    '"just a string"',
    "12",
    '{"format": "x", "conversation": {"messages": [{"images": [{"data": "QUJD"}]}]}}',
    '{"ü": "ö", "emoji": "🙂", "escaped": "\\ud83d\\ude42"}',
]
INVALID = [
    "",
    "   ",
    "{",
    "[1, 2",
    "[1 2]",
    '{"a" 1}',
    '{"a": 1,}',
    "[1,]",
    "{a: 1}",
    '{"a": 1} x',
    "[1] [2]",
    '"unterminated',
    '["control \x01 char"]',
    "[01]",
]


@pytest.mark.parametrize("text", VALID)
@pytest.mark.parametrize("levels", [0, 1, 3, 8])
def test_the_same_values_as_json_loads(text: str, levels: int) -> None:
    assert loads_in_steps(text, c_levels=levels) == json.loads(text)


@pytest.mark.parametrize("text", INVALID)
@pytest.mark.parametrize("levels", [0, 2, 8])
def test_the_same_refusals_as_json_loads(text: str, levels: int) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        loads_in_steps(text, c_levels=levels)


def test_constants_reach_the_hook_at_every_level() -> None:
    seen: list[str] = []

    def hook(name: str) -> Any:
        seen.append(name)
        return None

    loads_in_steps('[NaN, {"a": [Infinity]}, -Infinity]', c_levels=8, parse_constant=hook)
    assert seen == ["NaN", "Infinity", "-Infinity"]


def _big_document() -> bytes:
    """Over one scan slice (4 MB): long strings, many small values, non-ASCII text."""
    messages = [
        {"position": number, "text": f"réponse {number} 🙂", "data": "QUJD" * 20_000}
        for number in range(60)
    ]
    return json.dumps({"format": "f", "conversation": {"messages": messages}}).encode()


def test_a_large_document_through_the_guard_equals_json_loads() -> None:
    data = _big_document()
    assert len(data) > guarded_json.SCAN_CHUNK_BYTES
    assert loads_guarded(data) == json.loads(data)


def test_a_large_document_is_still_refused_for_its_constants_depth_and_bytes() -> None:
    padding = b" " * (guarded_json.SCAN_CHUNK_BYTES + 10)

    def refuse(name: str) -> Any:
        raise ValueError(name)

    with pytest.raises(ValueError, match="NaN"):
        loads_guarded(b'{"a": [1, NaN]}' + padding, parse_constant=refuse)
    with pytest.raises(JSONTooDeepError):
        loads_guarded(b"[" * 100 + b"]" * 100 + padding, max_depth=64)
    with pytest.raises(UnicodeDecodeError):  # not UTF-8, cut across a slice edge or not
        loads_guarded(b'["' + b"\xff" * 10 + b'"]' + padding)
    # A byte-order mark or UTF-16 go to json.loads, which knows them, as before.
    utf16 = json.dumps(["x"]).encode("utf-16") + " ".encode("utf-16-le") * len(padding)
    assert loads_guarded(utf16) == ["x"]


def test_chunked_counts_and_bounds_agree_across_slice_edges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guarded_json, "SCAN_CHUNK_BYTES", 7)
    data = b'{"a\\"b": [[1, "\\\\"], {"c": "\\"\\""}]}' * 5
    for part in (b'"', b'\\"', b",", b"[", b"{"):
        assert count_in_chunks(data, part) == data.count(part)
    assert bracket_depth_bound(data) == 3
    text = "é🙂x" * 50
    assert loads_guarded(json.dumps([text]).encode()) == [text]


def test_a_check_between_values_can_stop_the_parse() -> None:
    calls: list[int] = []

    class Stop(Exception):
        pass

    def check() -> None:
        calls.append(1)
        if len(calls) == 4:
            raise Stop

    text = json.dumps({"messages": [{"n": number} for number in range(100)]})
    with pytest.raises(Stop):
        loads_in_steps(text, between_values=check)
    assert len(calls) == 4  # stopped there, not at the end
    calls.clear()
    assert loads_in_steps(text, between_values=lambda: calls.append(1)) == json.loads(text)
    assert len(calls) > 100  # once per value of the outer levels
