"""List and yes/no settings: read back as saved, damaged entries dropped one by one, and a
list a caller changes is still saved when set back."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from dynaspark_desktop.core.settings import Settings

OLLAMA = {"id": "ollama", "preset": "ollama", "label": "Ollama", "base_url": "http://h:1/v1"}


def test_new_settings_have_their_defaults(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    assert settings.get("providers") == []
    assert settings.get("fallback_models") == []
    assert settings.get("auto_fallback") is False
    assert settings.get("api_keys_in_file") is False


def test_lists_and_bools_round_trip(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    settings.set("providers", [OLLAMA])
    settings.set("fallback_models", ["ollama:llama3.2:3b", "dynaspark:gemini-1.5-flash"])
    settings.set("auto_fallback", True)
    again = Settings.load(data_dir)
    assert again.get("providers") == [OLLAMA]
    assert again.get("fallback_models") == ["ollama:llama3.2:3b", "dynaspark:gemini-1.5-flash"]
    assert again.get("auto_fallback") is True


def test_a_changed_copy_set_back_is_saved(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    models = settings.get("fallback_models")
    models.append("ollama:a")
    assert settings.get("fallback_models") == []  # get hands out a copy
    settings.set("fallback_models", models)
    models.append("ollama:b")  # set kept its own copy too
    assert Settings.load(data_dir).get("fallback_models") == ["ollama:a"]


def test_defaults_are_not_shared_between_instances(tmp_path: Path) -> None:
    first = Settings.load(tmp_path / "one")
    first.values["providers"].append(OLLAMA)
    assert Settings.load(tmp_path / "two").get("providers") == []


def test_wrong_entries_are_dropped_one_by_one(data_dir: Path, caplog) -> None:
    caplog.set_level(logging.WARNING)
    raw = {"providers": [OLLAMA, "junk", 3], "fallback_models": ["ollama:x", None, {"a": 1}]}
    (data_dir / "settings.json").write_text(json.dumps(raw))
    settings = Settings.load(data_dir)
    assert settings.get("providers") == [OLLAMA]
    assert settings.get("fallback_models") == ["ollama:x"]
    assert "2 entries of the wrong type" in caplog.text


@pytest.mark.parametrize(
    ("name", "value"),
    [("providers", "ollama"), ("providers", {"id": "x"}), ("auto_fallback", 1)],
)
def test_values_of_the_wrong_type_are_refused(data_dir: Path, name: str, value: object) -> None:
    settings = Settings.load(data_dir)
    with pytest.raises(ValueError, match=name):
        settings.set(name, value)


def test_values_of_the_wrong_type_in_the_file_read_as_defaults(data_dir: Path) -> None:
    raw = {"providers": "ollama", "auto_fallback": "yes", "fallback_models": 7}
    (data_dir / "settings.json").write_text(json.dumps(raw))
    settings = Settings.load(data_dir)
    assert settings.get("providers") == []
    assert settings.get("auto_fallback") is False
    assert settings.get("fallback_models") == []


def test_ints_still_refuse_bools(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="max_image_side"):
        Settings.load(data_dir).set("max_image_side", True)
