"""What the "Models and providers" dialog changes, and the slow work behind it.

The dialog only shows and asks; this controller keeps the configured servers, writes them
to the settings, and answers through signals. Every secret-store call runs on one worker
thread (the keyring may talk to D-Bus or wait for an unlock prompt), in the order asked, so
a key saved and then forgotten ends forgotten. Connection tests are tasks on the qasync
loop, on the app's aiohttp session.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.errors import (
    KeyringUnavailableError,
    ProviderConfigError,
    SecretStorageError,
    UserFacingError,
)
from dynaspark_desktop.core.redaction import remember_secret
from dynaspark_desktop.core.secrets import KEY_FILE, KEYRING, NO_KEY
from dynaspark_desktop.providers.base import SessionFactory
from dynaspark_desktop.providers.presets import (
    ProviderConfig,
    api_key_name,
    base_url_problem,
    configs_from_settings,
    new_config,
    normalise_base_url,
    preset,
)
from dynaspark_desktop.providers.registry import ConnectionCheck
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.base.workers import SerialWorker
from dynaspark_desktop.ui.provider_setup.proxy_setup import ProxySetup

if TYPE_CHECKING:
    import asyncio
    import concurrent.futures

    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings

log = logging.getLogger(__name__)


class ProviderSetupController(QObject):
    providersChanged = Signal()  # configurations or keys changed
    keysChanged = Signal()  # a key was saved or forgotten: rebuild the registry (the settings
    # announce a change of the configurations themselves)
    fallbackChanged = Signal()
    keyStateChanged = Signal(str, str)  # provider id, KEYRING / KEY_FILE / NO_KEY
    keyFileConsentNeeded = Signal(str, str)  # provider id, why no keyring can take it
    keyProblem = Signal(str, str)  # provider id, a sentence for the user
    checkStarted = Signal(str)  # provider id
    checkFinished = Signal(str, object)  # provider id, ConnectionCheck

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        session_factory: SessionFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.secret_store = secret_store
        secret_store.allow_file = secret_store.allow_file or settings.get("api_keys_in_file")
        self.session_factory = session_factory
        self.configs: list[ProviderConfig] = configs_from_settings(settings.get("providers"))
        # Servers added without a usable base URL yet (a custom one): shown, not saved.
        self.drafts: set[str] = set()
        # Keys waiting for the user's word on the private file; in memory only.
        self._keys_awaiting_consent: dict[str, str] = {}
        self.key_states: dict[str, str] = {}
        self.found_models: dict[str, list[str]] = {}
        # Key reads and writes, in the order asked for (the keyring may block on D-Bus).
        self._worker = SerialWorker("secrets")
        self._checks = BackgroundTasks()
        self._check_tasks: dict[str, asyncio.Task[None]] = {}
        # The proxy field: its jobs share the worker, in order with the keys'.
        self.proxy_setup = ProxySetup(settings, secret_store, self._run, self)

    # -- configured servers -------------------------------------------------------------------

    def config(self, provider_id: str) -> ProviderConfig | None:
        return next((config for config in self.configs if config.id == provider_id), None)

    def add(self, preset_id: str) -> ProviderConfig:
        """A new server of that preset, saved at once when the preset has an address."""
        taken = [config.id for config in self.configs]
        chosen = preset(preset_id)
        if chosen.base_url:
            config = new_config(chosen.id, taken)
        else:
            # new_config insists on a usable URL; a custom server gets its id the same way
            # and stays a draft until the user gives it an address.
            placeholder = new_config(chosen.id, taken, base_url="http://localhost/v1")
            config = dataclasses.replace(placeholder, base_url="")
            self.drafts.add(config.id)
        self.configs.append(config)
        self._save_configs()
        return config

    def rename(self, provider_id: str, label: str) -> None:
        config = self.config(provider_id)
        if config is None:
            return
        label = label.strip() or preset(config.preset).label
        if label != config.label:
            self._replace(dataclasses.replace(config, label=label))

    def set_base_url(self, provider_id: str, url: str) -> str | None:
        """Use ``url``; the reason it is unusable instead (then nothing is saved)."""
        config = self.config(provider_id)
        if config is None:
            return None
        problem = base_url_problem(url)
        if problem:
            return problem
        url = normalise_base_url(url)
        if url != config.base_url or provider_id in self.drafts:
            self.drafts.discard(provider_id)
            self.found_models.pop(provider_id, None)
            self._replace(dataclasses.replace(config, base_url=url))
        return None

    def remove(self, provider_id: str) -> None:
        """Forget the server, its key, and its models in the fallback list."""
        self.configs = [config for config in self.configs if config.id != provider_id]
        self.drafts.discard(provider_id)
        self.found_models.pop(provider_id, None)
        self._keys_awaiting_consent.pop(provider_id, None)
        task = self._check_tasks.pop(provider_id, None)
        if task is not None:
            task.cancel()
        self._save_configs()
        self._save_concurrency(provider_id, None)  # its limit goes too
        kept = [key for key in self.fallback_models if not key.startswith(f"{provider_id}:")]
        if kept != self.fallback_models:
            self.set_fallback_models(kept)
        name = api_key_name(provider_id)
        self._run(provider_id, lambda: self.secret_store.delete(name), self._key_removed)

    def concurrency(self, provider_id: str, *, is_local: bool) -> tuple[int, int]:
        """How many requests the provider is sent at once, and its default."""
        from dynaspark_desktop.providers.concurrency import default_limit, limits_from_setting

        default = default_limit(provider_id, is_local=is_local)
        chosen = limits_from_setting(self.settings.get("concurrent_requests"))
        return chosen.get(provider_id, default), default

    def set_concurrency(self, provider_id: str, limit: int, *, is_local: bool) -> None:
        """Save the provider's limit (none saved when it is the default: that may change)."""
        from dynaspark_desktop.providers.concurrency import default_limit

        default = default_limit(provider_id, is_local=is_local)
        self._save_concurrency(provider_id, None if limit == default else limit)

    def _save_concurrency(self, provider_id: str, limit: int | None) -> None:
        from dynaspark_desktop.providers.concurrency import with_limit

        entries = self.settings.get("concurrent_requests")
        changed = with_limit(entries, provider_id, limit)
        if changed != entries:
            self.settings.set("concurrent_requests", changed)

    def _replace(self, changed: ProviderConfig) -> None:
        self.configs = [changed if c.id == changed.id else c for c in self.configs]
        self._save_configs()

    def _save_configs(self) -> None:
        saved = [config.to_dict() for config in self.configs if config.id not in self.drafts]
        if saved != self.settings.get("providers"):
            self.settings.set("providers", saved)
            self.providersChanged.emit()

    # -- API keys -----------------------------------------------------------------------------

    def refresh_key_states(self, provider_ids: Iterable[str]) -> None:
        for provider_id in provider_ids:
            name = api_key_name(provider_id)
            self._run(provider_id, lambda name=name: self._where_is_key(name), self._key_found)

    def save_key(self, provider_id: str, key: str) -> None:
        key = key.strip()
        if not key:
            return
        name = api_key_name(provider_id)

        def stored(pid: str, future: concurrent.futures.Future[str]) -> None:
            # The key rides along in this closure (memory only) in case it must wait for
            # the user's word on the private file.
            self._stored(pid, future, key)

        self._run(provider_id, lambda: store_location(self.secret_store.set(name, key)), stored)

    def forget_key(self, provider_id: str) -> None:
        self._keys_awaiting_consent.pop(provider_id, None)
        name = api_key_name(provider_id)
        self._run(provider_id, lambda: self.secret_store.delete(name), self._key_forgotten)

    def allow_key_file(self) -> None:
        """The user agreed to the private file: remember it, and store the waiting keys."""
        self.settings.set("api_keys_in_file", True)
        self.secret_store.allow_file = True
        waiting, self._keys_awaiting_consent = self._keys_awaiting_consent, {}
        for provider_id, key in waiting.items():
            self.save_key(provider_id, key)
        self.proxy_setup.store_awaiting_password()

    def decline_key_file(self, provider_id: str) -> None:
        self._keys_awaiting_consent.pop(provider_id, None)
        self.keyStateChanged.emit(provider_id, self.key_states.get(provider_id, NO_KEY))

    def _where_is_key(self, name: str) -> str:  # on the worker thread
        return self.secret_store.location(name)

    def _key_found(self, provider_id: str, future: concurrent.futures.Future[str]) -> None:
        try:
            location = future.result()
        except SecretStorageError as error:
            log.warning("Could not tell where the API key of %s is: %s", provider_id, error)
            self.keyProblem.emit(provider_id, str(error))
            return
        self._set_key_state(provider_id, location)

    def _stored(self, provider_id: str, future: concurrent.futures.Future[str], key: str) -> None:
        try:
            location = future.result()
        except KeyringUnavailableError as error:
            self._keys_awaiting_consent[provider_id] = key
            log.info("No keyring for the API key of %s: asking about the file", provider_id)
            self.keyFileConsentNeeded.emit(provider_id, str(error))
            return
        except SecretStorageError as error:
            log.warning("The API key of %s was not saved: %s", provider_id, error)
            self.keyProblem.emit(provider_id, str(error))
            return
        log.info("API key of %s saved (%s)", provider_id, location)
        self._set_key_state(provider_id, location)
        self.keysChanged.emit()
        self.providersChanged.emit()

    def _key_forgotten(self, provider_id: str, future: concurrent.futures.Future[None]) -> None:
        try:
            future.result()
        except SecretStorageError as error:
            log.warning("The API key of %s could not be deleted: %s", provider_id, error)
            self.keyProblem.emit(provider_id, str(error))
            return
        self._set_key_state(provider_id, NO_KEY)
        self.keysChanged.emit()
        self.providersChanged.emit()

    def _key_removed(self, provider_id: str, future: concurrent.futures.Future[None]) -> None:
        error = future.exception()
        if error is not None:
            log.warning("The API key of removed %s stays stored: %s", provider_id, error)

    def _set_key_state(self, provider_id: str, location: str) -> None:
        self.key_states[provider_id] = location
        self.keyStateChanged.emit(provider_id, location)

    # -- connection tests ---------------------------------------------------------------------

    def test_connection(self, provider_id: str, base_url: str, typed_key: str = "") -> None:
        """Ask the server at ``base_url`` for its models, with the typed key or the saved one."""
        config = self.config(provider_id)
        if config is None:
            return
        previous = self._check_tasks.pop(provider_id, None)
        if previous is not None:
            previous.cancel()
        self.checkStarted.emit(provider_id)
        tested = dataclasses.replace(config, base_url=normalise_base_url(base_url))
        task = self._checks.start(self._check(tested, typed_key.strip()), f"check {provider_id}")
        self._check_tasks[provider_id] = task

    def is_checking(self, provider_id: str) -> bool:
        return provider_id in self._check_tasks

    async def _check(self, config: ProviderConfig, typed_key: str) -> None:
        import asyncio

        from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
        from dynaspark_desktop.providers.registry import check_connection

        try:
            problem = base_url_problem(config.base_url)
            if problem:
                result = ConnectionCheck(error=ProviderConfigError(problem))
            else:
                if typed_key:
                    # Not saved (yet), but sent: a server echoing it must not get it shown.
                    remember_secret(f"{api_key_name(config.id)}#typed", typed_key)
                key = typed_key or await self._saved_key(config.id)
                session = await self.session_factory() if self.session_factory else None
                provider = OpenAICompatibleProvider(config, key)
                result = await check_connection(provider, session, self.proxy or None)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            # A bug, not a server's answer: say so rather than leave the form busy forever.
            log.exception("Testing the connection to %s failed", config.id)
            result = ConnectionCheck(
                error=UserFacingError(
                    self.tr("The test could not run ({error}).").format(error=type(error).__name__)
                )
            )
        self._check_tasks.pop(config.id, None)
        if result.ok:
            self.found_models[config.id] = [model.id for model in result.models]
        self.checkFinished.emit(config.id, result)

    async def _saved_key(self, provider_id: str) -> str | None:
        try:
            return await self._worker.run(self.secret_store.get, api_key_name(provider_id))
        except SecretStorageError as error:
            log.warning("Testing %s without its key: %s", provider_id, error)
            return None

    # -- proxy and fallback -------------------------------------------------------------------

    @property
    def proxy(self) -> str:
        """The proxy to connect through (see :attr:`ProxySetup.proxy`)."""
        return self.proxy_setup.proxy

    @property
    def fallback_models(self) -> list[str]:
        return self.settings.get("fallback_models")

    def set_fallback_models(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))  # each model once, first place kept
        if keys != self.fallback_models:
            self.settings.set("fallback_models", keys)
            self.fallbackChanged.emit()

    @property
    def auto_fallback(self) -> bool:
        return self.settings.get("auto_fallback")

    def set_auto_fallback(self, enabled: bool) -> None:
        if enabled != self.auto_fallback:
            self.settings.set("auto_fallback", enabled)
            self.fallbackChanged.emit()

    # -- the worker thread --------------------------------------------------------------------

    def _run(
        self,
        provider_id: str,
        job: Callable[[], Any],
        handler: Callable[[str, concurrent.futures.Future[Any]], None],
    ) -> None:
        """Run ``job`` on the worker thread, then ``handler(provider_id, future)`` on the UI
        thread."""
        self._worker.submit(job, then=functools.partial(handler, provider_id))

    async def shutdown(self) -> None:
        """Stop the connection tests and let the key jobs already asked for finish."""
        self._check_tasks.clear()
        await self._checks.cancel_all()
        # A keyring waiting on an unlock prompt must not hold up quitting for long.
        await self._worker.close(timeout=5.0)


def store_location(location: str) -> str:
    return KEY_FILE if location == "file" else KEYRING
