"""The Dynaspark web endpoint (``shared/dynaspark-api.md`` sections 1, 3, 4 and 5).

Usable without Qt::

    async for text in Dynaspark.create_async_generator(
        "gemini-2.0-flash", [{"role": "user", "content": "Hi"}]
    ):
        print(text)
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from dynaspark_desktop.core.conversation import ChatMessage, flatten_conversation
from dynaspark_desktop.core.errors import UnexpectedResponseError
from dynaspark_desktop.core.file_names import clean_filename
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.images import (
    ensure_supported_bytes,
    extension_for,
    read_image_file,
    sniff_image_type,
)
from dynaspark_desktop.core.parameters import WEB_ENDPOINT
from dynaspark_desktop.core.sentences import sentence
from dynaspark_desktop.providers.base import (
    AnswerDone,
    ChatRequest,
    ModelInfo,
    StreamItem,
    with_system_prompt,
)
from dynaspark_desktop.providers.http_body import (
    BodyKind,
    decode,
    parse_json_reply,
    read_body,
    read_error_text,
)
from dynaspark_desktop.providers.http_errors import (
    error_for_exception,
    error_for_status,
    first_line,
    looks_like_html,
    transport_errors,
)
from dynaspark_desktop.providers.proxy import proxied_session, redact_url

if TYPE_CHECKING:
    import aiohttp
    from PIL import Image as PILImage

    from dynaspark_desktop.core.settings import Settings

    MediaImage = bytes | str | os.PathLike[str] | PILImage.Image
    MediaItem = tuple[MediaImage, str | None]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 90.0
# A sleeping free-tier host accepts the TCP connection quickly (its proxy is awake); a
# connect that takes longer than this means the host is unreachable.
CONNECT_TIMEOUT_SECONDS = 20.0
# The built-in web endpoint (the "endpoint" setting, when empty, and "Restore default").
DEFAULT_ENDPOINT = "https://dynaspark.onrender.com/generate_response"
_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


class Dynaspark:
    """Gemini models behind the free Dynaspark web endpoint. One answer, no streaming."""

    label: ClassVar[str] = "Dynaspark"
    url: ClassVar[str] = "https://dynaspark.onrender.com"
    login_url: ClassVar[str | None] = None
    api_endpoint: ClassVar[str] = DEFAULT_ENDPOINT
    working: ClassVar[bool] = True
    needs_auth: ClassVar[bool] = False
    use_nodriver: ClassVar[bool] = True
    supports_stream: ClassVar[bool] = True
    supports_system_message: ClassVar[bool] = False
    supports_message_history: ClassVar[bool] = False
    default_model: ClassVar[str] = "gemini-1.5-flash"
    default_vision_model: ClassVar[str] = default_model
    models: ClassVar[list[str]] = [
        "gemini-1.5-flash",
        "gemini-1.5-flash-8b",
        "gemini-2.0-flash",
        "gemini-2.0-flash-lite",
    ]
    vision_models: ClassVar[list[str]] = list(models)
    model_aliases: ClassVar[dict[str, str]] = {
        "gemini-1.5-flash": "gemini-1.5-flash-8b",
        "gemini-2.0-flash": "gemini-2.0-flash-lite",
    }
    timeout_seconds: ClassVar[float] = DEFAULT_TIMEOUT_SECONDS

    @classmethod
    def get_model(cls, model: str | None) -> str:
        """Resolve ``model`` through the aliases (only for callers who ask for it)."""
        if not model:
            return cls.default_model
        return cls.model_aliases.get(model, model)

    @classmethod
    def request_headers(cls) -> dict[str, str]:
        return {
            "accept": "*/*",
            "accept-language": "en-US,en;q=0.9",
            "origin": cls.url,
            "referer": f"{cls.url}/",
            "x-requested-with": "XMLHttpRequest",
            "user-agent": _USER_AGENT,
        }

    @classmethod
    async def create_async_generator(
        cls,
        model: str,
        messages: Sequence[ChatMessage],
        proxy: str | None = None,
        media: Sequence[MediaItem] | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float | None = None,
        endpoint: str | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[str]:
        """Send the conversation (and the first image of ``media``) and yield the answer.

        ``session`` lets the app reuse its one long-lived session; without it a session is
        made for this request and closed afterwards. Cancelling the consumer closes the
        request at once. ``endpoint`` (else the one in use) is where it goes: the Settings
        window's Test sends to the address typed there.
        """
        # Imported on first use, so that the window can paint before these load.
        import asyncio

        import aiohttp

        prompt = flatten_conversation(messages)
        if kwargs:
            log.debug("Dynaspark ignores options %s", sorted(kwargs))
        endpoint = endpoint or cls.api_endpoint
        service = urlsplit(endpoint).hostname or endpoint
        timeout_seconds = cls.timeout_seconds if timeout is None else timeout
        form = aiohttp.FormData()
        form.add_field("user_input", prompt)
        form.add_field("ai_model", model)
        if media:
            data, mime_type, filename = await asyncio.to_thread(_load_first_image, media[0])
            form.add_field("file", data, filename=filename, content_type=mime_type)

        client_timeout = aiohttp.ClientTimeout(
            total=timeout_seconds, sock_connect=min(CONNECT_TIMEOUT_SECONDS, timeout_seconds)
        )
        # An HTTP proxy rides on ``session``; a SOCKS proxy gets a session of its own.
        async with proxied_session(endpoint, proxy, session) as (http, http_proxy):
            text = await cls._post(
                http, endpoint, form, http_proxy, client_timeout, service, timeout_seconds
            )
        yield text

    @classmethod
    async def _post(
        cls,
        session: aiohttp.ClientSession,
        endpoint: str,
        form: aiohttp.FormData,
        proxy: str | None,
        client_timeout: aiohttp.ClientTimeout,
        service: str,
        timeout_seconds: float,
    ) -> str:
        body = ""
        raw = b""
        try:
            async with session.post(
                endpoint,
                data=form,
                headers=cls.request_headers(),
                proxy=proxy,
                timeout=client_timeout,
            ) as response:
                status = response.status
                headers = response.headers
                if 200 <= status < 300:
                    raw = await read_body(response, BodyKind.ANSWER, service)
                else:
                    body = await read_error_text(response, service)
                charset = response.charset
        except transport_errors() as error:
            raise error_for_exception(error, service, timeout_seconds) from error
        if not 200 <= status < 300:
            raise error_for_status(status, body, headers, service)
        return await _answer_from_body(raw, charset, service)


def follow_endpoint_setting(settings: Settings) -> None:
    """The web endpoint in use follows the "endpoint" setting from now on (empty: the
    built-in one)."""

    def use(_name: str, endpoint: str) -> None:
        Dynaspark.api_endpoint = endpoint or DEFAULT_ENDPOINT
        log.info("Dynaspark endpoint: %s", redact_url(Dynaspark.api_endpoint))

    settings.changed.connect("endpoint", use)


class DynasparkWebProvider:
    """The web endpoint as a ``ChatProvider`` (see ``base.py``): one whole answer, the
    system prompt folded into the flattened text as a ``System:`` line (the endpoint has no
    system message), and only the first image sent."""

    id = "dynaspark"
    label = QT_TRANSLATE_NOOP("Providers", "Dynaspark (web)")
    is_local = False
    # Its models are a built-in list: the catalog makes no HTTP session to ask for them.
    lists_models_offline = True
    # The endpoint's form has no field for any parameter: none is sent (section 1).
    parameter_kind = WEB_ENDPOINT

    def __init__(self, provider: type[Dynaspark] = Dynaspark) -> None:
        self.provider = provider

    async def list_models(
        self,
        session: aiohttp.ClientSession | None,
        proxy: str | None = None,
        *,
        refresh: bool = False,
        timeout: float | None = None,
    ) -> list[ModelInfo]:
        """The built-in model list (the endpoint has none to ask)."""
        return [
            ModelInfo(
                id=model,
                image_input=model in self.provider.vision_models,
                most_images=1,  # the form has one file field
                system_prompt=False,
                streaming=False,
            )
            for model in self.provider.models
        ]

    async def stream_chat(
        self, session: aiohttp.ClientSession | None, request: ChatRequest
    ) -> AsyncIterator[StreamItem]:
        images = request.images
        media = [(images[0].data, images[0].filename)] if images else None
        async for text in self.provider.create_async_generator(
            request.model,
            with_system_prompt(request.messages, request.system_prompt),
            request.proxy,
            media,
            session=session,
            timeout=request.timeout,
        ):
            yield text
        yield AnswerDone(model=request.model)


async def _answer_from_body(raw: bytes, charset: str | None, service: str) -> str:
    payload = await parse_json_reply(raw, service)
    answer = payload.get("response") if isinstance(payload, dict) else None
    if isinstance(answer, str):
        return answer
    body = decode(raw[:4096], charset)
    if looks_like_html(body):
        shown = translate("Dynaspark", "an HTML page")
    else:
        shown = (
            f"“{first_line(body)}”" if body.strip() else translate("Dynaspark", "an empty answer")
        )
    raise UnexpectedResponseError(
        sentence(
            translate("Dynaspark", "{service} answered with something unexpected: {shown}.").format(
                service=service, shown=shown
            )
        ),
        detail=f"body starts: {body[:200]!r}",
    )


def _load_first_image(item: MediaItem) -> tuple[bytes, str, str]:
    """Bytes, content type and file name for the image to upload (runs in a thread)."""
    image, filename = item
    if isinstance(image, str | os.PathLike):
        filename = filename or Path(image).name
        image = read_image_file(image)
    # The name goes into a multipart header: one line, no quotes (see core.file_names).
    filename = clean_filename(filename, fallback="") or None
    data, mime_type = ensure_supported_bytes(image, filename)
    if not filename:
        return data, mime_type, f"image{extension_for(mime_type)}"
    if sniff_image_type(data) != _mime_for_name(filename):
        # Converted (e.g. BMP to JPEG): the name's extension must not contradict the bytes.
        filename = f"{Path(filename).stem or 'image'}{extension_for(mime_type)}"
    return data, mime_type, filename


def _mime_for_name(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return {
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".png": "image/png",
        ".gif": "image/gif",
        ".webp": "image/webp",
    }.get(suffix)
