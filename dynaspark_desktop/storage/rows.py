"""Turning database rows into records, and images into rows: the column lists live here once."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.file_names import clean_filename
from dynaspark_desktop.core.images import PreparedImage, extension_for
from dynaspark_desktop.core.timestamps import sane_time
from dynaspark_desktop.storage.files import ImageFiles
from dynaspark_desktop.storage.models import (
    ConversationDetails,
    ConversationSummary,
    Role,
    StoredImage,
    StoredMessage,
)

THUMBNAIL_EXTENSION = ".png"  # PreparedImage thumbnails are always PNG

SUMMARY_COLUMNS = "id, title, updated, model, pinned, unread"
DETAILS_COLUMNS = "id, title, created, updated, model, system_prompt, pinned, deleted"
MESSAGE_COLUMNS = (
    "id, conversation_id, position, role, text, model, state, error, created, finished, "
    "elapsed_ms, parent_id, tokens, first_text_ms, context_sent, context_total, "
    "fallback_note"
)
ATTACHMENT_COLUMNS = (
    "sha256, mime_type, filename, width, height, byte_size, "
    "original_width, original_height, thumbnail_sha256, notes"
)


# Times are clamped as they are read (sane_time): a value no clock function accepts must never
# reach the window, even from a history that could not be repaired (time_repair.py).


def summary_from_row(row: sqlite3.Row | tuple[Any, ...]) -> ConversationSummary:
    id_, title, updated, model, pinned = row[:5]
    return ConversationSummary(
        id=id_,
        title=title,
        updated=sane_time(updated),
        model=model,
        pinned=bool(pinned),
        unread=bool(row[5]) if len(row) > 5 else False,
    )


def details_from_row(row: sqlite3.Row | tuple[Any, ...]) -> ConversationDetails:
    id_, title, created, updated, model, system_prompt, pinned, deleted = row
    return ConversationDetails(
        id=id_,
        title=title,
        created=sane_time(created),
        updated=sane_time(updated),
        model=model,
        system_prompt=system_prompt,
        pinned=bool(pinned),
        deleted=None if deleted is None else sane_time(deleted),
    )


def message_from_row(
    row: sqlite3.Row | tuple[Any, ...], attachments: tuple[StoredImage, ...] = ()
) -> StoredMessage:
    id_, conversation_id, position, role, text, model, state, error = row[:8]
    created, finished, elapsed_ms = row[8:11]
    return StoredMessage(
        id=id_,
        conversation_id=conversation_id,
        position=position,
        role=Role(role),
        text=text,
        model=model,
        state=TurnState(state),
        error=error,
        created=sane_time(created),
        finished=None if finished is None else sane_time(finished),
        elapsed_ms=elapsed_ms if isinstance(elapsed_ms, int) and elapsed_ms >= 0 else None,
        attachments=attachments,
        parent_id=row[11] if len(row) > 11 else None,
        tokens=_count(row[12]) if len(row) > 12 else None,
        first_text_ms=_count(row[13]) if len(row) > 13 else None,
        context_sent=_count(row[14]) if len(row) > 14 else None,
        context_total=_count(row[15]) if len(row) > 15 else None,
        fallback_note=row[16] if len(row) > 16 and isinstance(row[16], str) else "",
    )


def _count(value: Any) -> int | None:
    """A stored count or duration, if it is a sane one (an import's may not be)."""
    return value if isinstance(value, int) and 0 <= value <= 10**12 else None


def image_from_row(row: sqlite3.Row | tuple[Any, ...], files: ImageFiles) -> StoredImage:
    sha256, mime_type, filename, width, height, byte_size = row[:6]
    original_width, original_height, thumbnail_sha256, notes = row[6:10]
    return StoredImage(
        sha256=sha256,
        mime_type=mime_type,
        # Cleaned as it is read: a name saved by an older version or imported with a newline
        # would break every send and Retry of its turn.
        filename=clean_filename(filename, fallback=f"image{extension_for(mime_type)}"),
        width=width,
        height=height,
        byte_size=byte_size,
        original_width=original_width,
        original_height=original_height,
        thumbnail_sha256=thumbnail_sha256,
        notes=_notes_from_json(notes),
        path=files.path_for(sha256, extension_for(mime_type)),
        thumbnail_path=files.path_for(thumbnail_sha256, THUMBNAIL_EXTENSION),
    )


def attachment_values(image: PreparedImage, sha256: str, thumbnail_sha256: str) -> tuple[Any, ...]:
    """Values for ATTACHMENT_COLUMNS, in order."""
    return (
        sha256,
        image.mime_type,
        image.filename,
        image.width,
        image.height,
        len(image.data),
        image.original_width,
        image.original_height,
        thumbnail_sha256,
        json.dumps(list(image.notes), ensure_ascii=False),
    )


def _notes_from_json(text: str) -> tuple[str, ...]:
    try:
        notes = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(note) for note in notes) if isinstance(notes, list) else ()


def prepared_from_stored(image: StoredImage, data: bytes, thumbnail_png: bytes) -> PreparedImage:
    """A stored image as the composer and the providers use it, with the bytes given."""
    return PreparedImage(
        data=data,
        mime_type=image.mime_type,
        filename=image.filename,
        width=image.width,
        height=image.height,
        thumbnail_png=thumbnail_png,
        original_width=image.original_width,
        original_height=image.original_height,
        notes=image.notes,
    )
