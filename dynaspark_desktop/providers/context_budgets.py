"""The context window to plan a request for, by provider: what is known of each, the user's
per-model setting, and the default for the rest (see core/context_window.py for how a
conversation is cut to it).

Neither Dynaspark endpoint documents a limit (shared/dynaspark-api.md), so these are the
app's own choices, made from how each takes the conversation:

- the web endpoint: one form field to a free-tier server, for Gemini models whose windows
  are far larger. 32,000 tokens (about 128 KB of text) keeps a request one such a server
  takes in a moment, and is more than most conversations hold.
- the public API: the whole conversation goes in the URL's query string (``user_input``),
  and URLs much over 8 KB are commonly refused (HTTP 414) by servers and proxies on the way.
  2,000 tokens (of which a quarter is left for the answer) keep it near 6 KB of text.

OpenAI-compatible servers (Ollama, LM Studio, …) say nothing of their models' windows in
their model lists, and a local server often runs a model with a small window: those take the
``context_tokens`` setting (8,192 by default), or a per-model ``model_context_tokens`` entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from dynaspark_desktop.providers.model_keys import WEB_PROVIDER_ID, canonical_key, provider_of

# The API provider's id (DynasparkApiProvider.id), spelled out: this module is read on every
# send, and must not import that provider's module before it is needed.
API_PROVIDER_ID = "dynaspark-api"
KNOWN_CONTEXT_TOKENS: dict[str, int] = {
    WEB_PROVIDER_ID: 32_000,
    API_PROVIDER_ID: 2_000,
}


def context_tokens_for(model_key: str, *, per_model: Mapping[str, int], default: int) -> int:
    """The context window for ``model_key`` (a provider:model key or a bare web model name):
    the user's per-model setting, else what is known of its provider, else ``default``."""
    key = canonical_key(model_key)
    for candidate in (model_key, key):
        tokens = per_model.get(candidate)
        if isinstance(tokens, int) and tokens > 0:
            return tokens
    return KNOWN_CONTEXT_TOKENS.get(provider_of(key), default)
