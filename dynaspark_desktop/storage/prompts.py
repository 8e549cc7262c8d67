"""The prompt library: saved prompts (a name and a text, inserted with ``/name`` in the
composer) and assistants (a name, a system prompt and optionally a model, to start a new
chat with), kept in the history database beside the conversations.

Names are checked here, where they are stored, and by the editor as the user types
(:func:`name_problem`): non-empty, of a bounded length, unique within their kind whatever
their case; a prompt's name is also one word (it is typed after ``/``). Texts are cut to
:data:`MAX_TEXT_CHARS`. The library holds at most :data:`MAX_ENTRIES` of each kind.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.storage.models import HistoryError
from dynaspark_desktop.storage.store_base import StoreBase

# A system prompt is cut at the same length (ui/widgets/system_prompt_dialog.py).
MAX_TEXT_CHARS = 20_000
MAX_PROMPT_NAME_CHARS = 40
MAX_ASSISTANT_NAME_CHARS = 80
MAX_MODEL_CHARS = 200
# Of each kind: a library people keep by hand has dozens; an import may not bring more.
MAX_ENTRIES = 1_000
# Typed after "/": letters, digits, "-", "_" and "." (no spaces).
_PROMPT_NAME = re.compile(r"[\w.-]+")
# The composer's own command (providers/image_generation.py): a prompt may not hide it.
RESERVED_PROMPT_NAMES = frozenset({"imagine"})


class LibraryKind(StrEnum):
    PROMPT = "prompt"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class LibraryEntry:
    """A saved prompt (``text`` is what ``/name`` inserts) or an assistant (``text`` is
    its system prompt, ``model`` the model its chats start with, "" for the one chosen)."""

    kind: LibraryKind
    name: str
    text: str
    model: str = ""


@dataclass(frozen=True)
class PromptLibrary:
    prompts: tuple[LibraryEntry, ...] = ()
    assistants: tuple[LibraryEntry, ...] = ()

    def of_kind(self, kind: LibraryKind) -> tuple[LibraryEntry, ...]:
        return self.prompts if kind is LibraryKind.PROMPT else self.assistants


class LibraryNameError(HistoryError):
    """A name the library does not take; the message says why."""


def same_name(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()


def name_problem(kind: LibraryKind, name: str, taken: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot name an entry of ``kind`` beside the ``taken`` names, or None."""
    if not name.strip():
        return translate("PromptLibrary", "A name is needed.")
    limit = MAX_PROMPT_NAME_CHARS if kind is LibraryKind.PROMPT else MAX_ASSISTANT_NAME_CHARS
    if len(name) > limit:
        return translate("PromptLibrary", "A name can be at most {count} characters.").format(
            count=limit
        )
    if not name.isprintable() or name != name.strip():
        return translate(
            "PromptLibrary", "A name cannot start or end with a space or hold control characters."
        )
    if kind is LibraryKind.PROMPT:
        if _PROMPT_NAME.fullmatch(name) is None:
            return translate(
                "PromptLibrary",
                "A prompt's name is one word: letters, digits, “-”, “_” and “.”, no spaces.",
            )
        if name.casefold() in RESERVED_PROMPT_NAMES:
            return translate("PromptLibrary", "“/{name}” is the composer's own command.").format(
                name=name
            )
    if any(same_name(name, other) for other in taken):
        if kind is LibraryKind.PROMPT:
            return translate("PromptLibrary", "There is already a prompt named “{name}”.").format(
                name=name
            )
        return translate("PromptLibrary", "There is already an assistant named “{name}”.").format(
            name=name
        )
    return None


def cut_entry(entry: LibraryEntry) -> LibraryEntry:
    """``entry`` with its text and model within their lengths (cut, not refused)."""
    if len(entry.text) <= MAX_TEXT_CHARS and len(entry.model) <= MAX_MODEL_CHARS:
        return entry
    return LibraryEntry(
        entry.kind, entry.name, entry.text[:MAX_TEXT_CHARS], entry.model[:MAX_MODEL_CHARS]
    )


