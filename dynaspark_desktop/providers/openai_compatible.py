"""Any server that speaks OpenAI's chat-completions API: Ollama, LM Studio, llama.cpp,
OpenAI, OpenRouter, Gemini's compatible endpoint, or a custom one.

Build one from a saved :class:`~dynaspark_desktop.providers.presets.ProviderConfig` and the
key read from the secret store; it then fits the ``ChatProvider`` protocol (``base.py``).
The key is held in memory only: it is sent as a bearer token and never logged or shown.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import (
    ProviderError,
    ResponseTooLargeError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.pacing import streams_pacer
from dynaspark_desktop.core.parameters import OPENAI_COMPATIBLE
from dynaspark_desktop.core.sentences import sentence
from dynaspark_desktop.core.sizes import megabytes
from dynaspark_desktop.providers.base import AnswerDone, ChatRequest, ModelInfo, StreamItem
from dynaspark_desktop.providers.http_body import (
    THREAD_PARSE_BYTES,
    BodyKind,
    decode,
    limits,
    parse_json_reply,
    read_body,
    read_error_text,
)
from dynaspark_desktop.providers.http_errors import (
    error_for_exception,
    first_line,
    looks_like_html,
    transport_errors,
)
from dynaspark_desktop.providers.openai_format import (
    build_messages,
    chat_body,
    error_for_openai_status,
    parse_chunk,
    parse_model_list,
    stream_error,
)
from dynaspark_desktop.providers.presets import ProviderConfig, preset
from dynaspark_desktop.providers.proxy import is_loopback_url, proxied_session
from dynaspark_desktop.providers.sse import SSEEvent, SSEEventTooLarge, iter_sse
from dynaspark_desktop.providers.stream_breaks import stream_broken, stream_cut_off

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

# The longest wait for the next piece of an answer. A local server may first load a model
# from disk (minutes on a slow machine); a remote one that is silent this long is stuck.
LOCAL_TIMEOUT_SECONDS = 600.0
REMOTE_TIMEOUT_SECONDS = 120.0
LIST_TIMEOUT_SECONDS = 20.0
CONNECT_TIMEOUT_SECONDS = 20.0
# What an "unexpected answer" message and the log quote of a body.
SHOWN_BYTES = 4096


class OpenAICompatibleProvider:
    """One configured OpenAI-compatible server (see ``base.ChatProvider`` for the protocol).

    ``stream`` False asks for whole answers (``stream: false``) for servers whose streaming
    is broken; ``stream_usage`` False leaves out ``stream_options`` for servers that refuse
    unknown fields.
    """

    parameter_kind = OPENAI_COMPATIBLE

    def __init__(
        self,
        config: ProviderConfig,
        api_key: str | None = None,
        *,
        stream: bool = True,
        stream_usage: bool = True,
    ) -> None:
        self.config = config
        self.id = config.id
        self.label = config.label
        self.base_url = config.base_url
        self.is_local = is_loopback_url(config.base_url)
        self.stream = stream
        self.stream_usage = stream_usage
        self._api_key = api_key or None
        self._models: list[ModelInfo] | None = None
        host = urlsplit(config.base_url).hostname or config.base_url
        # What error messages call it: "Ollama (localhost)", "OpenRouter (openrouter.ai)".
        self.service = f"{config.label} ({host})"

    def __repr__(self) -> str:
        # Never the key, not even in a debugger's or a log's repr.
        key = "set" if self._api_key else "none"
        return f"OpenAICompatibleProvider(id={self.id!r}, base_url={self.base_url!r}, key={key})"

    @property
    def has_api_key(self) -> bool:
        return self._api_key is not None

    def set_api_key(self, api_key: str | None) -> None:
        """Use a new key (after the user changed it); the model list is fetched anew."""
        self._api_key = api_key or None
        self._models = None

    @property
    def cached_models(self) -> list[ModelInfo] | None:
        """The last model list fetched, without a request (None before the first)."""
        return list(self._models) if self._models is not None else None

    def _headers(self, *, streaming: bool = False) -> dict[str, str]:
        headers = dict(preset(self.config.preset).headers)
        headers["Accept"] = "text/event-stream" if streaming else "application/json"
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _timeout_seconds(self, timeout: float | None) -> float:
        if timeout is not None:
            return timeout
        return LOCAL_TIMEOUT_SECONDS if self.is_local else REMOTE_TIMEOUT_SECONDS

    async def list_models(
        self,
        session: aiohttp.ClientSession | None,
        proxy: str | None = None,
        *,
        refresh: bool = False,
        timeout: float | None = None,
    ) -> list[ModelInfo]:
        """``GET /models``; cached until ``refresh`` (errors are never cached)."""
        if self._models is not None and not refresh:
            return list(self._models)
        import aiohttp

        url = f"{self.base_url}/models"
        seconds = LIST_TIMEOUT_SECONDS if timeout is None else timeout
        client_timeout = aiohttp.ClientTimeout(total=seconds)
        try:
            async with (
                proxied_session(url, proxy, session) as (http, http_proxy),
                http.get(
                    url, headers=self._headers(), proxy=http_proxy, timeout=client_timeout
                ) as response,
            ):
                status, headers = response.status, response.headers
                if 200 <= status < 300:
                    raw = await read_body(response, BodyKind.MODEL_LIST, self.service)
                    body = decode(raw[:SHOWN_BYTES], response.charset)
                else:
                    raw, body = b"", await read_error_text(response, self.service)
        except transport_errors() as error:
            raise error_for_exception(error, self.service, seconds) from error
        if not 200 <= status < 300:
            raise error_for_openai_status(
                status, body, headers, self.service, None, has_key=self.has_api_key
            )
        payload = await parse_json_reply(raw, self.service)
        if len(raw) < THREAD_PARSE_BYTES:
            models = parse_model_list(payload)
        else:
            import asyncio

            # Thousands of entries, each matched against the vision-model names: a second
            # of work that must not stall the window.
            models = await asyncio.to_thread(parse_model_list, payload)
        if models is None:
            shown = (
                translate("OpenAiCompatible", "an HTML page")
                if looks_like_html(body)
                else f"“{first_line(body)}”"
            )
            raise UnexpectedResponseError(
                translate(
                    "OpenAiCompatible",
                    "{service} did not answer with a model list ({shown}): check the base "
                    "URL (it usually ends in /v1).",
                ).format(service=self.service, shown=shown),
                detail=f"body starts: {body[:200]!r}",
            )
        self._models = models
        return list(models)

    async def stream_chat(
        self, session: aiohttp.ClientSession | None, request: ChatRequest
    ) -> AsyncIterator[StreamItem]:
        """``POST /chat/completions``; see ``base.ChatProvider.stream_chat``."""
        import aiohttp

        model, proxy = request.model, request.proxy
        wire = build_messages(request.messages, request.images, request.system_prompt)
        body = chat_body(
            model,
            wire,
            stream=self.stream,
            stream_usage=self.stream_usage,
            parameters=request.parameters.for_kind(OPENAI_COMPATIBLE),
        )
        url = f"{self.base_url}/chat/completions"
        seconds = self._timeout_seconds(request.timeout)
        # No total limit: a long answer may stream for minutes. Each read waits ``seconds``.
        client_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=min(CONNECT_TIMEOUT_SECONDS, seconds), sock_read=seconds
        )
        reader = _AnswerReader(self.service)
        try:
            async with (
                proxied_session(url, proxy, session) as (http, http_proxy),
                http.post(
                    url,
                    json=body,
                    headers=self._headers(streaming=self.stream),
                    proxy=http_proxy,
                    timeout=client_timeout,
                ) as response,
            ):
                if not 200 <= response.status < 300:
                    text = await read_error_text(response, self.service)
                    raise error_for_openai_status(
                        response.status,
                        text,
                        response.headers,
                        self.service,
                        model,
                        has_key=self.has_api_key,
                    )
                if response.content_type == "text/event-stream":
                    events = iter_sse(
                        response.content.iter_any(),
                        idle_seconds=seconds,
                        max_event_chars=limits().event_bytes,
                    )
                    async for item in reader.read_events(events):
                        yield item
                else:
                    # Asked for a stream, some servers answer whole: take that too.
                    # This request has no total time-out (a stream may run for minutes):
                    # a whole answer must arrive within the wait for an answer.
                    raw = await read_body(
                        response, BodyKind.ANSWER, self.service, total_seconds=seconds
                    )
                    async for item in reader.read_whole(raw, response.charset):
                        yield item
        except transport_errors() as error:
            raise reader.broken(error, seconds) from error


class _AnswerReader:
    """Reads one answer, streamed or whole, and knows how far it got."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.text_seen = False
        self.finished = False
        self.model: str | None = None
        self.finish_reason: str | None = None
        self.usage: Any = None
        self.answer_chars = 0

    def _take(self, payload: dict[str, Any]) -> str:
        chunk = parse_chunk(payload)
        self.answer_chars += len(chunk.text)
        cap = limits().answer_bytes
        if self.answer_chars > cap:
            raise ResponseTooLargeError(
                f"The answer from {self.service} passed {megabytes(cap)}, the most this app "
                "keeps of one answer, so it was stopped there. What arrived is kept.",
                detail=f"{self.answer_chars} characters",
            )
        self.model = chunk.model or self.model
        self.finish_reason = chunk.finish_reason or self.finish_reason
        self.usage = chunk.usage or self.usage
        if chunk.finish_reason:
            self.finished = True
        if chunk.text:
            self.text_seen = True
        return chunk.text

    def _done(self) -> AnswerDone:
        return AnswerDone(model=self.model, finish_reason=self.finish_reason, usage=self.usage)

    async def read_events(self, events: AsyncIterator[SSEEvent]) -> AsyncIterator[StreamItem]:
        try:
            async with contextlib.aclosing(self._read_events(events)) as items:
                async for item in items:
                    yield item
        except SSEEventTooLarge as error:
            if self.text_seen:
                where = "in the middle of the answer, so it was stopped. What arrived is kept."
            else:
                where = "instead of an answer, so it was stopped."
            raise ResponseTooLargeError(
                f"{self.service} sent a single piece larger than {megabytes(error.limit)} {where}",
                detail=str(error),
            ) from None

    async def _read_events(self, events: AsyncIterator[SSEEvent]) -> AsyncIterator[StreamItem]:
        # Events without text (a burst of them) reach no consumer; the budget is shared with
        # every other stream (ten streams at once must not each take a frame's budget).
        pacer = streams_pacer()
        async for event in events:
            await pacer.pace()
            if event.data.strip() == "[DONE]":
                self.finished = True
                break
            payload = await _event_json(event.data, self.service)
            error = stream_error(payload, self.service)
            if error is None and event.event == "error":
                error = UnexpectedResponseError(
                    f"{self.service} stopped with an error: {first_line(event.data)}",
                    detail=f"error event: {event.data[:200]!r}",
                )
            if error is not None:
                raise error
            if not isinstance(payload, dict):
                # A stray line a proxy or an odd server slipped in: not worth failing over.
                log.debug("%s: skipping a non-JSON event %r", self.service, event.data[:80])
                continue
            text = self._take(payload)
            if text:
                yield text
        if not self.finished:
            raise self._cut_off(None)
        yield self._done()

    async def read_whole(self, raw: bytes, charset: str | None) -> AsyncIterator[StreamItem]:
        payload = await parse_json_reply(raw, self.service)
        body = decode(raw[:SHOWN_BYTES], charset)
        error = stream_error(payload, self.service)
        if error is not None:
            raise error
        if not isinstance(payload, dict) or not isinstance(payload.get("choices"), list):
            shown = (
                translate("OpenAiCompatible", "an HTML page")
                if looks_like_html(body)
                else f"“{first_line(body)}”"
            )
            raise UnexpectedResponseError(
                sentence(
                    translate(
                        "OpenAiCompatible", "{service} answered with something unexpected: {shown}."
                    ).format(service=self.service, shown=shown)
                ),
                detail=f"body starts: {body[:200]!r}",
            )
        text = self._take(payload)
        if text:
            yield text
        yield self._done()

    def _cut_off(self, error: BaseException | None) -> ProviderError:
        return stream_cut_off(self.service, error, text_seen=self.text_seen)

    def broken(self, error: BaseException, seconds: float) -> ProviderError:
        return stream_broken(self.service, error, seconds, text_seen=self.text_seen)


async def _event_json(data: str, service: str) -> Any:
    """One event's JSON (None when it is not JSON); a large one (events are capped at
    ``event_bytes``) is parsed in a worker thread."""
    return await parse_json_reply(data, service)
