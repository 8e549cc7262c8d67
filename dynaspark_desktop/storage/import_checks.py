"""Checking an exported conversation field by field before any of it goes into the history.

An import is untrusted: every field is checked against its type and its range (times finite
and between 1970 and 3000, positions and sizes non-negative integers of sane size, roles and
states known, strings strings, images in an allowed format whose bytes match their SHA-256).
Anything wrong raises :class:`DamagedConversationError`, naming the file and the field.

Runs on the history's worker thread, never on the UI thread: base64 decoding and a thumbnail
remade from an image are real work.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
import threading
from collections.abc import Iterator
from typing import Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.errors import ImageError
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.images import (
    SUPPORTED_MIME_TYPES,
    THUMBNAIL_SIDE,
    prepare_image,
    sniff_image_type,
)
from dynaspark_desktop.core.parameters import ChatParameters, valid_parameters_object
from dynaspark_desktop.core.sizes import megabytes
from dynaspark_desktop.core.timestamps import is_sane_time
from dynaspark_desktop.storage.document_transfer import documents_from_json
from dynaspark_desktop.storage.files import sha256_hex
from dynaspark_desktop.storage.import_reading import stop_if_cancelled
from dynaspark_desktop.storage.models import (
    ConversationSnapshot,
    ImageSnapshot,
    ImportFormatError,
    MessageSnapshot,
    Role,
)

FORMAT_NAME = "dynaspark-desktop-conversation"
# 2: the conversation is a tree (each message's "parent", the shown "current_leaf"). A
# version 1 file (a line of messages) still imports, as one path.
FORMAT_VERSION = 2

# Above any real value, well inside SQLite's 64-bit integers (a larger int would not even
# bind): a position grows by two a turn; a side in pixels; a request's duration.
MAX_POSITION = 10**9
MAX_IMAGE_SIDE = 10**6
MAX_ELAPSED_MS = 10**12
# One image's bytes (a generated picture is kept whole); its thumbnail is a small PNG the
# window decodes as it paints, so it is held to the size the app makes (THUMBNAIL_SIDE).
MAX_IMAGE_BYTES = 48 * 1024 * 1024
MAX_THUMBNAIL_BYTES = 1024 * 1024
# Short fields: a title, a model's name, a file name, a note.
MAX_SHORT_TEXT = 10_000
MAX_NOTES = 50

# A conversation's stable id: the app's own are 32 hex digits; a ChatGPT one is prefixed.
MAX_UID_CHARS = 200
_UID = re.compile(r"[A-Za-z0-9_.:-]*")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DamagedConversationError(ImportFormatError):
    """One conversation of an import cannot be used; ``problem`` says why, in a few words."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(
            translate("Import", "{source} cannot be imported: it has {problem}.").format(
                source=source, problem=problem
            )
        )
        self.source = source
        self.problem = problem


