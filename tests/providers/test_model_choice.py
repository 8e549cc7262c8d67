"""Which model to ask or offer, from what each provider listed (no Qt, no network)."""

from __future__ import annotations

from dynaspark_desktop.providers.base import ModelInfo
from dynaspark_desktop.providers.model_choice import (
    ProviderGroup,
    alternative_to,
    fallback_candidates,
    model_info,
    model_keys,
    vision_model_for,
)


def groups() -> list[ProviderGroup]:
    return [
        ProviderGroup(
            "dynaspark",
            "Dynaspark (web)",
            [ModelInfo("gemini-2.5-flash", image_input=True), ModelInfo("deepseek-r1")],
            loading=False,
        ),
        ProviderGroup(
            "ollama",
            "Ollama",
            [ModelInfo("llama3.2:3b"), ModelInfo("llava:7b", image_input=True)],
            loading=False,
        ),
        ProviderGroup("groq", "Groq", problem="no connection", loading=False),
    ]


def test_group_keys_keep_web_models_bare_and_prefix_the_others() -> None:
    assert model_keys(groups()) == [
        "gemini-2.5-flash",
        "deepseek-r1",
        "ollama:llama3.2:3b",
        "ollama:llava:7b",
    ]


def test_model_info_finds_listed_models_only() -> None:
    assert model_info(groups(), "ollama:llava:7b") == ModelInfo("llava:7b", image_input=True)
    assert model_info(groups(), "dynaspark:deepseek-r1") == ModelInfo("deepseek-r1")
    assert model_info(groups(), "ollama:mistral") is None
    assert model_info(groups(), "groq:llama") is None
    assert model_info(groups(), "ollama:") is None  # malformed key


def test_vision_model_prefers_the_same_provider() -> None:
    assert vision_model_for(groups(), "ollama:llama3.2:3b") == "ollama:llava:7b"
    assert vision_model_for(groups(), "deepseek-r1") == "gemini-2.5-flash"
    # A provider with no image model: the first that has one.
    assert vision_model_for(groups(), "groq:llama") == "gemini-2.5-flash"


def test_vision_model_is_none_when_nothing_can_see() -> None:
    blind = [ProviderGroup("ollama", "Ollama", [ModelInfo("llama3.2:3b")])]
    assert vision_model_for(blind, "ollama:llama3.2:3b") is None


def test_fallback_candidates_only_with_automatic_fallback() -> None:
    others = ["ollama:llama3.2:3b", "dynaspark:deepseek-r1"]
    assert fallback_candidates("deepseek-r1", auto_fallback=False, fallback_models=others) == [
        "deepseek-r1"
    ]
    # One spelling per model, each asked once, the chosen one first.
    assert fallback_candidates(
        "dynaspark:deepseek-r1", auto_fallback=True, fallback_models=others
    ) == [
        "deepseek-r1",
        "ollama:llama3.2:3b",
    ]


def test_alternative_comes_from_the_fallback_list_first() -> None:
    chosen = alternative_to(
        groups(), "deepseek-r1", ["ollama:mistral", "dynaspark:gemini-2.5-flash"]
    )
    # ollama:mistral is not listed; the web spelling of gemini is made canonical.
    assert chosen == "gemini-2.5-flash"


def test_alternative_prefers_another_provider_then_the_same_one() -> None:
    assert alternative_to(groups(), "deepseek-r1", []) == "ollama:llama3.2:3b"
    only_web = groups()[:1]
    assert alternative_to(only_web, "deepseek-r1", []) == "gemini-2.5-flash"
    assert alternative_to(only_web[:1], "gemini-2.5-flash", ["gemini-2.5-flash"]) == "deepseek-r1"


def test_alternative_for_an_image_must_see_images() -> None:
    assert alternative_to(groups(), "deepseek-r1", [], needs_images=True) == "ollama:llava:7b"
    assert (
        alternative_to(groups(), "ollama:llama3.2:3b", ["deepseek-r1"], needs_images=True)
        == "gemini-2.5-flash"
    )
    blind = [ProviderGroup("ollama", "Ollama", [ModelInfo("a"), ModelInfo("b")])]
    assert alternative_to(blind, "ollama:a", [], needs_images=True) is None
    assert alternative_to(blind, "ollama:a", []) == "ollama:b"
