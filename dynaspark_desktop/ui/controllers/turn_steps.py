"""Steps of a chat turn's request that keep no state of their own: the answer as saved, the
image a request carries, a note of which model answered after a fallback, drawing the
picture an ``/imagine`` question asks for; and where turns are saved (``TurnRecorder``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Protocol

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.redaction import redact_known_secrets
from dynaspark_desktop.providers.model_keys import model_name

if TYPE_CHECKING:
    import aiohttp

    from dynaspark_desktop.core.chat import Conversation, Turn
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.providers.concurrency import ProviderSlots


class DrawingChat(Protocol):
    """What drawing a picture needs of the chat controller."""

    catalog: Any  # the ModelCatalog, or None before it exists
    slots: ProviderSlots
    proxy: str | None
    timeout_seconds: float | None
    rateLimitSeen: Any  # Signal(str, RateLimit)

    def mark_queued(self, turn: Turn, queued: bool) -> None: ...


class TurnRecorder(Protocol):
    """Where turns are saved (the history). A question is saved before it is sent."""

    def record_question(self, conversation: Conversation, turn: Turn) -> Awaitable[None]:
        """Start saving ``turn``'s question (and image) now; awaiting the result sets
        ``turn.message_id`` and, for a new chat, ``conversation.id``, and raises
        UserFacingError when it could not be saved."""

    async def record_retry(self, turn: Turn) -> None: ...

    async def record_edit(self, turn: Turn) -> None:
        """``turn.question`` was rewritten: save it, and drop every later message."""

    def record_result(self, turn: Turn) -> None:
        """Save how ``turn`` ended. Must not wait: it is called while a task is cancelled."""


def answer_from(parts: list[str]) -> str:
    """The answer as shown once it ended and as saved, with any key the server echoed masked
    (in the whole text: a key can arrive split over two pieces)."""
    return redact_known_secrets("".join(parts))


def image_turn_has_image(conversation: Conversation, turn: Turn) -> bool:
    """Whether the request for ``turn`` carries an image (its own or an earlier one)."""
    return conversation.request_for(turn)[1] is not None


def note_fallback(turn: Turn, answering: Any) -> None:
    """Say which model answered, and why the ones before it did not."""
    note = ""
    if answering.failures:
        failed = "; ".join(f"{model_name(key)}: {error}" for key, error in answering.failures)
        note = f"Answered by {model_name(answering.candidate)} ({failed})"
    turn.answering(answering.candidate, note)


async def images_for(image_turn: Turn | None) -> list[PreparedImage]:
    """The image to send: in memory for a new turn; read from the history (in a thread) for
    a turn loaded from it, which keeps only the thumbnail in memory."""
    if image_turn is None or image_turn.image is None:
        return []
    image = image_turn.image
    if not image.data and image_turn.image_path is not None:
        import asyncio

        path = image_turn.image_path
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            raise UserFacingError(
                f"The image “{image.filename}” is missing from the history folder, so it "
                "cannot be sent again.",
                detail=repr(error),
            ) from error
        image_turn.image = image = dataclasses.replace(image, data=data)
    return [image]


async def draw(chat: DrawingChat, turn: Turn, session: aiohttp.ClientSession) -> None:
    """An ``/imagine`` question: the picture is the answer (its caption the text). It waits
    for a slot of the image service, as a chat request waits for its provider's."""
    from dynaspark_desktop.providers.image_generation import (
        IMAGE_PROVIDER_ID,
        draw_picture,
        image_provider,
    )

    provider = image_provider(chat.catalog.registry if chat.catalog is not None else None)
    try:
        async with chat.slots.slot(IMAGE_PROVIDER_ID, lambda: chat.mark_queued(turn, True)):
            chat.mark_queued(turn, False)
            picture = await draw_picture(
                provider, session, turn.question, proxy=chat.proxy, timeout=chat.timeout_seconds
            )
    finally:
        # A refusal (429) reports the allowance too: the header shows when it resets.
        if provider.last_rate_limit is not None:
            chat.rateLimitSeen.emit(IMAGE_PROVIDER_ID, provider.last_rate_limit)
    turn.finish_with_picture(picture)
