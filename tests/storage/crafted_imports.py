"""Crafted imports, as an attacker (or a damaged disk) would make them: valid exports to start
from, then out-of-range fields, deep nesting and archives whose sizes lie."""

from __future__ import annotations

import copy
import io
import json
import struct
import zipfile
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import ConversationSnapshot, Role
from dynaspark_desktop.storage.models import ImageSnapshot, MessageSnapshot
from dynaspark_desktop.storage.transfer import snapshot_to_json
from tests.storage.support import real_image

NOW = 1_700_000_000.0


def valid_document(title: str = "Imported chat", *, with_image: bool = False) -> dict[str, Any]:
    """A conversation exactly as this app exports it: a question and its answer."""
    images: tuple[ImageSnapshot, ...] = ()
    if with_image:
        prepared = real_image((10, 120, 200), name="chart.png")
        images = (ImageSnapshot.of(prepared),)
    question = MessageSnapshot(
        position=0,
        role=Role.USER,
        text=f"Question of {title}",
        model="m",
        state=TurnState.ANSWERED,
        error="",
        created=NOW,
        finished=NOW + 2,
        elapsed_ms=2000,
        images=images,
    )
    answer = MessageSnapshot(
        position=1,
        role=Role.ASSISTANT,
        text=f"Answer of {title}",
        model="m",
        state=TurnState.ANSWERED,
        error="",
        created=NOW + 2,
        finished=None,
        elapsed_ms=None,
    )
    snapshot = ConversationSnapshot(
        title=title,
        created=NOW,
        updated=NOW + 2,
        model="m",
        system_prompt="",
        pinned=False,
        messages=(question, answer),
    )
    return snapshot_to_json(snapshot)


def with_change(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with the field at ``path`` ("conversation.messages.0.position")
    set to ``value``."""
    changed = copy.deepcopy(document)
    *parents, last = path.split(".")
    target: Any = changed
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return changed


def encoded(document: Any) -> bytes:
    # allow_nan: Python's encoder writes NaN and Infinity, as a crafted file would hold them.
    return json.dumps(document, allow_nan=True).encode("utf-8")


def deeply_nested(depth: int) -> bytes:
    """A valid export whose title is an array nested ``depth`` deep."""
    text = encoded(valid_document())
    marker = b'"title": "Imported chat"'
    return text.replace(marker, b'"title": ' + b"[" * depth + b"]" * depth)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def honest_bomb(path: Path, name: str, inflated_size: int) -> Path:
    """A zip whose one member inflates to ``inflated_size`` bytes of spaces, and says so."""
    chunk = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        written = 0
        while written < inflated_size:
            piece = chunk[: inflated_size - written]
            member.write(piece)
            written += len(piece)
    return path


def with_declared_sizes(data: bytes, declared: int) -> bytes:
    """``data`` (a zip without zip64 records) with every member's uncompressed size, in its
    local header and in the central directory, replaced by ``declared``: the sizes lie."""
    patched = bytearray(data)
    offset = 0
    while (offset := patched.find(b"PK\x03\x04", offset)) != -1:
        struct.pack_into("<I", patched, offset + 22, declared)
        offset += 4
    offset = 0
    while (offset := patched.find(b"PK\x01\x02", offset)) != -1:
        struct.pack_into("<I", patched, offset + 24, declared)
        offset += 4
    return bytes(patched)
