"""Sizes as messages say them: one implementation for every cap and size in a message."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.sizes import MB, megabytes, size_past


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (4096, "4 KB"),
        (MB // 2, "0.5 MB"),
        (MB + MB // 2, "1.5 MB"),
        (8 * MB, "8 MB"),
        (200 * MB, "200 MB"),
        (1024 * MB, "1,024 MB"),
    ],
)
def test_megabytes(size: int, said: str) -> None:
    assert megabytes(size) == said


@pytest.mark.parametrize(
    ("size", "cap", "said"),
    [
        (3 * MB, 2 * MB, "3 MB"),
        (2 * MB + 1, 2 * MB, "over 2 MB"),  # rounds to the cap: must not read as the cap
        (200 * MB + 1, 200 * MB, "over 200 MB"),
        (645 * MB, 512 * MB, "645 MB"),
    ],
)
def test_a_size_past_its_cap(size: int, cap: int, said: str) -> None:
    assert size_past(size, cap) == said
