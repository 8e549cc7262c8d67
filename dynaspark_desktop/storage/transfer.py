"""Export and import: a conversation as lossless JSON, everything as a zip (Markdown, for
reading: markdown_export.py).

JSON is the lossless format: every field and every image (base64, with its SHA-256 so damage
is caught on import). Every file is written atomically.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_known_secrets, redact_secrets
from dynaspark_desktop.storage.chatgpt_export import is_chatgpt_export
from dynaspark_desktop.storage.document_transfer import documents_to_json
from dynaspark_desktop.storage.files import atomic_output, atomic_write_bytes, sha256_hex
from dynaspark_desktop.storage.history import HistoryStore
from dynaspark_desktop.storage.import_checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    DamagedConversationError,
    snapshot_from_json,
)
from dynaspark_desktop.storage.import_merge import DEFAULT_COPY_TITLE, Outcome, store_imported
from dynaspark_desktop.storage.import_reading import (
    archive_members,
    chatgpt_member,
    check_archive_directory,
    load_json,
    read_json_file,
    stop_if_cancelled,
)
from dynaspark_desktop.storage.import_report import ImportReport, SkippedImport
from dynaspark_desktop.storage.models import (
    ConversationSnapshot,
    ImportFormatError,
    MessageSnapshot,
)
from dynaspark_desktop.storage.prompt_transfer import import_library, write_library

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
            "uid": snapshot.uid,
            "parameters": None if snapshot.parameters is None else snapshot.parameters.to_dict(),
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
        **documents_to_json(message.documents),
    }


def export_conversation_json(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    document = snapshot_to_json(without_secrets(store.snapshot(conversation_id)))
    atomic_write_bytes(path, _encode(document))
    return path


def import_conversation_json(
    store: HistoryStore,
    path: Path,
    cancel: threading.Event | None = None,
    *,
    copy_title: str = DEFAULT_COPY_TITLE,
) -> int:
    """Import one exported conversation as a new one; returns its id (the one already in
    the history when it holds this conversation unchanged: see ``import_merge``).

    Raises ImportFormatError, saying what is wrong, when the file is not one or is damaged,
    and ImportCancelledError (nothing stored) once ``cancel`` is set.
    """
    source = f"“{path.name}”"
    snapshot = _checked(_read_document(path, source, cancel), source, cancel)
    return _add(store, snapshot, source, copy_title)[1]


def _read_document(path: Path, source: str, cancel: threading.Event | None) -> Any:
    data = read_json_file(path, source, cancel)
    stop_if_cancelled(cancel)
    document = load_json(data, source, cancel)
    del data  # the parse's bytes, up to 128 MB, are not needed while it is checked
    stop_if_cancelled(cancel)
    return document


def _checked(document: Any, source: str, cancel: threading.Event | None) -> ConversationSnapshot:
    snapshot = snapshot_from_json(document, source, cancel)
    stop_if_cancelled(cancel)
    return snapshot


# All conversations -----------------------------------------------------------------------


def export_all(store: HistoryStore, path: Path) -> int:
    """Every live conversation into one zip of JSON files, with the prompt library; returns
    how many conversations were written. One at a time: memory stays bounded."""
    conversations = store.list_conversations()
    with (
        atomic_output(path) as output,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for index, summary in enumerate(reversed(conversations), start=1):
            document = snapshot_to_json(without_secrets(store.snapshot(summary.id)))
            name = f"conversations/{index:05d}-{safe_name(summary.title) or 'untitled'}.json"
            archive.writestr(name, _encode(document))
        write_library(store, archive)
    return len(conversations)


def import_archive(
    store: HistoryStore,
    path: Path,
    cancel: threading.Event | None = None,
    *,
    copy_title: str = DEFAULT_COPY_TITLE,
) -> ImportReport:
    """Import every conversation of an :func:`export_all` zip, and merge its prompt library.
    One member at a time (read, checked, stored, let go), so memory holds one conversation.
    A damaged member is skipped and reported; the archive as a whole is refused
    (ImportFormatError) when it is not a readable zip or is far too large. Called outside
    :func:`import_file`, each member is its own transaction.
    """
    imported: list[int] = []
    skipped: list[SkippedImport] = []
    unchanged: list[str] = []
    copies: list[int] = []
    try:
        check_archive_directory(path, f"“{path.name}”")
        with zipfile.ZipFile(path) as archive:
            chatgpt = _chatgpt_document(archive, path, cancel)
            if chatgpt is not None:
                return _import_chatgpt(store, chatgpt, f"“{path.name}”", cancel, copy_title)
            for member in archive_members(archive, f"“{path.name}”", cancel):
                source = f"“{_label(member.name)}”"
                if member.data is None:
                    skipped.append(SkippedImport(source, member.problem))
                    continue
                try:
                    document = load_json(member.data, source, cancel)
                    stop_if_cancelled(cancel)
                    snapshot = _checked(document, source, cancel)
                    outcome, conversation_id = _add(store, snapshot, source, copy_title)
                    if outcome is Outcome.IDENTICAL:
                        unchanged.append(snapshot.title)
                        continue
                    imported.append(conversation_id)
                    if outcome is Outcome.COPIED:
                        copies.append(conversation_id)
                except DamagedConversationError as error:
                    has = translate("Import", "has {problem}").format(problem=error.problem)
                    skipped.append(SkippedImport(source, has))
                except ImportFormatError as error:
                    skipped.append(SkippedImport(source, _without_source(str(error), source)))
            library = import_library(store, archive, path.name, cancel)
    except (zipfile.BadZipFile, OSError) as error:
        unreadable = translate("Import", "“{name}” is not a readable archive ({error}).")
        raise ImportFormatError(unreadable.format(name=path.name, error=error)) from None
    for item in skipped:
        log.warning("Import of %s: skipped %s, which %s", path.name, item.source, item.problem)
    return ImportReport(
        imported=tuple(imported),
        skipped=tuple(skipped),
        unchanged=tuple(unchanged),
        copies=tuple(copies),
        library=library,
    )


def import_file(
    store: HistoryStore,
    path: Path,
    cancel: threading.Event | None = None,
    *,
    copy_title: str = DEFAULT_COPY_TITLE,
) -> ImportReport:
    """Import a single-conversation JSON file, an archive, or ChatGPT's data export (its
    ``conversations.json``, or the zip that holds it), whichever ``path`` is.

    All or nothing: one transaction, rolled back (with the image files it wrote) when the
    import fails or is cancelled (``cancel`` set: ImportCancelledError, checked between
    chunks read, archive members and messages). A conversation the history already holds
    is not duplicated (``import_merge``); ``copy_title`` marks the title of a changed one.
    """
    with store.batch():
        if path.is_file() and zipfile.is_zipfile(path):
            return import_archive(store, path, cancel, copy_title=copy_title)
        source = f"“{path.name}”"
        document = _read_document(path, source, cancel)
        if is_chatgpt_export(document):
            return _import_chatgpt(store, document, source, cancel, copy_title)
        snapshot = _checked(document, source, cancel)
        outcome, conversation_id = _add(store, snapshot, source, copy_title)
        if outcome is Outcome.IDENTICAL:
            return ImportReport(imported=(), unchanged=(snapshot.title,))
        copies = (conversation_id,) if outcome is Outcome.COPIED else ()
        return ImportReport(imported=(conversation_id,), copies=copies)


def _chatgpt_document(
    archive: zipfile.ZipFile, path: Path, cancel: threading.Event | None
) -> list[Any] | None:
    """The parsed ``conversations.json`` of a ChatGPT export zip, or None when ``archive``
    is not one (an export of this app names its members ``conversations/…``)."""
    member = chatgpt_member(archive, f"“{path.name}”", cancel)
    if member is None:
        return None
    source = f"“{_label(member.name)}”"
    if member.data is None:
        damaged = translate("Import", "{source} in “{archive}” {problem}.")
        raise ImportFormatError(
            damaged.format(source=source, archive=path.name, problem=member.problem)
        )
    document = load_json(member.data, source, cancel)
    return document if is_chatgpt_export(document) else None


def _import_chatgpt(
    store: HistoryStore,
    document: list[Any],
    source: str,
    cancel: threading.Event | None,
    copy_title: str,
) -> ImportReport:
    from dynaspark_desktop.storage.chatgpt_import import import_chatgpt_export

    return import_chatgpt_export(
        store, document, source, cancel, as_exported=without_secrets, copy_title=copy_title
    )


def _label(name: str) -> str:
    """An archive member's name as shown in a message: no control characters, not endless."""
    shown = "".join(char if char.isprintable() else "?" for char in name)
    return shown if len(shown) <= 80 else shown[:40] + "…" + shown[-39:]


def _without_source(message: str, source: str) -> str:
    """ "“a.json” is not a JSON file." as the phrase "is not a JSON file"."""
    return message.removeprefix(source).strip().rstrip(".")


def _add(
    store: HistoryStore,
    snapshot: ConversationSnapshot,
    source: str,
    copy_title: str = DEFAULT_COPY_TITLE,
) -> tuple[Outcome, int]:
    return store_imported(
        store, snapshot, source, as_exported=without_secrets, copy_title=copy_title
    )


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def without_secrets(snapshot: ConversationSnapshot) -> ConversationSnapshot:
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


def safe_name(text: str) -> str:
    """A file-name part safe on every OS: letters, digits, dot, dash, underscore."""
    return re.sub(r"[^\w.-]+", "-", text).strip("-.")[:60]
