"""What an import did, as the notice at its end says it."""

from __future__ import annotations

from dataclasses import dataclass


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

    def user_message(self, shown: int = 3) -> str:
        """ "Imported 12 conversations; skipped 2 that were damaged: “a.json” (has ...), ..."."""
        count = len(self.imported)
        parts = [f"Imported {count} conversation{'' if count == 1 else 's'}"]
        if self.copies:
            copies = len(self.copies)
            parts.append(
                f"{copies} of them {'was' if copies == 1 else 'were'} already in your history "
                f"but changed since, so {'it was' if copies == 1 else 'they were'} kept as "
                f"{'a copy' if copies == 1 else 'copies'} marked “(imported)”"
            )
        if self.unchanged:
            same = len(self.unchanged)
            parts.append(
                f"skipped {same} already in your history unchanged: "
                + _listed([f"“{title}”" for title in self.unchanged], shown)
            )
        if self.skipped:
            was = "that was" if len(self.skipped) == 1 else "that were"
            parts.append(
                f"skipped {len(self.skipped)} {was} damaged: "
                + _listed([f"{item.source} {item.problem}" for item in self.skipped], shown)
            )
        if self.partial:
            parts.append(
                "left out parts of "
                + _listed([f"{item.source} ({item.problem})" for item in self.partial], shown)
            )
        return "; ".join(parts) + "."

    @property
    def has_problems(self) -> bool:
        """Whether anything was left out (the notice then stays until closed)."""
        return bool(self.skipped or self.partial)


def _listed(items: list[str], shown: int) -> str:
    text = "; ".join(items[:shown])
    more = len(items) - shown
    return text + (f"; and {more} more (see the log)" if more > 0 else "")
