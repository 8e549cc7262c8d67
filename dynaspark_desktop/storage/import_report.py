"""What an import did, as the notice at its end says it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dynaspark_desktop.core.i18n import translate

if TYPE_CHECKING:
    from dynaspark_desktop.storage.prompt_transfer import LibraryImport


@dataclass(frozen=True)
class SkippedImport:
    source: str  # the member's or conversation's name, quoted
    problem: str  # what is wrong, a phrase that follows the name ("is damaged ...")


@dataclass(frozen=True)
class ImportReport:
    """What an import added (new conversation ids, in the archive's order) and left out.

    ``unchanged`` names the conversations the history already held as they are (not
    imported again); ``copies`` are the ids, among ``imported``, of conversations the history
    held but that changed since (kept as copies, their titles marked); ``partial`` names the
    conversations imported without some of their parts, and says which.
    """

    imported: tuple[int, ...]
    skipped: tuple[SkippedImport, ...] = ()
    unchanged: tuple[str, ...] = ()
    copies: tuple[int, ...] = ()
    partial: tuple[SkippedImport, ...] = ()
    library: LibraryImport | None = None  # the archive's saved prompts and assistants

    def user_message(self, shown: int = 3) -> str:
        """ "Imported 12 conversations; skipped 2 that were damaged: “a.json” (has ...), ..."."""
        # Counted with a colon where Russian needs a plural (see core/i18n.py): "Импортировано
        # разговоров: 12".
        count = len(self.imported)
        parts = [
            translate("ImportReport", "Imported 1 conversation")
            if count == 1
            else translate("ImportReport", "Imported {count} conversations").format(count=count)
        ]
        if self.copies:
            copies = len(self.copies)
            parts.append(
                translate(
                    "ImportReport",
                    "1 of them was already in your history but changed since, so it was kept "
                    "as a copy marked “(imported)”",
                )
                if copies == 1
                else translate(
                    "ImportReport",
                    "{count} of them were already in your history but changed since, so they "
                    "were kept as copies marked “(imported)”",
                ).format(count=copies)
            )
        if self.unchanged:
            titles = _listed([f"“{title}”" for title in self.unchanged], shown)
            parts.append(
                translate(
                    "ImportReport", "skipped {count} already in your history unchanged: {titles}"
                ).format(count=len(self.unchanged), titles=titles)
            )
        if self.skipped:
            damaged = _listed([_said(item.source, item.problem) for item in self.skipped], shown)
            parts.append(
                (
                    translate("ImportReport", "skipped 1 that was damaged: {items}")
                    if len(self.skipped) == 1
                    else translate("ImportReport", "skipped {count} that were damaged: {items}")
                ).format(count=len(self.skipped), items=damaged)
            )
        if self.partial:
            parts.append(
                translate("ImportReport", "left out parts of {items}").format(
                    items=_listed(
                        [f"{item.source} ({item.problem})" for item in self.partial], shown
                    )
                )
            )
        if self.library is not None:
            parts += self.library.phrases()
        return "; ".join(parts) + "."

    @property
    def has_problems(self) -> bool:
        """Whether anything was left out (the notice then stays until closed)."""
        library = self.library is not None and self.library.has_problems
        return bool(self.skipped or self.partial or library)


def _said(source: str, problem: str) -> str:
    """A name and what is wrong with it: "“a.json” is not …", or "«a.json»: это не …"."""
    return source + ("" if problem[:1] in ":," else " ") + problem


def _listed(items: list[str], shown: int) -> str:
    text = "; ".join(items[:shown])
    more = len(items) - shown
    if more <= 0:
        return text
    return text + translate("ImportReport", "; and {count} more (see the log)").format(count=more)
