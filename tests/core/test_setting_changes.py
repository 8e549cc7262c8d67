"""Settings announce their changes to whoever subscribed to them (core.settings)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from dynaspark_desktop.core.settings import Settings


def _heard(settings: Settings, names: str | tuple[str, ...]) -> list[tuple[str, Any]]:
    heard: list[tuple[str, Any]] = []
    settings.changed.connect(names, lambda name, value: heard.append((name, value)))
    return heard


def test_a_change_reaches_the_subscribers_of_that_setting_only(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    timeout = _heard(settings, "request_timeout")
    caps = _heard(settings, ("max_answer_mb", "max_image_mb"))
    settings.set("request_timeout", 12)
    settings.set("max_image_mb", 5)
    settings.set("model", "gemini-pro")
    assert timeout == [("request_timeout", 12.0)]
    assert caps == [("max_image_mb", 5)]


def test_setting_the_same_value_again_is_no_change(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    heard = _heard(settings, "auto_fallback")
    settings.set("auto_fallback", True)
    settings.set("auto_fallback", True)
    assert heard == [("auto_fallback", True)]


def test_a_refused_value_is_not_announced(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    heard = _heard(settings, "max_answer_mb")
    with pytest.raises(ValueError, match="max_answer_mb"):
        settings.set("max_answer_mb", -3)
    assert heard == []
    assert settings.get("max_answer_mb") == 8


def test_a_list_announced_is_a_copy_the_subscriber_cannot_spoil(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    heard = _heard(settings, "fallback_models")
    settings.set("fallback_models", ["a:1"])
    heard[0][1].append("spoiled")
    assert settings.get("fallback_models") == ["a:1"]


def test_a_subscriber_can_leave(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    heard: list[str] = []
    leave = settings.changed.connect("model", lambda _name, value: heard.append(value))
    settings.set("model", "one")
    leave()
    leave()  # twice is harmless
    settings.set("model", "two")
    assert heard == ["one"]


def test_an_unknown_setting_cannot_be_subscribed_to(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    with pytest.raises(KeyError, match="request_timout"):
        settings.changed.connect(("model", "request_timout"), lambda *_: None)


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.load(tmp_path)

    def broken(_name: str, _value: Any) -> None:
        raise RuntimeError("broken subscriber")

    settings.changed.connect("model", broken)
    heard = _heard(settings, "model")
    with caplog.at_level(logging.ERROR):
        settings.set("model", "gemini-pro")
    assert heard == [("model", "gemini-pro")]
    assert "subscriber to the model setting failed" in caplog.text
    assert Settings.load(tmp_path).get("model") == "gemini-pro"  # the change was kept


def test_a_change_that_cannot_be_saved_is_announced_all_the_same(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings = Settings.load(blocker / "data")  # its folder cannot be made
    failures: list[OSError] = []
    settings.on_save_failed = failures.append
    heard = _heard(settings, "request_timeout")
    settings.set("request_timeout", 30)
    assert failures
    assert heard == [("request_timeout", 30.0)]


def test_the_proxy_password_is_announced_as_a_proxy_change_and_never_saved(
    tmp_path: Path,
) -> None:
    settings = Settings.load(tmp_path)
    settings.set("proxy", "http://me@proxy.example:3128")
    heard = _heard(settings, "proxy")
    settings.use_proxy("http://me@proxy.example:3128", "s3cret-pass")
    settings.use_proxy("http://me@proxy.example:3128", "s3cret-pass")  # known: no change
    assert heard == [("proxy", "http://me@proxy.example:3128")]
    assert settings.proxy_in_use() == "http://me:s3cret-pass@proxy.example:3128"
    assert "s3cret-pass" not in (tmp_path / "settings.json").read_text()
    assert "s3cret-pass" not in repr(settings)
    assert Settings.load(tmp_path).proxy_in_use() == "http://me@proxy.example:3128"


def test_a_new_proxy_address_and_password_are_one_change(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    heard = _heard(settings, "proxy")
    settings.use_proxy("http://me@proxy.example:3128", "first-pass")
    settings.use_proxy("http://me@proxy.example:3128", "first-pass")
    settings.use_proxy("http://me@other.example:3128", "first-pass")
    assert heard == [
        ("proxy", "http://me@proxy.example:3128"),
        ("proxy", "http://me@other.example:3128"),
    ]
    assert settings.proxy_in_use() == "http://me:first-pass@other.example:3128"
