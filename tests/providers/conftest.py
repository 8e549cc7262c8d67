"""Provider tests never reach the user's real keyring: every test gets an in-memory one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.providers.keyring_support import MemoryKeyring, using_keyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]
