"""The prompt library in the window: the composer's ``/name`` popup, the ⋯ menu's "Insert a
prompt" (also Ctrl+P, over the message box) and "New chat with an assistant" submenus, and
the "Prompts and assistants" window that edits them.

The library is read once the history is open and again after every change (an edit here, an
import); its entries live in the history (``storage/prompts.py``), written on the history's
thread (``controllers/library_jobs.py``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu

from dynaspark_desktop.storage.prompts import LibraryEntry, LibraryKind, PromptLibrary
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.widgets.prompt_completer import PromptCompleter

if TYPE_CHECKING:
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.widgets.prompt_library_dialog import PromptLibraryDialog
    from dynaspark_desktop.ui.window.main_window import MainWindow
    from dynaspark_desktop.ui.window.navigator import ConversationNavigator

log = logging.getLogger(__name__)

_SHOWN_NAME_CHARS = 60


class PromptsPresenter(QObject):
    def __init__(
        self,
        window: MainWindow,
        navigator: ConversationNavigator,
        chat: ChatController,
        history: HistoryController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.navigator = navigator
        self.chat = chat
        self.history = history
        self.dialog: PromptLibraryDialog | None = None
        self._tasks = BackgroundTasks()
        self.completer = PromptCompleter(window.composer)
        self.prompts_menu = QMenu(self.tr("Insert a prompt"), window)
        self.prompts_menu.setObjectName("promptsMenu")
        self.prompts_menu.aboutToShow.connect(self._fill_prompts_menu)
        self.assistants_menu = QMenu(self.tr("New chat with an assistant"), window)
        self.assistants_menu.setObjectName("assistantsMenu")
        self.assistants_menu.aboutToShow.connect(self._fill_assistants_menu)
        self._add_to_window_menu()
        self._add_to_new_chat_button()
        window.promptsRequested.connect(self.show_prompts_menu)
        history.libraryChanged.connect(self._library_changed)
        self._tasks.start(history.reload_library(), "read the prompt library")

    @property
    def library(self) -> PromptLibrary:
        return self.history.library

    def _add_to_window_menu(self) -> None:
        """Both submenus in the ⋯ menu, before Settings (the menu is built by then: see
        ``MainWindow._install_commands``)."""
        menu = self.window.header.menu_button.menu()
        if menu is None:
            log.warning("The window has no ⋯ menu: the prompt library is reached by / only")
            return
        settings = self.window.keys.actions.get("settings")
        for submenu in (self.prompts_menu, self.assistants_menu):
            if settings is not None:
                menu.insertMenu(settings, submenu)
            else:
                menu.addMenu(submenu)
        if settings is not None:
            menu.insertSeparator(settings)

    def _add_to_new_chat_button(self) -> None:
        """Right-click (or the menu key) on New chat: the assistants to start it with."""
        from PySide6.QtCore import Qt

        sidebar = self.window.sidebar
        if sidebar is None:
            return
        button = sidebar.new_chat_button
        button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        button.customContextMenuRequested.connect(
            lambda place: self.assistants_menu.popup(button.mapToGlobal(place))
        )

    def _library_changed(self, library: PromptLibrary) -> None:
        self.completer.set_prompts(library.prompts)
        if self.dialog is not None:
            self.dialog.show_library(library)

    # -- menus ------------------------------------------------------------------------------

    def _fill_prompts_menu(self) -> None:
        menu = self.prompts_menu
        menu.clear()
        for entry in self.library.prompts:
            action = menu.addAction(f"/{_shown(entry.name)}")
            action.setToolTip(entry.text[:600])
            action.triggered.connect(lambda _checked=False, entry=entry: self.insert(entry))
        if not self.library.prompts:
            menu.addAction(self.tr("No saved prompts yet")).setEnabled(False)
        menu.addSeparator()
        manage = menu.addAction(self.tr("Manage prompts…"), lambda: self.manage(LibraryKind.PROMPT))
        manage.setObjectName("managePromptsAction")

    def _fill_assistants_menu(self) -> None:
        menu = self.assistants_menu
        menu.clear()
        for entry in self.library.assistants:
            action = menu.addAction(_shown(entry.name))
            action.setToolTip(entry.text[:600])
            action.triggered.connect(lambda _checked=False, entry=entry: self.start_chat(entry))
        if not self.library.assistants:
            menu.addAction(self.tr("No assistants yet")).setEnabled(False)
        menu.addSeparator()
        manage = menu.addAction(
            self.tr("Manage assistants…"), lambda: self.manage(LibraryKind.ASSISTANT)
        )
        manage.setObjectName("manageAssistantsAction")

    def show_prompts_menu(self) -> None:
        """Ctrl+P: the saved prompts, over the message box's top left corner."""
        composer = self.window.composer
        composer.setFocus()
        self._fill_prompts_menu()
        height = self.prompts_menu.sizeHint().height()
        self.prompts_menu.popup(composer.mapToGlobal(QPoint(0, -height)))

    # -- what they do -----------------------------------------------------------------------

    def insert(self, entry: LibraryEntry) -> None:
        """Put the prompt's text in the message box at the cursor (over a selection), unless
        it cannot take it (a notice then says why, and the text stays as it was)."""
        composer = self.window.composer
        composer.setFocus()
        composer.insert_pasted_text(entry.text)

    def start_chat(self, entry: LibraryEntry) -> None:
        """A new chat with the assistant's system prompt (and its model, when it has one)."""
        self.navigator.new_chat()
        conversation = self.chat.conversation
        conversation.system_prompt = entry.text
        self.window.header.show_system_prompt(bool(entry.text))
        if entry.model and self.window.model_picker.findData(entry.model) < 0:
            self._model_gone(entry)
        elif entry.model:
            self.window.select_model(entry.model, remember=False)
        log.info("New chat with an assistant (%d characters of system prompt)", len(entry.text))

    def _model_gone(self, entry: LibraryEntry) -> None:
        """The assistant's model is offered no more (removed, its provider gone): the chat
        starts with the model chosen now, and the user is told, rather than a request that
        fails after the first question."""
        from dynaspark_desktop.core.markdown.sanitize import display_text
        from dynaspark_desktop.providers.model_keys import model_name

        log.warning("An assistant's model is not offered any more; the chat uses the current one")
        notices.warning(
            self.tr(
                "The assistant “{name}” uses the model “{model}”, which no provider offers now; "
                "this chat uses {current}. Choose another in the assistant's settings."
            ).format(
                name=display_text(entry.name, _SHOWN_NAME_CHARS),
                model=display_text(model_name(entry.model), _SHOWN_NAME_CHARS),
                current=model_name(self.window.current_model()),
            )
        )

    def manage(self, kind: LibraryKind = LibraryKind.PROMPT) -> None:
        from dynaspark_desktop.ui.widgets.prompt_library_dialog import PromptLibraryDialog

        if self.dialog is None:
            dialog = PromptLibraryDialog(self.library, self._models(), self.window)
            dialog.saveRequested.connect(
                lambda entry, replacing: self._tasks.start(
                    self._save(entry, replacing), "save a library entry"
                )
            )
            dialog.deleteRequested.connect(
                lambda kind, name: self._tasks.start(
                    self.history.delete_library_entry(kind, name), "delete a library entry"
                )
            )
            dialog.finished.connect(self._dialog_closed)
            self.dialog = dialog
        self.dialog.tabs.setCurrentWidget(self.dialog.page(kind))
        self.dialog.open()

    async def _save(self, entry: LibraryEntry, replacing: str | None) -> None:
        problem = await self.history.save_library_entry(entry, replacing)
        if problem is not None and self.dialog is not None:
            self.dialog.page(entry.kind).save_failed(replacing)

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _models(self) -> list[tuple[str, str]]:
        """The models the picker offers (its headings and notes left out)."""
        picker = self.window.model_picker
        models = []
        for row in range(picker.count()):
            key = picker.itemData(row)
            if isinstance(key, str) and key:
                models.append((key, picker.itemText(row)))
        return models

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()


def _shown(name: str) -> str:
    """A name as a menu shows it: "&" is not a mnemonic, an overlong one is cut."""
    name = name if len(name) <= _SHOWN_NAME_CHARS else name[: _SHOWN_NAME_CHARS - 1] + "…"
    return name.replace("&", "&&")
