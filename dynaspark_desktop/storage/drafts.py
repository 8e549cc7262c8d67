"""Drafts: the composer's text, pending images and documents of each conversation (and of
the chat not started yet), kept so that nothing typed or attached is lost across a switch
or a restart. Mixed into :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from dynaspark_desktop.core.documents import AttachedDocument
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.timestamps import sane_time
from dynaspark_desktop.storage.document_rows import (
    DocumentWrites,
    document_files,
    documents_of_draft,
    draft_document_texts,
    save_draft_documents,
)
from dynaspark_desktop.storage.models import Draft


class DraftRecords(DocumentWrites):
    """One draft per conversation; its images are ``attachments`` rows with a ``draft_id``,
    its documents ``draft_documents`` rows (their texts kept by hash, as a question's)."""

    def save_draft(
        self,
        conversation_id: int | None,
        text: str,
        image: PreparedImage | None = None,
        more_images: tuple[PreparedImage, ...] = (),
        documents: Sequence[AttachedDocument] = (),
    ) -> None:
        """Keep the composer's text, pending images (``image``, then ``more_images``) and
        documents (read); ``None`` is the chat not started yet. Empty text and nothing
        attached clears the draft.
        """
        images = [image, *more_images] if image is not None else []
        with self._lock:
            texts: list[str] = []
            digests = [self._keep_image_files(each) for each in images]
            with self._writing() as connection:
                row = connection.execute(
                    "SELECT id FROM drafts WHERE ifnull(conversation_id, 0) = ?",
                    (conversation_id or 0,),
                ).fetchone()
                released = self._draft_images(connection, row[0]) if row else []
                if row is not None:
                    texts = draft_document_texts(connection, row[0])
                    connection.execute("DELETE FROM drafts WHERE id = ?", (row[0],))
                if text or images or documents:
                    cursor = connection.execute(
                        "INSERT INTO drafts (conversation_id, text, updated) VALUES (?, ?, ?)",
                        (conversation_id, text, self._clock()),
                    )
                    assert cursor.lastrowid is not None
                    for each, each_digests in zip(images, digests, strict=True):
                        self._attach(connection, "draft_id", cursor.lastrowid, each, each_digests)
                    save_draft_documents(
                        connection, document_files(self.data_dir), cursor.lastrowid, documents
                    )
            self._release_images(released)
            self.release_document_texts(texts)  # those still used (kept again) stay

    def clear_draft(self, conversation_id: int | None) -> None:
        self.save_draft(conversation_id, "", None)

    def load_draft(self, conversation_id: int | None) -> Draft | None:
        with self._reading() as connection:
            row = connection.execute(
                "SELECT id, text, updated FROM drafts WHERE ifnull(conversation_id, 0) = ?",
                (conversation_id or 0,),
            ).fetchone()
            if row is None:
                return None
            images = self._stored_images(connection, "draft_id = ?", row[0])
            documents = documents_of_draft(connection, document_files(self.data_dir), row[0])
        return Draft(
            text=row[1],
            image=images[0] if images else None,
            updated=sane_time(row[2]),
            more_images=tuple(images[1:]),
            documents=documents,
        )

    def _draft_images(
        self, connection: sqlite3.Connection, draft_id: int
    ) -> list[tuple[str, str, str]]:
        return connection.execute(
            "SELECT sha256, mime_type, thumbnail_sha256 FROM attachments WHERE draft_id = ?",
            (draft_id,),
        ).fetchall()
