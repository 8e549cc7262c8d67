"""API keys in the keyring, the user-only file fallback, and keys kept out of every other file
and the log. Every test sets its own keyring backend: the user's real keyring is never used."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

import dynaspark_desktop
from dynaspark_desktop.core.errors import KeyringUnavailableError, SecretStorageError
from dynaspark_desktop.core.secrets import SERVICE_NAME, SecretStore, keyring_status
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.presets import api_key_name, new_config
from dynaspark_desktop.providers.registry import build_registry, read_api_keys
from tests.providers.keyring_support import LockedKeyring, MemoryKeyring, using_keyring

KEY = "sk-live-0123456789abcdef"
NAME = api_key_name("openai")
REPO_ROOT = Path(dynaspark_desktop.__file__).resolve().parents[1]


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with using_keyring(fail.Keyring()):
        yield


@pytest.fixture
def locked() -> Iterator[None]:
    with using_keyring(LockedKeyring()):
        yield


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_containing(root: Path, text: str) -> list[Path]:
    return [
        path for path in root.rglob("*") if path.is_file() and text.encode() in path.read_bytes()
    ]


def test_keys_live_in_the_keyring(tmp_path, memory):
    store = SecretStore.in_data_dir(tmp_path)
    assert store.status().available
    assert store.set(NAME, KEY) == "keyring"
    assert memory.passwords == {(SERVICE_NAME, NAME): KEY}
    assert store.get(NAME) == KEY
    assert not (tmp_path / "secrets.json").exists()
    store.delete(NAME)
    assert store.get(NAME) is None
    store.delete(NAME)  # deleting what is not there is fine


def test_an_empty_key_means_delete(tmp_path, memory):
    store = SecretStore.in_data_dir(tmp_path)
    store.set(NAME, KEY)
    store.set(NAME, "")
    assert store.get(NAME) is None


def test_no_keyring_is_reported_and_nothing_is_written_without_consent(tmp_path, no_keyring):
    status = keyring_status()
    assert not status.available
    assert "no keyring" in status.reason
    store = SecretStore.in_data_dir(tmp_path / "data")
    with pytest.raises(KeyringUnavailableError) as caught:
        store.set(NAME, KEY)
    assert "file only you can read" in str(caught.value)
    assert KEY not in str(caught.value)
    assert not (tmp_path / "data").exists()
    assert store.get(NAME) is None


def test_with_consent_the_key_goes_to_a_file_only_the_user_can_read(tmp_path, no_keyring):
    store = SecretStore.in_data_dir(tmp_path / "data")
    store.allow_file = True
    assert store.set(NAME, KEY) == "file"
    path = tmp_path / "data" / "secrets.json"
    assert mode_of(path) == 0o600
    assert store.get(NAME) == KEY
    store.set(api_key_name("gemini"), "other")
    assert mode_of(path) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secrets.json"]  # no temp files left
    store.delete(NAME)
    assert store.get(NAME) is None
    store.delete(api_key_name("gemini"))
    assert not path.exists()


def test_a_widened_key_file_is_narrowed_again(tmp_path, no_keyring, caplog):
    store = SecretStore.in_data_dir(tmp_path, allow_file=True)
    store.set(NAME, KEY)
    path = tmp_path / "secrets.json"
    os.chmod(path, 0o644)
    assert store.get(NAME) == KEY
    assert mode_of(path) == 0o600
    assert "readable by others" in caplog.text


def test_a_damaged_key_file_is_a_readable_error(tmp_path, no_keyring):
    path = tmp_path / "secrets.json"
    path.write_text("{not json")
    os.chmod(path, 0o600)
    with pytest.raises(SecretStorageError, match="cannot be read"):
        SecretStore(path).get(NAME)


def test_a_locked_keyring_is_explained_and_the_file_can_take_over(tmp_path, locked):
    store = SecretStore.in_data_dir(tmp_path)
    with pytest.raises(KeyringUnavailableError) as caught:
        store.set(NAME, KEY)
    assert "locked" in str(caught.value)
    assert KEY not in str(caught.value) + (caught.value.detail or "")
    store.allow_file = True
    assert store.set(NAME, KEY) == "file"
    assert SecretStore.in_data_dir(tmp_path).file.get(NAME) == KEY


def test_a_key_from_the_file_moves_into_a_keyring_that_works_again(tmp_path, memory):
    path = tmp_path / "secrets.json"
    with using_keyring(fail.Keyring()):
        SecretStore(path, allow_file=True).set(NAME, KEY)
    store = SecretStore(path)
    assert store.get(NAME) == KEY  # found in the file, where it was put
    assert store.set(NAME, KEY) == "keyring"
    assert not path.exists()
    assert memory.passwords[(SERVICE_NAME, NAME)] == KEY


def test_keys_stay_out_of_the_log_and_of_every_other_file(tmp_path, memory, caplog):
    caplog.set_level(logging.DEBUG)
    home = tmp_path
    data_dir = tmp_path / "appdata"
    store = SecretStore.in_data_dir(data_dir)
    configs = [new_config("openai")]
    store.set(api_key_name("openai"), KEY)
    registry = build_registry(configs, read_api_keys(store, ["openai"]))
    provider = registry.get("openai")
    settings = Settings.load(data_dir)
    settings.set("model", "openai:gpt-4o")  # the settings layer writes its file
    saved = [config.to_dict() for config in configs]
    assert KEY not in repr(provider)
    assert KEY not in repr(saved)
    assert files_containing(home, KEY) == []
    assert KEY not in caplog.text


def test_with_the_file_fallback_only_the_key_file_holds_the_key(tmp_path, no_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    data_dir = tmp_path / "appdata"
    store = SecretStore.in_data_dir(data_dir, allow_file=True)
    store.set(NAME, KEY)
    Settings.load(data_dir).set("model", "openai:gpt-4o")
    assert files_containing(tmp_path, KEY) == [data_dir / "secrets.json"]
    assert KEY not in caplog.text


def test_importing_secrets_does_not_load_keyring():
    code = "import sys, dynaspark_desktop.core.secrets\nprint('keyring' in sys.modules)\n"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
