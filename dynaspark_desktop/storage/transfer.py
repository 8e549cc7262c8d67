"""Export and import: a conversation as Markdown or as lossless JSON, everything as a zip.

JSON is the lossless format: every field and every image (base64, with its SHA-256 so damage
is caught on import). Markdown is for reading: images go into a folder beside the file and
are linked relatively, so the pair can be moved together. Every file is written atomically.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import re
import sqlite3
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import extension_for
from dynaspark_desktop.core.redaction import redact_known_secrets, redact_secrets
from dynaspark_desktop.core.timestamps import local_time
from dynaspark_desktop.storage.files import atomic_output, atomic_write_bytes, sha256_hex
from dynaspark_desktop.storage.history import HistoryStore
from dynaspark_desktop.storage.import_checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    DamagedConversationError,
    snapshot_from_json,
)
from dynaspark_desktop.storage.import_reading import (
    archive_members,
    check_archive_directory,
    load_json,
    read_json_file,
    stop_if_cancelled,
)
from dynaspark_desktop.storage.models import (
    ConversationSnapshot,
    ImageSnapshot,
    ImportFormatError,
    MessageSnapshot,
    Role,
)

log = logging.getLogger(__name__)


# JSON ------------------------------------------------------------------------------------


def snapshot_to_json(snapshot: ConversationSnapshot) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "conversation": {
            "title": snapshot.title,
            "created": snapshot.created,
            "updated": snapshot.updated,
            "model": snapshot.model,
            "system_prompt": snapshot.system_prompt,
            "pinned": snapshot.pinned,
            "messages": [
                _message_to_json(message, parent)
                for message, parent in zip(snapshot.messages, _parents(snapshot), strict=True)
            ],
            # The tree: each message's parent (an index into "messages"), and where the
            # shown path ends. A linear snapshot is written as the tree it is.
            "current_leaf": _current_leaf(snapshot),
        },
    }


def _current_leaf(snapshot: ConversationSnapshot) -> int | None:
    if snapshot.current_leaf is not None:
        return snapshot.current_leaf
    return len(snapshot.messages) - 1 if snapshot.messages else None


def _parents(snapshot: ConversationSnapshot) -> list[int | None]:
    if snapshot.branched:
        return [message.parent for message in snapshot.messages]
    return [None, *range(len(snapshot.messages) - 1)][: len(snapshot.messages)]


def _message_to_json(message: MessageSnapshot, parent: int | None) -> dict[str, Any]:
    return {
        "parent": parent,
        "position": message.position,
        "role": message.role.value,
        "text": message.text,
        "model": message.model,
        "state": message.state.value,
        "error": message.error,
        "created": message.created,
        "finished": message.finished,
        "elapsed_ms": message.elapsed_ms,
        "tokens": message.tokens,
        "first_text_ms": message.first_text_ms,
        "images": [
            {
                "filename": image.filename,
                "mime_type": image.mime_type,
                "width": image.width,
                "height": image.height,
                "original_width": image.original_width,
                "original_height": image.original_height,
                "notes": list(image.notes),
                "sha256": sha256_hex(image.data),
                "data_base64": base64.b64encode(image.data).decode("ascii"),
                "thumbnail_png_base64": base64.b64encode(image.thumbnail_png).decode("ascii"),
            }
            for image in message.images
        ],
    }


def export_conversation_json(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    document = snapshot_to_json(_without_secrets(store.snapshot(conversation_id)))
    atomic_write_bytes(path, _encode(document))
    return path


def import_conversation_json(
    store: HistoryStore, path: Path, cancel: threading.Event | None = None
) -> int:
    """Import one exported conversation as a new one; returns its id.

    Raises ImportFormatError, saying what is wrong, when the file is not one or is damaged,
    and ImportCancelledError (nothing stored) once ``cancel`` is set.
    """
    source = f"“{path.name}”"
    data = read_json_file(path, source, cancel)
    stop_if_cancelled(cancel)
    document = load_json(data, source, cancel)
    del data  # the parse's bytes, up to 128 MB, are not needed while it is checked
    stop_if_cancelled(cancel)
    snapshot = snapshot_from_json(document, source, cancel)
    stop_if_cancelled(cancel)
    return _add(store, snapshot, source)


# All conversations -----------------------------------------------------------------------


def export_all(store: HistoryStore, path: Path) -> int:
    """Every live conversation into one zip of JSON files; returns how many were written.

    One conversation at a time, so memory stays bounded and the app keeps saving meanwhile.
    """
    conversations = store.list_conversations()
    with (
        atomic_output(path) as output,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for index, summary in enumerate(reversed(conversations), start=1):
            document = snapshot_to_json(_without_secrets(store.snapshot(summary.id)))
            name = f"conversations/{index:05d}-{_safe_name(summary.title) or 'untitled'}.json"
            archive.writestr(name, _encode(document))
    return len(conversations)


def import_archive(
    store: HistoryStore, path: Path, cancel: threading.Event | None = None
) -> ImportReport:
    """Import every conversation of an :func:`export_all` zip.

    One member at a time (read, checked, stored, let go), so memory holds one conversation.
    A damaged member is skipped and reported; the archive as a whole is refused
    (ImportFormatError) when it is not a readable zip or is far too large. Called outside
    :func:`import_file`, each member is its own transaction.
    """
    imported: list[int] = []
    skipped: list[SkippedImport] = []
    try:
        check_archive_directory(path, f"“{path.name}”")
        with zipfile.ZipFile(path) as archive:
            for member in archive_members(archive, f"“{path.name}”", cancel):
                source = f"“{_label(member.name)}”"
                if member.data is None:
                    skipped.append(SkippedImport(source, member.problem))
                    continue
                try:
                    document = load_json(member.data, source, cancel)
                    stop_if_cancelled(cancel)
                    snapshot = snapshot_from_json(document, source, cancel)
                    stop_if_cancelled(cancel)
                    imported.append(_add(store, snapshot, source))
                except DamagedConversationError as error:
                    skipped.append(SkippedImport(source, f"has {error.problem}"))
                except ImportFormatError as error:
                    skipped.append(SkippedImport(source, _without_source(str(error), source)))
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFormatError(f"“{path.name}” is not a readable archive ({error}).") from None
    for item in skipped:
        log.warning("Import of %s: skipped %s, which %s", path.name, item.source, item.problem)
    return ImportReport(imported=tuple(imported), skipped=tuple(skipped))


def import_file(
    store: HistoryStore, path: Path, cancel: threading.Event | None = None
) -> ImportReport:
    """Import a single-conversation JSON file or an archive, whichever ``path`` is.

    All or nothing: one transaction, rolled back (with the image files it wrote) when the
    import fails or is cancelled (``cancel`` set: ImportCancelledError, checked between
    chunks read, archive members and messages).
    """
    with store.batch():
        if path.is_file() and zipfile.is_zipfile(path):
            return import_archive(store, path, cancel)
        return ImportReport(imported=(import_conversation_json(store, path, cancel),), skipped=())


@dataclass(frozen=True)
class SkippedImport:
    source: str  # the member's name, quoted
    problem: str  # what is wrong, a phrase that follows the name ("is damaged ...")


@dataclass(frozen=True)
class ImportReport:
    """What an import added (new conversation ids, in the archive's order) and left out."""

    imported: tuple[int, ...]
    skipped: tuple[SkippedImport, ...] = ()

    def user_message(self, shown: int = 3) -> str:
        """ "Imported 12 conversations; skipped 2 that were damaged: “a.json” (has ...), ..."."""
        count = len(self.imported)
        text = f"Imported {count} conversation{'' if count == 1 else 's'}"
        if not self.skipped:
            return text + "."
        reasons = "; ".join(f"{item.source} {item.problem}" for item in self.skipped[:shown])
        more = len(self.skipped) - shown
        if more > 0:
            reasons += f"; and {more} more (see the log)"
        was = "that was" if len(self.skipped) == 1 else "that were"
        return f"{text}; skipped {len(self.skipped)} {was} damaged: {reasons}."


def _label(name: str) -> str:
    """An archive member's name as shown in a message: no control characters, not endless."""
    shown = "".join(char if char.isprintable() else "?" for char in name)
    return shown if len(shown) <= 80 else shown[:40] + "…" + shown[-39:]


def _without_source(message: str, source: str) -> str:
    """ "“a.json” is not a JSON file." as the phrase "is not a JSON file"."""
    return message.removeprefix(source).strip().rstrip(".")


def _add(store: HistoryStore, snapshot: ConversationSnapshot, source: str) -> int:
    try:
        return store.add_snapshot(snapshot)
    except sqlite3.IntegrityError as error:
        raise DamagedConversationError(
            source, f"messages that contradict each other ({error})"
        ) from None


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _without_secrets(snapshot: ConversationSnapshot) -> ConversationSnapshot:
    """``snapshot`` with every key and password the app knows masked: a history saved before
    they were masked on the way in (or a key pasted into a question) must not leave in an
    export. Errors are also masked by pattern, as they were when shown."""
    messages = tuple(
        dataclasses.replace(
            message, text=redact_known_secrets(message.text), error=redact_secrets(message.error)
        )
        for message in snapshot.messages
    )
    return dataclasses.replace(
        snapshot,
        title=redact_known_secrets(snapshot.title),
        system_prompt=redact_known_secrets(snapshot.system_prompt),
        messages=messages,
    )


# Markdown --------------------------------------------------------------------------------


def export_conversation_markdown(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    """Write ``path`` (Markdown) and its images into ``<stem>_images/`` beside it: the
    conversation as shown (the chosen version of each question and answer)."""
    snapshot = _without_secrets(store.snapshot(conversation_id))
    images_dir = path.with_name(f"{path.stem}_images")
    lines = [f"# {snapshot.title or 'Untitled conversation'}", ""]
    lines.append(f"- Created: {_when(snapshot.created)}")
    if snapshot.model:
        lines.append(f"- Model: {snapshot.model}")
    if snapshot.system_prompt:
        lines.append(f"- System prompt: {' '.join(snapshot.system_prompt.split())}")
    for message in snapshot.shown_path():
        speaker = "You" if message.role is Role.USER else "Assistant"
        about = (
            f"{_when(message.created)} · {message.model}"
            if message.model
            else _when(message.created)
        )
        lines += ["", "---", "", f"**{speaker}** · {about}", "", message.text]
        for image in message.images:
            name = _image_file_name(image)
            atomic_write_bytes(images_dir / name, image.data)
            alt = re.sub(r"[\[\]\\]", "", image.filename)
            lines += ["", f"![{alt}]({quote(images_dir.name)}/{quote(name)})"]
        if message.state is TurnState.FAILED:
            lines += ["", f"> **Failed:** {message.error or 'no answer'}"]
        elif message.state is TurnState.CANCELLED:
            lines += ["", "> **Stopped** before the answer arrived."]
    atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _image_file_name(image: ImageSnapshot) -> str:
    # The digest keeps two different "image.png" apart and one image shared by two
    # messages in one file.
    stem = _safe_name(Path(image.filename).stem) or "image"
    return f"{stem}-{sha256_hex(image.data)[:10]}{extension_for(image.mime_type)}"


def _safe_name(text: str) -> str:
    """A file-name part safe on every OS: letters, digits, dot, dash, underscore."""
    return re.sub(r"[^\w.-]+", "-", text).strip("-.")[:60]


def _when(seconds: float) -> str:
    return local_time(seconds).strftime("%Y-%m-%d %H:%M")
