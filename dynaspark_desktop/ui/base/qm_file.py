"""Reading a compiled translation (``.qm``): its messages, each with its context, English
source and translation (or a plural's forms). Qt keeps them all in the file (its lookup
checks the context and source), so the shipped files are a complete catalog.

The format is Qt's (``qtranslator.cpp``): a magic number, then tagged blocks; the messages'
block is a run of records, each ended by an end tag.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The .qm file's blocks and its messages' records (Qt's qtranslator.cpp).
_MESSAGES_BLOCK = 0x69
_END, _TRANSLATION, _OBSOLETE1, _SOURCE, _CONTEXT, _COMMENT = 1, 3, 5, 6, 7, 8


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or a plural's forms


def read_qm(path: Path) -> list[Message]:
    """The messages of a compiled translation (empty when it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        log.warning("Could not read %s: %s", path, error)
        return []
    messages: list[Message] = []
    position = 16  # after the magic number
    try:
        while position + 5 <= len(data):
            tag = data[position]
            (length,) = struct.unpack_from(">I", data, position + 1)
            position += 5
            if tag == _MESSAGES_BLOCK:
                _read_messages(data[position : position + length], messages)
            position += length
    except (struct.error, UnicodeDecodeError, ValueError) as error:
        # The messages read before the damage are kept.
        log.warning("Could not read the messages of %s: %s", path.name, error)
    return messages


def _read_messages(block: bytes, messages: list[Message]) -> None:
    """Add the messages of ``block`` to ``messages``, one at a time (so that a damaged
    block still gives those before the damage)."""
    context = source = ""
    translations: list[str] = []
    position = 0
    while position < len(block):
        tag = block[position]
        position += 1
        if tag == _END:
            messages.append(Message(context, source, tuple(translations)))
            context, source, translations = "", "", []
        elif tag in (_TRANSLATION, _SOURCE, _CONTEXT, _COMMENT):
            (length,) = struct.unpack_from(">I", block, position)
            position += 4
            if length == 0xFFFFFFFF:  # a null translation
                continue
            raw = block[position : position + length]
            position += length
            if tag == _TRANSLATION:
                translations.append(raw.decode("utf-16-be"))
            elif tag == _SOURCE:
                source = raw.decode("utf-8")
            elif tag == _CONTEXT:
                context = raw.decode("utf-8")
        elif tag == _OBSOLETE1:
            position += 4
        else:
            raise ValueError(f"unknown record {tag} in a .qm file")
