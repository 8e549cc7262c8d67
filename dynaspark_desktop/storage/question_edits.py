"""Rewriting a question: the rewrite is a new question beside the original (a sibling in the
tree), which keeps its answers and later turns. Mixed into
:class:`~dynaspark_desktop.storage.history.HistoryStore`."""

from __future__ import annotations

from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.document_rows import copy_documents
from dynaspark_desktop.storage.models import StoredMessage
from dynaspark_desktop.storage.rows import ATTACHMENT_COLUMNS
from dynaspark_desktop.storage.store_base import StoreBase
from dynaspark_desktop.storage.turn_writes import sent_question


class QuestionEdits(StoreBase):
    """Edits of questions already sent."""

    def edit_question(self, message_id: int, text: str) -> StoredMessage | None:
        """The user rewrote question ``message_id`` to send it again: the rewrite is a new
        question beside it (same parent, same image), which the path now ends at. The
        original keeps its answers and later turns, reachable by switching back.

        Returns the new question (state SENT), or None when the original no longer exists.
        """
        now = self._clock()
        with self._writing() as connection:
            row = connection.execute(
                "SELECT conversation_id, parent_id, model FROM messages "
                "WHERE id = ? AND role = 'user'",
                (message_id,),
            ).fetchone()
            if row is None:
                return None
            conversation_id, parent_id, model = row
            position = tree.next_position(connection, conversation_id)
            cursor = connection.execute(
                "INSERT INTO messages "
                "(conversation_id, position, role, text, model, state, created, parent_id) "
                "VALUES (?, ?, 'user', ?, ?, 'sent', ?, ?)",
                (conversation_id, position, text, model, now, parent_id),
            )
            edited_id = cursor.lastrowid
            assert edited_id is not None
            # The image goes with the rewrite: the same files, one more row using them.
            connection.execute(
                f"INSERT INTO attachments (message_id, {ATTACHMENT_COLUMNS}) "
                f"SELECT ?, {ATTACHMENT_COLUMNS} FROM attachments WHERE message_id = ? "
                "ORDER BY id",
                (edited_id, message_id),
            )
            copy_documents(connection, message_id, edited_id)  # and the documents
            tree.added_child(connection, conversation_id, parent_id, edited_id, follow=True)
            connection.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id)
            )
            attachments = tuple(self._stored_images(connection, "message_id = ?", edited_id))
        return sent_question(
            edited_id, conversation_id, position, text, model, now, attachments, parent_id
        )
