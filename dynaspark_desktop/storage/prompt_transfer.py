"""The prompt library in this app's archives: ``export_all`` writes it as one member
(:data:`LIBRARY_MEMBER`, JSON Lines: a header, then one prompt or assistant a line), and
importing the archive merges it by name: an entry whose name the library holds already is
left as the library has it, so importing the same archive twice adds nothing.

The member is untrusted like the rest of an import: its size is capped before it is read,
each line goes through the guarded JSON parser, only so many lines are read, and an entry
of the wrong shape is left out and counted. Its name does not end in ``.json``, so an older
version of the app, which takes every ``.json`` member for a conversation, passes it by.
"""

from __future__ import annotations

import logging
import threading
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_known_secrets
from dynaspark_desktop.core.sizes import megabytes
from dynaspark_desktop.storage.import_reading import _read_member, load_json, stop_if_cancelled
from dynaspark_desktop.storage.models import ImportFormatError
from dynaspark_desktop.storage.prompts import (
    MAX_ENTRIES,
    MAX_TEXT_CHARS,
    LibraryEntry,
    LibraryKind,
    LibraryMerge,
)

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import HistoryStore

log = logging.getLogger(__name__)

LIBRARY_MEMBER = "prompt-library.jsonl"
LIBRARY_FORMAT = "dynaspark-desktop-prompt-library"
LIBRARY_VERSION = 1
# Both kinds full, each text at its longest, with room for JSON's escapes.
MAX_LIBRARY_BYTES = 32 * 1024 * 1024
# The header and a full library of each kind; further lines are not read.
MAX_LINES = 1 + 2 * MAX_ENTRIES


def write_library(store: HistoryStore, archive: zipfile.ZipFile) -> int:
    """Write the library into ``archive`` (nothing when it is empty); returns how many
    entries went. Keys the app knows are masked, as in the conversations exported."""
    import json

    library = store.prompt_library()
    entries = [*library.prompts, *library.assistants]
    if not entries:
        return 0
    lines = [json.dumps({"format": LIBRARY_FORMAT, "version": LIBRARY_VERSION})]
    lines += [
        json.dumps(
            {
                "kind": entry.kind.value,
                "name": entry.name,
                "text": redact_known_secrets(entry.text),
                "model": entry.model,
            },
            ensure_ascii=False,
        )
        for entry in entries
    ]
    archive.writestr(LIBRARY_MEMBER, ("\n".join(lines) + "\n").encode("utf-8"))
    return len(entries)


@dataclass(frozen=True)
class LibraryImport:
    """What importing an archive's library did, as the import's notice says it."""

    prompts: int = 0  # added
    assistants: int = 0  # added
    kept: int = 0  # names the library held already: left as they were
    damaged: int = 0  # lines of the wrong shape, or names the library does not take
    over_limit: int = 0  # left out: more than the library holds
    repeated: int = 0  # left out: the archive names it twice (case ignored); the first came
    cut: int = 0  # added, with a text longer than the library keeps cut short
    refused: str = ""  # why the whole library was left out

    @property
    def has_problems(self) -> bool:
        return bool(self.damaged or self.over_limit or self.refused or self.repeated or self.cut)

    def phrases(self) -> list[str]:
        """Parts of the import's sentence ("added 3 prompts to your library", …)."""
        parts: list[str] = []
        for count, one, many in (
            (
                self.prompts,
                translate("ImportReport", "added 1 prompt to your library"),
                translate("ImportReport", "added {count} prompts to your library"),
            ),
            (
                self.assistants,
                translate("ImportReport", "added 1 assistant"),
                translate("ImportReport", "added {count} assistants"),
            ),
        ):
            if count:
                parts.append(one if count == 1 else many.format(count=f"{count:,}"))
        if self.kept:
            parts.append(
                translate(
                    "ImportReport",
                    "kept your own version of {count} saved prompt(s) or assistant(s) of the "
                    "same name",
                ).format(count=f"{self.kept:,}")
            )
        if self.damaged:
            parts.append(
                translate(
                    "ImportReport",
                    "left out {count} saved prompt(s) or assistant(s) that were damaged or "
                    "badly named",
                ).format(count=f"{self.damaged:,}")
            )
        if self.cut:
            parts.append(
                translate(
                    "ImportReport",
                    "cut {count} saved prompt(s) or assistant(s) to the library's {cap} characters",
                ).format(count=f"{self.cut:,}", cap=f"{MAX_TEXT_CHARS:,}")
            )
        if self.repeated:
            parts.append(
                translate(
                    "ImportReport",
                    "left out {count} saved prompt(s) or assistant(s) whose name the archive "
                    "already used (case ignored): the first of each name was kept",
                ).format(count=f"{self.repeated:,}")
            )
        if self.over_limit:
            parts.append(
                translate(
                    "ImportReport",
                    "left out {count} saved prompt(s) or assistant(s): the library holds at "
                    "most {cap} of each",
                ).format(count=f"{self.over_limit:,}", cap=f"{MAX_ENTRIES:,}")
            )
        if self.refused:
            parts.append(self.refused)
        return parts


