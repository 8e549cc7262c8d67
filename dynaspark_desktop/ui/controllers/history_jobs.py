"""The history's life and its worker: opening the database, every job run on one thread in the
order asked for, the sidebar's listing, telling the user when saving fails, and the close.

One thread, not a pool: a question is always saved before its answer, and the draft saved
last is the one kept. The UI thread never waits on disk: it awaits jobs on the qasync loop or
gets their results as callbacks (``ui.base.workers.SerialWorker``).
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.workers import SerialWorker

if TYPE_CHECKING:
    import concurrent.futures
    from collections.abc import Callable

    from dynaspark_desktop.storage import HistoryStore

log = logging.getLogger(__name__)

T = TypeVar("T")

# The sidebar shows a sent question's conversation (new, or moved to the top) this long
# after it is saved: well after a local model's first words are on screen.
REFRESH_AFTER_SEND_MS = 300


class HistoryUnavailableError(Exception):
    """The history could not be opened: chats still work, nothing is saved."""


class HistoryJobs(QObject):
    """The part of HistoryController that owns the database and its thread."""

    # A list of ConversationSummary, for the sidebar.
    conversationsChanged = Signal(list)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._store: HistoryStore | None = None
        self._open_error = ""
        self._worker = SerialWorker("history")
        self._started = False
        # The sidebar's listing not yet begun: a newer request replaces it (one query for
        # many changes in a row).
        self._queued_listing: concurrent.futures.Future[list[Any]] | None = None
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

    # -- life ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the history in the worker thread (called once the window is on screen, or by
        the first job asked for before that). Every later job queues behind the opening."""
        if self._started or self._closed:
            return
        self._started = True
        self._worker.submit(self._open_in_thread, then=self._report_opened)
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

            self._open_error = translate(
                "History", "The chat history in {folder} could not be opened."
            ).format(folder=self.data_dir)
            log.exception("Opening the history failed", exc_info=error)
            # E.g. a history on a read-only disk that opened but cannot take a write.
            disk_failure = describe_disk_failure(
                error, self.data_dir, translate("History", "conversations are not being saved")
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
            message += " " + translate(
                "History", "Conversations are not being saved until this is fixed."
            )
        # The notices bridge keeps it if the window is not listening yet.
        self._tell(message)

    async def close(self) -> None:
        """Finish every queued write, then close the database (every quit path ends here)."""
        if self._closed:
            return
        self._closed = True
        for cancel in self._imports:  # else the close would queue behind a long import
            cancel.set()
        if self._started:
            await self._worker.close(self._close_in_thread)

    def _close_in_thread(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def available(self) -> bool:
        return not self._closed and not self._open_error

    # -- running jobs -------------------------------------------------------------------------

    def _submit(
        self,
        job: Callable[[HistoryStore], T],
        then: Callable[[concurrent.futures.Future[T]], None] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Queue ``job(store)`` on the worker thread, ``then(future)`` on the UI thread after
        it; the job fails if the history is unavailable."""
        self.start()
        if not self._started or self._worker.closed:
            raise HistoryUnavailableError("the history is not open")
        return self._worker.submit(self._with_store, job, then=then)

    def _with_store(self, job: Callable[[HistoryStore], T]) -> T:
        if self._store is None:
            raise HistoryUnavailableError(self._open_error or "the history is closed")
        return job(self._store)

    async def _call(self, job: Callable[[HistoryStore], T]) -> T:
        self.start()
        if not self._started or self._worker.closed:
            raise HistoryUnavailableError("the history is not open")
        return await self._worker.run(self._with_store, job)

    def _fire(self, job: Callable[[HistoryStore], Any], what: str, refresh: bool = True) -> None:
        """Queue a write nobody waits for; a failure is logged and told to the user."""
        try:
            self._submit(job, then=functools.partial(self._fired, what))
        except HistoryUnavailableError:
            log.info("History unavailable; not saved: %s", what)
            return
        if refresh:
            self.refresh_conversations()

    def _fired(self, what: str, done: concurrent.futures.Future[Any]) -> None:
        error = done.exception()
        if isinstance(error, HistoryUnavailableError):
            log.info("History unavailable; not saved: %s", what)
        elif error is not None:
            log.error("Could not %s", what, exc_info=error)
            if not self.tell_disk_failure(error):
                self._tell(
                    translate("History", "Could not {what}: {error}").format(what=what, error=error)
                )
        else:
            self._disk_failure_told = False

    def tell_disk_failure(self, error: BaseException) -> bool:
        """If ``error`` is the disk failing (full, read-only, I/O errors), tell the user once
        (the folder, what to do, that chats are not being saved) and return True."""
        from dynaspark_desktop.core.disk_errors import describe_disk_failure

        message = describe_disk_failure(
            error,
            self.data_dir,
            translate("History", "your conversations are not being saved (answers still show)"),
        )
        if message is None:
            return False
        if not self._disk_failure_told:
            self._disk_failure_told = True
            self._tell(message)
        return True

    def _tell(self, message: str) -> None:
        """Something the history could not do: stays on the window until dismissed."""
        if not self._closed:
            notices.warning(message, sticky=True)

    def refresh_conversations(self) -> None:
        """Reload the sidebar's list after the writes queued so far.

        Many changes in a row cost one query: a listing not yet begun when a newer one is
        asked for is cancelled, and only the newer one runs.
        """
        if self._closed:
            return
        if self._queued_listing is not None:
            self._queued_listing.cancel()  # no effect once it runs: it is then shown too
        self._queued_listing = self._submit(
            lambda store: store.list_conversations(), then=self._listed
        )

    def _listed(self, done: concurrent.futures.Future[list[Any]]) -> None:
        if done is self._queued_listing:
            self._queued_listing = None
        if done.exception() is None and not self._closed:
            self.conversationsChanged.emit(done.result())
