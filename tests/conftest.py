"""Shared test set-up: offscreen Qt, an isolated home and data directory for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import: no display is needed or used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
