"""What a request carries besides its question: the conversation's earlier turns, cut to
the model's context budget (core/context_window.py), and the image that goes with them.

The turns are read from the history, along the path to the question, so a long conversation
opened at its end sends its whole path (within the budget), not the page the window loaded.
Without a history (it could not be opened, or the question could not be saved), the turns
the window holds are all there is, and they are cut the same way.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.core.context_window import (
    ContextTurn,
    ContextWindow,
    fit_context,
    fit_latest,
)
from dynaspark_desktop.core.errors import UserFacingError
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

    def read_context(
        self,
        conversation_id: int,
        question_message_id: int,
        fit: FitLatest,
    ) -> Awaitable[ContextWindow]: ...


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


async def build_request_context(
    conversation: Conversation,
    turn: Turn,
    *,
    context_tokens: int,
    source: ContextSource | None,
) -> RequestContext:
    """The messages and images of ``turn``'s request (its question saved, when it could
    be: the path is read up to it)."""

    budget = {
        "context_tokens": context_tokens,
        "system_prompt": conversation.system_prompt,
        "question_has_image": turn.image is not None,
    }

    def fit(newest_first: Iterable[ContextTurn], path_turns: int) -> ContextWindow:
        return fit_latest(newest_first, path_turns, turn.question, **budget)

    window: ContextWindow | None = None
    loaded = loaded_path(conversation, turn)
    if not loaded:
        # Nothing before the question in the window, which always holds the latest page:
        # nothing before it in the history either (a new chat's first question).
        window = ContextWindow((), 0)
    elif source is not None and conversation.id is not None and turn.message_id is not None:
        try:
            window = await source.read_context(conversation.id, turn.message_id, fit)
        except HistoryUnavailableError:
            pass
        except Exception:
            # The turns the window holds still make a context (the history said why it
            # failed in the log; the question's own save failing was told already).
            log.exception("The context could not be read from the history")
    if window is None:
        window = fit_context(loaded, turn.question, **budget)
    if turn.image is not None:
        images = [await _with_bytes(turn)]
    elif window.image_turn is not None:
        images = [await _image_of(window.image_turn.image)]
    else:
        images = []
    return RequestContext(window.messages(turn.question), images, window)


def loaded_path(conversation: Conversation, turn: Turn) -> list[ContextTurn]:
    """The turns the window holds before ``turn`` (when the history cannot be read)."""
    path: list[ContextTurn] = []
    for earlier in conversation.turns:
        if earlier is turn:
            break
        path.append(
            ContextTurn(
                earlier.question,
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


async def _read_image_file(path: Path, filename: str) -> bytes:
    import asyncio

    try:
        return await asyncio.to_thread(path.read_bytes)
    except OSError as error:
        raise UserFacingError(
            f"The image “{filename}” is missing from the history folder, so it "
            "cannot be sent again.",
            detail=repr(error),
        ) from error
