"""Storing an imported conversation without duplicating one the history already holds.

An export carries each conversation's stable id (``uid``). Imported again, a conversation
with a live match is skipped when it is the same (its title, times, model, system prompt and
messages; pinning is not content) and kept as a copy, its title marked, when it changed since
(the uid then is a new one: two conversations never share it). A match in the trash is no
match: the import comes in as it is, under a new uid.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from dynaspark_desktop.storage.import_checks import DamagedConversationError
from dynaspark_desktop.storage.models import ConversationSnapshot

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import HistoryStore

# How an imported copy's title is marked; the window passes its translated form.
DEFAULT_COPY_TITLE = "{title} (imported)"
UNTITLED = "Untitled conversation"


class Outcome(StrEnum):
    ADDED = "added"
    IDENTICAL = "identical"  # already in the history, unchanged: not imported again
    COPIED = "copied"  # already in the history but changed since: kept as a marked copy


def store_imported(
    store: HistoryStore,
    snapshot: ConversationSnapshot,
    source: str,
    *,
    as_exported: Callable[[ConversationSnapshot], ConversationSnapshot],
    copy_title: str = DEFAULT_COPY_TITLE,
) -> tuple[Outcome, int]:
    """Store ``snapshot`` unless the history holds it already; (what happened, the id of
    the conversation it is now: the new one, or the one it matched).

    ``as_exported`` is what export does to a conversation (keys masked): the stored one is
    compared in that form, since that is the form an archive holds.
    """
    match = store.conversation_with_uid(snapshot.uid)
    outcome = Outcome.ADDED
    if match is not None:
        existing_id, in_trash = match
        if not in_trash and _same_content(as_exported(store.snapshot(existing_id)), snapshot):
            return Outcome.IDENTICAL, existing_id
        if not in_trash:
            outcome = Outcome.COPIED
            title = snapshot.title or UNTITLED
            snapshot = dataclasses.replace(snapshot, title=_marked(copy_title, title))
        snapshot = dataclasses.replace(snapshot, uid="")  # a new one, from the schema
    try:
        return outcome, store.add_snapshot(snapshot)
    except sqlite3.IntegrityError as error:
        raise DamagedConversationError(
            source, f"messages that contradict each other ({error})"
        ) from None


def _marked(copy_title: str, title: str) -> str:
    """``title`` marked as a copy; a template that does not fit (a translation gone wrong)
    falls back to the built-in one."""
    try:
        return copy_title.format(title=title)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_COPY_TITLE.format(title=title)


def _same_content(stored: ConversationSnapshot, imported: ConversationSnapshot) -> bool:
    def content(snapshot: ConversationSnapshot) -> ConversationSnapshot:
        return dataclasses.replace(snapshot, pinned=False, updated=0.0)

    return content(stored) == content(imported)
