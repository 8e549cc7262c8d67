"""What "Models and providers" shows: the servers the user added, their keys and a connection
test; the built-in Dynaspark providers; the fallback list and the proxy.

One panel, shown in its own window (``providers_dialog.ProvidersDialog``) or on the Settings
window's Providers page: whichever shows it last adopts it. The window rebuilds its registry
on ``keysChanged``. Changes are saved as the user makes them; the settings announce them (the
servers, the proxy) to whoever depends on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLayout,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.providers.base import ModelRef, SessionFactory
from dynaspark_desktop.providers.dynaspark import Dynaspark, DynasparkWebProvider
from dynaspark_desktop.providers.dynaspark_api import (
    API_BASE_URL,
    TEXT_MODELS,
    DynasparkApiProvider,
)
from dynaspark_desktop.providers.presets import PRESETS, preset
from dynaspark_desktop.providers.proxy import is_loopback_url
from dynaspark_desktop.providers.registry import ConnectionCheck
from dynaspark_desktop.ui.provider_setup.fallback_page import FallbackPage
from dynaspark_desktop.ui.provider_setup.provider_form import ProviderForm
from dynaspark_desktop.ui.provider_setup.provider_list import LIST_WIDTH, ProviderList
from dynaspark_desktop.ui.provider_setup.setup_controller import ProviderSetupController

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings

BUILTIN_NOTES = {
    DynasparkWebProvider.id: QT_TRANSLATE_NOOP(
        "ProvidersDialog",
        "Gemini models through the free Dynaspark web service. Nothing to set up.",
    ),
    DynasparkApiProvider.id: QT_TRANSLATE_NOOP(
        "ProvidersDialog",
        "Models through the documented Dynaspark API. It works with the free shared key; "
        "a key of your own gets you your own allowance.",
    ),
}
BUILTIN_LABELS = {
    DynasparkWebProvider.id: DynasparkWebProvider.label,
    DynasparkApiProvider.id: DynasparkApiProvider.label,
}


class ProvidersPanel(QWidget):
    providersChanged = Signal()  # servers or keys changed
    keysChanged = Signal()  # a key was saved or forgotten: rebuild the registry
    fallbackChanged = Signal()  # auto_fallback or fallback_models changed
    proxyChanged = Signal()  # the saved proxy changed (the settings announce it to the app)

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        session_factory: SessionFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("providersPanel")
        self.controller = ProviderSetupController(settings, secret_store, session_factory, self)
        self._last_checks: dict[str, ConnectionCheck] = {}
        self._consent_reasons: dict[str, str] = {}
        self._suggested: list[str] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Its least width is the stacked one (see resizeEvent), not the side-by-side one.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.tabs = QTabWidget(objectName="providersTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.addTab(self._providers_page(), self.tr("Providers"))
        self.fallback_page = FallbackPage()
        self.tabs.addTab(self.fallback_page, self.tr("Fallback and proxy"))
        outer.addWidget(self.tabs, 1)

        self._connect()
        self._fill_list(DynasparkWebProvider.id)
        self._refresh_fallback_page()
        self.controller.refresh_key_states(
            [DynasparkApiProvider.id, *(c.id for c in self.controller.configs)]
        )

    def _providers_page(self) -> QWidget:
        page = QWidget()
        self._page_row = row = QHBoxLayout(page)
        row.setContentsMargins(0, 12, 0, 0)
        row.setSpacing(12)
        left = QVBoxLayout()
        self.provider_list = ProviderList()
        left.addWidget(self.provider_list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add server"), objectName="addProviderButton")
        self.add_menu = QMenu(self.add_button)
        for choice in PRESETS:
            text = (
                self.tr("Custom server…")
                if choice.id == "custom"
                else translate("Presets", choice.label)
            )
            action = QAction(text, self.add_menu)
            action.setData(choice.id)
            action.triggered.connect(lambda _=False, pid=choice.id: self.add_provider(pid))
            self.add_menu.addAction(action)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QPushButton(self.tr("Remove"), objectName="removeProviderButton")
        self.remove_button.clicked.connect(self._remove_selected)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        left.addLayout(buttons)
        row.addLayout(left)
        self.form = ProviderForm()
        row.addWidget(self.form, 1)
        return page

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form, fallback = self.form.minimumSizeHint(), self.fallback_page.minimumSizeHint()
        stacked = max(form.width(), fallback.width())
        return QSize(min(hint.width(), stacked + 8), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Short of room for the list beside the form (the Settings window at 600 px), the
        list goes above it rather than the page scrolling sideways."""
        super().resizeEvent(event)
        beside = LIST_WIDTH + self._page_row.spacing() + self.form.minimumSizeHint().width()
        stacked = event.size().width() < beside
        if stacked != (self._page_row.direction() == QBoxLayout.Direction.TopToBottom):
            self._page_row.setDirection(
                QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
            )
            self.provider_list.set_stacked(stacked)

    def _connect(self) -> None:
        settings, form = self.controller, self.form
        self.provider_list.currentItemChanged.connect(lambda *_: self._show_selected())
        form.labelEdited.connect(self._rename_selected)
        form.baseUrlEdited.connect(self._readdress_selected)
        form.keyEntered.connect(lambda key: settings.save_key(self._selected_id(), key))
        form.forgetKeyRequested.connect(lambda: settings.forget_key(self._selected_id()))
        form.fileConsentGiven.connect(self._consented)
        form.fileConsentDeclined.connect(self._declined)
        form.testRequested.connect(self._test_selected)
        form.concurrencyEdited.connect(
            lambda limit: settings.set_concurrency(
                self._selected_id(), limit, is_local=self._selected_is_local()
            )
        )
        settings.keyStateChanged.connect(self._key_state_changed)
        settings.keyFileConsentNeeded.connect(self._consent_needed)
        settings.keyProblem.connect(self._key_problem)
        settings.checkStarted.connect(self._check_started)
        settings.checkFinished.connect(self._check_finished)
        settings.providersChanged.connect(self.providersChanged)
        settings.keysChanged.connect(self.keysChanged)
        settings.providersChanged.connect(self._refresh_fallback_page)
        settings.fallbackChanged.connect(self.fallbackChanged)
        proxy, page = self.controller.proxy_setup, self.fallback_page
        proxy.proxyChanged.connect(self.proxyChanged)
        proxy.proxyChanged.connect(self._show_saved_proxy)
        proxy.proxyPasswordRead.connect(self._show_saved_proxy)
        proxy.proxyFileConsentNeeded.connect(page.ask_proxy_file_consent)
        proxy.proxyProblem.connect(page.show_proxy_problem)
        page.autoFallbackToggled.connect(settings.set_auto_fallback)
        page.fallbackModelsEdited.connect(settings.set_fallback_models)
        page.proxyEdited.connect(self._proxy_edited)
        page.proxyFileConsentGiven.connect(settings.allow_key_file)
        page.proxyFileConsentDeclined.connect(proxy.decline_file)

    # -- for the window -----------------------------------------------------------------------

    def refresh_key_states(self) -> None:
        """Read afresh where each key is kept (as the panel is shown)."""
        ids = [DynasparkApiProvider.id, *(config.id for config in self.controller.configs)]
        self.controller.refresh_key_states(ids)

    def set_model_suggestions(self, keys: Iterable[str]) -> None:
        """provider:model keys the fallback picker offers (e.g. the models the window lists)."""
        self._suggested = list(keys)
        self._refresh_fallback_page()

    async def shutdown(self) -> None:
        """Stop running connection tests (call on quit; key writes still finish)."""
        await self.controller.shutdown()

    # -- the list -----------------------------------------------------------------------------

    def add_provider(self, preset_id: str) -> str:
        """Add a server of that preset and select it; returns its id."""
        config = self.controller.add(preset_id)
        self._fill_list(config.id)
        self.controller.refresh_key_states([config.id])
        self.tabs.setCurrentIndex(0)
        field = self.form.url_field if not config.base_url else self.form.label_field
        field.setFocus()
        return config.id

    def retranslate(self) -> None:
        """The language changed: the list, the form and the fallback page made again in it."""
        self._fill_list()
        self._show_selected()
        self._refresh_fallback_page()

    def select_provider(self, provider_id: str) -> None:
        self.provider_list.select(provider_id)

    def _selected_id(self) -> str:
        return self.provider_list.selected_id()

    def _fill_list(self, select: str | None = None) -> None:
        servers = [(c.id, c.label, self._where(c.id)) for c in self.controller.configs]
        self.provider_list.fill(
            [(key, translate("Providers", label)) for key, label in BUILTIN_LABELS.items()],
            servers,
            select or self._selected_id(),
            fallback=DynasparkWebProvider.id,
        )

    def _where(self, provider_id: str) -> str:
        config = self.controller.config(provider_id)
        if config is None or not config.base_url:
            return self.tr("No address yet")
        parts = urlsplit(config.base_url)
        return parts.netloc or config.base_url

    def _remove_selected(self) -> None:
        provider_id = self._selected_id()
        if self.controller.config(provider_id) is None:
            return
        row = self.provider_list.currentRow()
        self.controller.remove(provider_id)
        self._last_checks.pop(provider_id, None)
        self._consent_reasons.pop(provider_id, None)
        self._fill_list()
        # The neighbour below takes the place; the last server hands it to the row above.
        self.provider_list.select_near(row)
        self._refresh_fallback_page()

    # -- the form -----------------------------------------------------------------------------

    def _show_selected(self) -> None:
        provider_id = self._selected_id()
        config = self.controller.config(provider_id)
        self.remove_button.setEnabled(config is not None)
        if config is None:
            address = Dynaspark.api_endpoint
            if provider_id == DynasparkApiProvider.id:
                address = API_BASE_URL
            self.form.show_builtin(
                translate("Providers", BUILTIN_LABELS.get(provider_id, provider_id)),
                address,
                translate("ProvidersDialog", BUILTIN_NOTES.get(provider_id, "")),
                key_allowed=provider_id == DynasparkApiProvider.id,
            )
        else:
            draft = provider_id in self.controller.drafts
            self.form.show_server(config, preset(config.preset), draft=draft)
            if self.controller.is_checking(provider_id):
                self.form.set_checking(self._where(provider_id))
            else:
                self.form.show_check(self._last_checks.get(provider_id))
        limits = self.controller.concurrency(provider_id, is_local=self._selected_is_local())
        self.form.show_concurrency(*limits)
        if provider_id in self.controller.key_states:
            self.form.set_key_state(self.controller.key_states[provider_id])
        if provider_id in self._consent_reasons:
            self.form.ask_file_consent(self._consent_reasons[provider_id])

    def _selected_is_local(self) -> bool:
        config = self.controller.config(self._selected_id())
        return config is not None and is_loopback_url(config.base_url)

    def _rename_selected(self, label: str) -> None:
        provider_id = self._selected_id()
        self.controller.rename(provider_id, label)
        config = self.controller.config(provider_id)
        if config is not None:
            self.form.title.setText(config.label)
            self.form.label_field.setText(config.label)
            self._fill_list(provider_id)

    def _readdress_selected(self, url: str) -> None:
        provider_id = self._selected_id()
        config = self.controller.config(provider_id)
        problem = self.controller.set_base_url(provider_id, url)
        if problem:
            self.form.show_url_problem(problem)
        elif self.controller.config(provider_id) != config:
            self._last_checks.pop(provider_id, None)
            self._fill_list(provider_id)
            self._show_selected()

    def _test_selected(self) -> None:
        provider_id = self._selected_id()
        self.controller.test_connection(
            provider_id, self.form.url_field.text(), self.form.typed_key
        )

    def _check_started(self, provider_id: str) -> None:
        if provider_id == self._selected_id():
            host = urlsplit(self.form.url_field.text().strip()).netloc
            self.form.set_checking(host or self._where(provider_id))

    def _check_finished(self, provider_id: str, check: ConnectionCheck) -> None:
        self._last_checks[provider_id] = check
        if provider_id == self._selected_id():
            self.form.show_check(check)
        if check.ok:
            self._refresh_fallback_page()

    def _key_state_changed(self, provider_id: str, location: str) -> None:
        self._consent_reasons.pop(provider_id, None)
        if provider_id == self._selected_id():
            self.form.set_key_state(location)

    def _consent_needed(self, provider_id: str, reason: str) -> None:
        self._consent_reasons[provider_id] = reason
        if provider_id == self._selected_id():
            self.form.ask_file_consent(reason)

    def _consented(self) -> None:
        self._consent_reasons.clear()
        self.form.consent_panel.hide()
        self.form.key_status.setText(self.tr("Saving…"))
        self.controller.allow_key_file()

    def _declined(self) -> None:
        self._consent_reasons.pop(self._selected_id(), None)
        self.controller.decline_key_file(self._selected_id())

    def _key_problem(self, provider_id: str, message: str) -> None:
        if provider_id == self._selected_id():
            self.form.show_key_problem(message)

    # -- fallback and proxy -------------------------------------------------------------------

    def _refresh_fallback_page(self) -> None:
        page, settings = self.fallback_page, self.controller
        labels = {key: translate("Providers", label) for key, label in BUILTIN_LABELS.items()}
        labels.update((c.id, c.label) for c in settings.configs if c.id not in settings.drafts)

        def describe(ref: ModelRef) -> str:
            provider = labels.get(
                ref.provider_id,
                translate("ProvidersDialog", "{name}, not set up").format(name=ref.provider_id),
            )
            return f"{ref.model_id}  ·  {provider}"

        page.set_providers(describe, labels)
        page.set_fallback_models(settings.fallback_models)
        page.set_auto_fallback(settings.auto_fallback)
        if not page.proxy_field.hasFocus():
            page.set_proxy(settings.proxy)
        builtin = [f"{DynasparkWebProvider.id}:{model}" for model in Dynaspark.models]
        builtin += [f"{DynasparkApiProvider.id}:{model}" for model in TEXT_MODELS]
        found = [
            f"{provider_id}:{model}"
            for provider_id, models in settings.found_models.items()
            for model in models
        ]
        page.set_suggestions([*self._suggested, *found, *builtin])

    def _show_saved_proxy(self) -> None:
        if not self.fallback_page.proxy_field.hasFocus():
            self.fallback_page.set_proxy(self.controller.proxy)

    def _proxy_edited(self, text: str) -> None:
        problem = self.controller.proxy_setup.set_proxy(text)
        if problem:
            self.fallback_page.show_proxy_problem(problem)
        else:
            self.fallback_page.set_proxy(self.controller.proxy)
