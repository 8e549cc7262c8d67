"""The keyring is asked only for the names the settings list (core/secret_names.py): a store
that never held a key never touches it, and settings of an older version, which have no list,
get one once the keyring has answered. Every test sets its own keyring backend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from dynaspark_desktop.core.errors import KeyringUnavailableError
from dynaspark_desktop.core.secret_names import StoredSecretNames
from dynaspark_desktop.core.secrets import KEY_FILE, KEYRING, NO_KEY, SERVICE_NAME, SecretStore
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.presets import api_key_name
from tests.providers.keyring_support import LockedKeyring, MemoryKeyring, using_keyring

KEY = "sk-live-0123456789abcdefNAMES"
NAME = api_key_name("openai")
OTHER = api_key_name("groq")


class CountingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.asked.append(username)
        return super().get_password(service, username)


@pytest.fixture
def counting() -> Iterator[CountingKeyring]:
    with using_keyring(CountingKeyring()) as backend:
        yield backend  # type: ignore[misc]


def listing(*names: str, known: bool = True) -> tuple[StoredSecretNames, list[list[str]]]:
    announced: list[list[str]] = []
    return StoredSecretNames(names, known=known, on_change=announced.append), announced


def test_a_name_not_listed_is_never_asked_of_the_keyring(tmp_path: Path, counting) -> None:
    counting.passwords[(SERVICE_NAME, NAME)] = KEY  # e.g. another data folder's
    names, announced = listing()
    store = SecretStore.in_data_dir(tmp_path, names=names)

    assert store.get(NAME) is None
    assert store.location(NAME) == NO_KEY
    store.delete(NAME)

    assert counting.asked == []
    assert counting.passwords[(SERVICE_NAME, NAME)] == KEY  # not deleted: not ours
    assert announced == []


def test_a_stored_key_is_listed_read_back_and_unlisted_when_deleted(tmp_path, counting) -> None:
    names, announced = listing()
    store = SecretStore.in_data_dir(tmp_path, names=names)

    assert store.set(NAME, KEY) == KEYRING
    assert announced == [[NAME]]
    assert store.get(NAME) == KEY
    assert store.get(OTHER) is None
    assert counting.asked == [NAME]
    assert store.location(NAME) == KEYRING

    store.delete(NAME)
    assert announced[-1] == []
    assert (SERVICE_NAME, NAME) not in counting.passwords


def test_a_listed_key_gone_from_the_keyring_is_unlisted(tmp_path, counting) -> None:
    names, announced = listing(NAME)
    store = SecretStore.in_data_dir(tmp_path, names=names)

    assert store.get(NAME) is None  # removed outside the app (a keyring manager)
    assert counting.asked == [NAME]
    assert announced == [[]]


def test_a_key_in_the_file_is_found_whatever_the_list_says(tmp_path, counting) -> None:
    names, _ = listing()
    with using_keyring(fail.Keyring()):
        store = SecretStore.in_data_dir(tmp_path, allow_file=True, names=names)
        assert store.set(NAME, KEY) == "file"
    assert store.get(NAME) == KEY
    assert store.location(NAME) == KEY_FILE


def test_older_settings_ask_every_name_once_then_the_list_is_known(tmp_path, counting) -> None:
    counting.passwords[(SERVICE_NAME, NAME)] = KEY
    names, announced = listing(known=False)
    store = SecretStore.in_data_dir(tmp_path, names=names)

    assert store.get(NAME) == KEY
    assert store.get(OTHER) is None
    assert announced == []  # not known yet: nothing saved
    assert names.settle()
    assert announced == [[NAME]]
    assert names.known

    counting.asked.clear()
    assert store.get(OTHER) is None
    assert counting.asked == []  # now the list rules


@pytest.mark.parametrize("keyring_state", ["locked", "missing"])
def test_a_keyring_out_of_reach_never_settles_the_list(tmp_path, keyring_state) -> None:
    names, announced = listing(known=False)
    store = SecretStore.in_data_dir(tmp_path, names=names)
    backend = LockedKeyring() if keyring_state == "locked" else fail.Keyring()
    with using_keyring(backend):
        if keyring_state == "locked":
            with pytest.raises(KeyringUnavailableError):
                store.get(NAME)
        else:
            assert store.get(NAME) is None

    # A key only out of reach for now must not be forgotten: asked again next time.
    assert not names.settle()
    assert not names.known
    assert announced == []
    assert names.may_be_in_keyring(NAME)


def test_a_new_data_folder_knows_its_keyring_holds_nothing_yet(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    assert settings.get("keyring_names_known") is True
    assert settings.get("keyring_names") == []


def test_settings_of_an_older_version_do_not_know_the_list(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"model": "gpt-4o"}), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.get("keyring_names_known") is False
    settings.set("model", "gpt-4o-mini")  # a save keeps it unknown until the keyring answers
    assert Settings.load(tmp_path).get("keyring_names_known") is False
