"""The proxy field of "Models and providers": its address in the settings, its password in
the secret store, and what the user typed on its way there.

The settings announce the proxy in use (:meth:`Settings.use_proxy`), so the chat and the
model lists follow it without being told; this part keeps what the field shows and says.
Its secret-store jobs run on the setup controller's worker, in order with the API keys'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.errors import KeyringUnavailableError, SecretStorageError
from dynaspark_desktop.core.proxy_password import (
    PROXY_PASSWORD_NAME,
    names_a_user,
    read_proxy_password,
    restore_password,
    split_proxy_password,
    with_proxy_password,
)
from dynaspark_desktop.providers.proxy import proxy_problem

if TYPE_CHECKING:
    import concurrent.futures

    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings

    # Runs a job on the secret-store worker, then the handler (job name, future) on the UI
    # thread.
    RunJob = Callable[
        [str, Callable[[], Any], Callable[[str, concurrent.futures.Future[Any]], None]], None
    ]

log = logging.getLogger(__name__)

PROXY_JOB = "proxy"  # the worker's jobs for the proxy password name this instead of a provider


class ProxySetup(QObject):
    proxyChanged = Signal()  # the proxy to use changed (its address or its password)
    proxyPasswordRead = Signal()  # the saved password is known now: show the proxy again
    proxyFileConsentNeeded = Signal(str)  # why no keyring can take the proxy password
    proxyProblem = Signal(str)  # the proxy password could not be saved: a sentence

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        run: RunJob,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.secret_store = secret_store
        self._run = run
        # The proxy's password, from the secret store (settings keep the address only).
        saved_proxy = settings.get("proxy")
        # Known at once when the model catalog has read it, or when an earlier version left it
        # in the settings (moved out below).
        self.proxy_password = settings.proxy_password or split_proxy_password(saved_proxy)[1]
        self._proxy_password_saving: str | None = None  # on its way to the store
        self._proxy_password_awaiting_consent: str | None = None
        if names_a_user(saved_proxy):
            self._run(
                PROXY_JOB,
                lambda: read_proxy_password(secret_store, saved_proxy),
                lambda _job, future: self._proxy_password_read(saved_proxy, future),
            )

    @property
    def proxy(self) -> str:
        """The proxy to connect through: the saved address with the stored password, or the
        one the user typed while it is being stored or waits for their word on the file (the
        field shows it as "***", which must keep meaning it)."""
        return with_proxy_password(self.settings.get("proxy"), self._password_in_use())

    def _password_in_use(self) -> str:
        return next(
            (
                typed
                for typed in (self._proxy_password_saving, self._proxy_password_awaiting_consent)
                if typed is not None
            ),
            self.proxy_password,
        )

    def _announce_proxy(self) -> None:
        """The settings announce the proxy in use: the chat and the model lists follow."""
        self.settings.use_proxy(self.settings.get("proxy"), self._password_in_use())

    def set_proxy(self, text: str) -> str | None:
        """Use the proxy typed (a kept "***" keeps the saved password); the reason it is
        unusable instead, then nothing is saved. The address goes to the settings, a new
        password to the secret store (``proxyChanged`` once it is there). Both are used at
        once: the settings announce the proxy in use."""
        value = restore_password(text.strip(), self.proxy)
        problem = proxy_problem(value)
        if problem:
            return problem
        if value == self.proxy:
            return None
        address, password = split_proxy_password(value)
        unchanged = password == split_proxy_password(self.proxy)[1]
        if not unchanged:
            self._store_proxy_password(password)
        self.settings.use_proxy(address, password)
        if unchanged:
            self.proxyChanged.emit()
        return None

    def decline_file(self) -> None:
        """The user would not keep the proxy password in a file: it is not saved."""
        if self._proxy_password_awaiting_consent is None:
            return
        self._proxy_password_awaiting_consent = None
        self._announce_proxy()  # back to the saved password
        self.proxyChanged.emit()  # the address may have changed all the same
        self.proxyProblem.emit(
            self.tr("The proxy password was not saved; the proxy is used without it.")
        )

    def _store_proxy_password(self, password: str) -> None:
        # An empty password deletes the stored one.
        self._proxy_password_saving = password
        self._run(
            PROXY_JOB,
            lambda: self.secret_store.set(PROXY_PASSWORD_NAME, password),
            lambda _job, future: self._proxy_password_stored(password, future),
        )

    def _proxy_password_stored(self, password: str, future: concurrent.futures.Future[str]) -> None:
        if self._proxy_password_saving == password:
            self._proxy_password_saving = None
        try:
            future.result()
        except KeyringUnavailableError as error:
            # In memory only, while the user decides about the file.
            self._proxy_password_awaiting_consent = password
            log.info("No keyring for the proxy password: asking about the file")
            self.proxyFileConsentNeeded.emit(str(error))
            return
        except SecretStorageError as error:
            log.warning("The proxy password was not saved: %s", error)
            self._announce_proxy()  # back to the saved password
            self.proxyProblem.emit(str(error))
            return
        self.proxy_password = password
        self._announce_proxy()
        log.info("Proxy password %s", "saved" if password else "removed")
        self.proxyChanged.emit()

    def _proxy_password_read(
        self, saved_proxy: str, future: concurrent.futures.Future[tuple[str, str]]
    ) -> None:
        try:
            setting, password = future.result()
        except Exception:  # read_proxy_password reports the store's own failures itself
            log.exception("Reading the proxy password failed")
            return
        if self.settings.get("proxy") != saved_proxy:
            return  # the user changed the proxy meanwhile: that is what counts
        self.proxy_password = password
        self._announce_proxy()
        if setting != saved_proxy:
            self.settings.set("proxy", setting)  # its password moved to the store
        self.proxyPasswordRead.emit()

    def store_awaiting_password(self) -> None:
        """The user agreed to the private file: store the password that waited for it."""
        password, self._proxy_password_awaiting_consent = (
            self._proxy_password_awaiting_consent,
            None,
        )
        if password is not None:
            self._store_proxy_password(password)