def import_library(
    store: HistoryStore,
    archive: zipfile.ZipFile,
    archive_name: str,
    cancel: threading.Event | None = None,
) -> LibraryImport | None:
    """Merge the library of an :func:`export_all` archive into the store's; None when the
    archive has none. Never raises for what the member holds: a library that cannot be
    read is left out, and the result says why."""
    try:
        info = archive.getinfo(LIBRARY_MEMBER)
    except KeyError:
        return None
    source = f"“{LIBRARY_MEMBER}”"
    if info.file_size > MAX_LIBRARY_BYTES:
        return _refused(
            translate(
                "ImportReport",
                "left out its prompt library: it would unpack to {size}, more than {cap}",
            ).format(size=megabytes(info.file_size), cap=megabytes(MAX_LIBRARY_BYTES))
        )
    member = _read_member(archive, info, cancel)
    if member.data is None:
        return _refused(
            translate("ImportReport", "left out its prompt library, which {problem}").format(
                problem=member.problem
            )
        )
    lines = member.data.split(b"\n", MAX_LINES)
    over = 0
    if len(lines) > MAX_LINES:
        rest = lines.pop().rstrip(b"\n")  # not parsed: only counted
        over = rest.count(b"\n") + 1 if rest else 0
    try:
        header = load_json(lines[0], source, cancel)
    except ImportFormatError:
        header = None
    if not isinstance(header, dict) or header.get("format") != LIBRARY_FORMAT:
        return _refused(translate("ImportReport", "left out its prompt library, which is not one"))
    if not isinstance(header.get("version"), int) or header["version"] > LIBRARY_VERSION:
        return _refused(
            translate(
                "ImportReport",
                "left out its prompt library, written by a newer version of the app",
            )
        )
    entries: list[LibraryEntry] = []
    damaged = 0
    for line in lines[1:]:
        stop_if_cancelled(cancel)
        if not line.strip():
            continue
        try:
            entry = _entry(load_json(line, source, cancel))
        except ImportFormatError:
            entry = None
        if entry is None:
            damaged += 1
        else:
            entries.append(entry)
    merge: LibraryMerge = store.merge_library_entries(entries)
    result = LibraryImport(
        prompts=merge.count(LibraryKind.PROMPT),
        assistants=merge.count(LibraryKind.ASSISTANT),
        kept=merge.kept,
        damaged=damaged + merge.refused,
        over_limit=merge.over_limit + over,
        repeated=merge.repeated,
        cut=merge.cut,
    )
    if result.has_problems:
        log.warning(
            "Import of %s: library entries left out: %d damaged, %d over the limit",
            archive_name,
            result.damaged,
            result.over_limit,
        )
    return result


def _refused(reason: str) -> LibraryImport:
    log.warning("Import: the prompt library was left out: %s", reason)
    return LibraryImport(refused=reason)


def _entry(value: Any) -> LibraryEntry | None:
    """The entry a line holds, or None when it is not one (the wrong kind or types)."""
    if not isinstance(value, dict):
        return None
    try:
        kind = LibraryKind(value.get("kind"))
    except ValueError:
        return None
    name, text, model = value.get("name"), value.get("text"), value.get("model", "")
    if not (isinstance(name, str) and isinstance(text, str) and isinstance(model, str)):
        return None
    return LibraryEntry(kind, name, text, model)
