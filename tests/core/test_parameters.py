"""The parameters model: what each provider kind takes, in which range, and how it is kept."""

from __future__ import annotations

import math

import pytest

from dynaspark_desktop.core.parameters import (
    DYNASPARK_API,
    OPENAI_COMPATIBLE,
    WEB_ENDPOINT,
    ChatParameters,
    accepted,
    valid_parameters_object,
)


def test_the_web_endpoint_takes_none_and_the_api_no_length_limit() -> None:
    assert accepted(WEB_ENDPOINT) == ()
    assert accepted(None) == ()
    api = [spec.name for spec in accepted(DYNASPARK_API)]
    assert api == ["temperature", "top_p", "presence_penalty", "frequency_penalty", "seed"]
    assert "max_tokens" in [spec.name for spec in accepted(OPENAI_COMPATIBLE)]


def test_values_are_clamped_into_each_kinds_range() -> None:
    parameters = ChatParameters(temperature=2.8, top_p=1.5, presence_penalty=-3.0, seed=5)
    assert parameters.for_kind(DYNASPARK_API) == {
        "temperature": 2.8,
        "top_p": 1.0,
        "presence_penalty": -2.0,
        "seed": 5,
    }
    assert parameters.for_kind(OPENAI_COMPATIBLE)["temperature"] == 2.0
    assert parameters.for_kind(WEB_ENDPOINT) == {}


def test_a_stored_object_round_trips() -> None:
    parameters = ChatParameters(temperature=0.7, max_tokens=1024, seed=0)
    stored = parameters.to_dict()
    assert stored == {"temperature": 0.7, "max_tokens": 1024, "seed": 0}
    assert ChatParameters.from_dict(stored) == parameters
    assert valid_parameters_object(stored)


@pytest.mark.parametrize(
    "raw",
    [
        {"temperature": "hot"},
        {"temperature": True},
        {"temperature": math.nan},
        {"temperature": 99.0},
        {"max_tokens": 0},
        {"max_tokens": 1.5},
        {"seed": -1},
        {"unknown": 1},
    ],
)
def test_a_damaged_value_is_left_out(raw: dict[str, object]) -> None:
    assert ChatParameters.from_dict(raw) == ChatParameters()
    assert not valid_parameters_object(raw)


def test_anything_but_an_object_is_no_parameters() -> None:
    assert ChatParameters.from_dict(["temperature", 1]).is_empty
    assert ChatParameters.from_dict(None).is_empty


def test_the_defaults_setting_keeps_only_a_sane_parameters_object(tmp_path) -> None:
    import json

    from dynaspark_desktop.core.settings import Settings

    (tmp_path / "settings.json").write_text(
        json.dumps({"chat_parameters": {"temperature": 1e9}}), encoding="utf-8"
    )
    assert Settings.load(tmp_path).get("chat_parameters") == {}
    settings = Settings.load(tmp_path)
    settings.set("chat_parameters", {"temperature": 0.4, "seed": 3})
    reread = Settings.load(tmp_path).get("chat_parameters")
    assert ChatParameters.from_dict(reread) == ChatParameters(temperature=0.4, seed=3)
    handed_out = settings.get("chat_parameters")
    handed_out["temperature"] = 2.0  # a copy: the settings are not changed behind their back
    assert settings.get("chat_parameters")["temperature"] == 0.4
    with pytest.raises(ValueError, match="chat_parameters"):
        settings.set("chat_parameters", {"top_p": "all"})
