"""The one protocol every chat provider implements, and the values that cross it.

How the UI uses a provider (all on the qasync loop, with the app's one aiohttp session)::

    models = await provider.list_models(session, proxy=proxy)   # may raise UserFacingError
    request = ChatRequest(model.id, messages, images, system_prompt, proxy=proxy)
    async for item in provider.stream_chat(session, request):
        if isinstance(item, str):          # text as it arrives: append it
            ...
        elif isinstance(item, RateLimit):  # show item.describe() near the model picker
            ...
        elif isinstance(item, AnswerDone): # last item: usage, the model that answered
            ...

Every failure is a :class:`~dynaspark_desktop.core.errors.UserFacingError` whose ``str()``
is a sentence for the user; ``retryable`` says whether "Retry" / "Try with another model"
makes sense. Cancelling the consumer closes the request at once.

Nothing here imports aiohttp or asyncio: the window imports this before its first paint.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from dynaspark_desktop.core.conversation import ChatMessage
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.core.timestamps import local_time

if TYPE_CHECKING:
    import aiohttp


@dataclass(frozen=True)
class ModelInfo:
    """One model a provider offers, with what it can do.

    ``image_input`` is what the provider knows or, for servers that do not say, a guess from
    the model's name: the picker may show it, but a server can still refuse an image.
    ``system_prompt`` False means the prompt is still sent, folded into the text.
    ``most_images``: the images one request carries (None: as many as attached); the window
    says which go before sending.
    """

    id: str
    label: str = ""
    image_input: bool = False
    most_images: int | None = None
    system_prompt: bool = True
    streaming: bool = True

    @property
    def display_name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class ModelRef:
    """A model of a given provider, e.g. for settings and fallback lists.

    ``key`` is ``provider_id:model_id``; provider ids never hold ``:`` (model ids may, as in
    Ollama's ``llama3.2:3b``), so :meth:`parse` splits at the first one.
    """

    provider_id: str
    model_id: str

    @property
    def key(self) -> str:
        return f"{self.provider_id}:{self.model_id}"

    @classmethod
    def parse(cls, key: str) -> ModelRef:
        provider_id, colon, model_id = key.partition(":")
        if not colon or not provider_id or not model_id:
            raise ValueError(f"not a provider:model key: {key!r}")
        return cls(provider_id, model_id)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None


@dataclass(frozen=True)
class RateLimit:
    """A service's request allowance, from its ``X-RateLimit-*`` headers."""

    limit: int | None
    remaining: int | None
    reset_at: float | None  # epoch seconds
    window: str = QT_TRANSLATE_NOOP("RateLimit", "this hour")

    def describe(self, now: float | None = None) -> str:
        """E.g. "42 of 100 requests left this hour, resets 14:00" (local time)."""
        window = translate("RateLimit", self.window)
        if self.remaining is not None and self.limit is not None:
            text = translate("RateLimit", "{remaining} of {limit} requests left {window}").format(
                remaining=self.remaining, limit=self.limit, window=window
            )
        elif self.remaining is not None:
            text = translate("RateLimit", "{remaining} requests left {window}").format(
                remaining=self.remaining, window=window
            )
        else:
            text = translate("RateLimit", "{limit} requests allowed {window}").format(
                limit=self.limit, window=window
            )
        if self.reset_at is not None:
            text += translate("RateLimit", ", resets {time}").format(time=self.reset_clock(now))
        return text

    def reset_clock(self, now: float | None = None) -> str:
        """The reset time as a clock reading; with the date when it is not today."""
        if self.reset_at is None:
            return ""
        # local_time: a server's reset time can be any number, and must not raise here.
        reset = local_time(self.reset_at).timetuple()
        today = local_time(time.time() if now is None else now).timetuple()
        if reset[:3] == today[:3]:
            return time.strftime("%H:%M", reset)
        return time.strftime("%Y-%m-%d %H:%M", reset)


@dataclass(frozen=True)
class AnswerDone:
    """The last item of a successful answer.

    ``model`` is the model the service says answered (may differ from the one asked, e.g.
    an alias), ``finish_reason`` is e.g. "stop" or "length" (cut at the length limit).
    """

    model: str | None = None
    finish_reason: str | None = None
    usage: Usage | None = None


StreamItem = str | RateLimit | AnswerDone

# How the window hands out its one HTTP session (made on first use, inside the loop).
SessionFactory = Callable[[], Awaitable["aiohttp.ClientSession"]]


class ImageAttachment(Protocol):
    """An image to send: ``core.images.PreparedImage`` is one."""

    @property
    def data(self) -> bytes: ...

    @property
    def mime_type(self) -> str: ...

    @property
    def filename(self) -> str: ...


@dataclass(frozen=True)
class ChatRequest:
    """One question to a chat model: what :meth:`ChatProvider.stream_chat` sends.

    ``messages`` are plain ``{"role", "content"}`` dicts without a system message: the
    ``system_prompt`` is sent the way the provider supports it. ``images`` belong to the last
    user message. ``parameters`` (temperature, top_p, ...) are sent as far as the provider
    takes them (``core.parameters``; unset ones are left to the model). ``proxy`` None goes
    direct.
    ``timeout`` is the longest wait for the next piece of the answer (None: the provider's).
    """

    model: str
    messages: Sequence[ChatMessage]
    images: Sequence[ImageAttachment] = ()
    system_prompt: str | None = None
    _: dataclasses.KW_ONLY
    parameters: ChatParameters = dataclasses.field(default_factory=ChatParameters)
    proxy: str | None = None
    timeout: float | None = None

    def for_model(self, model: str) -> ChatRequest:
        """The same question to another model (the next one of a fallback list)."""
        return dataclasses.replace(self, model=model)


@runtime_checkable
class ChatProvider(Protocol):
    """What the window needs from a backend.

    ``id`` is a stable slug (no ``:``) used in settings and :class:`ModelRef`; ``label`` is
    for people. ``is_local`` is True for a server on this machine (no proxy, longer waits
    while a model loads).
    """

    id: str
    label: str
    is_local: bool

    async def list_models(
        self,
        session: aiohttp.ClientSession | None,
        proxy: str | None = None,
        *,
        refresh: bool = False,
        timeout: float | None = None,
    ) -> list[ModelInfo]:
        """The models on offer; cached after the first success until ``refresh``.

        Raises a UserFacingError the picker can show as "unavailable: <reason>".
        """
        ...

    def stream_chat(
        self, session: aiohttp.ClientSession | None, request: ChatRequest
    ) -> AsyncIterator[StreamItem]:
        """Send ``request``; yield text as it arrives, then one :class:`AnswerDone`."""
        ...


@dataclass(frozen=True)
class CollectedAnswer:
    text: str
    done: AnswerDone | None
    rate_limit: RateLimit | None


async def collect(stream: AsyncIterator[StreamItem]) -> CollectedAnswer:
    """Read a whole answer (for callers that do not show it as it arrives)."""
    pieces: list[str] = []
    done: AnswerDone | None = None
    rate_limit: RateLimit | None = None
    async for item in stream:
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, RateLimit):
            rate_limit = item
        else:
            done = item
    return CollectedAnswer("".join(pieces), done, rate_limit)


def parameter_kind(provider: object) -> str | None:
    """Which parameters ``provider`` takes: its ``parameter_kind`` (``core.parameters``), or
    None (it takes none) for a provider that does not say."""
    kind = getattr(provider, "parameter_kind", None)
    return kind if isinstance(kind, str) else None


def with_system_prompt(
    messages: Sequence[ChatMessage], system_prompt: str | None
) -> list[ChatMessage]:
    """``messages`` led by the system prompt as a real system message (when there is one)."""
    if system_prompt is None or not system_prompt.strip():
        return list(messages)
    return [{"role": "system", "content": system_prompt}, *messages]
