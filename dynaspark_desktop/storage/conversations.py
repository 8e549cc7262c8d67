"""Conversations as the sidebar knows them: create, list, rename, pin, pick the model and
system prompt, move to the trash and back. Their messages are in ``turn_writes.py`` (saving
a turn) and ``transcript.py`` (reading and searching them)."""

from __future__ import annotations

from typing import Any

from dynaspark_desktop.storage.models import ConversationDetails, ConversationSummary
from dynaspark_desktop.storage.rows import (
    DETAILS_COLUMNS,
    SUMMARY_COLUMNS,
    details_from_row,
    summary_from_row,
)
from dynaspark_desktop.storage.store_base import StoreBase

TITLE_LENGTH = 60


def title_from_question(text: str) -> str:
    """A sidebar title from the first question: one line, cut at a word near 60 characters."""
    line = " ".join(text.split())
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[:TITLE_LENGTH].rsplit(" ", 1)[0] or line[:TITLE_LENGTH]
    return cut.rstrip(" ,.;:-") + "…"


class ConversationRecords(StoreBase):
    """The conversation rows themselves; :class:`HistoryStore` combines this with the rest."""

    def create_conversation(
        self, model: str = "", *, title: str = "", system_prompt: str = ""
    ) -> ConversationSummary:
        """A new, empty conversation. An empty title is filled from the first question."""
        now = self._clock()
        with self._writing() as connection:
            cursor = connection.execute(
                "INSERT INTO conversations (title, created, updated, model, system_prompt) "
                "VALUES (?, ?, ?, ?, ?)",
                (title.strip(), now, now, model, system_prompt),
            )
        assert cursor.lastrowid is not None
        return ConversationSummary(
            id=cursor.lastrowid, title=title.strip(), updated=now, model=model, pinned=False
        )

    def get_conversation(self, conversation_id: int) -> ConversationDetails | None:
        """Every field of one conversation (also when it is in the trash), or None."""
        with self._lock:
            self._ensure_open()
            row = self._connection.execute(
                f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        return details_from_row(row) if row else None

    def list_conversations(self, limit: int | None = None) -> list[ConversationSummary]:
        """The sidebar: pinned first, then most recently active first; none in the trash."""
        with self._lock:
            self._ensure_open()
            rows = self._connection.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM conversations WHERE deleted IS NULL "
                "ORDER BY pinned DESC, updated DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [summary_from_row(row) for row in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self._update_conversation(conversation_id, title=title.strip())

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._update_conversation(conversation_id, pinned=int(pinned))

    def set_model(self, conversation_id: int, model: str) -> None:
        """The model the conversation's next question goes to (the picker follows it)."""
        self._update_conversation(conversation_id, model=model)

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        self._update_conversation(conversation_id, system_prompt=system_prompt)

    def mark_read(self, conversation_id: int) -> None:
        """The conversation was shown: its answers are seen (the sidebar's mark goes). Its
        ``updated`` time stays: reading is not activity."""
        with self._writing() as connection:
            connection.execute(
                "UPDATE conversations SET unread = 0 WHERE id = ? AND unread = 1",
                (conversation_id,),
            )

    def delete_conversation(self, conversation_id: int) -> None:
        """Move to the trash: gone from the sidebar and search, back with restore_conversation.

        The trash is emptied by :meth:`purge_deleted` (at start-up, after a week).
        """
        self._update_conversation(conversation_id, deleted=self._clock())

    def restore_conversation(self, conversation_id: int) -> None:
        """Undo :meth:`delete_conversation`."""
        self._update_conversation(conversation_id, deleted=None)

    def _update_conversation(self, conversation_id: int, **columns: Any) -> None:
        # Column names come from the methods above, never from callers.
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._writing() as connection:
            cursor = connection.execute(
                f"UPDATE conversations SET {assignments} WHERE id = ?",
                (*columns.values(), conversation_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no conversation {conversation_id}")
