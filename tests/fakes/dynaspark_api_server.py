"""A local stand-in for the documented Dynaspark public API (``dynaspark-api.md`` section 2).

``GET /api/generate_response`` and ``GET /api/generate_image`` answer as documented, with
``X-RateLimit-*`` headers counting down from ``limit`` (then 429 with a JSON error), and the
generated picture is served at ``/images/<seed>.png``. Every request is recorded; queued
behaviours make it misbehave. 127.0.0.1, random port; ``async with`` or ``in_thread()``.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

FREE_KEY = "TH3_API_KEY"


@dataclass
class RecordedRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class Behaviour:
    """``answer`` (as documented), ``status`` (``status`` with ``body`` and ``headers``),
    either after ``delay`` seconds (a sleeping free-tier host)."""

    kind: str = "answer"
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 128, 255)).save(buffer, "PNG")
    return buffer.getvalue()


class FakeDynasparkApi(LoopbackServer):
    def __init__(
        self,
        *,
        limit: int = 100,
        accepted_keys: tuple[str, ...] = (FREE_KEY,),
        echo_key: bool = False,
    ) -> None:
        self.limit = limit
        # A refused key is quoted whole in the 401, as careless servers do.
        self.echo_key = echo_key
        self.remaining = limit
        self.reset_at = int(time.time()) + 1800
        self.accepted_keys = accepted_keys
        self.requests: list[RecordedRequest] = []
        self.queued: deque[Behaviour] = deque()
        # What /images/... serves: a real PNG unless a test wants a broken or expired link.
        self.image_body: bytes = png_bytes()
        self.image_status = 200
        self.app = web.Application()
        self.app.router.add_get("/api/generate_response", self._text)
        self.app.router.add_get("/api/generate_image", self._image)
        self.app.router.add_get("/images/{name}", self._serve_image)

    @property
    def base_url(self) -> str:
        return self.root_url

    def queue(self, *behaviours: Behaviour) -> None:
        self.queued.extend(behaviours)

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }

    async def _check(self, request: web.Request) -> web.Response | None:
        """Record the request; the error answer it gets, or None to answer normally."""
        query = {key: value for key, value in request.query.items()}
        headers = {key.lower(): value for key, value in request.headers.items()}
        self.requests.append(RecordedRequest(request.path, query, headers))
        behaviour = self.queued.popleft() if self.queued else Behaviour()
        await asyncio.sleep(behaviour.delay)
        if behaviour.kind == "status":
            return web.Response(
                status=behaviour.status,
                text=behaviour.body,
                headers=behaviour.headers,
                content_type="application/json",
            )
        if not query.get("user_input"):
            return _error(400, "user_input is required", self._rate_headers())
        if query.get("api_key") not in self.accepted_keys:
            sent = query.get("api_key", "")
            return _error(
                401, f"Invalid API key {sent}" if self.echo_key else "Invalid API key", {}
            )
        if self.remaining <= 0:
            return _error(429, "Rate limit exceeded", self._rate_headers())
        self.remaining -= 1
        return None

    async def _text(self, request: web.Request) -> web.Response:
        refused = await self._check(request)
        if refused is not None:
            return refused
        query = request.query
        model = query.get("model", "mistral")
        answer = f"[{model}] You said: {query['user_input']}"
        if "system" in query:
            answer += f" (system: {query['system']})"
        usage = {"prompt_tokens": 4, "completion_tokens": 6, "total_tokens": 10}
        payload = {"response": answer, "model": model, "usage": usage}
        return web.json_response(payload, headers=self._rate_headers())

    async def _image(self, request: web.Request) -> web.Response:
        refused = await self._check(request)
        if refused is not None:
            return refused
        seed = int(request.query.get("seed", "42"))
        payload = {
            "image_url": f"{self.base_url}/images/{seed}.png",
            "model": request.query.get("model", "flux"),
            "seed": seed,
        }
        return web.json_response(payload, headers=self._rate_headers())

    async def _serve_image(self, request: web.Request) -> web.Response:
        self.requests.append(RecordedRequest(request.path, dict(request.query), {}))
        if self.image_status != 200:
            return web.Response(status=self.image_status, text="This link has expired")
        return web.Response(body=self.image_body, content_type="image/png")


def _error(status: int, message: str, headers: dict[str, str]) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps({"error": message}),
        headers=headers,
        content_type="application/json",
    )
