"""A settings file is read as untrusted: values out of range, of the wrong kind, deeply nested
or huge JSON, or something that is not a file at all fall back to the defaults, never a crash
or a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dynaspark_desktop.core.settings import MAX_SETTINGS_BYTES, SETTINGS, Settings

DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("request_timeout", 1e308),
        ("request_timeout", 0),
        ("request_timeout", -1),
        ("max_image_side", 0),
        ("max_image_side", -1),
        ("max_image_side", 10**30),
        ("max_answer_mb", 10**9),
        ("read_idle_timeout", 0.0),
        ("open_conversation", -5),
        ("window_geometry", "é"),
        ("theme", "purple"),
        ("theme", 1),
        ("send_key", "space"),
        ("language", "xx"),
        ("text_zoom", 1000),
        ("text_zoom", 10),
        ("image_quality", 101),
        ("last_folder", "a\x00b"),
    ],
)
def test_a_value_out_of_range_falls_back_to_the_default(
    tmp_path: Path, name: str, value: object, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({name: value}), encoding="utf-8")
    assert Settings.load(tmp_path).get(name) == DEFAULTS[name]
    assert f"Setting {name}" in caplog.text


def test_infinity_and_nan_fall_back_to_the_default(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(
        '{"request_timeout": Infinity, "read_idle_timeout": NaN}', encoding="utf-8"
    )
    settings = Settings.load(tmp_path)
    assert settings.get("request_timeout") == DEFAULTS["request_timeout"]
    assert settings.get("read_idle_timeout") == DEFAULTS["read_idle_timeout"]


def test_values_in_range_are_kept(tmp_path: Path) -> None:
    kept = {
        "request_timeout": 30.0,
        "max_image_side": 1024,
        "window_geometry": "AdnQyw==",
        "theme": "dark",
        "send_key": "ctrl_enter",
        "language": "ru",
        "text_zoom": 150,
    }
    (tmp_path / "settings.json").write_text(json.dumps(kept), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert {name: settings.get(name) for name in kept} == kept


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, b'{"model": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"],
    ids=["deep array", "deep value"],
)
def test_deeply_nested_json_is_set_aside(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "settings.json").write_bytes(content)
    assert Settings.load(tmp_path).get("model") == DEFAULTS["model"]
    assert (tmp_path / "settings.json.damaged").read_bytes() == content


def test_a_huge_file_is_set_aside_unread(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with path.open("wb") as file:
        file.write(b'{"model": "x", "pad": "')
        file.truncate(MAX_SETTINGS_BYTES * 4)
    assert Settings.load(tmp_path).get("model") == DEFAULTS["model"]
    assert (tmp_path / "settings.json.damaged").exists()


@pytest.mark.timeout(10)
def test_a_fifo_in_its_place_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "settings.json")
    assert Settings.load(tmp_path).get("model") == DEFAULTS["model"]
