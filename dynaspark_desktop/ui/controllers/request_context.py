"""What a request carries besides its question: the conversation's earlier turns, cut to
the model's context budget (core/context_window.py), and the image that goes with them.

The turns are read from the history, along the path to the question, so a long conversation
opened at its end sends its whole path (within the budget), not the page the window loaded.
Without a history (it could not be opened, or the question could not be saved), the turns
the window holds are all there is, and they are cut the same way.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.core.context_window import ContextTurn, ContextWindow, fit_latest
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.providers.context_budgets import context_tokens_for
from dynaspark_desktop.ui.controllers.history_jobs import HistoryUnavailableError

if TYPE_CHECKING:
    from pathlib import Path

    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.storage.context_path import FitLatest

log = logging.getLogger(__name__)

# Without settings (tests, tools): the window of a model whose window is not known.
DEFAULT_CONTEXT_TOKENS = 8_192


@runtime_checkable
class ContextSource(Protocol):
    """Where the path to a question is read (the history: ``history_context.py``)."""

    def start_context_read(
        self, conversation_id: int, question_message_id: int | None, fit: FitLatest
    ) -> concurrent.futures.Future[ContextWindow]: ...


@dataclass(frozen=True)
class RequestContext:
    messages: list[dict[str, Any]]  # the turns sent, then the question
    images: list[PreparedImage]
    window: ContextWindow


def settings_context_tokens(settings: Settings, model_key: str) -> int:
    """The context window for ``model_key`` as the settings say, read at each request."""
    return context_tokens_for(
        model_key,
        per_model=settings.get("model_context_tokens"),
        default=settings.get("context_tokens"),
    )


def default_context_tokens(model_key: str) -> int:
    return context_tokens_for(model_key, per_model={}, default=DEFAULT_CONTEXT_TOKENS)


@dataclass(frozen=True)
class PendingContext:
    """A request's context on its way: the read from the history already queued (behind
    the question's own save), and the turns the window holds to fall back on."""

    conversation: Conversation
    turn: Turn
    loaded: list[ContextTurn]
    fit: FitLatest
    reading: concurrent.futures.Future[ContextWindow] | None


def begin_request_context(
    conversation: Conversation,
    turn: Turn,
    *,
    context_tokens: int,
    source: ContextSource | None,
) -> PendingContext:
    """Start reading ``turn``'s context: called as the turn starts, right after its
    question's save was queued on the history's thread, so the read runs as soon as the
    save is done, while the request gets going (see :func:`request_context`)."""
    fit = functools.partial(
        fit_latest,
        question=turn.sent_question(),
        context_tokens=context_tokens,
        system_prompt=conversation.system_prompt,
        question_images=len(turn.images),
    )
    loaded = loaded_path(conversation, turn)
    reading = None
    # Nothing before the question in the window, which always holds the latest page:
    # nothing before it in the history either (a new chat's first question).
    if loaded and source is not None and conversation.id is not None:
        with contextlib.suppress(HistoryUnavailableError):
            reading = source.start_context_read(conversation.id, turn.message_id, fit)
    return PendingContext(conversation, turn, loaded, fit, reading)


async def request_context(pending: PendingContext) -> RequestContext:
    """The messages and images of the request, once its question's save has been awaited:
    the turns read from the history when the question was saved, else those the window
    holds, cut the same way."""
    import asyncio

    turn = pending.turn
    window: ContextWindow | None = None
    reading = pending.reading
    # Unsaved (no history, a full disk), the question is not the history's latest.
    if reading is not None and turn.message_id is not None:
        try:
            window = reading.result() if reading.done() else await asyncio.wrap_future(reading)
        except HistoryUnavailableError:
            pass
        except Exception:
            # The turns the window holds still make a context.
            log.exception("The context could not be read from the history")
    if window is None:  # as core.context_window.fit_context cuts a path
        window = pending.fit(
            reversed([t for t in pending.loaded if t.answered]), len(pending.loaded)
        )
    if turn.image is not None:
        images = [await _with_bytes(turn), *await _more_with_bytes(turn)]
    elif window.image_turn is not None:
        images = [await _image_of(window.image_turn.image)]
    else:
        images = []
    return RequestContext(window.messages(turn.sent_question()), images, window)


def loaded_path(conversation: Conversation, turn: Turn) -> list[ContextTurn]:
    """The turns the window holds before ``turn`` (when the history cannot be read)."""
    path: list[ContextTurn] = []
    for earlier in conversation.turns:
        if earlier is turn:
            break
        path.append(
            ContextTurn(
                earlier.sent_question(),
                earlier.answer,
                answered=earlier.state is TurnState.ANSWERED,
                image=earlier if earlier.image is not None else None,
            )
        )
    return path


async def _image_of(image: Any) -> PreparedImage:
    """An earlier turn's image: a turn the window holds, or an image the history keeps."""
    if isinstance(image, Turn):
        return await _with_bytes(image)
    from dynaspark_desktop.storage.rows import prepared_from_stored

    data = await _read_image_file(image.path, image.filename)
    return prepared_from_stored(image, data, b"")


async def _with_bytes(image_turn: Turn) -> PreparedImage:
    """The turn's image, in memory for a new turn; read from the history's folder (in a
    thread) for a turn loaded from it, which keeps only the thumbnail in memory."""
    image = image_turn.image
    assert image is not None
    if not image.data and image_turn.image_path is not None:
        data = await _read_image_file(image_turn.image_path, image.filename)
        image_turn.image = image = dataclasses.replace(image, data=data)
    return image


async def _more_with_bytes(turn: Turn) -> list[PreparedImage]:
    """The turn's images after the first, with their bytes (read as in :func:`_with_bytes`)."""
    images = []
    for index, image in enumerate(turn.more_images):
        path = turn.more_image_paths[index] if index < len(turn.more_image_paths) else None
        if not image.data and path is not None:
            image = dataclasses.replace(image, data=await _read_image_file(path, image.filename))
            turn.more_images[index] = image
        images.append(image)
    return images


async def _read_image_file(path: Path, filename: str) -> bytes:
    import asyncio

    try:
        return await asyncio.to_thread(path.read_bytes)
    except OSError as error:
        raise UserFacingError(
            translate(
                "RequestContext",
                "The image “{name}” is missing from the history folder, so it cannot be sent "
                "again.",
            ).format(name=filename),
            detail=repr(error),
        ) from error
