"""The documents pending for the next message: each read in a worker thread of its own (text
files and PDFs, see core/document_reading.py), shown as chips until sent or removed.

A reading can be abandoned at any moment (its chip removed, the app quitting): the chip goes
at once, the late result is dropped, and the guard stops the extraction at its next page. A
reading past its time limit is stopped the same way, with a message, even when a single page
takes pypdf that long (a watchdog timer, running only while something is read).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from dynaspark_desktop.core.document_reading import (
    EXTRACT_TIME_LIMIT_SECONDS,
    DocumentError,
    ExtractionCancelled,
    ReadGuard,
    read_document,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.workers import SerialWorker

if TYPE_CHECKING:
    import concurrent.futures

    from dynaspark_desktop.core.documents import AttachedDocument

log = logging.getLogger(__name__)

MAX_DOCUMENTS_PER_MESSAGE = 10
# Past the guard's own limit, the watchdog gives a page stuck inside pypdf this much longer.
_WATCHDOG_GRACE_SECONDS = 5.0


@dataclass(eq=False)
class PendingDocument:
    """A chip: the file's name, and its document once read (None while it is read)."""

    key: int
    name: str
    document: AttachedDocument | None = None
    guard: ReadGuard | None = None
    worker: SerialWorker | None = None
    watchdog: QTimer | None = field(default=None, repr=False)


class DocumentController(QObject):
    changed = Signal()  # the pending documents or their readings changed

    def __init__(
        self, *, time_limit: float = EXTRACT_TIME_LIMIT_SECONDS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.time_limit = time_limit
        self.entries: list[PendingDocument] = []
        self._keys = itertools.count(1)

    @property
    def is_reading(self) -> bool:
        return any(entry.document is None for entry in self.entries)

    @property
    def documents(self) -> tuple[AttachedDocument, ...]:
        return tuple(entry.document for entry in self.entries if entry.document is not None)

    def offer(self, path: Path) -> bool:
        """Start reading the file at ``path``; False (the user told why) when it cannot be."""
        if len(self.entries) >= MAX_DOCUMENTS_PER_MESSAGE:
            notices.warning(
                translate(
                    "Documents",
                    "A message takes at most {count} documents. Send these first, or remove one.",
                ).format(count=MAX_DOCUMENTS_PER_MESSAGE)
            )
            return False
        entry = PendingDocument(next(self._keys), path.name, guard=ReadGuard(self.time_limit))
        entry.worker = SerialWorker("read-document")
        self.entries.append(entry)
        entry.worker.submit(
            read_document, path, entry.guard, then=lambda done: self._read(entry, done)
        )
        entry.watchdog = QTimer(self, singleShot=True)
        entry.watchdog.timeout.connect(lambda: self._too_long(entry))
        entry.watchdog.start(int((self.time_limit + _WATCHDOG_GRACE_SECONDS) * 1000))
        self.changed.emit()
        return True

    def remove(self, key: int) -> None:
        """Drop a pending document, or abandon its reading (at once, either way)."""
        entry = next((entry for entry in self.entries if entry.key == key), None)
        if entry is not None:
            self._forget(entry)
            self.changed.emit()

    def replace(self, key: int, document: AttachedDocument) -> None:
        """A pending document becomes ``document`` (cut to fit the model, say)."""
        for entry in self.entries:
            if entry.key == key and entry.document is not None:
                entry.document = document
                self.changed.emit()

    def restore(self, documents: tuple[AttachedDocument, ...]) -> None:
        """Show a saved draft's documents (read already) as the pending ones, in place of
        what was pending (readings are abandoned)."""
        if not self.entries and not documents:
            return
        for entry in list(self.entries):
            self._forget(entry)
        for document in documents[:MAX_DOCUMENTS_PER_MESSAGE]:
            self.entries.append(PendingDocument(next(self._keys), document.filename, document))
        self.changed.emit()

    def drop_readings(self) -> list[str]:
        """Abandon the readings under way; the names of their files."""
        unfinished = [entry for entry in self.entries if entry.document is None]
        for entry in unfinished:
            self._forget(entry)
        if unfinished:
            self.changed.emit()
        return [entry.name for entry in unfinished]

    def take(self) -> tuple[AttachedDocument, ...]:
        """The documents read, which leave the tray with the message sent."""
        documents = self.documents
        if self.entries:
            for entry in list(self.entries):
                self._forget(entry)
            self.changed.emit()
        return documents

    def shutdown(self) -> None:
        for entry in list(self.entries):
            self._forget(entry)

    def _forget(self, entry: PendingDocument) -> None:
        if entry in self.entries:
            self.entries.remove(entry)
        self._end_reading(entry)

    def _end_reading(self, entry: PendingDocument) -> None:
        if entry.guard is not None:
            entry.guard.cancel()  # the thread stops at its next page; its result is dropped
        if entry.worker is not None:
            entry.worker.stop()
        if entry.watchdog is not None:
            entry.watchdog.stop()
            entry.watchdog.deleteLater()
        entry.guard = entry.worker = entry.watchdog = None

    def _read(self, entry: PendingDocument, done: concurrent.futures.Future) -> None:
        if entry not in self.entries or entry.worker is None:
            return  # removed while it was read: the result is not wanted
        self._end_reading(entry)
        error = done.exception()
        if error is None:
            entry.document = done.result()
            log.info("Document read: %s characters", entry.document.char_count)
            self.changed.emit()
            return
        if isinstance(error, ExtractionCancelled):
            return
        if isinstance(error, DocumentError):
            log.info("Document refused: %s", error)
            refusal = str(error)
        else:
            log.error("Reading a document failed unexpectedly", exc_info=error)
            refusal = translate(
                "Documents", "“{name}” could not be read; the details are in the log."
            ).format(name=entry.name)
        self.entries.remove(entry)
        self.changed.emit()
        notices.warning(refusal)

    def _too_long(self, entry: PendingDocument) -> None:
        if entry not in self.entries or entry.document is not None:
            return
        log.warning("Reading a document was stopped past its time limit")
        self._forget(entry)
        self.changed.emit()
        notices.warning(
            translate(
                "Documents",
                "Reading “{name}” took longer than {seconds} seconds, so it was stopped.",
            ).format(name=entry.name, seconds=f"{self.time_limit:g}")
        )
