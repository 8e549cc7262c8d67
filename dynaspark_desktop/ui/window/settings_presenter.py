"""The Settings window's link to the app: opens it (``open_settings``), runs what its pages ask
for (the endpoint's Test, default parameters, the default model) and applies the settings
that touch the window: the composer's send key, a new chat's system prompt, a restored history.

The other settings are followed where they are used (``DesktopApp._follow_settings``, the
catalog, ``http_body``); the look's and the language's by their own parts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.core.parameters import OPENAI_COMPATIBLE, ChatParameters, accepted
from dynaspark_desktop.ui.base.tasks import BackgroundTasks

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from dynaspark_desktop.core.chat import Conversation
    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.providers.endpoint_check import EndpointCheck
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.provider_setup.proxy_setup import ProxySetup
    from dynaspark_desktop.ui.settings.settings_window import SettingsWindow
    from dynaspark_desktop.ui.window.main_window import MainWindow
    from dynaspark_desktop.ui.window.model_presenter import ModelPresenter
    from dynaspark_desktop.ui.window.navigator import ConversationNavigator

log = logging.getLogger(__name__)


class SettingsPresenter(QObject):
    def __init__(
        self,
        window: MainWindow,
        chat: ChatController,
        history: HistoryController,
        settings: Settings,
        data_dir: Path,
        endpoint_option: str | None = None,
    ) -> None:
        super().__init__(window)
        # The --endpoint given on the command line: it rules this run over the setting.
        self.endpoint_option = endpoint_option
        self.window = window
        self.chat = chat
        self.history = history
        self.settings = settings
        self.data_dir = data_dir
        # Set by the app once they exist (after the first paint).
        self.models: ModelPresenter | None = None
        self.navigator: ConversationNavigator | None = None
        self.settings_window: SettingsWindow | None = None
        self._tasks = BackgroundTasks()
        window.settingsRequested.connect(self.open_settings)
        self._follow_theme()
        from dynaspark_desktop.ui.base.file_dialogs import remember_folders_in
        from dynaspark_desktop.ui.window.text_zoom import TextZoom

        remember_folders_in(settings)  # its last_folder
        self.text_zoom = TextZoom(settings, window.transcript)
        window.keys.zoomInRequested.connect(self.text_zoom.zoom_in)
        window.keys.zoomOutRequested.connect(self.text_zoom.zoom_out)
        window.keys.zoomResetRequested.connect(self.text_zoom.zoom_reset)
        self._follow_send_key("send_key", settings.get("send_key"))
        settings.changed.connect("send_key", self._follow_send_key)
        chat.conversation.system_prompt = settings.get("default_system_prompt")
        settings.changed.connect("default_system_prompt", self._default_prompt_changed)
        chat.conversationReplaced.connect(self._conversation_replaced)

    # -- settings that touch the window -----------------------------------------------------

    def _follow_theme(self) -> None:
        """The colours: the ``theme`` setting's, live; the system's followed after the first
        paint (see Theme.follow_system)."""
        from dynaspark_desktop.ui.base.theme import app_theme

        theme, window = app_theme(), self.window
        theme.set_choice(self.settings.get("theme"))
        self.settings.changed.connect("theme", lambda _name, choice: theme.set_choice(choice))
        window.restyle()
        theme.changed.connect(window.restyle)
        window.firstPainted.connect(theme.follow_system)

    def _follow_send_key(self, _name: str, send_key: str) -> None:
        """The composer's keys, its hint, and the shortcuts sheet follow the setting."""
        self.window.composer.set_send_key(send_key)
        self.window.keys.set_send_key(send_key)

    def _conversation_replaced(self, conversation: Conversation) -> None:
        """Every new chat (the sidebar's, Ctrl+N, after a delete) starts with the default."""
        if conversation.id is None and not conversation.turns and not conversation.system_prompt:
            conversation.system_prompt = self.settings.get("default_system_prompt")
            self.window.header.show_system_prompt(bool(conversation.system_prompt))

    def _default_prompt_changed(self, _name: str, prompt: str) -> None:
        """The chat not started yet takes the new default (a saved one keeps its own)."""
        conversation = self.chat.conversation
        if conversation.id is None and not conversation.turns:
            conversation.system_prompt = prompt
            self.window.header.show_system_prompt(bool(prompt))

    # -- the window -------------------------------------------------------------------------

    def open_settings(self, page: str | None = None) -> None:
        """Show the Settings window (made the first time), at ``page`` if given."""
        if self.settings_window is None:
            self.settings_window = self._make_window()
        self.settings_window.present(page)

    def _make_window(self) -> SettingsWindow:
        from dynaspark_desktop.providers.dynaspark import DEFAULT_ENDPOINT
        from dynaspark_desktop.providers.dynaspark_api import API_BASE_URL
        from dynaspark_desktop.ui.settings.settings_window import SettingsWindow

        panel = self.models.providers_panel() if self.models is not None else None
        dialog = SettingsWindow(
            self.settings,
            data_dir=self.data_dir,
            history=self.history,
            providers_panel=panel,
            models=self._model_keys(),
            model=self.window.current_model(),
            default_endpoint=DEFAULT_ENDPOINT,
            default_api=API_BASE_URL,
            parent=self.window,
        )
        chat_page, connections = dialog.chat, dialog.connections
        chat_page.modelChosen.connect(self.window.select_model)
        chat_page.parametersRequested.connect(self.edit_default_parameters)
        self.window.modelChosen.connect(lambda key: chat_page.show_models(self._model_keys(), key))
        connections.testRequested.connect(
            lambda url: self._check(url, self.chat.proxy, connections.test_result)
        )
        connections.proxyEdited.connect(self._proxy_edited)
        connections.proxyTestRequested.connect(
            lambda: self._check(
                connections.fields["endpoint"].value(), self._proxy(), connections.proxy_result
            )
        )
        connections.proxy_field.setText(self._shown_proxy())
        if self.endpoint_option:
            connections.show_endpoint_option(self.endpoint_option)
        setup = self._proxy_setup()
        if setup is not None:  # set on the providers panel's page too: shown here as well
            setup.proxyChanged.connect(self._show_saved_proxy)
            setup.proxyPasswordRead.connect(self._show_saved_proxy)
        dialog.data.historyRestored.connect(self._history_restored)
        return dialog

    def _model_keys(self) -> list[tuple[str, str]]:
        """The models the picker offers: each key, and its name with its provider's."""
        from dynaspark_desktop.providers.model_keys import model_name

        if self.models is None:
            from dynaspark_desktop.providers.dynaspark import Dynaspark

            return [(key, key) for key in Dynaspark.models]
        catalog = self.models.catalog
        return [
            (key, f"{model_name(key)}  ·  {catalog.provider_label(key)}")
            for key in catalog.model_keys()
        ]

    # -- what its pages ask for -------------------------------------------------------------

    def edit_default_parameters(self) -> None:
        from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog

        values = ChatParameters.from_dict(self.settings.get("chat_parameters"))
        dialog = ParametersDialog(
            accepted(OPENAI_COMPATIBLE),
            values,
            "",
            own_values=False,
            for_defaults=True,
            parent=self.settings_window or self.window,
        )
        dialog.parametersSaved.connect(
            lambda chosen, _as_defaults: self.settings.set("chat_parameters", chosen.to_dict())
        )
        dialog.open()

    def _check(self, url: str, proxy: str | None, label: QLabel) -> None:
        """Ask the endpoint at ``url`` (through ``proxy``), and say how it went in ``label``."""
        assert self.settings_window is not None
        page = self.settings_window.connections
        page.show_result(label, None)

        async def check() -> None:
            from dynaspark_desktop.providers.endpoint_check import check_endpoint

            session = await self.chat.session()
            result: EndpointCheck = await check_endpoint(url.strip(), session, proxy)
            page.show_result(label, result)

        self._tasks.start(check(), "test the endpoint")

    def _proxy_setup(self) -> ProxySetup | None:
        if self.models is None:
            return None
        return self.models.providers_panel().controller.proxy_setup

    def _proxy(self) -> str | None:
        setup = self._proxy_setup()
        return (setup.proxy if setup is not None else self.chat.proxy) or None

    def _shown_proxy(self) -> str:
        from dynaspark_desktop.providers.proxy import redact_url

        return redact_url(self.settings.get("proxy"))

    def _show_saved_proxy(self) -> None:
        if self.settings_window is not None:
            field = self.settings_window.connections.proxy_field
            if not field.hasFocus():
                field.setText(self._shown_proxy())

    def _proxy_edited(self, text: str) -> None:
        assert self.settings_window is not None
        page = self.settings_window.connections
        setup = self._proxy_setup()
        problem = setup.set_proxy(text) if setup is not None else None
        if problem:
            page.show_result(page.proxy_result, None, problem)
        else:
            page.proxy_result.hide()
            page.proxy_field.setText(self._shown_proxy())

    def _history_restored(self) -> None:
        """The history was replaced: what is on screen may no longer exist."""
        if self.navigator is not None:
            self.navigator.new_chat()

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()
        if self.settings_window is not None:
            await self.settings_window.data.shutdown()
