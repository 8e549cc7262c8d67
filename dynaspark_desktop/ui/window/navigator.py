"""Moving between conversations: the sidebar, the history, the transcript and the composer.

Opening a conversation restores its turns, its model and its draft (kept by ``DraftKeeper``);
delete comes with Undo; search opens a conversation at a message; conversations are
exported to files and imported from them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from dynaspark_desktop.core.chat import Conversation
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.model_keys import canonical_key
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks, LatestTask
from dynaspark_desktop.ui.window.drafts import DraftKeeper

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from typing import Any

    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.storage import ConversationSummary
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import (
        HistoryController,
        LoadedConversation,
    )
    from dynaspark_desktop.ui.window.import_task import ImportTask
    from dynaspark_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class ConversationNavigator(QObject):
    def __init__(
        self,
        window: MainWindow,
        chat: ChatController,
        history: HistoryController,
        attachments: AttachmentController,
        settings: Settings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat
        self.history = history
        self.attachments = attachments
        self.settings = settings
        self._tasks = BackgroundTasks()
        self.drafts = DraftKeeper(
            window.composer,
            attachments,
            history,
            lambda: self.current_id,
            window.attach_actions.documents,
            self,
        )
        # Each open cancels the one before: a slower, older open never lands after it.
        self._opening = LatestTask(self._tasks, "open")
        self._opened_before = False  # an open after the one at start-up: the user switched
        self._first_page: int | None = None  # position to load earlier messages before
        self._loading_earlier = False
        self._has_earlier = False
        self.imports: ImportTask | None = None  # made at the first import
        from dynaspark_desktop.ui.controllers.branching import Branching

        self.branching = Branching(chat, history, self)  # a question's or answer's versions

    @property
    def current_id(self) -> int | None:
        return self.chat.conversation.id

    def start(self) -> None:
        """Connect to the window's parts and show the conversation open at the last quit."""
        window = self.window
        sidebar = window.sidebar
        assert sidebar is not None
        sidebar.newChatRequested.connect(self.new_chat)
        sidebar.conversationChosen.connect(self.open)
        sidebar.renameRequested.connect(self.history.rename)
        sidebar.pinRequested.connect(self.history.set_pinned)
        sidebar.deleteRequested.connect(self.delete)
        sidebar.exportRequested.connect(self.choose_export_path)
        sidebar.searchRequested.connect(self._search)
        sidebar.searchHitChosen.connect(self.open)
        window.newChatRequested.connect(self.new_chat)
        window.exportRequested.connect(self._export_requested)
        window.exportAllRequested.connect(self.choose_export_all_path)
        window.importRequested.connect(self.choose_import_path)
        window.modelChosen.connect(self._model_chosen)
        window.transcript.earlierWanted.connect(self._load_earlier)
        window.transcript.questionVersionRequested.connect(self.branching.switch_question)
        window.transcript.answerVersionChosen.connect(self.branching.answer_chosen)
        self.branching.tailReplaced.connect(window.transcript.remove_turns)
        # A branch switched to far above the end is read in parts, as the reader scrolls.
        self.branching.laterAvailable.connect(window.transcript.set_has_later)
        window.transcript.laterWanted.connect(self.branching.load_later)
        self.drafts.listen()
        # The navigator's one place that listens to the chat controller. Its slots do not
        # depend on the window's (MainWindow._follow_chat) running before or after them.
        self.chat.conversationReplaced.connect(self._show_conversation)
        self.chat.turnsPrepended.connect(self._show_earlier)
        self.chat.turnAdded.connect(lambda _turn: self.drafts.after_send())
        # Which conversations are generating, or have an answer not seen yet. A send's mark
        # waits for the paint that shows its first words (one row, painted a frame later);
        # it is said before the window holds its paint (turnAdded), hence the zero timer.
        self.chat.activityChanged.connect(
            lambda _activity: QTimer.singleShot(
                0,
                self,
                lambda: window.send_paint.after_held_paint(
                    lambda: sidebar.set_activity(self.chat.activity())
                ),
            )
        )
        sidebar.set_activity(self.chat.activity())
        self.history.conversationsChanged.connect(self._conversations_changed)

        # At start-up the user may already be typing (or dropping an image) before the
        # history has answered: a saved draft must not overwrite that.
        self.drafts.keep_typed_input()
        last_open = self.settings.get("open_conversation")
        if last_open:
            self.open(last_open)
        else:
            self._start("restore-draft", self.drafts.restore_new_chat_draft)

    def _start(self, name: str, job: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
        # The coroutine is made inside the task: a task cancelled before it ever ran (a quit
        # right after start-up) then leaves no never-awaited coroutine behind.
        self._tasks.start(self._reporting(job, *args), name=name)

    async def _reporting(self, job: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
        from dynaspark_desktop.ui.controllers.history_controller import HistoryUnavailableError

        try:
            await job(*args)
        except HistoryUnavailableError:
            log.info("History unavailable; nothing to show")
        except UserFacingError as error:
            log.warning("History: %s (%s)", error, error.detail or "no detail")
            notices.warning(str(error))
        except OSError as error:
            log.warning("History file error: %r", error)
            notices.warning(
                translate("Navigator", "The file could not be used: {reason}.").format(
                    reason=error.strerror or error
                )
            )
        except Exception:
            log.exception("A history task failed")
            notices.warning(
                translate(
                    "Navigator",
                    "Something went wrong with the chat history; the details are in the log.",
                )
            )

    async def shutdown(self) -> None:
        """Save the draft as it is now, then stop what is loading."""
        self.drafts.save_if_pending()
        await self.branching.shutdown()
        await self._tasks.cancel_all()

    # -- opening ----------------------------------------------------------------------------

    def new_chat(self) -> None:
        self._leave_current()
        self.chat.show_conversation(Conversation())
        self._start("restore-draft", self.drafts.restore_new_chat_draft)
        self.window.composer.setFocus()

    def open(self, conversation_id: int, focus_message_id: int | None = None) -> None:
        """Show a saved conversation (at ``focus_message_id`` when opening a search hit)."""
        if conversation_id == self.current_id:
            if focus_message_id is None:
                return
            # A search hit in the conversation already shown: no need to read it again.
            for turn in self.chat.conversation.turns:
                if focus_message_id in (turn.message_id, turn.answer_message_id):
                    self.window.transcript.scroll_to_turn(turn.id)
                    return
        if self._opened_before:
            self._leave_current()
        self._opened_before = True
        self._opening.bind(self._reporting(self._open, conversation_id, focus_message_id))

    def reload(self, focus_message_id: int | None = None) -> None:
        """Read the shown conversation again from the history (a compared question's answers
        were saved beside it), at ``focus_message_id`` when given."""
        conversation_id = self.current_id
        if conversation_id is not None:
            self._opening.bind(self._reporting(self._open, conversation_id, focus_message_id))

    async def _open(self, conversation_id: int, focus_message_id: int | None) -> None:
        try:
            loaded = await self.history.load(conversation_id, focus_message_id)
        except KeyError:
            log.info("Conversation %s no longer exists", conversation_id)
            self.settings.set("open_conversation", 0)
            self.new_chat()
            return
        self._apply(loaded)

    def _apply(self, loaded: LoadedConversation) -> None:
        window = self.window
        self._first_page = loaded.first_position
        self._has_earlier = loaded.has_earlier
        self.chat.show_conversation(loaded.conversation)
        if loaded.later_after is not None:
            self.branching.read_after(loaded.conversation, loaded.later_after)
        if loaded.details.model:
            window.select_model(canonical_key(loaded.details.model), remember=False)
        self.drafts.restore(loaded.draft_text, loaded.draft_image, loaded.draft_documents)
        if loaded.focus_message_id is not None:
            for turn in loaded.conversation.turns:
                if loaded.focus_message_id in (turn.message_id, turn.answer_message_id):
                    window.transcript.scroll_to_turn(turn.id)

    def _show_conversation(self, conversation: Conversation) -> None:
        has_earlier = self._has_earlier if conversation.id is not None else False
        self.window.transcript.show_turns(conversation.turns, has_earlier=has_earlier)
        if self.window.sidebar is not None:
            self.window.sidebar.select_conversation(conversation.id)
        # Reopened at the next start (a new chat gets its id when its first question is saved;
        # see _conversations_changed).
        self.settings.set("open_conversation", conversation.id or 0)
        if conversation.id is None:
            self._first_page = None

    def _leave_current(self) -> None:
        self.drafts.leave()
        self._has_earlier = False
        self._loading_earlier = False

    # -- older turns ------------------------------------------------------------------------

    def _load_earlier(self) -> None:
        conversation_id, before = self.current_id, self._first_page
        if conversation_id is None or before is None or self._loading_earlier:
            return
        self._loading_earlier = True
        self._start("load-earlier", self._load_earlier_page, conversation_id, before)

    async def _load_earlier_page(self, conversation_id: int, before: int) -> None:
        try:
            page = await self.history.load_earlier(conversation_id, before)
        finally:
            self._loading_earlier = False
        if page.conversation_id != self.current_id:
            return
        self._first_page = page.first_position
        self._has_earlier = page.has_earlier
        self.chat.prepend_turns(conversation_id, page.turns)
        if not page.turns:
            self.window.transcript.prepend_turns([], has_earlier=False)

    def _show_earlier(self, turns: list[Any]) -> None:
        self.window.transcript.prepend_turns(turns, has_earlier=self._has_earlier)

    # -- the model follows the conversation -------------------------------------------------

    def _model_chosen(self, model: str) -> None:
        if self.current_id is not None:
            self.history.set_model(self.current_id, model)

    # -- the list, delete, search -----------------------------------------------------------

    def _conversations_changed(self, summaries: list[ConversationSummary]) -> None:
        # A new chat gets its id when its first question is saved: reopen it next time.
        if self.current_id is not None:
            self.settings.set("open_conversation", self.current_id)
        # The unread marks saved before the last quit (only the first listing's count).
        self.chat.restore_unread({summary.id for summary in summaries if summary.unread})
        if self.window.sidebar is not None:
            self.window.sidebar.select_conversation(self.current_id)
            self.window.sidebar.set_conversations(summaries)

    def delete(self, conversation_id: int) -> None:
        self.chat.stop_conversation(conversation_id)  # its answer on the way, if any
        self.history.delete(conversation_id)
        if conversation_id == self.current_id:
            self.new_chat()
        notices.info(
            translate("Navigator", "Conversation deleted."),
            action=(translate("Navigator", "Undo"), lambda: self._undo_delete(conversation_id)),
        )

    def _undo_delete(self, conversation_id: int) -> None:
        self.history.restore(conversation_id)
        self.open(conversation_id)

    def _search(self, query: str) -> None:
        if query:
            self._start("search", self._run_search, query)

    async def _run_search(self, query: str) -> None:
        hits = await self.history.search(query)
        if self.window.sidebar is not None:
            self.window.sidebar.show_results(query, hits)

    # -- export and import -------------------------------------------------------------------

    def _export_requested(self, kind: str) -> None:
        if self.current_id is None:
            notices.info(
                translate("Navigator", "Send a message first: there is nothing to export yet.")
            )
            return
        self.choose_export_path(self.current_id, kind)

    def choose_export_path(self, conversation_id: int, kind: str) -> None:
        from dynaspark_desktop.ui.base.file_dialogs import ask_save_path, suggested_file_name

        sidebar = self.window.sidebar
        title = sidebar.title_of(conversation_id) if sidebar is not None else ""
        ask_save_path(
            self.window,
            translate("Navigator", "Export as Markdown")
            if kind == "markdown"
            else translate("Navigator", "Export as JSON"),
            kind,
            suggested_file_name(title, kind),
            lambda path: self.export_to(conversation_id, kind, path),
        )

    def choose_export_all_path(self) -> None:
        from dynaspark_desktop.ui.base.file_dialogs import ask_save_path

        ask_save_path(
            self.window,
            translate("Navigator", "Export all conversations"),
            "archive",
            "dynaspark-conversations.zip",
            self.export_all_to,
        )

    def choose_import_path(self) -> None:
        from dynaspark_desktop.ui.base.file_dialogs import ask_import_path

        ask_import_path(self.window, self.import_from)

    def export_to(self, conversation_id: int, kind: str, path: str) -> None:
        self._start("export", self._run_export, conversation_id, kind, path)

    async def _run_export(self, conversation_id: int, kind: str, path: str) -> None:
        from pathlib import Path

        if kind == "markdown":
            written = await self.history.export_markdown(conversation_id, Path(path))
        else:
            written = await self.history.export_json(conversation_id, Path(path))
        notices.info(translate("Navigator", "Exported to {path}.").format(path=written))

    def export_all_to(self, path: str) -> None:
        self._start("export-all", self._run_export_all, path)

    async def _run_export_all(self, path: str) -> None:
        from pathlib import Path

        count = await self.history.export_all(Path(path))
        notices.info(self.tr("Exported %n conversation(s) to {path}.", "", count).format(path=path))

    def import_from(self, path: str) -> None:
        self._start("import", self._run_import, path)

    async def _run_import(self, path: str) -> None:
        from pathlib import Path

        from dynaspark_desktop.ui.window.import_task import ImportTask

        if self.imports is None:
            self.imports = ImportTask(self.window, self.history)
        report = await self.imports.run(Path(path))
        if report is None:
            return  # cancelled: the notice says nothing was added
        # A damaged part skipped is worth the warning colour, and staying until dismissed.
        if report.has_problems:
            notices.warning(report.user_message(), sticky=True)
        else:
            notices.info(report.user_message())
        if report.imported:
            self.open(report.imported[0])
