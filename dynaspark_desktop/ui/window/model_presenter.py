"""What the window shows about models and providers, and the windows that change them.

Keeps the picker in step with the model catalog, names the chosen model's provider, shows
the Dynaspark API's allowance while one of its models is chosen, offers a model that can
see when an image meets one that cannot, and opens the providers and system-prompt windows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.core.chat import Conversation
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.base import RateLimit
from dynaspark_desktop.providers.model_keys import model_name, provider_of, ref_for_key
from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.ui.base.notices import Notice
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog
    from dynaspark_desktop.ui.provider_setup.providers_dialog import ProvidersDialog
    from dynaspark_desktop.ui.provider_setup.providers_panel import ProvidersPanel
    from dynaspark_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class ModelPresenter(QObject):
    def __init__(
        self,
        window: MainWindow,
        chat: ChatController,
        catalog: ModelCatalog,
        settings: Settings,
        secret_store: SecretStore,
        history: HistoryController | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat
        self.catalog = catalog
        self.settings = settings
        self.secret_store = secret_store
        self.history = history
        self.providers_dialog: ProvidersDialog | None = None
        # One panel for the providers window and the Settings window's Providers page.
        self._providers_panel: ProvidersPanel | None = None
        self._rate_limits: dict[str, RateLimit] = {}
        self._vision_notice: Notice | None = None
        catalog.changed.connect(self._catalog_changed)
        window.header.refreshRequested.connect(catalog.refresh)
        window.header.modelChosen.connect(self._model_shown)
        window.modelFollowed.connect(self._model_shown)
        window.providersRequested.connect(self.open_providers)
        window.systemPromptRequested.connect(self.edit_system_prompt)
        window.attachments.prepared.connect(lambda _image: self.check_image_fits_model())
        window.attachments.restored.connect(lambda _image: self.check_image_fits_model())
        window.attachments.changed.connect(self._show_images_note)
        # Its only slots on the chat controller; they do not depend on anyone else's order.
        chat.rateLimitSeen.connect(self._rate_limit_seen)
        chat.conversationReplaced.connect(self._conversation_replaced)
        from dynaspark_desktop.ui.window.parameters_presenter import ParametersPresenter

        self.parameters = ParametersPresenter(window, chat, catalog, settings, history)

    # -- the picker -------------------------------------------------------------------------

    def _catalog_changed(self) -> None:
        self.window.header.show_groups(self.catalog.groups())
        self._model_shown(self.window.current_model())
        if self._providers_panel is not None:
            self._providers_panel.set_model_suggestions(self.suggestions())

    def retranslate(self) -> None:
        """The language changed: the picker's rows and tool tips in the new one."""
        self._catalog_changed()

    def _model_shown(self, key: str) -> None:
        header = self.window.header
        header.show_provider(self.catalog.provider_label(key))
        header.model_picker.setToolTip(
            translate(
                "ModelPresenter", "{model} ({provider}): the model your next message goes to"
            ).format(model=model_name(key), provider=self.catalog.provider_label(key))
        )
        self._show_rate_limit()
        self.check_image_fits_model()
        self._show_images_note()

    # -- the Dynaspark API's allowance ----------------------------------------------------

    def _rate_limit_seen(self, provider_id: str, limit: RateLimit) -> None:
        self._rate_limits[provider_id] = limit
        self._show_rate_limit()

    def _show_rate_limit(self) -> None:
        limit = self._rate_limits.get(provider_of(self.window.current_model()))
        self.window.header.show_rate_limit(limit.describe() if limit is not None else "")

    # -- images and models that cannot see them -----------------------------------------

    def _show_images_note(self) -> None:
        """Before sending, the tray says which images a model that reads fewer will get."""
        from dynaspark_desktop.ui.window.image_count_note import images_note

        key = self.window.current_model()
        note = images_note(
            self.catalog.info(key), self.window.attachments.images, self.catalog.provider_label(key)
        )
        self.window.attachment_tray.set_note(note)

    def check_image_fits_model(self) -> None:
        """With an image attached and a model chosen that cannot see, say so and offer the
        provider's vision model. The image stays attached whatever the user does."""
        key = self.window.current_model()
        info = self.catalog.info(key)
        fits = self.window.attachments.image is None or info is None or info.image_input
        if fits:
            if self._vision_notice is not None:
                notices.end(self._vision_notice)  # it no longer applies: gone, if still shown
            self._vision_notice = None
            return
        vision = self.catalog.vision_model_for(key)
        name = model_name(key)
        if vision is None:
            text = translate(
                "ModelPresenter",
                "{model} cannot see images, and no model that can is available. The image "
                "stays attached; choose a model that sees images to send it.",
            ).format(model=name)
            action = None
        else:
            vision_name = model_name(vision)
            provider = self.catalog.provider_label(vision)
            text = translate(
                "ModelPresenter",
                "{model} cannot see images. Switch to {other} ({provider}) to ask about "
                "this one? The image stays attached either way.",
            ).format(model=name, other=vision_name, provider=provider)
            use = translate("ModelPresenter", "Use {model}").format(model=vision_name)
            action = (use, lambda: self.window.select_model(vision))
        self._vision_notice = notices.warning(text, action=action)

    # -- the system prompt ----------------------------------------------------------------

    def edit_system_prompt(self) -> None:
        from dynaspark_desktop.ui.widgets.system_prompt_dialog import SystemPromptDialog

        conversation = self.chat.conversation
        dialog = SystemPromptDialog(conversation.system_prompt, self.window)
        dialog.promptSaved.connect(lambda text: self.set_system_prompt(conversation, text))
        dialog.open()

    def set_system_prompt(self, conversation: Conversation, text: str) -> None:
        conversation.system_prompt = text
        if conversation.id is not None and self.history is not None:
            self.history.set_system_prompt(conversation.id, text)
        if conversation is self.chat.conversation:
            self.window.header.show_system_prompt(bool(text))

    def _conversation_replaced(self, conversation: Conversation) -> None:
        self.window.header.show_system_prompt(bool(conversation.system_prompt))

    # -- the providers window -------------------------------------------------------------

    def providers_panel(self) -> ProvidersPanel:
        """The one providers panel (made the first time it is asked for)."""
        if self._providers_panel is None:
            from dynaspark_desktop.ui.provider_setup.providers_panel import ProvidersPanel

            panel = ProvidersPanel(self.settings, self.secret_store, self.chat.session)
            # The settings announce new servers and a new proxy to the catalog; keys are not
            # settings.
            panel.keysChanged.connect(self.catalog.start)
            self._providers_panel = panel
        self._providers_panel.set_model_suggestions(self.suggestions())
        return self._providers_panel

    def open_providers(self) -> None:
        panel = self.providers_panel()
        if self.providers_dialog is None:
            from dynaspark_desktop.ui.provider_setup.providers_dialog import ProvidersDialog

            self.providers_dialog = ProvidersDialog(
                self.settings, self.secret_store, self.chat.session, self.window, panel=panel
            )
        self.providers_dialog.present()

    def suggestions(self) -> list[str]:
        """Every model as a provider:model key (the fallback list and the Settings window's
        default model offer these; web models included)."""
        return [ref_for_key(key).key for key in self.catalog.model_keys()]

    async def shutdown(self) -> None:
        if self._providers_panel is not None:
            await self._providers_panel.shutdown()
        await self.catalog.shutdown()
