"""An answer's stream, item by item: text grows the answer, a fallback says who answers, a
rate limit is reported, the server's token count kept. Every stream shares one frame budget
(``core.pacing.streams_pacer``): ten answers streaming at once cost the window one budget a
frame, not ten."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.pacing import streams_pacer
from dynaspark_desktop.providers.base import AnswerDone, RateLimit
from dynaspark_desktop.providers.model_keys import model_name, provider_of
from dynaspark_desktop.ui.controllers.turn_steps import note_fallback

if TYPE_CHECKING:
    from dynaspark_desktop.core.chat import Turn
    from dynaspark_desktop.providers.base import StreamItem


async def follow_stream(
    turn: Turn,
    candidates: list[str],
    open_stream: Callable[[str], AsyncIterator[StreamItem]],
    grow: Callable[[str], None],
    rate_limit_seen: Any,  # Signal(str, RateLimit)
    images_dropped: Callable[[str], str] = lambda key: "",
) -> None:
    """Work through the stream of the first candidate that answers (``open_stream``),
    handing each piece of text to ``grow``; ``images_dropped(key)`` says which images the
    model ``key`` leaves out, for the note of a fallback."""
    import asyncio

    from dynaspark_desktop.providers.fallback import Answering, stream_with_fallback

    pacer = streams_pacer()
    async for item in stream_with_fallback(candidates, open_stream, describe=model_name):
        await pacer.pace()  # a burst that arrived at once must not freeze the window
        if isinstance(item, str):
            if item:
                grow(item)
                if turn.pieces == 1:
                    # The first words are painted before the rest of what arrived with them
                    # is handled (a fast server sends many at once).
                    await asyncio.sleep(0)
        elif isinstance(item, Answering):
            note_fallback(turn, item, images_dropped(item.candidate) if item.failures else "")
        elif isinstance(item, RateLimit):
            rate_limit_seen.emit(provider_of(turn.answered_by or turn.model), item)
        elif isinstance(item, AnswerDone) and item.usage is not None:
            turn.completion_tokens = item.usage.completion_tokens
