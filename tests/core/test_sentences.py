"""Exactly one full stop at the end of a message, whatever the quoted text ended with."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.sentences import sentence, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Try again later", "Try again later."),
        ("Try again later.", "Try again later."),
        ("Try again later..", "Try again later."),
        ("Just a moment... ", "Just a moment."),
        ("Is the server up?", "Is the server up?"),
        ("Stop!", "Stop!"),
        ("Loading…", "Loading…"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_sentence_ends_with_one_full_stop(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_sentences_are_joined_each_with_one_stop() -> None:
    assert sentences("The model is busy.", "", "try again later.") == (
        "The model is busy. try again later."
    )


def test_a_servers_reason_with_its_own_full_stop_gives_one_not_two() -> None:
    from dynaspark_desktop.providers.openai_format import error_for_openai_status

    body = '{"error": {"message": "The model is overloaded."}}'
    for status in (400, 401, 503):
        error = error_for_openai_status(status, body, {}, "Local", "m", has_key=True)
        assert ".." not in str(error), str(error)
        assert str(error).endswith(".")
