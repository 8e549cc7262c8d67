"""What a conversation keeps beside its messages: its stable id (the ``uid`` its exports
carry, so an import can tell a conversation it already holds) and its own sampling
parameters (``core.parameters``; none kept: it follows the defaults for new chats)."""

from __future__ import annotations

import json
import logging
import sqlite3

from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.storage.store_base import StoreBase

log = logging.getLogger(__name__)


class ConversationExtras(StoreBase):
    """Mixed into :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

    def conversation_parameters(self, conversation_id: int) -> ChatParameters | None:
        """The conversation's own parameters, or None when it follows the defaults."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT parameters FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        try:
            raw = json.loads(row[0])
        except ValueError:
            log.warning("Conversation %s: its saved parameters are damaged", conversation_id)
            return None
        return ChatParameters.from_dict(raw)

    def set_conversation_parameters(
        self, conversation_id: int, parameters: ChatParameters | None
    ) -> None:
        """Keep ``parameters`` for the conversation; None: follow the defaults again."""
        with self._writing() as connection:
            self._keep_parameters(connection, conversation_id, parameters)

    @staticmethod
    def _keep_parameters(
        connection: sqlite3.Connection, conversation_id: int, parameters: ChatParameters | None
    ) -> None:
        value = None if parameters is None else json.dumps(parameters.to_dict())
        cursor = connection.execute(
            "UPDATE conversations SET parameters = ? WHERE id = ?", (value, conversation_id)
        )
        if cursor.rowcount == 0:
            raise KeyError(f"no conversation {conversation_id}")

    def conversation_uid(self, conversation_id: int) -> str:
        with self._reading() as connection:
            row = connection.execute(
                "SELECT uid FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        if row is None:
            raise KeyError(f"no conversation {conversation_id}")
        return str(row[0] or "")

    def conversation_with_uid(self, uid: str) -> tuple[int, bool] | None:
        """The conversation whose stable id is ``uid``: (its id, whether it is in the
        trash), or None when there is none."""
        if not uid:
            return None
        with self._reading() as connection:
            row = connection.execute(
                "SELECT id, deleted IS NOT NULL FROM conversations WHERE uid = ?", (uid,)
            ).fetchone()
        return (int(row[0]), bool(row[1])) if row is not None else None
