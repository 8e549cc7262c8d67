"""Storing a ChatGPT export (read by ``chatgpt_export``) in the history.

Each conversation comes in whole, every branch with it and the path shown where the
export's ``current_node`` is (``chatgpt_tree`` turns its nodes into the history's tree).
Each conversation's uid is derived from the export's own id, so importing the same export
twice adds nothing the second time (``import_merge``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.storage.chatgpt_export import (
    UnusableConversation,
    read_export,
)
from dynaspark_desktop.storage.chatgpt_tree import snapshot_of_tree
from dynaspark_desktop.storage.import_checks import DamagedConversationError
from dynaspark_desktop.storage.import_merge import DEFAULT_COPY_TITLE, Outcome, store_imported
from dynaspark_desktop.storage.import_reading import stop_if_cancelled
from dynaspark_desktop.storage.import_report import ImportReport, SkippedImport
from dynaspark_desktop.storage.models import ConversationSnapshot

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import HistoryStore

log = logging.getLogger(__name__)

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
        snapshot = snapshot_of_tree(item, _uid(item.source_id))
        if not snapshot.messages:
            skipped.append(
                SkippedImport(
                    f"“{item.title}”", translate("ChatGptImport", "has no messages to show")
                )
            )
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


def _uid(source_id: str) -> str:
    """The history's uid for an export's conversation id: the id itself when it is made of
    the characters a uid may hold (a ChatGPT id is a UUID), else a digest of it."""
    if not source_id:
        return ""
    if _SAFE_ID.fullmatch(source_id) and len(source_id) <= 64:
        return UID_PREFIX + source_id
    return UID_PREFIX + hashlib.sha256(source_id.encode("utf-8", "replace")).hexdigest()[:32]
