"""Documents attached to questions, in the history: a row each (``message_documents``) and
the extracted text kept once by its SHA-256 under ``documents/`` (``files.ImageFiles``' same
content-addressed tree), so a document attached to many questions (an edit, a retry, an
import) is stored once.

The rows are read with the messages they belong to (the transcript, the context path, an
export), the texts with them: a document's text is capped (core/document_reading.py), and a
request needs it whenever its question is sent again or is context for a later one.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from dynaspark_desktop.core.documents import PDF, TEXT, AttachedDocument
from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.files import ImageFiles
from dynaspark_desktop.storage.store_base import StoreBase

log = logging.getLogger(__name__)

DOCUMENTS_FOLDER = "documents"
TEXT_EXTENSION = ".txt"
_COLUMNS = "filename, kind, size, sha256, chars, pages, pages_read, truncated, notes"
# Notes are joined in one column; this never occurs in a note (they are our own sentences).
_NOTE_SEPARATOR = "\n"


def document_files(data_dir: Path) -> ImageFiles:
    return ImageFiles(data_dir / DOCUMENTS_FOLDER)


class DocumentWrites(StoreBase):
    """Mixed into the history store."""

    def add_documents(self, message_id: int, documents: Sequence[AttachedDocument]) -> None:
        """Keep ``documents`` as question ``message_id``'s (after the question is saved)."""
        if not documents:
            return
        with self._lock, self._writing() as connection:
            save_documents(connection, document_files(self.data_dir), message_id, documents)

    def release_document_texts(self, digests: Sequence[str]) -> None:
        """Remove the text files of ``digests`` that no document (of a message or of a
        draft) uses any more (after their rows went: a conversation removed for good, a
        draft cleared)."""
        if not digests:
            return
        files = document_files(self.data_dir)
        with self._lock, self._reading() as connection:
            for digest in set(digests):
                used = connection.execute(
                    "SELECT 1 FROM message_documents WHERE sha256 = ?1 "
                    "UNION ALL SELECT 1 FROM draft_documents WHERE sha256 = ?1 LIMIT 1",
                    (digest,),
                ).fetchone()
                if used is None:
                    with contextlib.suppress(OSError, ValueError):
                        files.remove(digest, TEXT_EXTENSION)


def save_documents(
    connection: sqlite3.Connection,
    files: ImageFiles,
    message_id: int,
    documents: Sequence[AttachedDocument],
) -> None:
    """Keep ``documents`` (their texts written once, by hash) as ``message_id``'s."""
    _insert(connection, files, "message_documents", "message_id", message_id, documents)


def save_draft_documents(
    connection: sqlite3.Connection,
    files: ImageFiles,
    draft_id: int,
    documents: Sequence[AttachedDocument],
) -> None:
    """Keep ``documents`` (their texts written once, by hash) as draft ``draft_id``'s."""
    _insert(connection, files, "draft_documents", "draft_id", draft_id, documents)


def draft_document_texts(connection: sqlite3.Connection, draft_id: int) -> list[str]:
    """The texts (digests) of a draft's documents, released when the draft goes."""
    return [
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT sha256 FROM draft_documents WHERE draft_id = ?", (draft_id,)
        )
    ]


def documents_of_draft(
    connection: sqlite3.Connection, files: ImageFiles, draft_id: int
) -> tuple[AttachedDocument, ...]:
    """A draft's documents, in order, with their texts."""
    return tuple(
        _document(row, files)
        for row in connection.execute(
            f"SELECT {_COLUMNS} FROM draft_documents WHERE draft_id = ? ORDER BY id", (draft_id,)
        )
    )


def _insert(
    connection: sqlite3.Connection,
    files: ImageFiles,
    table: str,
    owner_column: str,
    owner_id: int,
    documents: Sequence[AttachedDocument],
) -> None:
    # ``table`` and ``owner_column`` are our own names, never the user's.
    for document in documents:
        data = document.text.encode("utf-8", "surrogatepass")
        digest = files.store(data, TEXT_EXTENSION) if data or not document.sha256 else None
        connection.execute(
            f"INSERT INTO {table} ({owner_column}, {_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                owner_id,
                document.filename,
                document.kind if document.kind in (PDF, TEXT) else TEXT,
                document.size,
                digest or document.sha256,
                document.char_count,
                document.pages,
                document.pages_read,
                int(document.truncated),
                _NOTE_SEPARATOR.join(note.replace("\n", " ") for note in document.notes),
            ),
        )


def texts_of_deleted(connection: sqlite3.Connection, cutoff: float) -> list[str]:
    """The texts (digests) of the documents of conversations (and their drafts) in the trash
    since ``cutoff``."""
    return [
        row[0]
        for row in connection.execute(
            "SELECT d.sha256 FROM message_documents d "
            "JOIN messages m ON m.id = d.message_id "
            "JOIN conversations c ON c.id = m.conversation_id "
            "WHERE c.deleted IS NOT NULL AND c.deleted <= ?1 "
            "UNION "
            "SELECT d.sha256 FROM draft_documents d "
            "JOIN drafts r ON r.id = d.draft_id "
            "JOIN conversations c ON c.id = r.conversation_id "
            "WHERE c.deleted IS NOT NULL AND c.deleted <= ?1",
            (cutoff,),
        )
    ]


def copy_documents(connection: sqlite3.Connection, source_id: int, target_id: int) -> None:
    """``target_id`` (an edited question's new version) gets ``source_id``'s documents."""
    connection.execute(
        f"INSERT INTO message_documents (message_id, {_COLUMNS}) "
        f"SELECT ?, {_COLUMNS} FROM message_documents WHERE message_id = ? ORDER BY id",
        (target_id, source_id),
    )


def documents_of(
    connection: sqlite3.Connection, files: ImageFiles, message_ids: Iterable[int]
) -> dict[int, tuple[AttachedDocument, ...]]:
    """The documents of each of ``message_ids`` that has any, in order, with their texts."""
    found: dict[int, list[AttachedDocument]] = {}
    for part in tree.chunks(list(message_ids)):
        marks = ", ".join("?" * len(part))
        for row in connection.execute(
            f"SELECT message_id, {_COLUMNS} FROM message_documents "
            f"WHERE message_id IN ({marks}) ORDER BY id",
            tuple(part),
        ):
            found.setdefault(row[0], []).append(_document(row[1:], files))
    return {message_id: tuple(documents) for message_id, documents in found.items()}


def _document(row: Sequence[object], files: ImageFiles) -> AttachedDocument:
    filename, kind, size, sha256, chars, pages, pages_read, truncated, notes = row
    text = ""
    try:
        path = files.path_for(str(sha256), TEXT_EXTENSION)
        text = path.read_bytes().decode("utf-8", "replace")
    except (OSError, ValueError) as error:
        # Shown on the question as before; a request sends what is left: the header.
        log.warning("A document's text is missing from the history folder: %r", error)
        path = None
    return AttachedDocument(
        filename=str(filename),
        kind=str(kind),
        size=int(size),  # type: ignore[call-overload]
        text=text,
        pages=pages,  # type: ignore[arg-type]
        pages_read=pages_read,  # type: ignore[arg-type]
        truncated=bool(truncated),
        notes=tuple(note for note in str(notes).split(_NOTE_SEPARATOR) if note),
        sha256=str(sha256),
        chars=int(chars),  # type: ignore[call-overload]
        stored_at=str(path) if path is not None else None,
    )
