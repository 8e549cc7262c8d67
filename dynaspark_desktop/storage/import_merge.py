"""Storing an imported conversation without duplicating one the history already holds.

An export carries each conversation's stable id (``uid``). Imported again, a conversation
with a live match is skipped when it is the same (its title, times, model, system prompt and
messages; pinning is not content) and kept as a copy, its title marked, when it changed since.
The copy's uid is derived from the original's and from what it holds, so the same archive
imported once more finds the copy too and adds nothing. A match in the trash is no match:
the import comes in as it is, under a new uid.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.storage.import_checks import DamagedConversationError
from dynaspark_desktop.storage.models import ConversationSnapshot

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import HistoryStore

# How an imported copy's title is marked; the window passes its translated form.
DEFAULT_COPY_TITLE = "{title} (imported)"
UNTITLED = QT_TRANSLATE_NOOP("Import", "Untitled conversation")


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
    if match is None:
        return Outcome.ADDED, _add(store, snapshot, source)
    existing_id, in_trash = match
    if in_trash:
        return Outcome.ADDED, _add(store, dataclasses.replace(snapshot, uid=""), source)
    if _same_content(as_exported(store.snapshot(existing_id)), snapshot):
        return Outcome.IDENTICAL, existing_id
    # Changed since: kept as a copy whose uid is derived from what it holds, so that the
    # same archive imported again finds this copy instead of making another.
    copy = dataclasses.replace(
        snapshot,
        title=_marked(copy_title, snapshot.title or translate("Import", UNTITLED)),
        uid=f"{snapshot.uid.split('.')[0][:100]}.{_content_digest(snapshot)}",
    )
    earlier = store.conversation_with_uid(copy.uid)
    live_copy = earlier[0] if earlier is not None and not earlier[1] else None
    if live_copy is not None and _same_content(as_exported(store.snapshot(live_copy)), copy):
        return Outcome.IDENTICAL, live_copy
    # (A derived uid already taken, by a copy changed since, makes way for a new one.)
    return Outcome.COPIED, _add(store, copy, source)


def _add(store: HistoryStore, snapshot: ConversationSnapshot, source: str) -> int:
    try:
        return store.add_snapshot(snapshot)
    except sqlite3.IntegrityError as error:
        raise DamagedConversationError(
            source,
            translate("Import", "messages that contradict each other ({error})").format(
                error=error
            ),
        ) from None


def _content_digest(snapshot: ConversationSnapshot) -> str:
    """A short digest of what a conversation holds (not its pinning or last-active time)."""
    digest = hashlib.sha256()
    snapshot = snapshot.as_tree()

    def add(value: object) -> None:
        digest.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")

    for value in (snapshot.title, snapshot.created, snapshot.model, snapshot.system_prompt):
        add(value)
    add(snapshot.current_leaf)
    for message in snapshot.messages:
        add(
            (
                message.position,
                str(message.role),
                message.text,
                message.model,
                str(message.state),
                message.error,
                message.created,
                message.finished,
                message.elapsed_ms,
                message.parent,
            )
        )
        for image in message.images:
            digest.update(hashlib.sha256(image.data).digest())
    return digest.hexdigest()[:16]


def _marked(copy_title: str, title: str) -> str:
    """``title`` marked as a copy; a template that does not fit (a translation gone wrong)
    falls back to the built-in one."""
    try:
        return copy_title.format(title=title)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_COPY_TITLE.format(title=title)


def _same_content(stored: ConversationSnapshot, imported: ConversationSnapshot) -> bool:
    def content(snapshot: ConversationSnapshot) -> ConversationSnapshot:
        # Pinning, the last-active time and the parameters are settings, not content.
        return dataclasses.replace(snapshot.as_tree(), pinned=False, updated=0.0, parameters=None)

    return content(stored) == content(imported)
