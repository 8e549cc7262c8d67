"""The /imagine command: what counts as one, its size words and options, and its limits."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.imagine import ImaginePromptError, is_imagine, parse_imagine

LIMITS = {"default_side": 768, "min_side": 64, "max_side": 2048}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/imagine a cat", True),
        ("  /IMAGINE a cat", True),
        ("/imagine", True),
        ("/imagined a cat", False),
        ("please /imagine a cat", False),
    ],
)
def test_what_is_an_imagine_message(text: str, expected: bool) -> None:
    assert is_imagine(text) is expected


@pytest.mark.parametrize(
    ("text", "prompt", "size", "clamped"),
    [
        ("/imagine a red bicycle", "a red bicycle", (768, 768), False),
        ("/imagine a red  bicycle --wide", "a red bicycle", (1344, 768), False),
        ("/imagine --tall a tower", "a tower", (768, 1344), False),
        ("/imagine a map --size 1024x768", "a map", (1024, 768), False),
        ("/imagine a map --size=1024×768 at dawn", "a map at dawn", (1024, 768), False),
        ("/imagine a speck --size 10x5000", "a speck", (64, 2048), True),
    ],
)
def test_prompt_and_size(text: str, prompt: str, size: tuple[int, int], clamped: bool) -> None:
    request = parse_imagine(text, **LIMITS)
    assert (request.prompt, (request.width, request.height), request.clamped) == (
        prompt,
        size,
        clamped,
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/imagine", "Describe the picture"),
        ("/imagine   --wide", "Describe the picture"),
        ("/imagine a cat --size big", "--size WIDTHxHEIGHT"),
    ],
)
def test_what_cannot_be_sent_is_explained(text: str, says: str) -> None:
    with pytest.raises(ImaginePromptError, match=says):
        parse_imagine(text, **LIMITS)
