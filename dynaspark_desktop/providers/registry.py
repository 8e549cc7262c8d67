"""The providers the window offers, in one place.

The UI builds it once the keys are read (``read_api_keys`` blocks: run it in a thread)::

    configs = configs_from_settings(saved_list)
    keys = await asyncio.to_thread(read_api_keys, secret_store, [c.id for c in configs])
    registry = build_registry(configs, keys)
    for provider in registry.providers():       # for the picker
        models = await provider.list_models(session, proxy)  # or "unavailable: <reason>"

``check_connection`` backs the settings window's "Test connection" button. Importing this
module loads no aiohttp, asyncio or keyring: the window may import it before its first paint.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dynaspark_desktop.core.errors import ProviderConfigError, SecretStorageError, UserFacingError
from dynaspark_desktop.providers.base import (
    ChatProvider,
    ChatRequest,
    ModelInfo,
    ModelRef,
    StreamItem,
)
from dynaspark_desktop.providers.dynaspark import DynasparkWebProvider
from dynaspark_desktop.providers.dynaspark_api import DynasparkApiProvider
from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
from dynaspark_desktop.providers.presets import ProviderConfig, api_key_name

if TYPE_CHECKING:
    import aiohttp

    from dynaspark_desktop.core.secrets import SecretStore

log = logging.getLogger(__name__)


class ProviderRegistry:
    """The configured providers, in the order the picker shows them."""

    def __init__(self, providers: Iterable[ChatProvider] = ()) -> None:
        self._providers: dict[str, ChatProvider] = {}
        for provider in providers:
            self.add(provider)

    def providers(self) -> list[ChatProvider]:
        return list(self._providers.values())

    def get(self, provider_id: str) -> ChatProvider | None:
        return self._providers.get(provider_id)

    def __contains__(self, provider_id: object) -> bool:
        return provider_id in self._providers

    def add(self, provider: ChatProvider) -> None:
        if provider.id in self._providers:
            raise ValueError(f"a provider with id {provider.id!r} is already registered")
        self._providers[provider.id] = provider

    def replace(self, provider: ChatProvider) -> None:
        """Put ``provider`` in place of the one with its id (settings changed), or add it."""
        self._providers[provider.id] = provider

    def remove(self, provider_id: str) -> None:
        self._providers.pop(provider_id, None)

    def resolve(self, ref: ModelRef) -> ChatProvider:
        """The provider of ``ref``; a readable error when it is no longer configured."""
        provider = self._providers.get(ref.provider_id)
        if provider is None:
            raise ProviderConfigError(
                f"The provider “{ref.provider_id}” of the model {ref.model_id} is not set up "
                "any more. Choose another model."
            )
        return provider

    def stream(
        self, session: aiohttp.ClientSession | None, ref: ModelRef, request: ChatRequest
    ) -> AsyncIterator[StreamItem]:
        """``request`` to the model ``ref`` names, on its provider (handy for
        ``stream_with_fallback``: one request, each candidate in turn)."""
        return self.resolve(ref).stream_chat(session, request.for_model(ref.model_id))


def build_registry(
    configs: Sequence[ProviderConfig] = (),
    api_keys: Mapping[str, str | None] | None = None,
    *,
    include_builtin: bool = True,
    api_base_url: str = "",
) -> ProviderRegistry:
    """The built-in Dynaspark providers, then one provider per configuration.

    ``api_keys`` maps provider ids to keys (missing: no key; for ``dynaspark-api`` the free
    key is used). ``api_base_url`` moves the Dynaspark API ("": where it is documented).
    """
    keys = api_keys or {}
    registry = ProviderRegistry()
    if include_builtin:
        registry.add(DynasparkWebProvider())
        api_key = keys.get(DynasparkApiProvider.id)
        if api_base_url:
            registry.add(DynasparkApiProvider(api_base_url, api_key=api_key))
        else:
            registry.add(DynasparkApiProvider(api_key=api_key))
    for config in configs:
        if config.id in registry:
            log.warning("Provider id %r is used twice; the second one is left out", config.id)
            continue
        registry.add(OpenAICompatibleProvider(config, keys.get(config.id)))
    return registry


def read_api_keys(store: SecretStore, provider_ids: Iterable[str]) -> dict[str, str | None]:
    """Each provider's key from the secret store. Blocking (the keyring may ask D-Bus or show
    an unlock prompt): call it through ``asyncio.to_thread``. A key that cannot be read is
    None, and the reason is logged (never the key)."""
    keys: dict[str, str | None] = {}
    for provider_id in [DynasparkApiProvider.id, *provider_ids]:
        try:
            keys[provider_id] = store.get(api_key_name(provider_id))
        except SecretStorageError as error:
            log.warning("No API key for %s: %s", provider_id, error)
            keys[provider_id] = None
    return keys


@dataclass(frozen=True)
class ConnectionCheck:
    """What "Test connection" found: the models, or the exact reason it failed."""

    models: list[ModelInfo] = field(default_factory=list)
    error: UserFacingError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        if self.error is not None:
            return str(self.error)
        if not self.models:
            return (
                "Connected, but the server lists no models (a local server may need one "
                "downloaded first, e.g. “ollama pull llama3.2”)."
            )
        count = len(self.models)
        return f"Connected: {count} model{'s' if count != 1 else ''} found."


async def check_connection(
    provider: ChatProvider,
    session: aiohttp.ClientSession | None,
    proxy: str | None = None,
    *,
    timeout: float = 15.0,
) -> ConnectionCheck:
    """Ask ``provider`` for its models afresh; never raises a UserFacingError."""
    try:
        models = await provider.list_models(session, proxy, refresh=True, timeout=timeout)
    except UserFacingError as error:
        log.info("Connection test of %s failed: %s (%s)", provider.id, error, error.detail)
        return ConnectionCheck(error=error)
    return ConnectionCheck(models=models)
