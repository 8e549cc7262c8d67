"""Reading a conversation's messages: one message, a page of the transcript (paging back,
opening at a search hit), and full-text search across conversations."""

from __future__ import annotations

import sqlite3

from dynaspark_desktop.storage.models import (
    ConversationPage,
    SearchHit,
    StoredImage,
    StoredMessage,
)
from dynaspark_desktop.storage.rows import (
    ATTACHMENT_COLUMNS,
    DETAILS_COLUMNS,
    MESSAGE_COLUMNS,
    details_from_row,
    image_from_row,
    message_from_row,
)
from dynaspark_desktop.storage.search import search_messages
from dynaspark_desktop.storage.store_base import StoreBase


class TranscriptReads(StoreBase):
    """Messages for painting and search; :class:`HistoryStore` combines this with the rest."""

    def get_message(self, message_id: int) -> StoredMessage | None:
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                return None
            images = self._stored_images(connection, "message_id = ?", message_id)
        return message_from_row(row, tuple(images))

    def load_conversation(
        self,
        conversation_id: int,
        *,
        limit: int | None = None,
        before: int | None = None,
        from_message: int | None = None,
    ) -> ConversationPage:
        """The latest ``limit`` messages (all when None), oldest first, for painting.

        ``before`` (a position, e.g. ``page.first_position``) pages further back.
        ``from_message`` widens the page so it starts no later than that message (opening a
        conversation at a search hit). A page never starts with an answer whose question it
        cut off: the question is added. Raises KeyError for an unknown conversation.
        """
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no conversation {conversation_id}")
            upper = before if before is not None else 2**62
            lowest = self._lowest_position(connection, conversation_id, upper, limit)
            if from_message is not None:
                target = connection.execute(
                    "SELECT position FROM messages WHERE id = ? AND conversation_id = ?",
                    (from_message, conversation_id),
                ).fetchone()
                if target is not None:
                    lowest = min(lowest, target[0])
            if lowest % 2 == 1:
                lowest -= 1  # include the question of a leading answer
            rows = connection.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages "
                "WHERE conversation_id = ? AND position >= ? AND position < ? ORDER BY position",
                (conversation_id, lowest, upper),
            ).fetchall()
            images = self._page_images(connection, conversation_id, lowest, upper)
            has_earlier = bool(rows) and (
                connection.execute(
                    "SELECT 1 FROM messages WHERE conversation_id = ? AND position < ? LIMIT 1",
                    (conversation_id, rows[0][2]),
                ).fetchone()
                is not None
            )
        messages = tuple(message_from_row(item, tuple(images.get(item[0], ()))) for item in rows)
        return ConversationPage(
            conversation=details_from_row(row), messages=messages, has_earlier=has_earlier
        )

    def _lowest_position(
        self, connection: sqlite3.Connection, conversation_id: int, upper: int, limit: int | None
    ) -> int:
        if limit is None:
            return -(2**62)
        if limit <= 0:
            return upper
        # The index (conversation_id, position) makes this a short walk back from the end.
        row = connection.execute(
            "SELECT position FROM messages WHERE conversation_id = ? AND position < ? "
            "ORDER BY position DESC LIMIT 1 OFFSET ?",
            (conversation_id, upper, limit - 1),
        ).fetchone()
        return -(2**62) if row is None else int(row[0])

    def _page_images(
        self, connection: sqlite3.Connection, conversation_id: int, lowest: int, upper: int
    ) -> dict[int, list[StoredImage]]:
        rows = connection.execute(
            f"SELECT a.message_id, {', '.join('a.' + c for c in ATTACHMENT_COLUMNS.split(', '))} "
            "FROM attachments a JOIN messages m ON m.id = a.message_id "
            "WHERE m.conversation_id = ? AND m.position >= ? AND m.position < ? ORDER BY a.id",
            (conversation_id, lowest, upper),
        ).fetchall()
        images: dict[int, list[StoredImage]] = {}
        for item in rows:
            images.setdefault(item[0], []).append(image_from_row(item[1:], self._files))
        return images

    # Search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages of every live conversation matching all words of ``query``, newest first.

        Any text is accepted (quotes, operators, stray punctuation are read as plain words);
        text with no words finds nothing. Snippets mark matches with HIGHLIGHT_START/END.
        """
        with self._lock:
            self._ensure_open()
            return search_messages(self._connection, query, limit)
