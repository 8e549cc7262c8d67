"""What a saved answer keeps besides its text and model: its measures (tokens, the wait for
its first text) and its notes (how much of the path its request carried, which models failed
before the one that answered), shown in its header whichever version is on screen."""

from __future__ import annotations

from dataclasses import dataclass

# A fallback note is a line of the header: a server's error text may be long.
MAX_FALLBACK_NOTE_CHARS = 2000


@dataclass(frozen=True)
class AnswerMeasures:
    """What an answer's header shows besides its model and duration."""

    tokens: int | None = None  # the server's count, else the pieces streamed
    first_text_ms: int | None = None  # the wait for the first text, when streamed
    # (turns sent, turns on the path) when the oldest were left out; None: the whole path.
    context_turns: tuple[int, int] | None = None
    fallback_note: str = ""  # which models failed before the one that answered, and why

    @classmethod
    def of(
        cls,
        tokens: int | None,
        first_text_seconds: float | None,
        *,
        context_turns: tuple[int, int] | None = None,
        fallback_note: str = "",
    ) -> AnswerMeasures:
        return cls(
            tokens=tokens or None,
            first_text_ms=milliseconds(first_text_seconds),
            context_turns=context_turns,
            fallback_note=fallback_note[:MAX_FALLBACK_NOTE_CHARS],
        )

    def row_values(self) -> tuple[int | None, int | None, int | None, int | None, str]:
        """Values for the columns tokens, first_text_ms, context_sent, context_total,
        fallback_note, in order."""
        sent, total = self.context_turns if self.context_turns is not None else (None, None)
        return self.tokens, self.first_text_ms, sent, total, self.fallback_note


def milliseconds(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)
