"""Steps of a chat turn's request that keep no state of their own: the answer as saved, the
image a request carries, a note of which model answered after a fallback, drawing the
picture an ``/imagine`` question asks for; and where turns are saved (``TurnRecorder``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from dynaspark_desktop.core.errors import BadRequestError, UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_known_secrets
from dynaspark_desktop.providers.base import ChatRequest
from dynaspark_desktop.providers.concurrency import limited
from dynaspark_desktop.providers.model_keys import model_name, provider_of

if TYPE_CHECKING:
    import concurrent.futures
    from collections.abc import AsyncIterator, Sequence

    import aiohttp

    from dynaspark_desktop.core.chat import Conversation, Turn
    from dynaspark_desktop.core.conversation import ChatMessage
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.core.parameters import ChatParameters
    from dynaspark_desktop.providers.base import ChatProvider, StreamItem
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

    def record_result(
        self, turn: Turn, *, unread: bool = False
    ) -> concurrent.futures.Future[Any] | None:
        """Save how ``turn`` ended (``unread``: away from the screen). Must not wait: it is
        called while a task is cancelled. Returns the answer's save, when one is queued."""

    def mark_read(self, conversation_id: int) -> None:
        """The conversation was shown: its answers are no longer unread."""


def answer_from(parts: list[str]) -> str:
    """The answer as shown once it ended and as saved, with any key the server echoed masked
    (in the whole text: a key can arrive split over two pieces)."""
    return redact_known_secrets("".join(parts))


def image_turn_has_image(conversation: Conversation, turn: Turn) -> bool:
    """Whether the request for ``turn`` carries an image (its own or an earlier one)."""
    return conversation.request_for(turn)[1] is not None


def note_fallback(turn: Turn, answering: Any, images_dropped: str = "") -> None:
    """Say which model answered, and why the ones before it did not (and, when it reads
    fewer images than the request carries, ``images_dropped``: which it got)."""
    note = ""
    if answering.failures:
        failed = "; ".join(f"{model_name(key)}: {error}" for key, error in answering.failures)
        note = translate("TurnSteps", "Answered by {model} ({failures})").format(
            model=model_name(answering.candidate), failures=failed
        )
        if images_dropped:
            note = f"{note} {images_dropped}"
    turn.answering(answering.candidate, note)


def images_dropped_note(catalog: Any, key: str, images: Sequence[PreparedImage]) -> str:
    """What the model ``key`` leaves out of ``images`` (it reads fewer): empty when it reads
    them all. A fallback can move a request to such a model after the tray's note was shown
    for another, so the fallback note must say it (never silently)."""
    info = catalog.info(key) if catalog is not None else None
    most = info.most_images if info is not None and info.image_input else None
    if most is None or len(images) <= most:
        return ""
    if most == 1:
        return translate(
            "TurnSteps", "Only the first of the {count} images, “{name}”, was sent."
        ).format(count=len(images), name=images[0].filename)
    return translate("TurnSteps", "Only the first {most} of the {count} images were sent.").format(
        most=most, count=len(images)
    )


def fail(turn: Turn, error: UserFacingError, answer: str) -> None:
    """``turn`` failed with ``error`` (``answer``: what arrived before). When a request with
    several images was refused as sent (400), it says the model may take fewer: servers that
    read one answer that way, often in words of their own."""
    text = str(error)
    if isinstance(error, BadRequestError) and len(turn.images) > 1:
        text += " " + translate(
            "TurnSteps",
            "This model may take fewer than the {count} images sent at once: ask again with "
            "fewer (the question and its images stay above).",
        ).format(count=len(turn.images))
    turn.fail(text, retryable=error.retryable, answer=answer)


def provider_for(chat: Any, provider_id: str) -> ChatProvider | None:
    """The provider ``provider_id`` (the catalog's; before it exists, ``chat.provider``)."""
    if chat.catalog is not None:
        return chat.catalog.registry.get(provider_id)
    return chat.provider if chat.provider.id == provider_id else None


def candidates(catalog: Any, key: str) -> list[str]:
    """The models to try for ``key``, in order (its fallbacks after it)."""
    return catalog.fallback_candidates(key) if catalog is not None else [key]


async def record_start(
    recorder: TurnRecorder | None, edited: set[int], turn: Turn, saving: Awaitable[None] | None
) -> None:
    """Wait for the question's save (started with the request), or save a retry or an edit
    of a question already saved."""
    if saving is not None:
        await saving
    elif recorder is not None and turn.message_id is not None:
        if turn.id in edited:
            await recorder.record_edit(turn)
        await recorder.record_retry(turn)
    edited.discard(turn.id)


def provider_stream(
    chat: Any,
    session: aiohttp.ClientSession,
    key: str,
    messages: Sequence[ChatMessage],
    images: Sequence[PreparedImage],
    system_prompt: str,
    parameters: ChatParameters,
) -> AsyncIterator[StreamItem]:
    """The stream of the model ``key`` (``chat``'s catalog resolves it to its provider; with
    no catalog yet, ``chat.provider`` answers)."""
    if chat.catalog is not None:
        provider, model_id = chat.catalog.resolve(key)
    else:
        provider, model_id = chat.provider, key
    request = ChatRequest(
        model_id,
        messages,
        images,
        system_prompt or None,
        parameters=parameters,
        proxy=chat.proxy,
        timeout=chat.timeout_seconds,
    )
    return provider.stream_chat(session, request)


def slotted_stream(
    chat: Any,
    session: aiohttp.ClientSession,
    key: str,
    messages: Sequence[ChatMessage],
    images: Sequence[PreparedImage],
    system_prompt: str,
    parameters: ChatParameters,
    queued: Callable[[bool], None],
) -> AsyncIterator[StreamItem]:
    """:func:`provider_stream`, opened once a slot of the model's provider is free: what a
    chat's turn and each compared column ask for. ``queued(True)`` while it waits for the
    slot, ``queued(False)`` once it has it (its times start then)."""
    return limited(
        chat.slots,
        provider_of(key),
        lambda: provider_stream(chat, session, key, messages, images, system_prompt, parameters),
        lambda: queued(True),
        lambda: queued(False),
    )


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
