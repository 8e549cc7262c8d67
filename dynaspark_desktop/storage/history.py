"""The chat history: conversations, messages, their images and drafts, in one SQLite file.

Every method is synchronous and commits before it returns, so whatever a method reported
saved survives the app being killed. The UI calls them through ``asyncio.to_thread``; a lock
makes one store safe to share between worker threads.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage import backups, tree
from dynaspark_desktop.storage.backup_restore import BackupRestore
from dynaspark_desktop.storage.context_path import ContextPathReads
from dynaspark_desktop.storage.conversation_extras import ConversationExtras
from dynaspark_desktop.storage.conversations import ConversationRecords
from dynaspark_desktop.storage.database import DATABASE_FILE_NAME, open_database
from dynaspark_desktop.storage.document_rows import (
    DocumentWrites,
    document_files,
    save_documents,
    texts_of_deleted,
)
from dynaspark_desktop.storage.drafts import DraftRecords
from dynaspark_desktop.storage.models import (
    ConversationSnapshot,
    ImageSnapshot,
    MessageSnapshot,
)
from dynaspark_desktop.storage.prompts import LibraryRecords
from dynaspark_desktop.storage.question_edits import QuestionEdits
from dynaspark_desktop.storage.rows import MESSAGE_COLUMNS
from dynaspark_desktop.storage.store_base import BACKUPS_FOLDER, IMAGES_FOLDER
from dynaspark_desktop.storage.time_repair import repair_times
from dynaspark_desktop.storage.transcript import TranscriptReads
from dynaspark_desktop.storage.turn_writes import TurnWrites

log = logging.getLogger(__name__)

# Conversations stay in the trash this long (undo, or a change of heart) before they and
# their images are removed for good at a later start-up.
TRASH_KEEP_SECONDS = 7 * 24 * 3600
# What a question still waiting for its answer becomes when the app starts again: the
# request died with the previous run, and the user can retry it.
INTERRUPTED_ERROR = QT_TRANSLATE_NOOP("History", "The app closed before the answer arrived.")


class HistoryStore(
    ConversationRecords,
    ConversationExtras,
    TurnWrites,
    QuestionEdits,
    DraftRecords,
    TranscriptReads,
    ContextPathReads,
    BackupRestore,
    LibraryRecords,
    DocumentWrites,
):
    """One data directory's history. Open with :meth:`open`; close when the app quits.

    The conversations (``conversations.py``), saving turns (``turn_writes.py``) and reading
    the transcript (``transcript.py``) and drafts (``drafts.py``) are mixed in; the trash and
    snapshots are here.
    """

    @classmethod
    def open(cls, data_dir: Path, *, clock: Callable[[], float] = time.time) -> HistoryStore:
        """Open the history in ``data_dir``, creating, migrating or replacing it as needed.

        A damaged database is moved aside and a fresh one started: ``store.moved_aside``
        then says where the old file went (show :meth:`MovedAside.user_message`).
        """
        database_path = data_dir / DATABASE_FILE_NAME
        connection, moved = open_database(database_path)
        if moved is not None:
            latest = backups.latest_backup(data_dir / BACKUPS_FOLDER)
            moved = dataclasses.replace(moved, latest_backup=latest)
        store = cls(data_dir, connection, moved_aside=moved, clock=clock)
        try:
            store._recover_interrupted_questions()
            repair_times(store._connection, store._clock())
            store.purge_deleted(older_than_seconds=TRASH_KEEP_SECONDS)
        except BaseException:
            store.close()
            raise
        return store

    # Trash -------------------------------------------------------------------------------

    def purge_deleted(self, older_than_seconds: float = 0.0) -> int:
        """Remove for good the conversations in the trash for at least this long.

        Returns how many went. Their image files go too, unless another message or a draft
        still uses them.
        """
        cutoff = self._clock() - older_than_seconds
        with self._lock:
            with self._writing() as connection:
                released = connection.execute(
                    "SELECT a.sha256, a.mime_type, a.thumbnail_sha256 FROM attachments a "
                    "JOIN messages m ON m.id = a.message_id "
                    "JOIN conversations c ON c.id = m.conversation_id "
                    "WHERE c.deleted IS NOT NULL AND c.deleted <= ?1 "
                    "UNION "
                    "SELECT a.sha256, a.mime_type, a.thumbnail_sha256 FROM attachments a "
                    "JOIN drafts d ON d.id = a.draft_id "
                    "JOIN conversations c ON c.id = d.conversation_id "
                    "WHERE c.deleted IS NOT NULL AND c.deleted <= ?1",
                    (cutoff,),
                ).fetchall()
                texts = texts_of_deleted(connection, cutoff)
                count = connection.execute(
                    "DELETE FROM conversations WHERE deleted IS NOT NULL AND deleted <= ?",
                    (cutoff,),
                ).rowcount
            self._release_images(released)
            self.release_document_texts(texts)
        if count:
            log.info("Removed %d conversation(s) from the trash for good", count)
        return count

    def _recover_interrupted_questions(self) -> None:
        with self._writing() as connection:
            count = connection.execute(
                "UPDATE messages SET state = 'failed', error = ? WHERE state = 'sent'",
                (translate("History", INTERRUPTED_ERROR),),
            ).rowcount
        if count:
            log.info("%d question(s) were waiting for an answer when the app last quit", count)

    # Snapshots (export and import) --------------------------------------------------------

    def snapshot(self, conversation_id: int) -> ConversationSnapshot:
        """The whole conversation, every branch, with image bytes: what export writes and
        import reads. Messages in creation order (a parent before its children)."""
        with self._reading() as connection:
            details = self.get_conversation(conversation_id)
            if details is None:
                raise KeyError(f"no conversation {conversation_id}")
            ids = [
                row[0]
                for row in connection.execute(
                    "SELECT id FROM messages WHERE conversation_id = ? ORDER BY position",
                    (conversation_id,),
                )
            ]
            stored = self._with_images(connection, ids)
            leaf = tree.current_leaf(connection, conversation_id)
        index = {message.id: number for number, message in enumerate(stored)}
        messages = []
        for message in stored:
            images = []
            for image in message.attachments:
                prepared = self.read_image(image)
                images.append(ImageSnapshot.of(prepared))
            messages.append(
                MessageSnapshot(
                    position=message.position,
                    role=message.role,
                    text=message.text,
                    model=message.model,
                    state=message.state,
                    error=message.error,
                    created=message.created,
                    finished=message.finished,
                    elapsed_ms=message.elapsed_ms,
                    images=tuple(images),
                    documents=message.documents,
                    parent=index.get(message.parent_id) if message.parent_id else None,
                    tokens=message.tokens,
                    first_text_ms=message.first_text_ms,
                    context_sent=message.context_sent,
                    context_total=message.context_total,
                    fallback_note=message.fallback_note,
                )
            )
        return ConversationSnapshot(
            title=details.title,
            created=details.created,
            updated=details.updated,
            model=details.model,
            system_prompt=details.system_prompt,
            pinned=details.pinned,
            messages=tuple(messages),
            uid=self.conversation_uid(conversation_id),
            parameters=self.conversation_parameters(conversation_id),
            branched=True,
            current_leaf=index.get(leaf) if leaf is not None else None,
        )

    def add_snapshot(self, snapshot: ConversationSnapshot) -> int:
        """Store ``snapshot`` as a new conversation (new ids, same content); returns its id.

        Raises ``sqlite3.IntegrityError`` when the snapshot breaks the schema's rules (two
        messages at one position, an unknown role): nothing is stored then.
        """
        return self.add_snapshots([snapshot])[0]

    def add_snapshots(self, snapshots: Sequence[ConversationSnapshot]) -> list[int]:
        """Store each snapshot as :meth:`add_snapshot` does, all in one transaction.

        For filling a history with many conversations at once (one commit, not one per
        conversation); returns their new ids in order. Either all are stored or none is.
        """
        with self._lock:
            prepared_images = [
                [_prepared(image) for image in message.images]
                for snapshot in snapshots
                for message in snapshot.messages
            ]
            digests = [
                [self._keep_image_files(image) for image in images] for images in prepared_images
            ]
            ids: list[int] = []
            try:
                with self._writing() as connection:
                    pending = iter(zip(prepared_images, digests, strict=True))
                    for snapshot in snapshots:
                        ids.append(self._insert_snapshot(connection, snapshot, pending))
            except Exception:
                # Nothing was stored: the image files written for it go as well (unless
                # another message uses the same bytes).
                self._release_images(
                    (sha256, image.mime_type, thumbnail_sha256)
                    for images, image_digests in zip(prepared_images, digests, strict=True)
                    for image, (sha256, thumbnail_sha256) in zip(images, image_digests, strict=True)
                )
                raise
        return ids

    def _insert_snapshot(
        self,
        connection: sqlite3.Connection,
        snapshot: ConversationSnapshot,
        images_per_message: Iterator[tuple[list[PreparedImage], list[tuple[str, str]]]],
    ) -> int:
        """Insert one conversation's rows; ``images_per_message`` yields its messages' images."""
        cursor = connection.execute(
            "INSERT INTO conversations "
            "(title, created, updated, model, system_prompt, pinned, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, "
            # A uid already taken (the same snapshot stored twice) makes way for a new one.
            "(SELECT ?7 WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE uid = ?7)))",
            (
                snapshot.title,
                snapshot.created,
                snapshot.updated,
                snapshot.model,
                snapshot.system_prompt,
                int(snapshot.pinned),
                snapshot.uid or None,  # none: the schema's trigger makes one
            ),
        )
        conversation_id = cursor.lastrowid
        assert conversation_id is not None
        if snapshot.parameters is not None:
            self._keep_parameters(connection, conversation_id, snapshot.parameters)
        ids: list[int] = []
        for number, message in enumerate(snapshot.messages):
            images, image_digests = next(images_per_message)
            parent_id = tree.snapshot_parent_id(snapshot, number, ids)
            cursor = connection.execute(
                f"INSERT INTO messages ({MESSAGE_COLUMNS}) "
                "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    message.position,
                    str(message.role),
                    message.text,
                    message.model,
                    TurnState(message.state).value,
                    message.error,
                    message.created,
                    message.finished,
                    message.elapsed_ms,
                    parent_id,
                    message.tokens,
                    message.first_text_ms,
                    message.context_sent,
                    message.context_total,
                    message.fallback_note,
                ),
            )
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
            for image, image_digest in zip(images, image_digests, strict=True):
                self._attach(connection, "message_id", cursor.lastrowid, image, image_digest)
            save_documents(connection, document_files(self.data_dir), ids[-1], message.documents)
        if ids:
            leaf = snapshot.current_leaf if snapshot.current_leaf is not None else len(ids) - 1
            if not 0 <= leaf < len(ids):
                raise sqlite3.IntegrityError("the shown path ends at a message that is not there")
            if snapshot.branched:
                # Each node of the shown path is its parent's chosen child, so that switching
                # a version and back keeps to it. (Parents come first: the walk ends.)
                node = leaf
                while (parent := snapshot.messages[node].parent) is not None:
                    connection.execute(
                        "UPDATE messages SET chosen_child_id = ? WHERE id = ?",
                        (ids[node], ids[parent]),
                    )
                    node = parent
            connection.execute(
                "UPDATE conversations SET current_leaf = ? WHERE id = ?",
                (ids[leaf], conversation_id),
            )
        return conversation_id

    # Backups -----------------------------------------------------------------------------

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        """Copy the database into ``backups/`` unless today's copy exists; keep seven.

        Uses SQLite's online backup on a connection of its own, so it neither holds the
        store's lock nor stops messages being saved meanwhile. Returns the new file or None.
        """
        self._ensure_open()
        return backups.backup_if_due(self.database_path, self.backups_dir, now=now)


def _prepared(image: ImageSnapshot) -> PreparedImage:
    return PreparedImage(
        data=image.data,
        mime_type=image.mime_type,
        filename=image.filename,
        width=image.width,
        height=image.height,
        thumbnail_png=image.thumbnail_png,
        original_width=image.original_width,
        original_height=image.original_height,
        notes=tuple(image.notes),
    )


__all__ = ["IMAGES_FOLDER", "INTERRUPTED_ERROR", "TRASH_KEEP_SECONDS", "HistoryStore"]
