"""The models the window can offer, by provider, and which provider answers for a model key.

Built after the first paint. Reading API keys may block (the keyring can wait on D-Bus or an
unlock prompt), so it runs in a thread; listing each provider's models runs on the qasync
loop, all providers at once, so one slow server never holds up the others. Until a
provider has answered, the picker shows it as loading; when it cannot be reached, it shows
why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers import model_choice
from dynaspark_desktop.providers.base import ChatProvider, ModelInfo, SessionFactory
from dynaspark_desktop.providers.model_choice import ProviderGroup
from dynaspark_desktop.providers.model_keys import provider_of, ref_for_key
from dynaspark_desktop.providers.registry import ProviderRegistry, build_registry
from dynaspark_desktop.ui.base.tasks import BackgroundTasks, LatestTask
from dynaspark_desktop.ui.base.workers import SerialWorker

if TYPE_CHECKING:
    import asyncio

    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings

log = logging.getLogger(__name__)

# How long a model list may take: a local server answers at once or not at all; a remote
# one may be slow, but the picker should not say "loading…" for minutes.
LIST_TIMEOUT_LOCAL_SECONDS = 5.0
LIST_TIMEOUT_REMOTE_SECONDS = 15.0


class ModelCatalog(QObject):
    # The groups or their models changed: the picker rebuilds its list.
    changed = Signal()

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore | None,
        session_factory: SessionFactory,
        proxy: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.secret_store = secret_store
        self.session_factory = session_factory
        self.proxy = proxy
        self._reading_proxy = False  # our own read of the proxy password is no new proxy
        # The built-in providers are there from the start (they need no key and no
        # network to list their models); configured servers join once their keys are read.
        self.registry: ProviderRegistry = build_registry()
        self._groups: dict[str, ProviderGroup] = {}
        self._tasks = BackgroundTasks()
        # A newer build (the settings changed again) cancels the one before, and the
        # refreshes it would have made stale; a newer refresh cancels the one before.
        self._building = LatestTask(self._tasks, "model-catalog")
        self._refreshing = LatestTask(self._tasks, "model-refresh")
        self._ready: asyncio.Event | None = None
        # A plain thread of our own, not the loop's default executor: qasync's makes ten
        # QThreads per loop, which is a lot to start for one keyring read.
        self._key_reader = SerialWorker("api-keys")
        # The settings say when to build again (servers, the API's address) or to list the
        # models again (through another proxy); nobody has to tell us.
        settings.changed.connect(("providers", "api_endpoint"), lambda *_: self.start())
        settings.changed.connect("proxy", lambda *_: self._proxy_changed())

    # -- building ---------------------------------------------------------------------------

    def start(self) -> None:
        """Read the keys and list every provider's models (again, after a settings change)."""
        import asyncio

        if self._ready is None:
            self._ready = asyncio.Event()
        self._refreshing.cancel()
        self._building.bind(self._build())

    async def ready(self) -> None:
        """Wait until the registry holds every configured provider, with its key."""
        if self._ready is None:
            self.start()
        assert self._ready is not None
        await self._ready.wait()

    async def _build(self) -> None:
        from dynaspark_desktop.core.proxy_password import read_proxy_password
        from dynaspark_desktop.providers.presets import configs_from_settings
        from dynaspark_desktop.providers.registry import read_api_keys

        configs = configs_from_settings(self.settings.get("providers"))
        store, ids = self.secret_store, [config.id for config in configs]
        saved_proxy, known_password = self.settings.get("proxy"), self.settings.proxy_password

        def read_keys() -> tuple[dict[str, str | None], tuple[str, str]]:
            # The keyring is asked only for the names the settings list (see
            # core/secret_names.py); the HTTP session, needed only by servers that list
            # their models over the network, awaits its own imports (ui/base/warm_up.py).
            if store is None:
                return {}, (saved_proxy, "")
            keys = read_api_keys(store, ids), read_proxy_password(store, saved_proxy)
            # Settings without the list (an older version's): every key was asked for just
            # now; once the keyring has answered, the list is known and saved.
            store.names.settle()
            return keys

        try:
            keys, (proxy_setting, proxy_password) = await self._key_reader.run(read_keys)
        except Exception:
            # A key file that cannot be read (a data folder that cannot be used): the
            # providers start without keys rather than every send waiting forever on this.
            log.exception("Reading the API keys failed")
            keys, proxy_setting, proxy_password = {}, saved_proxy, ""
        # A read that began before the user's last edit of the proxy is stale.
        edited = (self.settings.get("proxy"), self.settings.proxy_password) != (
            saved_proxy,
            known_password,
        )
        if not edited:
            # Announced before ready(): the first request goes through it.
            self._reading_proxy = True
            try:
                self.settings.use_proxy(proxy_setting, proxy_password)  # moved to the store
            finally:
                self._reading_proxy = False
        self.registry = build_registry(
            configs, keys, api_base_url=self.settings.get("api_endpoint")
        )
        # Until a provider answers again, the picker keeps showing what it listed before.
        earlier = self._groups
        self._groups = {
            provider.id: ProviderGroup(
                provider.id,
                translate("Providers", provider.label),
                models=list(earlier[provider.id].models) if provider.id in earlier else [],
            )
            for provider in self.registry.providers()
        }
        assert self._ready is not None
        self._ready.set()
        self.changed.emit()
        await self._list_all(refresh=False)

    def _proxy_changed(self) -> None:
        if not self._reading_proxy and self._ready is not None:
            log.info("Proxy setting changed; listing the models again")
            self.refresh()

    def refresh(self) -> None:
        """Ask every provider for its models afresh (the picker's refresh button)."""
        for group in self._groups.values():
            group.loading = True
        self.changed.emit()
        self._refreshing.bind(self._list_all(refresh=True))

    async def _list_all(self, *, refresh: bool) -> None:
        import asyncio

        providers = self.registry.providers()
        await asyncio.gather(*(self._list(p, refresh=refresh) for p in providers))

    async def _list(self, provider: ChatProvider, *, refresh: bool) -> None:
        timeout = LIST_TIMEOUT_LOCAL_SECONDS if provider.is_local else LIST_TIMEOUT_REMOTE_SECONDS
        models: list[ModelInfo] = []
        problem = ""
        try:
            # A built-in list needs no session (nor aiohttp loaded for it).
            offline = getattr(provider, "lists_models_offline", False)
            session = None if offline else await self.session_factory()
            models = await provider.list_models(
                session, self.proxy(), refresh=refresh, timeout=timeout
            )
            if not models:
                problem = translate("ModelCatalog", "it lists no models")
        except UserFacingError as error:
            problem = str(error)
            log.info("Models of %s unavailable: %s (%s)", provider.id, error, error.detail)
        except Exception:
            problem = translate(
                "ModelCatalog", "listing its models failed; the details are in the log"
            )
            log.exception("Listing the models of %s failed", provider.id)
        group = self._groups.get(provider.id)
        if group is None:
            return
        group.models, group.problem, group.loading = models, problem, False
        self.changed.emit()

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()
        # A keyring stuck on an unlock prompt must not hold up the quit.
        self._key_reader.stop()

    # -- questions the window asks ----------------------------------------------------------

    def groups(self) -> list[ProviderGroup]:
        """The groups, each named in the language shown now (it may have changed since)."""
        from dataclasses import replace

        groups = []
        for group in self._groups.values():
            provider = self.registry.get(group.provider_id) if self.registry else None
            label = translate("Providers", provider.label) if provider is not None else group.label
            groups.append(replace(group, label=label) if label != group.label else group)
        return groups

    def info(self, key: str) -> ModelInfo | None:
        """What is known of the model ``key`` (None until its provider has listed it)."""
        return model_choice.model_info(self._groups.values(), key)

    def provider_label(self, key: str) -> str:
        provider = self.registry.get(provider_of(key))
        return translate("Providers", provider.label) if provider is not None else ""

    def resolve(self, key: str) -> tuple[ChatProvider, str]:
        """The provider that answers for ``key``, and the model id to ask it for."""
        ref = ref_for_key(key)
        return self.registry.resolve(ref), ref.model_id

    def vision_model_for(self, key: str) -> str | None:
        """See :func:`~dynaspark_desktop.providers.model_choice.vision_model_for`."""
        return model_choice.vision_model_for(self._groups.values(), key)

    def fallback_candidates(self, key: str) -> list[str]:
        """See :func:`~dynaspark_desktop.providers.model_choice.fallback_candidates`."""
        return model_choice.fallback_candidates(
            key,
            auto_fallback=bool(self.settings.get("auto_fallback")),
            fallback_models=self.settings.get("fallback_models"),
        )

    def alternative_to(self, key: str, *, needs_images: bool = False) -> str | None:
        """See :func:`~dynaspark_desktop.providers.model_choice.alternative_to`."""
        return model_choice.alternative_to(
            list(self._groups.values()),
            key,
            self.settings.get("fallback_models"),
            needs_images=needs_images,
        )

    def model_keys(self) -> list[str]:
        """Every listed model's key (suggestions for the fallback list)."""
        return model_choice.model_keys(self._groups.values())