def snapshot_from_json(
    document: Any,
    source: str = QT_TRANSLATE_NOOP("Import", "The file"),
    cancel: threading.Event | None = None,
) -> ConversationSnapshot:
    """Read an exported conversation, checking every field; raises ImportFormatError (and
    ImportCancelledError between messages once ``cancel`` is set)."""
    source = translate("Import", source)  # "The file" in the user's language; a name as it is
    reader = _Reader(source)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFormatError(
            translate(
                "Import", "{source} is not a conversation exported by Dynaspark Desktop."
            ).format(source=source)
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ImportFormatError(
            translate(
                "Import",
                "{source} was exported by a newer version of Dynaspark Desktop; update to "
                "import it.",
            ).format(source=source)
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise reader.error(translate("Import", "an unknown format version"))
    conversation = reader.get(document, "conversation", dict)
    messages = reader.get(conversation, "messages", list)
    branched = version >= 2
    checked = tuple(_checked_messages(reader, messages, cancel, branched))
    current_leaf = None
    if branched:
        _check_tree(reader, checked)
        if conversation.get("current_leaf") is not None:
            current_leaf = reader.whole_number(
                conversation, "current_leaf", max(len(checked) - 1, 0)
            )
    return ConversationSnapshot(
        title=reader.text(conversation, "title", MAX_SHORT_TEXT),
        created=reader.time(conversation, "created"),
        updated=reader.time(conversation, "updated"),
        model=reader.text(conversation, "model", MAX_SHORT_TEXT),
        system_prompt=reader.get(conversation, "system_prompt", str),
        pinned=reader.get(conversation, "pinned", bool),
        uid=_uid(reader, conversation),
        parameters=_parameters(reader, conversation),
        messages=checked,
        branched=branched,
        current_leaf=current_leaf,
    )


def _parameters(reader: _Reader, conversation: dict[str, Any]) -> ChatParameters | None:
    """Its own parameters; None when it has none (or was exported before they existed)."""
    raw = conversation.get("parameters")
    if raw is None:
        return None
    if not valid_parameters_object(raw):
        raise reader.error(
            translate("Import", "“parameters” that are not parameters this app takes")
        )
    return ChatParameters.from_dict(raw)


def _uid(reader: _Reader, conversation: dict[str, Any]) -> str:
    """The conversation's stable id; "" for an export made before exports carried one."""
    if conversation.get("uid") is None:
        return ""
    uid = reader.text(conversation, "uid", MAX_UID_CHARS)
    if not _UID.fullmatch(uid):
        raise reader.error(translate("Import", "a “uid” that is not an id"))
    return uid


def _checked_messages(
    reader: _Reader, messages: list[Any], cancel: threading.Event | None, branched: bool
) -> Iterator[MessageSnapshot]:
    for number, item in enumerate(messages):
        # Each message decodes its images (base64, SHA-256): a cancel waits for one at most.
        stop_if_cancelled(cancel)
        message = _message_from_json(reader, item)
        if branched and item.get("parent") is not None:
            # A parent comes before its child: the tree has no cycle, and walks end.
            if number == 0:
                raise reader.error(translate("Import", "a “parent” out of range"))
            parent = reader.whole_number(item, "parent", number - 1)
            message = dataclasses.replace(message, parent=parent)
        yield message


def _check_tree(reader: _Reader, messages: tuple[MessageSnapshot, ...]) -> None:
    """An answer follows its question; a question follows an answer or a question."""
    for message in messages:
        if message.role is Role.ASSISTANT and (
            message.parent is None or messages[message.parent].role is not Role.USER
        ):
            raise reader.error(translate("Import", "an answer without its question"))


def _message_from_json(reader: _Reader, item: Any) -> MessageSnapshot:
    item = reader.expect(item, dict, translate("Import", "a message"))
    try:
        role = Role(reader.get(item, "role", str))
        state = TurnState(reader.get(item, "state", str))
    except ValueError as error:
        raise reader.error(
            translate("Import", "an unknown value ({error})").format(error=error)
        ) from None
    elapsed_ms = item.get("elapsed_ms")
    return MessageSnapshot(
        position=reader.whole_number(item, "position", MAX_POSITION),
        role=role,
        text=reader.get(item, "text", str),
        model=reader.text(item, "model", MAX_SHORT_TEXT),
        state=state,
        error=reader.get(item, "error", str),
        created=reader.time(item, "created"),
        finished=None if item.get("finished") is None else reader.time(item, "finished"),
        elapsed_ms=None
        if elapsed_ms is None
        else reader.whole_number(item, "elapsed_ms", MAX_ELAPSED_MS),
        images=tuple(_image_from_json(reader, image) for image in reader.get(item, "images", list)),
        documents=documents_from_json(reader, item),
        # Optional (version 2): an answer's measures.
        tokens=_optional_count(reader, item, "tokens"),
        first_text_ms=_optional_count(reader, item, "first_text_ms"),
    )


def _optional_count(reader: _Reader, item: dict[str, Any], key: str) -> int | None:
    return None if item.get(key) is None else reader.whole_number(item, key, MAX_ELAPSED_MS)


def _image_from_json(reader: _Reader, item: Any) -> ImageSnapshot:
    item = reader.expect(item, dict, translate("Import", "an image"))
    mime_type = reader.get(item, "mime_type", str)
    if mime_type not in SUPPORTED_MIME_TYPES:
        raise reader.error(translate("Import", "an image of a type this app does not keep"))
    data = reader.base64(item, "data_base64", MAX_IMAGE_BYTES)
    if sha256_hex(data) != reader.get(item, "sha256", str):
        raise reader.error(
            translate("Import", "an image whose bytes are damaged (its SHA-256 does not match)")
        )
    # Its leading bytes, not its label, say what it is (no decoding needed).
    if sniff_image_type(data) != mime_type:
        raise reader.error(
            translate("Import", "an image that is not the kind of image it claims to be")
        )
    filename = reader.text(item, "filename", MAX_SHORT_TEXT)
    notes = reader.get(item, "notes", list)
    if len(notes) > MAX_NOTES or not all(
        isinstance(note, str) and len(note) <= MAX_SHORT_TEXT for note in notes
    ):
        raise reader.error(translate("Import", "image notes that are not short texts"))
    thumbnail = reader.base64(item, "thumbnail_png_base64", MAX_THUMBNAIL_BYTES)
    if not _is_small_png(thumbnail):
        thumbnail = _remade_thumbnail(reader, data, filename)
    return ImageSnapshot(
        data=data,
        mime_type=mime_type,
        filename=filename,
        width=reader.whole_number(item, "width", MAX_IMAGE_SIDE, least=1),
        height=reader.whole_number(item, "height", MAX_IMAGE_SIDE, least=1),
        original_width=reader.whole_number(item, "original_width", MAX_IMAGE_SIDE, least=1),
        original_height=reader.whole_number(item, "original_height", MAX_IMAGE_SIDE, least=1),
        thumbnail_png=thumbnail,
        notes=tuple(notes),
    )


def _is_small_png(data: bytes) -> bool:
    """A PNG no larger than the thumbnails the app makes, read from its header alone."""
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return False
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    return 0 < width <= THUMBNAIL_SIDE and 0 < height <= THUMBNAIL_SIDE


def _remade_thumbnail(reader: _Reader, data: bytes, filename: str) -> bytes:
    """The thumbnail made again from the image (on this worker thread), when the export's
    own one is missing, not a PNG or larger than a thumbnail."""
    try:
        return prepare_image(data, filename=filename or None).thumbnail_png
    except ImageError as error:
        raise reader.error(
            translate("Import", "an image that cannot be shown ({error})").format(error=error)
        ) from None


class _Reader:
    """Typed access to untrusted JSON, failing with a sentence instead of a KeyError."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, what: str) -> DamagedConversationError:
        return DamagedConversationError(self.source, what)

    def expect(self, value: Any, kind: type | tuple[type, ...], label: str) -> Any:
        # bool is an int in Python; a JSON true must not pass for a number.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.error(translate("Import", "{what} of the wrong type").format(what=label))
        return value

    def get(self, mapping: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
        if key not in mapping:
            raise self.error(translate("Import", "no “{key}”").format(key=key))
        value = self.expect(mapping[key], kind, translate("Import", "a “{key}”").format(key=key))
        # JSON may escape half a character ("\ud800"), which no file or database can hold.
        # (isascii costs nothing: a megabyte of base64 is not searched in one long call.)
        if isinstance(value, str) and not value.isascii() and _LONE_SURROGATE.search(value):
            raise self.error(
                translate("Import", "a “{key}” that is not valid text").format(key=key)
            )
        return value

    def text(self, mapping: dict[str, Any], key: str, longest: int) -> str:
        value: str = self.get(mapping, key, str)
        if len(value) > longest:
            raise self.error(translate("Import", "a “{key}” that is too long").format(key=key))
        return value

    def time(self, mapping: dict[str, Any], key: str) -> float:
        value = self.get(mapping, key, (int, float))
        if not is_sane_time(value):
            raise self.error(
                translate("Import", "“{key}” set to a time that is not a real date").format(key=key)
            )
        return float(value)

    def whole_number(self, mapping: dict[str, Any], key: str, most: int, least: int = 0) -> int:
        value: int = self.get(mapping, key, int)
        if not least <= value <= most:
            raise self.error(translate("Import", "a “{key}” out of range").format(key=key))
        return value

    def base64(self, mapping: dict[str, Any], key: str, most_bytes: int) -> bytes:
        encoded = self.get(mapping, key, str)
        # Measured before decoding: four characters carry three bytes.
        if len(encoded) > (most_bytes + 2) // 3 * 4:
            raise self.error(
                translate("Import", "a “{key}” larger than {size}").format(
                    key=key, size=megabytes(most_bytes)
                )
            )
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise self.error(
                translate("Import", "a “{key}” that is not base64").format(key=key)
            ) from None
