"""The window's link to the saved history: every database call runs on one worker thread.

One thread, not a pool: jobs run in the order they were asked for, so a question is always
saved before its answer, and the draft saved last is the one kept. The UI thread never waits
on disk; it awaits futures on the qasync loop or gets signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks

if TYPE_CHECKING:
    import concurrent.futures
    from collections.abc import Awaitable, Generator

    from dynaspark_desktop.storage import ConversationDetails, HistoryStore, ImportReport, SearchHit

log = logging.getLogger(__name__)

T = TypeVar("T")

# Turns painted when a conversation opens; older ones load as the user scrolls up. Small
# enough to paint at once, large enough to fill a tall window.
FIRST_PAGE_MESSAGES = 24
# Each earlier page is built in one go on the UI thread (about 4 ms a turn): kept small.
EARLIER_PAGE_MESSAGES = 16
SEARCH_RESULTS = 100
# The sidebar shows a sent question's conversation (new, or moved to the top) this long
# after it is saved: well after a local model's first words are on screen.
REFRESH_AFTER_SEND_MS = 300


@dataclass(frozen=True)
class LoadedConversation:
    details: ConversationDetails
    conversation: Conversation
    has_earlier: bool
    first_position: int | None
    draft_text: str
    draft_image: PreparedImage | None
    # Open at this question (a search hit), or None for the latest messages.
    focus_message_id: int | None


@dataclass(frozen=True)
class EarlierTurns:
    conversation_id: int
    turns: list[Turn]
    has_earlier: bool
    first_position: int | None


class HistoryUnavailableError(Exception):
    """The history could not be opened: chats still work, nothing is saved."""


class HistoryController(QObject):
    # A list of ConversationSummary, for the sidebar.
    conversationsChanged = Signal(list)
    _deliver = Signal(object, object)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._store: HistoryStore | None = None
        self._open_error = ""
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._tasks = BackgroundTasks()
        self._list_generation = 0
        # The sidebar lists a sent question's conversation (new, or moved to the top) a
        # moment after it is saved, not at once: its list repaint would otherwise land while
        # the first words of the answer are on their way.
        self._refresh_after_send = QTimer(self, singleShot=True, interval=REFRESH_AFTER_SEND_MS)
        self._refresh_after_send.timeout.connect(self.refresh_conversations)
        # The user has been told saving fails for a disk problem; told again only after a
        # save has worked in between (so a full disk is one message, not one per answer).
        self._disk_failure_told = False
        self._closed = False
        self._imports: set[threading.Event] = set()  # the running imports' cancel flags
        self._deliver.connect(self._on_deliver)

    # -- life ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the history in the worker thread (called once the window is on screen, or by
        the first job asked for before that). Every later job queues behind the opening."""
        import concurrent.futures

        if self._executor is not None or self._closed:
            return
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="history"
        )
        self._executor.submit(self._open_in_thread).add_done_callback(self._report_opened)
        self.refresh_conversations()

    def _open_in_thread(self) -> str | None:
        from dynaspark_desktop.storage import HistoryError, HistoryStore

        try:
            self._store = HistoryStore.open(self.data_dir)
        except HistoryError as error:
            self._open_error = str(error)
            log.error("History unavailable: %s (%s)", error, error.detail or "no detail")
            from dynaspark_desktop.core.disk_errors import disk_problem

            if disk_problem(error) is not None:
                self._disk_failure_told = True  # its message already says nothing is saved
            return self._open_error
        except Exception as error:
            from dynaspark_desktop.core.disk_errors import describe_disk_failure

            self._open_error = f"The chat history in {self.data_dir} could not be opened."
            log.exception("Opening the history failed", exc_info=error)
            # E.g. a history on a read-only disk that opened but cannot take a write.
            disk_failure = describe_disk_failure(
                error, self.data_dir, "conversations are not being saved"
            )
            if disk_failure is not None:
                self._open_error += f" {disk_failure}"
                self._disk_failure_told = True
            return self._open_error
        moved = self._store.moved_aside
        try:
            self._store.backup_if_due()
        except Exception:
            # A missed backup is worth a log line, not a warning in the user's face.
            log.exception("The daily history backup failed")
        return moved.user_message() if moved is not None else None

    def _report_opened(self, future: concurrent.futures.Future[str | None]) -> None:
        message = future.result()
        if message is None:
            return
        if self._store is None and not self._disk_failure_told:
            message += " Conversations are not being saved until this is fixed."
        # The notices bridge keeps it if the window is not listening yet.
        self._emit_soon(_tell_problem, message)

    async def close(self) -> None:
        """Finish every queued write, then close the database (every quit path ends here)."""
        import asyncio

        if self._closed:
            return
        self._closed = True
        for cancel in self._imports:  # else the close would queue behind a long import
            cancel.set()
        await self._tasks.cancel_all()
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        await asyncio.wrap_future(executor.submit(self._close_in_thread))
        executor.shutdown(wait=False)

    def _close_in_thread(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def available(self) -> bool:
        return not self._closed and not self._open_error

    # -- running jobs -------------------------------------------------------------------------

    def _submit(self, job: Callable[[HistoryStore], T]) -> concurrent.futures.Future[T]:
        """Queue ``job(store)`` on the worker thread; it fails if the history is unavailable."""
        self.start()
        if self._executor is None:
            raise HistoryUnavailableError("the history is not open")
        return self._executor.submit(self._with_store, job)

    def _with_store(self, job: Callable[[HistoryStore], T]) -> T:
        if self._store is None:
            raise HistoryUnavailableError(self._open_error or "the history is closed")
        return job(self._store)

    async def _call(self, job: Callable[[HistoryStore], T]) -> T:
        import asyncio

        return await asyncio.wrap_future(self._submit(job))

    def _fire(self, job: Callable[[HistoryStore], Any], what: str, refresh: bool = True) -> None:
        """Queue a write nobody waits for; a failure is logged and told to the user."""
        try:
            future = self._submit(job)
        except HistoryUnavailableError:
            log.info("History unavailable; not saved: %s", what)
            return

        def finished(done: concurrent.futures.Future[Any]) -> None:
            error = done.exception()
            if isinstance(error, HistoryUnavailableError):
                log.info("History unavailable; not saved: %s", what)
            elif error is not None:
                log.error("Could not %s", what, exc_info=error)
                if not self.tell_disk_failure(error):
                    self._emit_soon(_tell_problem, f"Could not {what}: {error}")
            else:
                self._disk_failure_told = False

        future.add_done_callback(finished)
        if refresh:
            self.refresh_conversations()

    def tell_disk_failure(self, error: BaseException) -> bool:
        """If ``error`` is the disk failing (full, read-only, I/O errors), tell the user once
        (the folder, what to do, that chats are not being saved) and return True."""
        from dynaspark_desktop.core.disk_errors import describe_disk_failure

        message = describe_disk_failure(
            error, self.data_dir, "your conversations are not being saved (answers still show)"
        )
        if message is None:
            return False
        if not self._disk_failure_told:
            self._disk_failure_told = True
            self._emit_soon(_tell_problem, message)
        return True

    def _emit_soon(self, emit: Callable[..., None], *args: Any) -> None:
        """Run ``emit(*args)`` on the UI thread (called from the worker thread's callbacks).

        A signal emitted from another thread reaches a slot of this object (which lives on
        the UI thread) through Qt's queued connection: no event loop object is needed.
        """
        if not self._closed:
            self._deliver.emit(emit, args)

    def _on_deliver(self, emit: Callable[..., None], args: tuple[Any, ...]) -> None:
        if not self._closed:
            emit(*args)

    def refresh_conversations(self) -> None:
        """Reload the sidebar's list after the writes queued so far.

        Many changes in a row cost one query: each request queues a listing, and a listing
        that finds a newer one queued behind it skips its query.
        """
        if self._closed:
            return
        self._list_generation += 1
        generation = self._list_generation

        def listing(store: HistoryStore) -> list[Any] | None:
            if generation != self._list_generation:
                return None
            return store.list_conversations()

        def finished(done: concurrent.futures.Future[list[Any] | None]) -> None:
            if done.exception() is None and done.result() is not None:
                self._emit_soon(self.conversationsChanged.emit, done.result())

        self._submit(listing).add_done_callback(finished)

    # -- the turn's life (ChatController's TurnRecorder) -------------------------------------

    def record_question(self, conversation: Conversation, turn: Turn) -> Awaitable[None]:
        """Start saving ``turn``'s question (and image) on the history's thread at once; the
        result, awaited before the request goes out, sets ``turn.message_id`` and, for a new
        chat, ``conversation.id``. It raises HistoryError when the question cannot be saved.

        The save starts here, not when awaited: it runs while the window shows the new turn
        and the turn's task gets going, so it rarely delays the request at all.
        """
        conversation_id = conversation.id
        system_prompt = conversation.system_prompt
        image = turn.image if turn.image is not None and turn.image.data else None

        def save(store: HistoryStore) -> tuple[int, int]:
            target = conversation_id
            if target is None:
                target = store.create_conversation(turn.model, system_prompt=system_prompt).id
            try:
                message = store.add_user_message(target, turn.question, turn.model, image)
            except Exception:
                if conversation_id is None:
                    _discard_empty_conversation(store, target)  # Retry creates it again
                raise
            # The composer's text went into this message: its draft is done with.
            store.clear_draft(conversation_id)
            return target, message.id

        try:
            future = self._submit(save)
        except HistoryUnavailableError:
            future = None  # no history: the chat still works, unsaved (told at start-up)
        return _QuestionSave(self, future, conversation, turn)

    def _question_saved(self) -> None:
        self._disk_failure_told = False
        self._refresh_after_send.start()

    async def record_retry(self, turn: Turn) -> None:
        message_id, model = turn.message_id, turn.model
        if message_id is None:
            return
        try:
            await self._call(lambda store: store.mark_retrying(message_id, model))
        except HistoryUnavailableError:
            return
        except Exception as error:
            if not self.tell_disk_failure(error):
                raise
            # A full disk: the question goes out again all the same, unsaved.
            log.warning("Could not save the retry (disk failure): %s", error)

    async def record_edit(self, turn: Turn) -> None:
        message_id, question = turn.message_id, turn.question
        if message_id is None:
            return
        try:
            await self._call(lambda store: store.edit_question(message_id, question))
        except HistoryUnavailableError:
            return
        except Exception as error:
            if not self.tell_disk_failure(error):
                raise
            # A full disk: the question goes out again all the same, unsaved.
            log.warning("Could not save the retry (disk failure): %s", error)

    def record_result(self, turn: Turn) -> None:
        message_id = turn.message_id
        if message_id is None:
            return
        elapsed = turn.elapsed_seconds
        state = turn.state
        if state is TurnState.ANSWERED:
            answer, model = turn.answer, turn.answered_by or turn.model
            # A generated picture is kept with its answer: the service's link dies in a day.
            picture = turn.picture
            image = picture.as_prepared_image() if picture and picture.data else None
            self._fire(
                lambda store: store.mark_answered(message_id, answer, model, elapsed, image=image),
                "save the answer",
            )
        elif state is TurnState.FAILED:
            error = turn.error
            self._fire(
                lambda store: store.mark_failed(message_id, error, elapsed), "save the error"
            )
        elif state is TurnState.CANCELLED:
            partial, model = turn.answer, turn.answered_by or turn.model
            self._fire(
                lambda store: store.mark_cancelled(
                    message_id, "", elapsed, partial_answer=partial, model=model
                ),
                "save that the answer was stopped",
            )

    # -- conversations --------------------------------------------------------------------

    async def load(
        self, conversation_id: int, focus_message_id: int | None = None
    ) -> LoadedConversation:
        """The latest messages of a conversation (or those from a search hit), and its draft."""

        def read(store: HistoryStore) -> LoadedConversation:
            from dynaspark_desktop.storage.turns import turns_from_messages
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            page = store.load_conversation(
                conversation_id,
                limit=FIRST_PAGE_MESSAGES,
                from_message=focus_message_id,
            )
            draft = store.load_draft(conversation_id)
            draft_image = None
            if draft is not None and draft.image is not None:
                try:
                    draft_image = store.read_image(draft.image)
                except Exception:
                    log.exception("The draft's image could not be read")
            conversation = Conversation(turns=turns_from_messages(page.messages))
            # Here, in the worker thread, not when the turns are shown.
            decode_ahead([*(turn.image for turn in conversation.turns), draft_image])
            conversation.id = conversation_id
            conversation.system_prompt = page.conversation.system_prompt
            return LoadedConversation(
                details=page.conversation,
                conversation=conversation,
                has_earlier=page.has_earlier,
                first_position=page.first_position,
                draft_text=draft.text if draft is not None else "",
                draft_image=draft_image,
                focus_message_id=focus_message_id,
            )

        return await self._call(read)

    async def load_new_chat_draft(self) -> tuple[str, PreparedImage | None]:
        """The draft of the chat not started yet (kept across restarts too)."""

        def read(store: HistoryStore) -> tuple[str, PreparedImage | None]:
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            draft = store.load_draft(None)
            if draft is None:
                return "", None
            image = store.read_image(draft.image) if draft.image is not None else None
            decode_ahead([image])
            return draft.text, image

        try:
            return await self._call(read)
        except HistoryUnavailableError:
            return "", None

    async def load_earlier(self, conversation_id: int, before: int) -> EarlierTurns:
        def read(store: HistoryStore) -> EarlierTurns:
            from dynaspark_desktop.storage.turns import turns_from_messages
            from dynaspark_desktop.ui.base.thumbnails import decode_ahead

            page = store.load_conversation(
                conversation_id, limit=EARLIER_PAGE_MESSAGES, before=before
            )
            turns = turns_from_messages(page.messages)
            decode_ahead(turn.image for turn in turns)
            return EarlierTurns(
                conversation_id=conversation_id,
                turns=turns,
                has_earlier=page.has_earlier,
                first_position=page.first_position,
            )

        return await self._call(read)

    def save_draft(
        self, conversation_id: int | None, text: str, image: PreparedImage | None
    ) -> None:
        self._fire(
            lambda store: store.save_draft(conversation_id, text, image),
            "save your draft",
            refresh=False,
        )

    def rename(self, conversation_id: int, title: str) -> None:
        self._fire(lambda store: store.rename_conversation(conversation_id, title), "rename")

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._fire(lambda store: store.set_pinned(conversation_id, pinned), "pin")

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        self._fire(
            lambda store: store.set_system_prompt(conversation_id, system_prompt),
            "save the system prompt",
        )

    def set_model(self, conversation_id: int, model: str) -> None:
        self._fire(lambda store: store.set_model(conversation_id, model), "save the model")

    def delete(self, conversation_id: int) -> None:
        self._fire(lambda store: store.delete_conversation(conversation_id), "delete")

    def restore(self, conversation_id: int) -> None:
        self._fire(lambda store: store.restore_conversation(conversation_id), "undo the delete")

    async def search(self, query: str) -> list[SearchHit]:
        return await self._call(lambda store: store.search(query, SEARCH_RESULTS))

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

    async def import_file(self, path: Path, cancel: threading.Event) -> ImportReport:
        """Import on the history's thread: reading, parsing, checking, base64 decoding and any
        thumbnail made again all happen there, never on the UI thread. Setting ``cancel``
        (or closing the history) stops it with ImportCancelledError, nothing added."""
        from dynaspark_desktop.storage import import_file

        self._imports.add(cancel)
        try:
            report = await self._call(lambda store: import_file(store, path, cancel))
        finally:
            self._imports.discard(cancel)
        self.refresh_conversations()
        return report


def _tell_problem(message: str) -> None:
    """Something the history could not do: stays on the window until dismissed."""
    notices.warning(message, sticky=True)


def _discard_empty_conversation(store: HistoryStore, conversation_id: int) -> None:
    """A new chat whose first question could not be saved: its conversation, just created,
    goes to the trash rather than stay in the sidebar as an empty "New chat"."""
    try:
        store.delete_conversation(conversation_id)
    except Exception:
        log.warning("Could not remove the empty conversation %s", conversation_id, exc_info=True)


class _QuestionSave:
    """A question's save, already running on the history's thread; awaiting it gives the
    result (without yielding to the event loop when the save is already done)."""

    def __init__(
        self,
        history: HistoryController,
        future: concurrent.futures.Future[tuple[int, int]] | None,
        conversation: Conversation,
        turn: Turn,
    ) -> None:
        self._history = history
        self._future = future
        self._conversation = conversation
        self._turn = turn

    def __await__(self) -> Generator[Any, None, None]:
        return self._finish().__await__()

    async def _finish(self) -> None:
        from dynaspark_desktop.storage import HistoryError

        future = self._future
        if future is None:
            return
        try:
            if not future.done():
                import asyncio

                await asyncio.wrap_future(future)
            saved_in, message_id = future.result()
        except HistoryUnavailableError:
            return  # no history: the chat still works, unsaved (the user was told at start)
        except Exception as error:
            # A full or read-only disk: the question goes out all the same, unsaved (its
            # answer shows; the user is told nothing is being saved, and where, and why).
            if self._history.tell_disk_failure(error):
                log.warning("Question not saved (disk failure); sending it unsaved: %s", error)
                return
            if isinstance(error, HistoryError):
                raise HistoryError(
                    f"Your message could not be saved, so it was not sent. {error}",
                    detail=error.detail,
                ) from error
            if isinstance(error, OSError):
                raise HistoryError(
                    "Your message could not be saved, so it was not sent: "
                    f"{error.strerror or error}.",
                    detail=repr(error),
                ) from error
            raise
        self._conversation.id = saved_in
        self._turn.message_id = message_id
        self._history._question_saved()
