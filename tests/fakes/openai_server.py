"""A local stand-in for an OpenAI-compatible server (Ollama, LM Studio, OpenAI, ...).

It answers ``GET /v1/models`` and ``POST /v1/chat/completions`` (streamed as server-sent
events when asked, whole otherwise), records every request, can demand an API key, and can
be told to misbehave: any status and body, raw event bytes in chosen pieces, slowness, a
stream that breaks or just stops. It runs on 127.0.0.1 at a random port, on the test's loop
(``async with FakeOpenAI() as server``) or on a thread (``with server.in_thread():``).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

MODELS = ["llama3.2:3b", "llava:7b", "qwen2.5-coder:7b"]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # the parsed JSON body, or None


@dataclass
class Behaviour:
    """What the server does with one request. The default answers like a real server.

    kind: ``answer`` (streamed pieces of ``answer``, or an echo of the question),
    ``status`` (``status`` with ``body``), ``events`` (the raw ``events`` byte pieces, as a
    text/event-stream), ``broken`` (half the answer, then the connection is cut),
    ``truncated`` (half the answer, then a clean end with no ``[DONE]``), ``hang``.
    """

    kind: str = "answer"
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before anything is sent
    chunk_delay: float = 0.0  # between streamed pieces
    answer: str | None = None
    events: list[bytes] = field(default_factory=list)


def echo_answer(body: dict[str, Any]) -> str:
    """Repeats what arrived: the model, the system prompt, the last user text, the images."""
    messages = body.get("messages", [])
    system = [m["content"] for m in messages if m.get("role") == "system"]
    last = next((m for m in reversed(messages) if m.get("role") == "user"), {})
    content = last.get("content", "")
    images = 0
    if isinstance(content, list):
        images = sum(1 for part in content if part.get("type") == "image_url")
        content = "".join(part.get("text", "") for part in content if part.get("type") == "text")
    text = f"[{body.get('model')}] You said: {content}"
    if system:
        text += f" (system: {system[0]})"
    if images:
        text += f" with {images} image(s)"
    return text


def pieces_of(text: str) -> list[str]:
    """The answer in word-sized pieces, as a model streams it."""
    words = text.split(" ")
    return [word + (" " if index < len(words) - 1 else "") for index, word in enumerate(words)]


def sse(payload: Any) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()


def chunk(model: str, text: str | None = None, finish_reason: str | None = None) -> bytes:
    delta = {"content": text} if text is not None else {}
    choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
    return sse({"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": model,
                "choices": [choice]})  # fmt: skip


class FakeOpenAI(LoopbackServer):
    def __init__(
        self, *, api_key: str | None = None, models: list[str] | None = None, echo_key: bool = False
    ) -> None:
        self.api_key = api_key
        # A refused key is quoted whole in the 401 ("Incorrect API key provided: sk-…"), as
        # careless servers do: the app must keep it out of every file.
        self.echo_key = echo_key
        self.models = list(MODELS if models is None else models)
        self.requests: list[RecordedRequest] = []
        self.chat_queue: deque[Behaviour] = deque()
        self.models_queue: deque[Behaviour] = deque()
        self.app = web.Application()
        self.app.router.add_get("/v1/models", self._models)
        self.app.router.add_post("/v1/chat/completions", self._chat)

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def queue_chat(self, *behaviours: Behaviour) -> None:
        self.chat_queue.extend(behaviours)

    def queue_models(self, *behaviours: Behaviour) -> None:
        self.models_queue.extend(behaviours)

    async def _record(self, request: web.Request) -> RecordedRequest:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        recorded = RecordedRequest(
            request.method, request.path, {k.lower(): v for k, v in request.headers.items()}, body
        )
        self.requests.append(recorded)
        return recorded

    def _refused_key(self, recorded: RecordedRequest) -> web.Response | None:
        if (
            self.api_key is None
            or recorded.headers.get("authorization") == f"Bearer {self.api_key}"
        ):
            return None
        sent = recorded.headers.get("authorization", "").removeprefix("Bearer ")
        message = f"Incorrect API key provided: {sent}." if self.echo_key else ""
        error = {
            "message": message or "Incorrect API key provided.",
            "type": "invalid_request_error",
        }
        return web.json_response({"error": error}, status=401)

    async def _models(self, request: web.Request) -> web.StreamResponse:
        recorded = await self._record(request)
        behaviour = self.models_queue.popleft() if self.models_queue else Behaviour()
        await asyncio.sleep(behaviour.delay)
        if behaviour.kind == "status":
            return _plain(behaviour)
        refused = self._refused_key(recorded)
        if refused is not None:
            return refused
        data = [{"id": model, "object": "model", "owned_by": "fake"} for model in self.models]
        return web.json_response({"object": "list", "data": data})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        recorded = await self._record(request)
        behaviour = self.chat_queue.popleft() if self.chat_queue else Behaviour()
        await asyncio.sleep(3600 if behaviour.kind == "hang" else behaviour.delay)
        if behaviour.kind == "status":
            return _plain(behaviour)
        refused = self._refused_key(recorded)
        if refused is not None:
            return refused
        body = recorded.body or {}
        model = str(body.get("model", ""))
        if behaviour.kind == "events":
            return await self._stream(request, behaviour, behaviour.events)
        text = behaviour.answer if behaviour.answer is not None else echo_answer(body)
        if not body.get("stream"):
            return web.json_response(_whole_answer(model, text), headers=behaviour.headers)
        events = [chunk(model, piece) for piece in pieces_of(text)]
        if behaviour.kind in ("broken", "truncated"):
            return await self._stream(
                request, behaviour, events[: max(1, len(events) // 2)], cut=behaviour.kind
            )
        events.append(chunk(model, finish_reason="stop"))
        if body.get("stream_options", {}).get("include_usage"):
            usage = {"prompt_tokens": 7, "completion_tokens": len(events), "total_tokens": 7}
            usage["total_tokens"] += usage["completion_tokens"]
            events.append(sse({"model": model, "choices": [], "usage": usage}))
        events.append(b"data: [DONE]\n\n")
        return await self._stream(request, behaviour, events)

    async def _stream(
        self, request: web.Request, behaviour: Behaviour, events: list[bytes], cut: str = ""
    ) -> web.StreamResponse:
        response = web.StreamResponse(status=behaviour.status, headers=behaviour.headers)
        response.content_type = "text/event-stream"
        await response.prepare(request)
        for index, piece in enumerate(events):
            if index and behaviour.chunk_delay:
                await asyncio.sleep(behaviour.chunk_delay)
            await response.write(piece)
        if cut == "broken":
            await asyncio.sleep(0.05)
            if request.transport is not None:
                request.transport.abort()
            return response
        await response.write_eof()
        return response


def _plain(behaviour: Behaviour) -> web.Response:
    body = behaviour.body.encode() if isinstance(behaviour.body, str) else behaviour.body
    headers = {k: v for k, v in behaviour.headers.items() if k.lower() != "content-type"}
    content_type = behaviour.headers.get("Content-Type", "application/json")
    return web.Response(
        status=behaviour.status, body=body, headers=headers, content_type=content_type
    )


def _whole_answer(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }
