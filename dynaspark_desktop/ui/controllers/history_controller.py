"""The window's link to the saved history: opening conversations and their earlier pages,
drafts, the sidebar's edits, search, export and import.

Every database call runs on the history's one worker thread (see ``history_jobs``); saving a
turn as it happens is ``history_recording``'s part.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from dynaspark_desktop.core.chat import Conversation, Turn
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.controllers.history_context import ContextReading
from dynaspark_desktop.ui.controllers.history_jobs import (
    REFRESH_AFTER_SEND_MS,
    HistoryUnavailableError,
)
from dynaspark_desktop.ui.controllers.history_recording import TurnRecording
from dynaspark_desktop.ui.controllers.library_jobs import LibraryJobs

if TYPE_CHECKING:
    import concurrent.futures

    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.core.parameters import ChatParameters
    from dynaspark_desktop.storage import (
        ConversationDetails,
        ConversationPage,
        HistoryStore,
        ImportReport,
        SearchHit,
    )
    from dynaspark_desktop.storage.backup_restore import RestoredBackup
    from dynaspark_desktop.storage.models import ConversationSummary, Draft

__all__ = [
    "REFRESH_AFTER_SEND_MS",
    "EarlierTurns",
    "HistoryController",
    "HistoryUnavailableError",
    "LoadedConversation",
]

log = logging.getLogger(__name__)

# Turns painted when a conversation opens; older ones load as the user scrolls up. Small
# enough to paint at once, large enough to fill a tall window.
FIRST_PAGE_MESSAGES = 24
# Each earlier page is built in one go on the UI thread (about 4 ms a turn): kept small.
EARLIER_PAGE_MESSAGES = 16
# A branch switched to far above the end is read (and shown) in parts this long, the next
# as the reader scrolls down to it.
BRANCH_PAGE_MESSAGES = FIRST_PAGE_MESSAGES
SEARCH_RESULTS = 100


@dataclass(frozen=True)
class LoadedConversation:
    details: ConversationDetails
    conversation: Conversation
    has_earlier: bool
    first_position: int | None
    draft_text: str
    draft_image: list[PreparedImage]  # the draft's images, in order
    draft_documents: tuple[AttachedDocument, ...]  # the draft's documents, read
    # Open at this question (a search hit), or None for the latest messages.
    focus_message_id: int | None
    # Opened at a search hit far above the end: the rest follows in parts (see
    # Branching.read_after), after this message.
    later_after: int | None = None


@dataclass(frozen=True)
class EarlierTurns:
    conversation_id: int
    turns: list[Turn]
    has_earlier: bool
    first_position: int | None


@dataclass(frozen=True)
class BranchPart:
    """A part of a branch read in parts: its turns, whether more follow, and the last
    message read (where the next part starts)."""

    turns: list[Turn]
    has_later: bool
    last_message_id: int | None


class HistoryController(TurnRecording, ContextReading, LibraryJobs):
    """The saved history as the window sees it (its life and worker: ``HistoryJobs``; saving
    turns: ``TurnRecording``; a request's context: ``ContextReading``)."""

    # The PromptLibrary read again after a change (an edit, a delete, an import: LibraryJobs).
    libraryChanged = Signal(object)

    # -- conversations --------------------------------------------------------------------

    async def load(
        self, conversation_id: int, focus_message_id: int | None = None
    ) -> LoadedConversation:
        """The latest messages of a conversation (or those from a search hit), and its draft."""

        def read(store: HistoryStore) -> LoadedConversation:
            from dynaspark_desktop.storage.turns import turns_from_messages
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            if focus_message_id is not None:
                store.show_branch_of(focus_message_id)  # a hit on another branch: shown now
            page = store.load_conversation(
                conversation_id,
                limit=FIRST_PAGE_MESSAGES,
                from_message=focus_message_id,
            )
            draft = store.load_draft(conversation_id)
            draft_image = _draft_images(store, draft)
            conversation = Conversation(
                turns=turns_from_messages(page.messages, page.answers, page.question_versions)
            )
            # Here, in the worker thread, not when the turns are shown.
            decode_ahead([*(i for turn in conversation.turns for i in turn.images), *draft_image])
            conversation.id = conversation_id
            conversation.system_prompt = page.conversation.system_prompt
            conversation.parameters = store.conversation_parameters(conversation_id)
            return LoadedConversation(
                details=page.conversation,
                conversation=conversation,
                has_earlier=page.has_earlier,
                first_position=page.first_position,
                draft_text=draft.text if draft is not None else "",
                draft_image=draft_image,
                draft_documents=draft.documents if draft is not None else (),
                focus_message_id=focus_message_id,
                later_after=page.messages[-1].id if page.has_later else None,
            )

        return await self._call(read)

    async def load_new_chat_draft(
        self,
    ) -> tuple[str, list[PreparedImage], tuple[AttachedDocument, ...]]:
        """The draft of the chat not started yet (kept across restarts too)."""

        def read(
            store: HistoryStore,
        ) -> tuple[str, list[PreparedImage], tuple[AttachedDocument, ...]]:
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            draft = store.load_draft(None)
            images = _draft_images(store, draft)
            decode_ahead(images)
            if draft is None:
                return "", images, ()
            return draft.text, images, draft.documents

        try:
            return await self._call(read)
        except HistoryUnavailableError:
            return "", [], ()

    async def load_earlier(self, conversation_id: int, before: int) -> EarlierTurns:
        def read(store: HistoryStore) -> EarlierTurns:
            from dynaspark_desktop.storage.turns import turns_from_messages
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            page = store.load_conversation(
                conversation_id, limit=EARLIER_PAGE_MESSAGES, before=before
            )
            turns = turns_from_messages(page.messages, page.answers, page.question_versions)
            decode_ahead(turn.image for turn in turns)
            return EarlierTurns(
                conversation_id=conversation_id,
                turns=turns,
                has_earlier=page.has_earlier,
                first_position=page.first_position,
            )

        return await self._call(read)

    def load_branch(self, message_id: int) -> concurrent.futures.Future[BranchPart]:
        """Show the branch through ``message_id`` (a question's or an answer's version) from
        now on, and read the first part of its turns from that message down (an answer's
        own turn left out); :meth:`load_later` reads the next parts.

        Queued at once (not when awaited): the choice is saved even if the app quits before
        the turns are shown. Raises HistoryUnavailableError without a history.
        """
        return self._submit(
            lambda store: _branch_part(store.load_branch(message_id, limit=BRANCH_PAGE_MESSAGES))
        )

    async def load_later(
        self, message_id: int, limit: int | None = BRANCH_PAGE_MESSAGES
    ) -> BranchPart:
        """The next part of the shown path after ``message_id`` (the last message shown);
        all the rest when ``limit`` is None."""
        return await self._call(
            lambda store: _branch_part(store.load_later(message_id, limit=limit))
        )

    def save_draft(
        self,
        conversation_id: int | None,
        text: str,
        images: list[PreparedImage],
        documents: tuple[AttachedDocument, ...] = (),
    ) -> None:
        first, more = (images[0], tuple(images[1:])) if images else (None, ())
        self._fire(
            lambda store: store.save_draft(conversation_id, text, first, more, documents),
            translate("History", "save your draft"),
            refresh=False,
        )

    def rename(self, conversation_id: int, title: str) -> None:
        self._fire(lambda store: store.rename_conversation(conversation_id, title), "rename")

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._fire(lambda store: store.set_pinned(conversation_id, pinned), "pin")

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        self._fire(
            lambda store: store.set_system_prompt(conversation_id, system_prompt),
            translate("History", "save the system prompt"),
        )

    def set_parameters(self, conversation_id: int, parameters: ChatParameters | None) -> None:
        """Keep the conversation's own parameters; None: it follows the defaults again."""
        self._fire(
            lambda store: store.set_conversation_parameters(conversation_id, parameters),
            translate("History", "save the parameters"),
        )

    def set_model(self, conversation_id: int, model: str) -> None:
        self._fire(
            lambda store: store.set_model(conversation_id, model),
            translate("History", "save the model"),
        )

    def choose_branch(self, message_id: int) -> None:
        """Show the branch through ``message_id`` from now on (a compared answer the user
        continues with), remembered across restarts; nothing is read back."""
        self._fire(
            lambda store: store.choose_branch(message_id),
            translate("History", "save the answer chosen"),
            refresh=False,
        )

    def delete(self, conversation_id: int) -> None:
        self._fire(lambda store: store.delete_conversation(conversation_id), "delete")

    def restore(self, conversation_id: int) -> None:
        self._fire(
            lambda store: store.restore_conversation(conversation_id),
            translate("History", "undo the delete"),
        )

    async def search(self, query: str) -> list[SearchHit]:
        return await self._call(lambda store: store.search(query, SEARCH_RESULTS))

    # -- backups and the trash (the Settings window's Data page) ---------------------------

    async def back_up_now(self) -> Path:
        return await self._call(lambda store: store.back_up_now())

    async def restore_backup(self, backup: Path) -> RestoredBackup:
        """Replace the history with ``backup`` on the history's thread (the store keeps the
        history as it was); the sidebar is listed afresh."""
        restored = await self._call(lambda store: store.restore_backup(backup))
        self.refresh_conversations()
        return restored

    async def trash(self) -> tuple[int, list[ConversationSummary]]:
        """How many conversations are in the trash, and the last deleted of them."""
        return await self._call(lambda store: (store.trash_count(), store.trash()))

    async def empty_trash(self) -> int:
        """Remove for good every conversation in the trash; returns how many went."""
        return await self._call(lambda store: store.purge_deleted(older_than_seconds=0.0))

    # -- export and import ------------------------------------------------------------------

    async def export_markdown(self, conversation_id: int, path: Path) -> Path:
        from dynaspark_desktop.storage import export_conversation_markdown

        return await self._call(
            lambda store: export_conversation_markdown(store, conversation_id, path)
        )

    async def export_json(self, conversation_id: int, path: Path) -> Path:
        from dynaspark_desktop.storage import export_conversation_json

        return await self._call(
            lambda store: export_conversation_json(store, conversation_id, path)
        )

    async def export_all(self, path: Path) -> int:
        from dynaspark_desktop.storage import export_all

        return await self._call(lambda store: export_all(store, path))

    async def import_file(
        self, path: Path, cancel: threading.Event, *, copy_title: str | None = None
    ) -> ImportReport:
        """Import on the history's thread: reading, parsing, checking, base64 decoding and any
        thumbnail made again all happen there, never on the UI thread. Setting ``cancel``
        (or closing the history) stops it with ImportCancelledError, nothing added."""
        from dynaspark_desktop.storage import import_file

        self._imports.add(cancel)
        try:
            marked = {"copy_title": copy_title} if copy_title else {}
            report = await self._call(lambda store: import_file(store, path, cancel, **marked))
        finally:
            self._imports.discard(cancel)
        self.refresh_conversations()
        if report.library is not None:  # the archive's saved prompts and assistants
            await self.reload_library()
        return report


def _branch_part(page: ConversationPage) -> BranchPart:
    """The page's turns (built on the history's thread, images decoded ahead)."""
    from dynaspark_desktop.storage.turns import turns_from_messages
    from dynaspark_desktop.ui.base.thumbnails import decode_ahead

    turns = turns_from_messages(page.messages, page.answers, page.question_versions)
    decode_ahead(turn.image for turn in turns)
    last = page.messages[-1].id if page.messages else None
    return BranchPart(turns, page.has_later, last)


def _draft_images(store: HistoryStore, draft: Draft | None) -> list[PreparedImage]:
    """The draft's images with their bytes (runs on the history's thread); one that cannot
    be read (its file gone from the data folder, damaged) is left out, with a word, the rest
    kept."""
    images, unread = [], []
    for stored in [draft.image, *draft.more_images] if draft is not None and draft.image else []:
        try:
            images.append(store.read_image(stored))
        except Exception:
            log.exception("The draft's image could not be read")
            unread.append(f"“{stored.filename}”")
    if unread:
        from dynaspark_desktop.ui.base import notices

        notices.warning(
            translate(
                "History",
                "The draft's image {names} could not be read (its file is missing or damaged) "
                "and was left out; the rest of the draft is kept.",
            ).format(names=", ".join(unread))
        )
    return images
