"""The proxy password in the secret store: split from the address the settings keep, put back
to connect, and moved out of a settings file that an earlier version wrote it into."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from dynaspark_desktop.core.proxy_password import (
    PROXY_PASSWORD_NAME,
    names_a_user,
    read_proxy_password,
    restore_password,
    split_proxy_password,
    with_proxy_password,
)
from dynaspark_desktop.core.redaction import redact_known_secrets
from dynaspark_desktop.core.secrets import SERVICE_NAME, SecretStore
from tests.providers.keyring_support import LockedKeyring, MemoryKeyring, using_keyring

PASSWORD = "hunter2-proxy"


@pytest.mark.parametrize(
    ("proxy", "address", "password"),
    [
        ("http://me:pw@proxy:3128", "http://me@proxy:3128", "pw"),
        ("socks5://me:p@ss@127.0.0.1:1080", "socks5://me@127.0.0.1:1080", "p@ss"),
        ("http://me:pa/ss@proxy:3128", "http://me@proxy:3128", "pa/ss"),
        ("me:pw@proxy:3128", "me@proxy:3128", "pw"),
        ("http://:pw@proxy:3128", "http://@proxy:3128", "pw"),
        ("http://me@proxy:3128", "http://me@proxy:3128", ""),
        ("http://proxy:3128", "http://proxy:3128", ""),
        ("", "", ""),
    ],
)
def test_the_password_is_split_from_the_address_and_put_back(
    proxy: str, address: str, password: str
) -> None:
    assert split_proxy_password(proxy) == (address, password)
    assert with_proxy_password(address, password) == (proxy if password else address)


def test_a_password_belongs_only_to_an_address_with_a_user() -> None:
    assert names_a_user("http://me@proxy:3128")
    assert not names_a_user("http://proxy:3128")
    assert with_proxy_password("http://proxy:3128", PASSWORD) == "http://proxy:3128"


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


def test_a_password_in_the_settings_moves_to_the_keyring(
    tmp_path: Path, memory: MemoryKeyring
) -> None:
    store = SecretStore.in_data_dir(tmp_path)
    setting, password = read_proxy_password(store, f"http://me:{PASSWORD}@proxy:3128")
    assert (setting, password) == ("http://me@proxy:3128", PASSWORD)
    assert memory.passwords == {(SERVICE_NAME, PROXY_PASSWORD_NAME): PASSWORD}
    assert not (tmp_path / "secrets.json").exists()
    assert redact_known_secrets(PASSWORD) == "***"
    # Read back on the next start, from the keyring.
    assert read_proxy_password(store, setting) == (setting, PASSWORD)


@pytest.mark.parametrize("backend", [fail.Keyring(), LockedKeyring()], ids=["none", "locked"])
def test_without_a_keyring_it_moves_to_the_private_file_not_to_stay_in_settings(
    tmp_path: Path, backend: object
) -> None:
    with using_keyring(backend):  # type: ignore[arg-type]
        store = SecretStore.in_data_dir(tmp_path)
        setting, password = read_proxy_password(store, f"http://me:{PASSWORD}@proxy:3128")
        assert (setting, password) == ("http://me@proxy:3128", PASSWORD)
        key_file = tmp_path / "secrets.json"
        assert PASSWORD in key_file.read_text()
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert read_proxy_password(store, setting) == (setting, PASSWORD)


def test_when_no_store_takes_it_the_setting_stays_as_it_was(
    tmp_path: Path, memory: MemoryKeyring
) -> None:
    # The data folder's key file cannot be written (a folder stands in its way).
    with using_keyring(fail.Keyring()):
        (tmp_path / "secrets.json").mkdir()
        store = SecretStore.in_data_dir(tmp_path)
        saved = f"http://me:{PASSWORD}@proxy:3128"
        assert read_proxy_password(store, saved) == (saved, PASSWORD)
        assert redact_known_secrets(saved) == "http://me:***@proxy:3128"


def test_an_address_without_a_user_reads_nothing(tmp_path: Path, memory: MemoryKeyring) -> None:
    store = SecretStore.in_data_dir(tmp_path)
    store.set(PROXY_PASSWORD_NAME, PASSWORD)
    assert read_proxy_password(store, "http://proxy:3128") == ("http://proxy:3128", "")


@pytest.mark.parametrize(
    ("edited", "saved", "expected"),
    [
        ("http://me:***@proxy:8080", "http://me:pw@proxy:3128", "http://me:pw@proxy:8080"),
        ("http://you:***@proxy:3128", "http://me:p@ss@proxy:3128", "http://you:p@ss@proxy:3128"),
        ("http://me:new@proxy:3128", "http://me:pw@proxy:3128", "http://me:new@proxy:3128"),
        ("http://me:***@proxy:3128", "", "http://me@proxy:3128"),
        ("http://me:***@proxy:3128", "http://me@proxy:3128", "http://me@proxy:3128"),
        ("http://proxy:3128", "http://me:pw@proxy:3128", "http://proxy:3128"),
    ],
)
def test_a_kept_redacted_password_is_restored(edited: str, saved: str, expected: str) -> None:
    assert restore_password(edited, saved) == expected
