"""Any server that speaks OpenAI's chat-completions API: Ollama, LM Studio, llama.cpp,
OpenAI, OpenRouter, Gemini's compatible endpoint, or a custom one.

Build one from a saved :class:`~dynaspark_desktop.providers.presets.ProviderConfig` and the
key read from the secret store; it then fits the ``ChatProvider`` protocol (``base.py``).
The key is held in memory only: it is sent as a bearer token and never logged or shown.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dynaspark_desktop.core.conversation import ChatMessage
from dynaspark_desktop.core.errors import (
    ConnectionBrokenError,
    ProviderError,
    ResponseTimeoutError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.redaction import redact_secrets
from dynaspark_desktop.providers.base import AnswerDone, ImageAttachment, ModelInfo, StreamItem
from dynaspark_desktop.providers.http_errors import (
    error_for_exception,
    first_line,
    humanize_wait,
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
from dynaspark_desktop.providers.sse import iter_sse

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

# The longest wait for the next piece of an answer. A local server may first load a model
# from disk (minutes on a slow machine); a remote one that is silent this long is stuck.
LOCAL_TIMEOUT_SECONDS = 600.0
REMOTE_TIMEOUT_SECONDS = 120.0
LIST_TIMEOUT_SECONDS = 20.0
CONNECT_TIMEOUT_SECONDS = 20.0


class OpenAICompatibleProvider:
    """One configured OpenAI-compatible server (see ``base.ChatProvider`` for the protocol).

    ``stream`` False asks for whole answers (``stream: false``) for servers whose streaming
    is broken; ``stream_usage`` False leaves out ``stream_options`` for servers that refuse
    unknown fields.
    """

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
                body = await response.text(errors="replace")
                status, headers = response.status, response.headers
        except transport_errors() as error:
            raise error_for_exception(error, self.service, seconds) from error
        if not 200 <= status < 300:
            raise error_for_openai_status(
                status, body, headers, self.service, None, has_key=self.has_api_key
            )
        models = parse_model_list(_json_or_none(body))
        if models is None:
            shown = "an HTML page" if looks_like_html(body) else f"“{first_line(body)}”"
            raise UnexpectedResponseError(
                f"{self.service} did not answer with a model list ({shown}): check the base "
                "URL (it usually ends in /v1).",
                detail=f"body starts: {body[:200]!r}",
            )
        self._models = models
        return list(models)

    async def stream_chat(
        self,
        session: aiohttp.ClientSession | None,
        model: str,
        messages: Sequence[ChatMessage],
        images: Sequence[ImageAttachment] = (),
        system_prompt: str | None = None,
        proxy: str | None = None,
        timeout: float | None = None,
        *,
        temperature: float | None = None,
    ) -> AsyncIterator[StreamItem]:
        """``POST /chat/completions``; see ``base.ChatProvider.stream_chat``."""
        import aiohttp

        wire = build_messages(messages, images, system_prompt)
        body = chat_body(
            model, wire, stream=self.stream, stream_usage=self.stream_usage, temperature=temperature
        )
        url = f"{self.base_url}/chat/completions"
        seconds = self._timeout_seconds(timeout)
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
                    text = await response.text(errors="replace")
                    raise error_for_openai_status(
                        response.status,
                        text,
                        response.headers,
                        self.service,
                        model,
                        has_key=self.has_api_key,
                    )
                if response.content_type == "text/event-stream":
                    async for item in reader.read_events(response.content.iter_any()):
                        yield item
                else:
                    # Asked for a stream, some servers answer whole: take that too.
                    async for item in reader.read_whole(await response.text(errors="replace")):
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

    def _take(self, payload: dict[str, Any]) -> str:
        chunk = parse_chunk(payload)
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

    async def read_events(self, chunks: AsyncIterator[bytes]) -> AsyncIterator[StreamItem]:
        async for event in iter_sse(chunks):
            if event.data.strip() == "[DONE]":
                self.finished = True
                break
            payload = _json_or_none(event.data)
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

    async def read_whole(self, body: str) -> AsyncIterator[StreamItem]:
        payload = _json_or_none(body)
        error = stream_error(payload, self.service)
        if error is not None:
            raise error
        if not isinstance(payload, dict) or not isinstance(payload.get("choices"), list):
            shown = "an HTML page" if looks_like_html(body) else f"“{first_line(body)}”"
            raise UnexpectedResponseError(
                f"{self.service} answered with something unexpected: {shown}.",
                detail=f"body starts: {body[:200]!r}",
            )
        text = self._take(payload)
        if text:
            yield text
        yield self._done()

    def _cut_off(self, error: BaseException | None) -> ProviderError:
        detail = f"{type(error).__name__}: {error}" if error else "stream ended without [DONE]"
        if self.text_seen:
            message = (
                f"The answer from {self.service} stopped before it was complete (the "
                "connection broke). What arrived is kept; try again for the whole answer."
            )
        else:
            message = (
                f"The connection to {self.service} broke before the answer arrived. Try again."
            )
        return ConnectionBrokenError(redact_secrets(message), detail=redact_secrets(detail))

    def broken(self, error: BaseException, seconds: float) -> ProviderError:
        mapped = error_for_exception(error, self.service, seconds)
        if isinstance(mapped, ConnectionBrokenError):
            return self._cut_off(error)
        if isinstance(mapped, ResponseTimeoutError):
            where = " in the middle of the answer" if self.text_seen else ""
            return ResponseTimeoutError(
                f"{self.service} sent nothing for {humanize_wait(seconds)}{where}. It may be "
                "busy or still loading the model; try again, or another model.",
                detail=mapped.detail,
            )
        return mapped


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
