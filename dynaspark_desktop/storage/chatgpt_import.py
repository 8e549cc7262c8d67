"""Storing a ChatGPT export (read by ``chatgpt_export``) in the history.

Until the history keeps branches, each conversation comes in as its chosen path (root to
``current_node``): consecutive messages of one side are joined, a question without an answer
is kept as one that got none. :func:`snapshot_of_path` is the one place that flattens; the
whole tree (:class:`~.chatgpt_export.ImportedTree`) is there for a history that keeps it.
Each conversation's uid is derived from the export's own id, so importing the same export
twice adds nothing the second time (``import_merge``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage.chatgpt_export import (
    ImportedNode,
    ImportedTree,
    UnusableConversation,
    read_export,
)
from dynaspark_desktop.storage.import_checks import DamagedConversationError
from dynaspark_desktop.storage.import_merge import DEFAULT_COPY_TITLE, Outcome, store_imported
from dynaspark_desktop.storage.import_reading import stop_if_cancelled
from dynaspark_desktop.storage.import_report import ImportReport, SkippedImport
from dynaspark_desktop.storage.models import ConversationSnapshot, MessageSnapshot, Role

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import HistoryStore

log = logging.getLogger(__name__)

NO_ANSWER = "The ChatGPT export holds no answer to this question."
UID_PREFIX = "chatgpt-"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


def import_chatgpt_export(
    store: HistoryStore,
    document: list[Any],
    source: str,
    cancel: threading.Event | None = None,
    *,
    as_exported: Callable[[ConversationSnapshot], ConversationSnapshot],
    copy_title: str = DEFAULT_COPY_TITLE,
) -> ImportReport:
    """Every conversation of a parsed ``conversations.json``; what cannot be read is left
    out and reported, the rest is stored (inside the caller's batch, if any)."""
    imported: list[int] = []
    copies: list[int] = []
    unchanged: list[str] = []
    skipped: list[SkippedImport] = []
    partial: list[SkippedImport] = []
    for item in read_export(document, cancel):
        if isinstance(item, UnusableConversation):
            skipped.append(SkippedImport(f"“{item.title}”", item.problem))
            continue
        snapshot = snapshot_of_path(item)
        if not snapshot.messages:
            skipped.append(SkippedImport(f"“{item.title}”", "has no messages to show"))
            continue
        stop_if_cancelled(cancel)
        try:
            outcome, conversation_id = store_imported(
                store, snapshot, f"“{item.title}”", as_exported=as_exported, copy_title=copy_title
            )
        except DamagedConversationError as error:
            skipped.append(SkippedImport(f"“{item.title}”", f"has {error.problem}"))
            continue
        if outcome is Outcome.IDENTICAL:
            unchanged.append(snapshot.title)
            continue
        imported.append(conversation_id)
        if outcome is Outcome.COPIED:
            copies.append(conversation_id)
        if item.problems:
            partial.append(SkippedImport(f"“{item.title}”", "; ".join(item.problems)))
    for entry in (*skipped, *partial):
        log.warning("ChatGPT import of %s: %s %s", source, entry.source, entry.problem)
    return ImportReport(
        imported=tuple(imported),
        skipped=tuple(skipped),
        unchanged=tuple(unchanged),
        copies=tuple(copies),
        partial=tuple(partial),
    )


def snapshot_of_path(tree: ImportedTree, now: float | None = None) -> ConversationSnapshot:
    """The conversation as the history keeps it today: the chosen path, as turns."""
    now = time.time() if now is None else now
    shown = tree.shown_path()
    created = tree.created or next((n.created for n in shown if n.created), None) or now
    updated = max(tree.updated or created, created)
    messages: list[MessageSnapshot] = []
    for index, (question, answer) in enumerate(_turns(shown)):
        position = 2 * index  # a question at an even position, its answer at the next
        asked = (question.created if question else None) or created
        state = TurnState.ANSWERED if answer is not None else TurnState.FAILED
        messages.append(
            MessageSnapshot(
                position=position,
                role=Role.USER,
                text=question.text if question is not None else "",
                model="",
                state=state,
                error="" if answer is not None else NO_ANSWER,
                created=asked,
                finished=(answer.created or asked) if answer is not None else None,
                elapsed_ms=None,
            )
        )
        if answer is not None:
            messages.append(
                MessageSnapshot(
                    position=position + 1,
                    role=Role.ASSISTANT,
                    text=answer.text,
                    model=answer.model,
                    state=TurnState.ANSWERED,
                    error="",
                    created=answer.created or asked,
                    finished=answer.created or asked,
                    elapsed_ms=None,
                )
            )
    return ConversationSnapshot(
        title=tree.title,
        created=created,
        updated=updated,
        model="",
        system_prompt=tree.system_prompt,
        pinned=False,
        messages=tuple(messages),
        uid=_uid(tree.source_id),
    )


def _uid(source_id: str) -> str:
    """The history's uid for an export's conversation id: the id itself when it is made of
    the characters a uid may hold (a ChatGPT id is a UUID), else a digest of it."""
    if not source_id:
        return ""
    if _SAFE_ID.fullmatch(source_id) and len(source_id) <= 64:
        return UID_PREFIX + source_id
    return UID_PREFIX + hashlib.sha256(source_id.encode("utf-8", "replace")).hexdigest()[:32]


def _turns(
    shown: list[ImportedNode],
) -> list[tuple[ImportedNode | None, ImportedNode | None]]:
    """(question, answer) pairs along the path; a side that speaks twice in a row is one
    message (its texts joined), an answer with no question before it gets an empty one."""
    merged: list[ImportedNode] = []
    for node in shown:
        if merged and merged[-1].role is node.role:
            last = merged[-1]
            merged[-1] = ImportedNode(
                last.id,
                last.parent,
                last.role,
                f"{last.text}\n\n{node.text}",
                last.created,
                last.model or node.model,
            )
        else:
            merged.append(node)
    turns: list[tuple[ImportedNode | None, ImportedNode | None]] = []
    for node in merged:
        if node.role is Role.USER:
            turns.append((node, None))
        elif turns and turns[-1][1] is None:
            turns[-1] = (turns[-1][0], node)
        else:
            turns.append((None, node))
    return turns
