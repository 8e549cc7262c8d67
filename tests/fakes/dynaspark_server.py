"""A local stand-in for the Dynaspark web endpoint, following ``shared/dynaspark-api.md``.

It answers ``POST /generate_response`` like the real service and records every request, and
it can be told to misbehave: any status with any body, Cloudflare and HTML pages, garbage,
slowness, a connection reset mid-answer. Tests run it on 127.0.0.1 at a random port.

Use it from async code (``async with FakeDynaspark() as server``) or, for code that drives
its own loop (Qt tests, benchmarks), on a thread of its own (``FakeDynasparkThread``).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

ENDPOINT_PATH = "/generate_response"


@dataclass
class RecordedFile:
    field_name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    content_type: str
    fields: dict[str, str]
    files: list[RecordedFile]


@dataclass
class Behaviour:
    """What the server does with one request. The default answers like the real service."""

    kind: str = "answer"  # answer | status | raw | reset | hang
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    answer: str | None = None


def echo_answer(request: RecordedRequest) -> str:
    """The default answer: it repeats what arrived, so tests can see the request got through."""
    prompt = request.fields.get("user_input", "")
    model = request.fields.get("ai_model", "")
    image = f" with image {request.files[0].filename}" if request.files else ""
    return f"[{model}] You said: {prompt}{image}"


class FakeDynasparkApp:
    """The aiohttp application and its state, independent of how it is run."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.queued: deque[Behaviour] = deque()
        self.default = Behaviour()
        self.request_arrived = threading.Event()
        # Requests whose client went away before the server answered (cancel, time-out).
        self.disconnects: list[RecordedRequest] = []
        self.client_disconnected = threading.Event()
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_post(ENDPOINT_PATH, self._handle)

    def queue(self, *behaviours: Behaviour) -> None:
        """Use these behaviours for the next requests, in order, then the default again."""
        self.queued.extend(behaviours)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        recorded = await _record(request)
        self.requests.append(recorded)
        self.request_arrived.set()
        behaviour = self.queued.popleft() if self.queued else self.default
        wait = 3600.0 if behaviour.kind == "hang" else behaviour.delay
        if wait and await self._client_left_during(request, wait):
            self.disconnects.append(recorded)
            self.client_disconnected.set()
            # Nobody is listening any more; this answer goes nowhere.
            return web.Response(status=499)
        if behaviour.kind == "reset":
            return await _reset_mid_body(request)
        if behaviour.kind == "answer":
            answer = behaviour.answer if behaviour.answer is not None else echo_answer(recorded)
            return web.json_response(
                {"response": answer}, status=behaviour.status, headers=behaviour.headers
            )
        body = behaviour.body.encode() if isinstance(behaviour.body, str) else behaviour.body
        content_type = behaviour.headers.get("Content-Type", "text/plain")
        headers = {k: v for k, v in behaviour.headers.items() if k != "Content-Type"}
        return web.Response(
            status=behaviour.status, body=body, headers=headers, content_type=content_type
        )

    @staticmethod
    async def _client_left_during(request: web.Request, seconds: float) -> bool:
        """Wait ``seconds``, or less if the client closes its connection: True if it did.

        aiohttp does not cancel a handler when its client goes away, so this watches the
        connection itself.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            transport = request.transport
            if transport is None or transport.is_closing():
                return True
            await asyncio.sleep(min(0.01, max(0.0, deadline - loop.time())))
        return False

    async def wait_for_request(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait (on the server's loop) until ``count`` requests have arrived."""
        await self._wait_until(lambda: len(self.requests) >= count, timeout, "requests")

    async def wait_for_disconnect(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait (on the server's loop) until ``count`` clients have gone away mid-request."""
        await self._wait_until(lambda: len(self.disconnects) >= count, timeout, "disconnects")

    @staticmethod
    async def _wait_until(condition: Any, timeout: float, what: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            if loop.time() >= deadline:
                raise TimeoutError(f"the fake Dynaspark server saw no {what} in {timeout} s")
            await asyncio.sleep(0.005)


async def _record(request: web.Request) -> RecordedRequest:
    fields: dict[str, str] = {}
    files: list[RecordedFile] = []
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            data = await part.read()  # type: ignore[union-attr]
            if part.filename is not None:  # type: ignore[union-attr]
                files.append(
                    RecordedFile(
                        field_name=part.name or "",  # type: ignore[union-attr]
                        filename=part.filename,  # type: ignore[union-attr]
                        content_type=part.headers.get("Content-Type", ""),  # type: ignore[union-attr]
                        data=bytes(data),
                    )
                )
            else:
                fields[part.name or ""] = bytes(data).decode()  # type: ignore[union-attr]
    else:
        form = await request.post()
        fields = {key: str(value) for key, value in form.items()}
    return RecordedRequest(
        method=request.method,
        path=request.path,
        headers={key.lower(): value for key, value in request.headers.items()},
        content_type=request.content_type,
        fields=fields,
        files=files,
    )


async def _reset_mid_body(request: web.Request) -> web.StreamResponse:
    """Promise a long JSON body, send a piece of it, then cut the connection."""
    response = web.StreamResponse(status=200, headers={"Content-Length": "100000"})
    response.content_type = "application/json"
    await response.prepare(request)
    await response.write(b'{"response": "This answer will never fini')
    await asyncio.sleep(0.05)
    transport = request.transport
    if transport is not None:
        transport.abort()
    return response


class FakeDynaspark(FakeDynasparkApp, LoopbackServer):
    """The fake server on the current asyncio loop: ``async with FakeDynaspark() as s``."""

    @property
    def base_url(self) -> str:
        return self.root_url

    @property
    def endpoint(self) -> str:
        return self.base_url + ENDPOINT_PATH


class FakeDynasparkThread(FakeDynaspark):
    """The fake server on a thread of its own, for code that runs another event loop."""

    def __init__(self) -> None:
        super().__init__()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FakeDynasparkThread:
        started = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start())
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self.stop())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-dynaspark", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Dynaspark server did not start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._loop is not None
        assert self._thread is not None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def call(self, function: Any, *args: Any) -> None:
        """Run ``function(*args)`` on the server's loop (to change its state safely)."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(function, *args)


def json_body(payload: Any) -> str:
    return json.dumps(payload)
