"""Keyring backends for tests: an in-memory one and failing ones, set with
``keyring.set_keyring`` so no test ever reads or writes the user's real keyring."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import keyring.core
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class _TestBackend(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # Never chosen by keyring's own detection: only where a test sets it.
        raise RuntimeError("test backend; set it explicitly")


class MemoryKeyring(_TestBackend):
    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class LockedKeyring(_TestBackend):
    """A keyring that exists but refuses everything (locked, D-Bus gone)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")


@contextmanager
def using_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    # keyring has no public "restore"; its module-level choice is put back as it was
    # (None means "not chosen yet": detection runs again on next use, as before the test).
    previous = keyring.core._keyring_backend
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = previous


def store_secret(data_dir: Path, name: str, value: str) -> None:
    """Store a secret for the app of ``data_dir`` as the app itself does: in the (test)
    keyring, with its name added to the settings' list of what the keyring holds (the app
    asks the keyring for nothing else; core/secret_names.py)."""
    from dynaspark_desktop.core.secret_names import StoredSecretNames
    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings

    settings = Settings.load(data_dir)
    names = StoredSecretNames(
        settings.get("keyring_names"), known=settings.get("keyring_names_known")
    )
    SecretStore.in_data_dir(data_dir, names=names).set(name, value)
    settings.set("keyring_names", names.names())
