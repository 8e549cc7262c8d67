"""Reading an import's bytes with limits: a file or an archive member is size-checked before
it is read and while it is read, and its JSON is parsed with the depth guard.

A 2 MB zip can inflate to gigabytes and a JSON file can be any size; neither may take the
app's memory with it. Nothing here writes a file: archive members are read into memory one at
a time and never extracted, so a member named ``../../x`` cannot land anywhere.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.capped_files import (
    FileTooLargeError,
    NotARegularFileError,
    read_regular_file,
)
from dynaspark_desktop.core.guarded_json import (
    JSONTooDeepError,
    count_in_chunks,
    loads_guarded,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.sizes import megabytes
from dynaspark_desktop.storage.models import ImportFormatError

# One conversation's JSON (its images inside, in base64). Parsing costs a few times this in
# memory, and an archive holds one conversation a member, read one at a time.
MAX_JSON_BYTES = 128 * 1024 * 1024
# A whole archive, inflated, and how many members it may list.
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 20_000
# Python keeps each parsed value as an object of 50 bytes and more: 120 MB of tiny values
# ("ab",) would take 2 GB. A real export holds a few dozen values a message.
MAX_JSON_VALUES = 2_000_000
# The export is six levels deep; anything far deeper is not one.
MAX_JSON_DEPTH = 32

_READ_CHUNK = 1024 * 1024
# The zip's end-of-directory record sits in its last 22 bytes plus a comment of up to 64 kB.
_EOCD_SEARCH = 22 + 65_535
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_RECORD_SIGNATURE = b"PK\x06\x06"
# A directory entry: its fixed part (46 bytes), and a generous name and extra field (an
# export names its members "conversations/00001-<title, at most 60>.json").
_ENTRY_BYTES = 46 + 300


class ImportCancelledError(Exception):
    """The user cancelled the import (or quit): nothing of it is kept."""


def stop_if_cancelled(cancel: threading.Event | None) -> None:
    """Checked between the import's steps (chunks read, members, messages): a cancel takes
    effect within one step, the longest being one parse of at most :data:`MAX_JSON_BYTES`."""
    if cancel is not None and cancel.is_set():
        raise ImportCancelledError("the import was cancelled")


@dataclass(frozen=True)
class ArchiveMember:
    """A JSON member of an archive: its name (only ever a label), and its bytes or the reason
    they were not read."""

    name: str
    data: bytes | None
    problem: str = ""


def read_json_file(path: Path, source: str, cancel: threading.Event | None = None) -> bytes:
    """The bytes of a single-conversation JSON file, refused above :data:`MAX_JSON_BYTES`;
    read a chunk at a time, so a cancel stops the read of a large file promptly."""
    try:
        return read_regular_file(
            path, MAX_JSON_BYTES, between_chunks=lambda: stop_if_cancelled(cancel)
        )
    except FileTooLargeError as error:
        if error.size is None:  # it grew while it was read
            raise ImportFormatError(
                translate(
                    "Import", "{source} is larger than a conversation can be ({cap})."
                ).format(source=source, cap=megabytes(MAX_JSON_BYTES))
            ) from None
        raise ImportFormatError(
            translate(
                "Import",
                "{source} is {size}, larger than a conversation can be ({cap}); it was not "
                "imported.",
            ).format(source=source, size=megabytes(error.size), cap=megabytes(MAX_JSON_BYTES))
        ) from None
    except (IsADirectoryError, NotARegularFileError):
        raise ImportFormatError(
            translate("Import", "{source} is not a file that can be imported.").format(
                source=source
            )
        ) from None


def check_archive_directory(path: Path, source: str) -> None:
    """Refuse an archive whose directory lists too many entries, read from its last bytes
    before ``zipfile`` parses the whole directory into memory (a few hundred bytes an
    entry: millions of tiny entries are a memory bomb of their own)."""
    with path.open("rb") as file:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        tail_start = max(0, size - _EOCD_SEARCH)
        file.seek(tail_start)
        tail = file.read()
        at = tail.rfind(_EOCD_SIGNATURE)
        if at < 0 or len(tail) < at + 22:
            return  # not a zip: zipfile says so in its own words
        entries, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
        # Zip64: the real counts sit in a record that a locator just before this one points at.
        locator = at - 20
        zip64 = entries == 0xFFFF or directory_bytes == 0xFFFF_FFFF
        if zip64 and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR_SIGNATURE:
            (record_at,) = struct.unpack_from("<Q", tail, locator + 8)
            file.seek(min(record_at, size))
            record = file.read(56)
            if len(record) == 56 and record[:4] == _ZIP64_RECORD_SIGNATURE:
                entries, directory_bytes = struct.unpack_from("<QQ", record, 32)
    if entries > MAX_ARCHIVE_MEMBERS or directory_bytes > MAX_ARCHIVE_MEMBERS * _ENTRY_BYTES:
        raise ImportFormatError(
            translate(
                "Import",
                "{source} lists {count} files, more than an export of this app ({cap}); it "
                "was not imported.",
            ).format(source=source, count=f"{entries:,}", cap=f"{MAX_ARCHIVE_MEMBERS:,}")
        )


def archive_members(
    archive: zipfile.ZipFile, source: str, cancel: threading.Event | None = None
) -> Iterator[ArchiveMember]:
    """Each ``.json`` member of ``archive`` in name order, read with its size capped.

    The archive as a whole is refused (ImportFormatError) when it lists too many members or
    declares more than :data:`MAX_ARCHIVE_BYTES`; a single member too large, or inflating to
    more than it declared, is yielded with a ``problem`` instead of its bytes.
    """
    infos = [info for info in archive.infolist() if info.filename.endswith(".json")]
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise ImportFormatError(
            translate(
                "Import",
                "{source} holds {count} files, more than an export of this app ({cap}); it "
                "was not imported.",
            ).format(source=source, count=f"{len(infos):,}", cap=f"{MAX_ARCHIVE_MEMBERS:,}")
        )
    declared = sum(info.file_size for info in infos)
    if declared > MAX_ARCHIVE_BYTES:
        raise ImportFormatError(
            translate(
                "Import", "{source} would unpack to {size}, more than {cap}; it was not imported."
            ).format(source=source, size=megabytes(declared), cap=megabytes(MAX_ARCHIVE_BYTES))
        )
    for info in sorted(infos, key=lambda item: item.filename):
        stop_if_cancelled(cancel)
        if info.file_size > MAX_JSON_BYTES:
            yield ArchiveMember(
                info.filename,
                None,
                translate(
                    "Import", "would unpack to {size}, larger than a conversation can be ({cap})"
                ).format(size=megabytes(info.file_size), cap=megabytes(MAX_JSON_BYTES)),
            )
            continue
        yield _read_member(archive, info, cancel)


CHATGPT_FILE_NAME = "conversations.json"


def chatgpt_member(
    archive: zipfile.ZipFile, source: str, cancel: threading.Event | None = None
) -> ArchiveMember | None:
    """The ``conversations.json`` of a ChatGPT data export zip (at its top, or in its one
    folder), read with its size capped; None when the archive has none."""
    for info in archive.infolist():
        parts = info.filename.split("/")
        if parts[-1] == CHATGPT_FILE_NAME and len(parts) <= 2:
            if info.file_size > MAX_JSON_BYTES:
                return ArchiveMember(
                    info.filename,
                    None,
                    translate(
                        "Import", "would unpack to {size}, more than one import takes ({cap})"
                    ).format(size=megabytes(info.file_size), cap=megabytes(MAX_JSON_BYTES)),
                )
            return _read_member(archive, info, cancel)
    return None


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, cancel: threading.Event | None
) -> ArchiveMember:
    # Counted while inflating, whatever the archive declared: it may lie.
    limit = min(info.file_size, MAX_JSON_BYTES)
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_READ_CHUNK):
                stop_if_cancelled(cancel)
                total += len(chunk)
                if total > limit:
                    return ArchiveMember(
                        info.filename,
                        None,
                        translate("Import", "unpacks to more than the archive says it holds"),
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        # A damaged member (bad CRC, cut off), an unknown compression, an encrypted one.
        return ArchiveMember(
            info.filename,
            None,
            translate("Import", "is damaged in the archive ({error})").format(error=error),
        )
    except OSError as error:
        return ArchiveMember(
            info.filename,
            None,
            translate("Import", "could not be read ({error})").format(error=error),
        )
    return ArchiveMember(info.filename, b"".join(chunks))


def load_json(data: bytes, source: str, cancel: threading.Event | None = None) -> Any:
    """Parse ``data`` as JSON, refusing nesting deeper than :data:`MAX_JSON_DEPTH`, more
    than :data:`MAX_JSON_VALUES` values, and the NaN and Infinity that Python's parser
    would otherwise accept."""
    if _value_count_exceeds(data, MAX_JSON_VALUES):
        raise ImportFormatError(
            translate(
                "Import",
                "{source} holds more than {cap} separate values, far more than a "
                "conversation exported by this app; it was not imported.",
            ).format(source=source, cap=f"{MAX_JSON_VALUES:,}")
        )

    def refuse_constant(name: str) -> Any:
        raise ImportFormatError(
            translate(
                "Import", "{source} holds “{name}”, which is not a number JSON allows."
            ).format(source=source, name=name)
        )

    try:
        return loads_guarded(
            data,
            max_depth=MAX_JSON_DEPTH,
            parse_constant=refuse_constant,
            between_values=lambda: stop_if_cancelled(cancel),
        )
    except JSONTooDeepError:
        raise ImportFormatError(
            translate(
                "Import", "{source} is nested too deeply to be a conversation exported by this app."
            ).format(source=source)
        ) from None
    except ValueError:  # UnicodeDecodeError included
        raise ImportFormatError(
            translate("Import", "{source} is not a JSON file.").format(source=source)
        ) from None


# A JSON string, escapes included (unrolled: linear, and fast over megabytes of base64).
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _value_count_exceeds(data: bytes, limit: int) -> bool:
    """Whether ``data`` holds more than ``limit`` values: more strings than that (counted
    by their quotes), or more commas outside strings. All at C speed: the strings are
    stepped over only when there are few of them, and only when the commas could be many."""
    strings = (count_in_chunks(data, b'"') - count_in_chunks(data, b'\\"')) // 2
    if strings > limit:
        return True
    if count_in_chunks(data, b",") <= limit:
        return False
    return _JSON_STRING.sub(b'""', data).count(b",") > limit
