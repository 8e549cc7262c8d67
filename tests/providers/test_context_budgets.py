"""Which context window a request is planned for: the user's per-model setting, else what is
known of the provider, else the default."""

from __future__ import annotations

from dynaspark_desktop.providers.context_budgets import (
    API_PROVIDER_ID,
    KNOWN_CONTEXT_TOKENS,
    context_tokens_for,
)
from dynaspark_desktop.providers.dynaspark_api import DynasparkApiProvider


def test_the_api_provider_id_is_the_providers_own() -> None:
    assert DynasparkApiProvider.id == API_PROVIDER_ID


def test_known_providers_unknown_models_and_overrides() -> None:
    assert (
        context_tokens_for("gemini-1.5-flash", per_model={}, default=8_192)
        == (KNOWN_CONTEXT_TOKENS["dynaspark"])
    )
    assert context_tokens_for("dynaspark-api:mistral", per_model={}, default=8_192) == 2_000
    assert context_tokens_for("local:llama3.2:3b", per_model={}, default=4_096) == 4_096
    overrides = {"local:llama3.2:3b": 32_768, "gemini-1.5-flash": 100_000}
    assert context_tokens_for("local:llama3.2:3b", per_model=overrides, default=4_096) == 32_768
    # A web model named either way finds its entry.
    assert (
        context_tokens_for("dynaspark:gemini-1.5-flash", per_model=overrides, default=1) == 100_000
    )
