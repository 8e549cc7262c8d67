"""A server that attacks the app the way a hostile or broken service could.

It stands in for all three providers and for the picture link of ``/imagine``:

- ``POST /generate_response``: the Dynaspark web endpoint (its ``api_endpoint``),
- ``GET /api/generate_response`` and ``GET /api/generate_image``: the Dynaspark API,
- ``GET /v1/models`` and ``POST /v1/chat/completions``: an OpenAI-compatible server,
- ``GET /image``: the picture ``/api/generate_image`` links to (``image_mode`` applies).

``mode`` says what every provider endpoint sends (see :data:`MODES`); ``image_mode`` what
``/image`` sends. The server counts the bytes it wrote (``bytes_sent``, after compression)
and, for compressed modes, the bytes they inflate to (``inflated_sent``), so a test can show
that the app stopped reading: an endless body is written only as fast as the app reads it
(aiohttp's ``drain`` waits for the socket), so ``bytes_sent`` stays near the app's cap plus
the socket buffers. Runs on 127.0.0.1 at a random port (``async with`` or ``in_thread``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import json
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

MODES = (
    "normal",  # a short, valid answer (each kind its own)
    "endless",  # a JSON body (or, when a stream is asked for, valid events) that never ends
    "gzip_bomb",  # gzip of a JSON answer string of zeros that never ends
    "gzip_sse_no_newlines",  # a gzip event stream: "data: " then zeros, never a newline
    "lying_length",  # Content-Length claims a terabyte; the body never ends
    "short_length",  # Content-Length claims 5 MB; 100 bytes come, then the connection closes
    "deep_json",  # 100,000 nested arrays where the answer should be
    "deep_json_event",  # an event stream whose one event is 100,000 nested arrays
    "sse_no_newlines",  # an event stream: "data: " then "x" forever, no newline
    "drip",  # a valid event stream, one byte every ``drip_seconds``
    "drip_json",  # the normal JSON answer, one byte every ``drip_seconds``
    "burst",  # ``burst_events`` small valid events and [DONE], all in one write
    "huge_event",  # an event stream: one event whose data lines never end
    "error_endless",  # HTTP 500 with a body that never ends
    "retry_after_huge",  # HTTP 429 with Retry-After: 10^20
    "huge_header",  # HTTP 429 with a 60 KB X-RateLimit-Remaining header
    "many_headers",  # HTTP 200 with 40,000 small headers (about 600 KB of them)
)
IMAGE_MODES = (
    "normal",  # ``image_body`` at once
    "chunked",  # ``image_body`` in ``image_chunk`` byte pieces, each flushed on its own
    "endless",  # an image header, then bytes forever
    "redirect_loop",  # redirects to itself forever
    "redirect_to_file",  # redirects to file:///etc/passwd
)
PIECE = 64 * 1024
MB = 1024 * 1024
DEEP = 100_000


@dataclass
class Counters:
    bytes_sent: int = 0
    inflated_sent: int = 0
    requests: list[str] = field(default_factory=list)


class HostileServer(LoopbackServer):
    def __init__(self, mode: str = "normal", image_mode: str = "normal") -> None:
        assert mode in MODES, mode
        assert image_mode in IMAGE_MODES, image_mode
        self.mode = mode
        self.image_mode = image_mode
        self.image_body = b""
        self.image_chunk = 1024
        self.drip_seconds = 0.02
        self.burst_events = 20_000
        self.counters = Counters()
        self.app = web.Application()
        self.app.router.add_post("/generate_response", self._web_endpoint)
        self.app.router.add_get("/api/generate_response", self._api_text)
        self.app.router.add_get("/api/generate_image", self._api_image)
        self.app.router.add_get("/v1/models", self._models)
        self.app.router.add_post("/v1/chat/completions", self._chat)
        self.app.router.add_get("/image", self._image)

    # --- where the app points ------------------------------------------------------------

    @property
    def web_endpoint(self) -> str:
        return f"{self.root_url}/generate_response"

    @property
    def api_base_url(self) -> str:
        return self.root_url

    @property
    def openai_base_url(self) -> str:
        return f"{self.root_url}/v1"

    @property
    def bytes_sent(self) -> int:
        return self.counters.bytes_sent

    @property
    def inflated_sent(self) -> int:
        return self.counters.inflated_sent

    # --- the endpoints --------------------------------------------------------------------

    async def _web_endpoint(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        return await self._serve(request, {"response": "A short answer."}, '{"response": "')

    async def _api_text(self, request: web.Request) -> web.StreamResponse:
        normal = {"response": "A short answer.", "model": request.query.get("model")}
        return await self._serve(request, normal, '{"response": "')

    async def _api_image(self, request: web.Request) -> web.StreamResponse:
        normal = {"image_url": "/image", "model": "flux", "seed": 7}
        return await self._serve(request, normal, '{"image_url": "/image", "x": "')

    async def _models(self, request: web.Request) -> web.StreamResponse:
        normal = {"data": [{"id": "hostile-model"}]}
        return await self._serve(request, normal, '{"data": [{"id": "')

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        normal = {
            "model": body.get("model"),
            "choices": [{"message": {"content": "A short answer."}, "finish_reason": "stop"}],
        }
        return await self._serve(request, normal, '{"choices": [{"message": {"content": "')

    # --- what a mode sends ----------------------------------------------------------------

    async def _serve(
        self, request: web.Request, normal: dict[str, object], open_string: str
    ) -> web.StreamResponse:
        self.counters.requests.append(request.path)
        mode = self.mode
        if mode == "normal":
            return await self._send(request, json.dumps(normal).encode(), "application/json")
        if mode == "deep_json":
            deep = b"[" * DEEP + b"]" * DEEP
            return await self._send(request, deep, "application/json")
        if mode == "endless":
            if request.path.endswith("/chat/completions") and (await request.json())["stream"]:
                return await self._endless_events(request)
            return await self._endless(request, open_string.encode(), b"x", "application/json")
        if mode == "gzip_bomb":
            return await self._gzip_endless(request, open_string.encode(), "application/json")
        if mode == "gzip_sse_no_newlines":
            return await self._gzip_endless(request, b"data: ", "text/event-stream")
        if mode == "lying_length":
            headers = {"Content-Length": str(10**12)}
            return await self._endless(
                request, open_string.encode(), b"x", "application/json", headers
            )
        if mode == "short_length":
            response = self._start(request, "application/json", {"Content-Length": str(5 * 2**20)})
            await response.prepare(request)
            await self._write(response, open_string.encode().ljust(100, b"x"))
            assert request.transport is not None
            request.transport.close()
            return response
        if mode == "deep_json_event":
            event = b"data: " + b"[" * DEEP + b"]" * DEEP + b"\n\n"
            return await self._send(request, event, "text/event-stream")
        if mode == "sse_no_newlines":
            return await self._endless(request, b"data: ", b"x", "text/event-stream")
        if mode == "drip":
            return await self._drip(request)
        if mode == "drip_json":
            response = self._start(request, "application/json")
            await response.prepare(request)
            with contextlib.suppress(ConnectionError):
                for byte in json.dumps(normal).encode():
                    await self._write(response, bytes([byte]))
                    await asyncio.sleep(self.drip_seconds)
                await response.write_eof()
            return response
        if mode == "burst":
            event = b'data: {"choices": [{"delta": {"content": "w "}}]}\n\n'
            done = (
                b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n'
            )
            return await self._send(request, event * self.burst_events + done, "text/event-stream")
        if mode == "huge_event":
            line = b"data: " + b"x" * (PIECE - 7) + b"\n"
            return await self._endless(request, b"", line, "text/event-stream")
        if mode == "error_endless":
            return await self._endless(request, b"", b"Internal error. ", "text/plain", status=500)
        if mode == "retry_after_huge":
            error = {"error": {"message": "Slow down."}}
            return await self._send(
                request,
                json.dumps(error).encode(),
                "application/json",
                429,
                {"Retry-After": str(10**20)},
            )
        if mode in ("huge_header", "many_headers"):
            await request.read()
            return await self._send_raw_head(request, mode)
        raise AssertionError(mode)

    async def _image(self, request: web.Request) -> web.StreamResponse:
        self.counters.requests.append(request.path)
        mode = self.image_mode
        if mode == "normal":
            return await self._send(request, self.image_body, "image/png")
        if mode == "chunked":
            response = self._start(request, "image/png")
            await response.prepare(request)
            for start in range(0, len(self.image_body), self.image_chunk):
                await self._write(response, self.image_body[start : start + self.image_chunk])
                await asyncio.sleep(0)  # each piece its own write, as a slow link delivers
            await response.write_eof()
            return response
        if mode == "endless":
            return await self._endless(request, b"\x89PNG\r\n\x1a\n", b"\0" * 1024, "image/png")
        if mode == "redirect_loop":
            raise web.HTTPFound("/image")
        if mode == "redirect_to_file":
            raise web.HTTPFound("file:///etc/passwd")
        raise AssertionError(mode)

    # --- how ------------------------------------------------------------------------------

    def _start(
        self,
        request: web.Request,
        content_type: str,
        headers: dict[str, str] | None = None,
        status: int = 200,
    ) -> web.StreamResponse:
        response = web.StreamResponse(status=status, headers=headers or {})
        response.content_type = content_type
        return response

    async def _write(self, response: web.StreamResponse, data: bytes) -> None:
        await response.write(data)
        self.counters.bytes_sent += len(data)

    async def _send(
        self,
        request: web.Request,
        body: bytes,
        content_type: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> web.StreamResponse:
        response = self._start(request, content_type, headers, status)
        response.content_length = len(body)
        await response.prepare(request)
        await self._write(response, body)
        await response.write_eof()
        return response

    async def _send_raw_head(self, request: web.Request, mode: str) -> web.StreamResponse:
        """A head aiohttp's client refuses to parse, written by hand on the socket (aiohttp's
        server would write it too, but a test should not depend on that)."""
        if mode == "huge_header":
            head = b"HTTP/1.1 429 Too Many Requests\r\nX-RateLimit-Remaining: " + b"9" * 60_000
        else:
            head = b"HTTP/1.1 200 OK" + b"".join(
                b"\r\nX-Filler-%d: x" % number for number in range(40_000)
            )
        head += b"\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
        assert request.transport is not None
        request.transport.write(head)
        self.counters.bytes_sent += len(head)
        request.transport.close()
        return web.Response()  # never sent: the connection is closed

    async def _endless(
        self,
        request: web.Request,
        head: bytes,
        piece: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        status: int = 200,
    ) -> web.StreamResponse:
        response = self._start(request, content_type, headers, status)
        await response.prepare(request)
        await self._write(response, head)
        block = piece * max(1, PIECE // len(piece))
        with contextlib.suppress(ConnectionError):  # the app closed the connection
            while True:
                await self._write(response, block)
                await asyncio.sleep(0)
        return response

    async def _endless_events(self, request: web.Request) -> web.StreamResponse:
        response = self._start(request, "text/event-stream")
        await response.prepare(request)
        # Prose, as a model that never stops would send it: words, a paragraph break in
        # every fourth event (an unbroken line is ``sse_no_newlines``' job).
        words = b"lorem ipsum dolor sit amet " * 37
        event = b'data: {"choices": [{"delta": {"content": "' + words + b'"}}]}\n\n'
        last = b'data: {"choices": [{"delta": {"content": "' + words + b'\\n\\n"}}]}\n\n'
        event = event * 3 + last
        block = event * (PIECE // len(event))
        with contextlib.suppress(ConnectionError):
            while True:
                await self._write(response, block)
                await asyncio.sleep(0)
        return response

    async def _gzip_endless(
        self, request: web.Request, head: bytes, content_type: str
    ) -> web.StreamResponse:
        response = self._start(request, content_type, {"Content-Encoding": "gzip"})
        await response.prepare(request)
        # Gzip members back to back (RFC 1952 allows it): the first holds ``head``, each
        # later one a megabyte of zeros in about a kilobyte, made once.
        await self._write(response, gzip.compress(head))
        self.counters.inflated_sent += len(head)
        members_per_write = 64
        block = _zeros_member() * members_per_write
        with contextlib.suppress(ConnectionError):
            while True:
                await self._write(response, block)
                self.counters.inflated_sent += members_per_write * MB
                await asyncio.sleep(0)  # writes this small may never wait: let the loop run
        return response

    async def _drip(self, request: web.Request) -> web.StreamResponse:
        response = self._start(request, "text/event-stream")
        await response.prepare(request)
        event = b'data: {"choices": [{"delta": {"content": "' + b"y" * 2000 + b'"}}]}\n\n'
        with contextlib.suppress(ConnectionError):
            while True:
                for index in range(len(event)):
                    await self._write(response, event[index : index + 1])
                    await asyncio.sleep(self.drip_seconds)
        return response


@functools.cache
def _zeros_member() -> bytes:
    return gzip.compress(b"0" * MB, 9)
