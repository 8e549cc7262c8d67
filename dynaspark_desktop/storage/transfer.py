"""Export and import: a conversation as Markdown or as lossless JSON, everything as a zip.

JSON is the lossless format: every field and every image (base64, with its SHA-256 so damage
is caught on import). Markdown is for reading: images go into a folder beside the file and
are linked relatively, so the pair can be moved together. Every file is written atomically.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.images import extension_for
from dynaspark_desktop.core.redaction import redact_known_secrets, redact_secrets
from dynaspark_desktop.storage.files import atomic_output, atomic_write_bytes, sha256_hex
from dynaspark_desktop.storage.history import HistoryStore
from dynaspark_desktop.storage.models import (
    ConversationSnapshot,
    ImageSnapshot,
    ImportFormatError,
    MessageSnapshot,
    Role,
)

FORMAT_NAME = "dynaspark-desktop-conversation"
FORMAT_VERSION = 1


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
            "messages": [_message_to_json(message) for message in snapshot.messages],
        },
    }


def _message_to_json(message: MessageSnapshot) -> dict[str, Any]:
    return {
        "position": message.position,
        "role": message.role.value,
        "text": message.text,
        "model": message.model,
        "state": message.state.value,
        "error": message.error,
        "created": message.created,
        "finished": message.finished,
        "elapsed_ms": message.elapsed_ms,
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


def snapshot_from_json(document: Any, source: str = "The file") -> ConversationSnapshot:
    """Read an exported conversation, checking every field; raises ImportFormatError."""
    reader = _Reader(source)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFormatError(f"{source} is not a conversation exported by Dynaspark Desktop.")
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFormatError(
            f"{source} was exported by a newer version of Dynaspark Desktop; update to import it."
        )
    conversation = reader.get(document, "conversation", dict)
    messages = reader.get(conversation, "messages", list)
    return ConversationSnapshot(
        title=reader.get(conversation, "title", str),
        created=reader.number(conversation, "created"),
        updated=reader.number(conversation, "updated"),
        model=reader.get(conversation, "model", str),
        system_prompt=reader.get(conversation, "system_prompt", str),
        pinned=reader.get(conversation, "pinned", bool),
        messages=tuple(_message_from_json(reader, item) for item in messages),
    )


def _message_from_json(reader: _Reader, item: Any) -> MessageSnapshot:
    item = reader.expect(item, dict, "a message")
    try:
        role = Role(reader.get(item, "role", str))
        state = TurnState(reader.get(item, "state", str))
    except ValueError as error:
        raise reader.error(f"an unknown value ({error})") from None
    return MessageSnapshot(
        position=reader.get(item, "position", int),
        role=role,
        text=reader.get(item, "text", str),
        model=reader.get(item, "model", str),
        state=state,
        error=reader.get(item, "error", str),
        created=reader.number(item, "created"),
        finished=reader.optional_number(item, "finished"),
        elapsed_ms=reader.get(item, "elapsed_ms", int)
        if item.get("elapsed_ms") is not None
        else None,
        images=tuple(_image_from_json(reader, image) for image in reader.get(item, "images", list)),
    )


def _image_from_json(reader: _Reader, item: Any) -> ImageSnapshot:
    item = reader.expect(item, dict, "an image")
    data = reader.base64(item, "data_base64")
    if sha256_hex(data) != reader.get(item, "sha256", str):
        raise reader.error("an image whose bytes are damaged (its SHA-256 does not match)")
    return ImageSnapshot(
        data=data,
        mime_type=reader.get(item, "mime_type", str),
        filename=reader.get(item, "filename", str),
        width=reader.get(item, "width", int),
        height=reader.get(item, "height", int),
        original_width=reader.get(item, "original_width", int),
        original_height=reader.get(item, "original_height", int),
        thumbnail_png=reader.base64(item, "thumbnail_png_base64"),
        notes=tuple(str(note) for note in reader.get(item, "notes", list)),
    )


class _Reader:
    """Typed access to untrusted JSON, failing with a sentence instead of a KeyError."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, what: str) -> ImportFormatError:
        return ImportFormatError(f"{self.source} cannot be imported: it has {what}.")

    def expect(self, value: Any, kind: type | tuple[type, ...], label: str) -> Any:
        # bool is an int in Python; a JSON true must not pass for a number.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(f"{label} of the wrong type")
        return value

    def get(self, mapping: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
        if key not in mapping:
            raise self.error(f"no “{key}”")
        return self.expect(mapping[key], kind, f"a “{key}”")

    def number(self, mapping: dict[str, Any], key: str) -> float:
        value = self.get(mapping, key, (int, float))
        if isinstance(value, bool):
            raise self.error(f"a “{key}” that is not a number")
        return float(value)

    def optional_number(self, mapping: dict[str, Any], key: str) -> float | None:
        return None if mapping.get(key) is None else self.number(mapping, key)

    def base64(self, mapping: dict[str, Any], key: str) -> bytes:
        try:
            return base64.b64decode(self.get(mapping, key, str), validate=True)
        except (binascii.Error, ValueError):
            raise self.error(f"a “{key}” that is not base64") from None


def export_conversation_json(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    document = snapshot_to_json(_without_secrets(store.snapshot(conversation_id)))
    atomic_write_bytes(path, _encode(document))
    return path


def import_conversation_json(store: HistoryStore, path: Path) -> int:
    """Import one exported conversation as a new one; returns its id."""
    source = f"“{path.name}”"
    return _add(store, snapshot_from_json(_load_json(path.read_bytes(), source), source))


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


def import_archive(store: HistoryStore, path: Path) -> list[int]:
    """Import every conversation of an :func:`export_all` zip; returns the new ids."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(name for name in archive.namelist() if name.endswith(".json"))
            snapshots = [
                snapshot_from_json(_load_json(archive.read(name), f"“{name}”"), f"“{name}”")
                for name in names
            ]
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFormatError(f"“{path.name}” is not a readable archive ({error}).") from None
    return [_add(store, snapshot) for snapshot in snapshots]


def import_file(store: HistoryStore, path: Path) -> list[int]:
    """Import a single-conversation JSON file or an archive, whichever ``path`` is."""
    if zipfile.is_zipfile(path):
        return import_archive(store, path)
    return [import_conversation_json(store, path)]


def _add(store: HistoryStore, snapshot: ConversationSnapshot) -> int:
    try:
        return store.add_snapshot(snapshot)
    except sqlite3.IntegrityError as error:
        raise ImportFormatError(
            f"The conversation “{snapshot.title}” cannot be imported: its messages "
            f"contradict each other ({error})."
        ) from None


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _load_json(data: bytes, source: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFormatError(f"{source} is not a JSON file.") from None


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
    """Write ``path`` (Markdown) and its images into ``<stem>_images/`` beside it."""
    snapshot = _without_secrets(store.snapshot(conversation_id))
    images_dir = path.with_name(f"{path.stem}_images")
    lines = [f"# {snapshot.title or 'Untitled conversation'}", ""]
    lines.append(f"- Created: {_when(snapshot.created)}")
    if snapshot.model:
        lines.append(f"- Model: {snapshot.model}")
    if snapshot.system_prompt:
        lines.append(f"- System prompt: {' '.join(snapshot.system_prompt.split())}")
    for message in snapshot.messages:
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
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))
