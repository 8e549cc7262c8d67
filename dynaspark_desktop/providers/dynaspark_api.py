"""The documented Dynaspark public API (``shared/dynaspark-api.md`` section 2).

Text: ``GET /api/generate_response`` with the free key by default. The API keeps no history,
so the conversation is flattened (``core.conversation``) but the system prompt goes in its
own ``system`` parameter. Each answer reports the key's allowance (``X-RateLimit-*``), which
:class:`DynasparkApiProvider` yields as a :class:`~.base.RateLimit` and keeps in
``last_rate_limit`` for the UI ("42 of 100 requests left this hour, resets 14:00").

Images: :meth:`DynasparkApiProvider.generate_image` asks ``/api/generate_image`` and
downloads the picture at once, because the service's link expires after a day.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from dynaspark_desktop.core.conversation import flatten_conversation
from dynaspark_desktop.core.errors import (
    BadRequestError,
    ImagesNotSupportedError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import extension_for, sniff_image_type
from dynaspark_desktop.core.parameters import DYNASPARK_API
from dynaspark_desktop.providers.base import (
    AnswerDone,
    ChatRequest,
    ModelInfo,
    RateLimit,
    StreamItem,
)
from dynaspark_desktop.providers.download_guard import check_fetch_address, download_session
from dynaspark_desktop.providers.dynaspark_api_replies import (
    rate_limit_from_headers,
    status_error,
    unexpected_reply,
)
from dynaspark_desktop.providers.http_body import (
    BodyKind,
    decode,
    parse_json_reply,
    read_body,
    read_error_text,
)
from dynaspark_desktop.providers.http_errors import (
    describe_body,
    error_for_exception,
    first_line,
    transport_errors,
)
from dynaspark_desktop.providers.openai_format import parse_usage
from dynaspark_desktop.providers.proxy import is_loopback_url, proxied_session

if TYPE_CHECKING:
    import aiohttp

API_BASE_URL = "https://dynaspark.onrender.com"
FREE_API_KEY = "TH3_API_KEY"  # published by the service for everyone; not a secret
# The text models its documentation names (``openai-audio`` answers in audio: left out).
TEXT_MODELS = ("mistral", "qwen-coder")
IMAGE_MODELS = ("flux", "turbo", "gptimage")
DEFAULT_IMAGE_SIDE = 768
MIN_IMAGE_SIDE, MAX_IMAGE_SIDE = 64, 2048
# The host sleeps when idle and takes 30 to 60 s to wake (section 1).
DEFAULT_TIMEOUT_SECONDS = 90.0
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
# What an "unexpected answer" message and the log quote of a body.
SHOWN_BYTES = 4096


@dataclass(frozen=True)
class GeneratedImage:
    """A generated picture, downloaded: keep ``data``, the ``source_url`` dies in a day."""

    data: bytes = field(repr=False)
    mime_type: str
    prompt: str
    model: str
    seed: int | None
    width: int
    height: int
    source_url: str

    @property
    def filename(self) -> str:
        seed = f"-{self.seed}" if self.seed is not None else ""
        return f"dynaspark-{self.model}{seed}{extension_for(self.mime_type)}"


class DynasparkApiProvider:
    """The public API as a ``ChatProvider``; ``api_key`` None means the free key."""

    id = "dynaspark-api"
    label = "Dynaspark API"
    is_local = False
    # Its models are a built-in list: the catalog makes no HTTP session to ask for them.
    lists_models_offline = True
    parameter_kind = DYNASPARK_API

    def __init__(self, base_url: str = API_BASE_URL, api_key: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key or FREE_API_KEY
        self.service = f"the Dynaspark API ({urlsplit(self.base_url).hostname or self.base_url})"
        # A local stand-in (a test server, a self-hosted copy) may link to pictures on this
        # machine; the real service may not.
        self.is_local = is_loopback_url(self.base_url)
        self.last_rate_limit: RateLimit | None = None

    def __repr__(self) -> str:
        own_key = "own key" if self._api_key != FREE_API_KEY else "free key"
        return f"DynasparkApiProvider(base_url={self.base_url!r}, {own_key})"

    def set_api_key(self, api_key: str | None) -> None:
        self._api_key = api_key or FREE_API_KEY

    async def list_models(
        self,
        session: aiohttp.ClientSession | None,
        proxy: str | None = None,
        *,
        refresh: bool = False,
        timeout: float | None = None,
    ) -> list[ModelInfo]:
        """The documented text models (the API has no model list to ask)."""
        return [ModelInfo(id=model, streaming=False) for model in TEXT_MODELS]

    async def stream_chat(
        self, session: aiohttp.ClientSession | None, request: ChatRequest
    ) -> AsyncIterator[StreamItem]:
        """One whole answer: the rate limit (when reported), the text, then AnswerDone."""
        model, system_prompt = request.model, request.system_prompt
        if request.images:
            raise ImagesNotSupportedError(
                translate(
                    "DynasparkApi",
                    "The Dynaspark API cannot read images. Remove the image, or choose a model "
                    "that can see images (the Dynaspark web models can).",
                )
            )
        params = {"user_input": flatten_conversation(request.messages), "model": model}
        if system_prompt and system_prompt.strip():
            params["system"] = system_prompt
        # As query parameters, the way the API documents them (section 2).
        for name, value in request.parameters.for_kind(self.parameter_kind).items():
            params[name] = str(value)
        payload = await self._get_json(
            "/api/generate_response", params, session, request.proxy, request.timeout
        )
        if self.last_rate_limit is not None:
            yield self.last_rate_limit
        answer = payload.get("response")
        if not isinstance(answer, str):
            raise unexpected_reply(self.service, payload)
        yield answer
        answered_by = payload.get("model")
        yield AnswerDone(
            model=answered_by if isinstance(answered_by, str) else model,
            usage=parse_usage(payload.get("usage")),
        )

    async def generate_image(
        self,
        session: aiohttp.ClientSession | None,
        prompt: str,
        *,
        width: int = DEFAULT_IMAGE_SIDE,
        height: int = DEFAULT_IMAGE_SIDE,
        model: str = IMAGE_MODELS[0],
        seed: int | None = None,
        proxy: str | None = None,
        timeout: float | None = None,
    ) -> GeneratedImage:
        """Generate a picture and download it. Sides are clamped to what the API takes."""
        if not prompt.strip():
            raise BadRequestError(
                translate("DynasparkApi", "Describe the picture to generate first.")
            )
        width = min(max(int(width), MIN_IMAGE_SIDE), MAX_IMAGE_SIDE)
        height = min(max(int(height), MIN_IMAGE_SIDE), MAX_IMAGE_SIDE)
        params = {"user_input": prompt, "width": str(width), "height": str(height)}
        params["model"] = model
        if seed is not None:
            params["seed"] = str(seed)
        payload = await self._get_json("/api/generate_image", params, session, proxy, timeout)
        image_url = payload.get("image_url")
        if not isinstance(image_url, str) or not image_url.strip():
            raise unexpected_reply(self.service, payload)
        image_url = urljoin(self.base_url + "/", image_url.strip())
        data = await self._download(image_url, session, proxy, timeout)
        mime_type = sniff_image_type(data)
        if mime_type is None:
            raise UnexpectedResponseError(
                translate(
                    "DynasparkApi",
                    "The picture {service} made could not be downloaded: the link gave "
                    "something that is not an image.",
                ).format(service=self.service),
                detail=f"{len(data)} bytes starting {data[:16]!r}",
            )
        answered_seed = payload.get("seed")
        answered_model = payload.get("model")
        return GeneratedImage(
            data=data,
            mime_type=mime_type,
            prompt=prompt,
            model=answered_model if isinstance(answered_model, str) else model,
            seed=answered_seed if isinstance(answered_seed, int) else seed,
            width=width,
            height=height,
            source_url=image_url,
        )

    async def _get_json(
        self,
        path: str,
        params: dict[str, str],
        session: aiohttp.ClientSession | None,
        proxy: str | None,
        timeout: float | None,
    ) -> dict[str, Any]:
        import aiohttp

        url = self.base_url + path
        seconds = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
        # The key rides in the query (as the API documents); URLs are never logged here.
        query = {**params, "api_key": self._api_key}
        body = ""
        raw = b""
        try:
            async with (
                proxied_session(url, proxy, session) as (http, http_proxy),
                http.get(
                    url,
                    params=query,
                    proxy=http_proxy,
                    timeout=aiohttp.ClientTimeout(total=seconds),
                ) as response,
            ):
                status, headers = response.status, response.headers
                if 200 <= status < 300:
                    raw = await read_body(response, BodyKind.ANSWER, self.service)
                else:
                    body = await read_error_text(response, self.service)
        except transport_errors() as error:
            raise error_for_exception(error, self.service, seconds) from error
        rate_limit = rate_limit_from_headers(headers)
        if rate_limit is not None:
            self.last_rate_limit = rate_limit
        if not 200 <= status < 300:
            raise status_error(self.service, self.base_url, status, body, headers, rate_limit)
        payload = await parse_json_reply(raw, self.service)
        if not isinstance(payload, dict):
            raise unexpected_reply(self.service, decode(raw[:SHOWN_BYTES], response.charset))
        if isinstance(payload.get("error"), str):
            # An error reported with a 2xx status is still an error.
            raise UnexpectedResponseError(
                translate("DynasparkApi", "{service} answered with an error: {error}").format(
                    service=self.service, error=first_line(payload["error"])
                )
            )
        return payload

    async def _download(
        self,
        url: str,
        session: aiohttp.ClientSession | None,
        proxy: str | None,
        timeout: float | None,
    ) -> bytes:
        import aiohttp

        seconds = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
        what = translate("DynasparkApi", "the generated picture")
        # Redirects are followed here, not by aiohttp, so each hop's address is checked.
        for _hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname or url
            await check_fetch_address(
                url, allow_local=self.is_local, what=what, service=self.service
            )
            try:
                async with (
                    download_session(
                        url,
                        proxy,
                        session,
                        allow_local=self.is_local,
                        what=what,
                        service=self.service,
                    ) as (http, http_proxy),
                    http.get(
                        url,
                        proxy=http_proxy,
                        timeout=aiohttp.ClientTimeout(total=seconds),
                        allow_redirects=False,
                    ) as response,
                ):
                    location = response.headers.get("Location")
                    if response.status in _REDIRECTS and location:
                        url = urljoin(url, location)
                        continue
                    if not 200 <= response.status < 300:
                        body = await read_error_text(response, host)
                        raise UnexpectedResponseError(
                            translate(
                                "DynasparkApi",
                                "The generated picture could not be downloaded from {host} "
                                "(HTTP {status}: {body}).",
                            ).format(host=host, status=response.status, body=describe_body(body)),
                            detail=f"HTTP {response.status}",
                        )
                    return await read_body(response, BodyKind.IMAGE, host)
            except transport_errors() as error:
                raise error_for_exception(error, host, seconds) from error
        raise UnexpectedResponseError(
            translate(
                "DynasparkApi",
                "The generated picture could not be downloaded: {service}'s link kept redirecting.",
            ).format(service=self.service),
            detail=f"more than {MAX_REDIRECTS} redirects",
        )
