"""The shown conversation's parameters: the window that sets them, where they are kept, and
the header's chip that says a conversation sends some.

A conversation's own values are kept with it in the history; without them it sends the
defaults for new chats (the "chat_parameters" setting, which the dialog can set too). What
the dialog offers depends on the chosen model's provider (``core.parameters``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.parameters import ChatParameters, accepted
from dynaspark_desktop.providers.base import parameter_kind

if TYPE_CHECKING:
    from dynaspark_desktop.core.chat import Conversation
    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog
    from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog
    from dynaspark_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class ParametersPresenter(QObject):
    def __init__(
        self,
        window: MainWindow,
        chat: ChatController,
        catalog: ModelCatalog,
        settings: Settings,
        history: HistoryController | None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat
        self.catalog = catalog
        self.settings = settings
        self.history = history
        self.dialog: ParametersDialog | None = None
        window.parametersRequested.connect(self.open)
        window.header.parametersRequested.connect(self.open)
        chat.conversationReplaced.connect(lambda _conversation: self.show_chip())
        settings.changed.connect("chat_parameters", lambda *_changed: self.show_chip())
        # What is sent depends on the chosen model's provider too.
        window.header.modelChosen.connect(lambda _key: self.show_chip())
        window.modelFollowed.connect(lambda _key: self.show_chip())
        catalog.changed.connect(self.show_chip)
        self.show_chip()

    def _provider(self) -> tuple[str | None, str]:
        """The chosen model's provider: its parameter kind and its name."""
        key = self.window.current_model()
        try:
            provider, _model = self.catalog.resolve(key)
        except (UserFacingError, ValueError):
            return None, self.catalog.provider_label(key) or key
        return parameter_kind(provider), translate("Providers", provider.label)

    def open(self) -> None:
        from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog

        conversation = self.chat.conversation
        kind, provider = self._provider()
        own = conversation.parameters is not None
        values = conversation.parameters or self.chat.default_parameters
        dialog = ParametersDialog(
            accepted(kind), values, provider, own_values=own, parent=self.window
        )
        dialog.parametersSaved.connect(
            lambda chosen, as_defaults: self.save(conversation, chosen, as_defaults=as_defaults)
        )
        dialog.defaultsRestored.connect(lambda: self.save(conversation, None))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def save(
        self,
        conversation: Conversation,
        parameters: ChatParameters | None,
        *,
        as_defaults: bool = False,
    ) -> None:
        """Keep ``parameters`` for ``conversation`` (None: it follows the defaults again)."""
        conversation.parameters = parameters
        if conversation.id is not None and self.history is not None:
            self.history.set_parameters(conversation.id, parameters)
        if as_defaults and parameters is not None:
            self.settings.set("chat_parameters", parameters.to_dict())
        log.info("Parameters of the shown conversation set: %s", parameters)
        self.show_chip()

    def show_chip(self) -> None:
        """The header's chip, while the chosen model's provider is sent some parameters."""
        conversation = self.chat.conversation
        values = conversation.parameters or self.chat.default_parameters
        kind, _provider = self._provider()
        self.window.header.show_parameters(
            values.for_kind(kind), own=conversation.parameters is not None
        )
