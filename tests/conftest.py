"""Shared test set-up: offscreen Qt, an isolated home and data directory for every test."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: no display is needed or used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app follows the system's language (ui/base/translation.py): the tests read English,
# whatever the machine speaks; a test that wants Russian sets the language setting.
os.environ["LANGUAGE"] = "en"
os.environ["LANG"] = "C.UTF-8"
for _variable in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
# The app collects garbage cycles on the UI thread only (ui/base/main_thread_gc.py): a Qt object
# freed by a collection on a fake server's thread would crash the next test. Between apps,
# the tests do the same: automatic collection is off, and each test ends with a collection
# here, on the main thread.
gc.disable()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user location at a fresh temporary folder, so no test can read or
    write the real user's settings, logs or history."""
    home = tmp_path / "home"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for variable in ("DYNASPARK_ENDPOINT", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data directory for the app (settings, logs)."""
    path = tmp_path / "appdata"
    path.mkdir()
    return path


@pytest.fixture(autouse=True)
def private_keyring() -> Iterator[object]:
    """An in-memory keyring for every test: the app reads API keys when it starts, and no
    test may read (or ask to unlock) the real user's keyring."""
    from tests.providers.keyring_support import MemoryKeyring, using_keyring

    with using_keyring(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture(autouse=True)
def no_known_secrets() -> Iterator[None]:
    """The secrets registered for redaction are process-wide: each test starts from none, so
    that one test's key cannot mask another test's text."""
    from dynaspark_desktop.core.redaction import forget_all_secrets

    forget_all_secrets()
    yield
    forget_all_secrets()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def fake_ghostscript(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``gs`` first on PATH that only leaves a marker file when something runs it.

    Returns the marker's path. Pillow's cached answer to "is Ghostscript installed?" is reset,
    so Pillow looks on this PATH.
    """
    folder = tmp_path / "bin"
    folder.mkdir()
    marker = tmp_path / "ghostscript-ran"
    script = folder / "gs"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{marker}"\nexit 0\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    from PIL import EpsImagePlugin

    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)
    return marker
