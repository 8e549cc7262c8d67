"""Reading a conversation's messages: one message, a page of the transcript (paging back,
opening at a search hit), and full-text search across conversations."""

from __future__ import annotations

import dataclasses
import sqlite3

from dynaspark_desktop.storage import tree
from dynaspark_desktop.storage.document_rows import document_files, documents_of
from dynaspark_desktop.storage.models import (
    ConversationPage,
    Role,
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
        """The latest ``limit`` messages (all when None) of the shown path, oldest first.

        ``before`` (a position, e.g. ``page.first_position``) pages further back along the
        path. ``from_message`` moves the page so it starts no later than that message, when
        it is on the path (opening at a search hit: see :meth:`show_branch_of`); it is then
        ``limit`` long from there, and ``has_later`` says more follows (read with
        :meth:`load_later`). A page never starts with an answer whose question it cut off
        (the question is added), nor ends between a question and its answer. The page
        carries every answer of its questions and their sibling questions (the switchers).
        Raises KeyError for an unknown conversation.
        """
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no conversation {conversation_id}")
            steps, has_earlier = self._page_steps(
                connection, conversation_id, limit, before, from_message
            )
            has_later = from_message is not None and limit is not None and len(steps) > limit
            if has_later:
                assert limit is not None
                end = limit + 1 if steps[limit].role is Role.ASSISTANT else limit
                has_later = end < len(steps)
                steps = steps[:end]
            messages = self._with_images(connection, [step.id for step in steps])
            answers, question_versions = tree.versions_of(
                connection, (m for m in messages if m.role is Role.USER)
            )
        return ConversationPage(
            conversation=details_from_row(row),
            messages=tuple(messages),
            has_earlier=has_earlier,
            answers=answers,
            question_versions=question_versions,
            has_later=has_later,
        )

    def _page_steps(
        self,
        connection: sqlite3.Connection,
        conversation_id: int,
        limit: int | None,
        before: int | None,
        from_message: int | None,
    ) -> tuple[list[tree.PathStep], bool]:
        if limit is not None and limit <= 0:
            return [], False
        start = tree.current_leaf(connection, conversation_id)
        if before is not None and start is not None:
            above = connection.execute(
                "SELECT parent_id FROM messages WHERE conversation_id = ? AND position = ?",
                (conversation_id, before),
            ).fetchone()
            start = above[0] if above is not None else None
        if start is None:
            return [], False
        # Two more than the page: its leading answer's question, and whether more lie above.
        most = -1 if limit is None or from_message is not None else limit + 2
        steps = tree.walk_up(connection, start, most)
        cut = 0 if limit is None else max(0, len(steps) - limit)
        if from_message is not None:
            where = next((i for i, step in enumerate(steps) if step.id == from_message), None)
            if where is not None:
                cut = min(cut, where)
        if cut > 0 and steps[cut].role is Role.ASSISTANT:
            cut -= 1  # include the question of a leading answer
        has_earlier = cut > 0 or (bool(steps) and steps[0].parent_id is not None)
        return steps[cut:], has_earlier

    def _with_images(self, connection: sqlite3.Connection, ids: list[int]) -> list[StoredMessage]:
        messages = tree.messages_by_id(connection, ids)
        images: dict[int, list[StoredImage]] = {}
        columns = ", ".join("a." + c for c in ATTACHMENT_COLUMNS.split(", "))
        for part in tree.chunks(ids):
            marks = ", ".join("?" * len(part))
            for item in connection.execute(
                f"SELECT a.message_id, {columns} FROM attachments a "
                f"WHERE a.message_id IN ({marks}) ORDER BY a.id",
                tuple(part),
            ):
                images.setdefault(item[0], []).append(image_from_row(item[1:], self._files))
        documents = documents_of(connection, document_files(self.data_dir), ids)
        return [
            dataclasses.replace(
                message,
                attachments=tuple(images.get(message.id, ())),
                documents=documents.get(message.id, ()),
            )
            if message.id in images or message.id in documents
            else message
            for message in messages
        ]

    # The tree ----------------------------------------------------------------------------

    def path_to(self, message_id: int) -> list[StoredMessage]:
        """The messages from the root down to ``message_id``, with their images: the
        conversation as it stood when that message was written. Empty for an unknown id."""
        with self._reading() as connection:
            return self._with_images(connection, tree.path_ids(connection, message_id))

    def choose_branch(self, message_id: int) -> int | None:
        """Show the branch through ``message_id`` (a question's edit, an answer's
        regeneration) from now on, remembered across restarts. Returns the path's new leaf."""
        with self._writing() as connection:
            return tree.choose(connection, message_id)

    def show_branch_of(self, message_id: int) -> None:
        """Make sure the shown path passes through ``message_id`` (a search hit in another
        branch): chosen only when it does not already."""
        with self._writing() as connection:
            row = connection.execute(
                "SELECT conversation_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                return
            leaf = tree.current_leaf(connection, row[0])
            if leaf is None or message_id not in tree.path_ids(connection, leaf):
                tree.choose(connection, message_id)

    def load_branch(self, message_id: int, *, limit: int | None = None) -> ConversationPage:
        """Choose the branch through ``message_id`` and read it from there down to its leaf
        (its first ``limit`` messages when given; ``has_later`` says whether more follow,
        read with :meth:`load_later`): what replaces the transcript below a switched
        question or answer."""
        with self._writing() as connection:
            leaf = tree.choose(connection, message_id)
            return self._page_below(connection, message_id, leaf, limit, include_first=True)

    def load_later(self, message_id: int, *, limit: int | None = None) -> ConversationPage:
        """The shown path's messages after ``message_id`` (the last one on screen), the first
        ``limit`` of them when given: the next part of a branch read in parts."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT conversation_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            leaf = tree.current_leaf(connection, row[0]) if row is not None else None
            return self._page_below(connection, message_id, leaf, limit, include_first=False)

    def _page_below(
        self,
        connection: sqlite3.Connection,
        message_id: int,
        leaf: int | None,
        limit: int | None,
        *,
        include_first: bool,
    ) -> ConversationPage:
        row = connection.execute(
            f"SELECT {DETAILS_COLUMNS} FROM conversations WHERE id = "
            "(SELECT conversation_id FROM messages WHERE id = ?)",
            (message_id,),
        ).fetchone()
        if row is None or leaf is None:
            raise KeyError(f"no message {message_id}")
        # The ids alone first (one indexed walk): only the page's messages are read whole.
        steps = tree.walk_up(connection, leaf, stop_at=message_id)
        if not steps or steps[0].id != message_id:
            steps = []  # not on the shown path (any more): nothing follows it
        elif not include_first:
            steps = steps[1:]
        taken = len(steps) if limit is None else min(limit, len(steps))
        if 0 < taken < len(steps) and steps[taken].role is Role.ASSISTANT:
            taken += 1  # a page never ends between a question and its answer
        messages = self._with_images(connection, [step.id for step in steps[:taken]])
        answers, question_versions = tree.versions_of(
            connection, (m for m in messages if m.role is Role.USER)
        )
        return ConversationPage(
            conversation=details_from_row(row),
            messages=tuple(messages),
            has_earlier=True,
            answers=answers,
            question_versions=question_versions,
            has_later=taken < len(steps),
        )

    # Search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages of every live conversation matching all words of ``query``, newest first.

        Any text is accepted (quotes, operators, stray punctuation are read as plain words);
        text with no words finds nothing. Snippets mark matches with HIGHLIGHT_START/END.
        """
        with self._lock:
            self._ensure_open()
            return search_messages(self._connection, query, limit)