class LibraryRecords(StoreBase):
    """Mixed into :class:`~dynaspark_desktop.storage.history.HistoryStore`."""

    def prompt_library(self) -> PromptLibrary:
        """Every entry, each kind in name order (case ignored)."""
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT kind, name, text, model FROM library ORDER BY name COLLATE NOCASE, id"
            ).fetchall()
        entries = [LibraryEntry(LibraryKind(row[0]), row[1], row[2], row[3]) for row in rows]
        return PromptLibrary(
            prompts=tuple(entry for entry in entries if entry.kind is LibraryKind.PROMPT),
            assistants=tuple(entry for entry in entries if entry.kind is LibraryKind.ASSISTANT),
        )

    def save_library_entry(self, entry: LibraryEntry, *, replacing: str | None = None) -> None:
        """Add ``entry``, or, with ``replacing``, change the entry of that name (renamed when
        ``entry.name`` differs). Raises LibraryNameError for a name it does not take, and
        KeyError when ``replacing`` names no entry."""
        entry = cut_entry(entry)
        with self._writing() as connection:
            names = _names(connection, entry.kind)
            taken = [name for name in names if replacing is None or not same_name(name, replacing)]
            problem = name_problem(entry.kind, entry.name, taken)
            if problem is not None:
                raise LibraryNameError(problem)
            now = self._clock()
            if replacing is None:
                if len(names) >= MAX_ENTRIES:
                    raise LibraryNameError(
                        translate(
                            "PromptLibrary", "The library holds at most {count} of each."
                        ).format(count=MAX_ENTRIES)
                    )
                connection.execute(
                    "INSERT INTO library (kind, name, text, model, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (entry.kind.value, entry.name, entry.text, entry.model, now, now),
                )
                return
            changed = connection.execute(
                "UPDATE library SET name = ?, text = ?, model = ?, updated = ? "
                "WHERE kind = ? AND name = ? COLLATE NOCASE",
                (entry.name, entry.text, entry.model, now, entry.kind.value, replacing),
            ).rowcount
            if changed == 0:
                raise KeyError(f"no {entry.kind.value} named {replacing!r}")

    def delete_library_entry(self, kind: LibraryKind, name: str) -> bool:
        """Remove the entry; False when there was none of that name."""
        with self._writing() as connection:
            return (
                connection.execute(
                    "DELETE FROM library WHERE kind = ? AND name = ? COLLATE NOCASE",
                    (kind.value, name),
                ).rowcount
                > 0
            )

    def merge_library_entries(self, entries: Sequence[LibraryEntry]) -> LibraryMerge:
        """Add the ``entries`` whose names the library does not hold yet (an import): one
        already there is left as it is, whatever the import says, and so is a name the
        library does not take; past :data:`MAX_ENTRIES` of a kind, the rest are left out."""
        added: list[LibraryEntry] = []
        kept = refused = over = repeated = cut = 0
        with self._writing() as connection:
            names = {
                kind: {name.casefold() for name in _names(connection, kind)} for kind in LibraryKind
            }
            held = {kind: set(taken) for kind, taken in names.items()}  # before the import
            now = self._clock()
            for entry in entries:
                taken = names[entry.kind]
                if entry.name.casefold() in held[entry.kind]:
                    kept += 1
                    continue
                if entry.name.casefold() in taken:
                    repeated += 1  # the import names it twice (in another case): the first wins
                    continue
                if name_problem(entry.kind, entry.name) is not None:
                    refused += 1
                    continue
                if len(taken) >= MAX_ENTRIES:
                    over += 1
                    continue
                whole, entry = entry, cut_entry(entry)
                cut += entry is not whole
                connection.execute(
                    "INSERT INTO library (kind, name, text, model, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (entry.kind.value, entry.name, entry.text, entry.model, now, now),
                )
                taken.add(entry.name.casefold())
                added.append(entry)
        return LibraryMerge(
            tuple(added), kept=kept, refused=refused, over_limit=over, repeated=repeated, cut=cut
        )


@dataclass(frozen=True)
class LibraryMerge:
    """What :meth:`LibraryRecords.merge_library_entries` did."""

    added: tuple[LibraryEntry, ...]
    kept: int = 0  # a name already in the library: the library's entry stays
    refused: int = 0  # a name the library does not take
    over_limit: int = 0  # left out: the library was full
    repeated: int = 0  # a name an earlier entry of the same import has (case ignored)
    cut: int = 0  # added with its text (or model) cut to the library's limit

    def count(self, kind: LibraryKind) -> int:
        return sum(entry.kind is kind for entry in self.added)


def _names(connection: sqlite3.Connection, kind: LibraryKind) -> list[str]:
    return [
        row[0]
        for row in connection.execute("SELECT name FROM library WHERE kind = ?", (kind.value,))
    ]


__all__ = [
    "MAX_ENTRIES",
    "MAX_TEXT_CHARS",
    "LibraryEntry",
    "LibraryKind",
    "LibraryMerge",
    "LibraryNameError",
    "LibraryRecords",
    "PromptLibrary",
    "name_problem",
]
