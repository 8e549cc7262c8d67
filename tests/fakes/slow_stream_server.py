"""A slow OpenAI-compatible server that records how many requests it serves at once.

Every answer streams as ``pieces`` pieces, ``piece_delay`` seconds apart (200 tokens a
second is ``piece_delay=0.005``), and starts with the question it answers, so a test can
tell which chat an answer belongs to. A question containing a word passed to ``hold`` stops
after its first piece (or its ``after``-th) until ``release``: the test then knows it is in
flight. The server
counts the requests it is serving (``in_flight``), keeps the most it served together
(``most_in_flight``), and notes each question as it arrives, finishes, or is left by its
client. Runs on its own thread (``with server.in_thread():``), like the other fakes.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from aiohttp import web

from tests.fakes.openai_server import FakeOpenAI, chunk


def last_question(body: Any) -> str:
    messages = body.get("messages", []) if isinstance(body, dict) else []
    last = next((m for m in reversed(messages) if m.get("role") == "user"), {})
    content = last.get("content", "")
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def answer_pieces(question: str, pieces: int, *, markdown: bool = False) -> list[str]:
    """What the server says to ``question``: its echo, then numbered words (``markdown``:
    with a bold word now and then and a new paragraph every 40 words, as models write)."""
    words = [f"Answer to {question}:"]
    for index in range(1, pieces):
        word = f"word{index}"
        if markdown and index % 7 == 0:
            word = f"**{word}**"
        words.append(("\n\n" if markdown and index % 40 == 0 else " ") + word)
    return words


class SlowStreamServer(FakeOpenAI):
    def __init__(
        self, *, pieces: int = 20, piece_delay: float = 0.01, markdown: bool = False
    ) -> None:
        super().__init__()
        self.pieces = pieces
        self.piece_delay = piece_delay
        self.markdown = markdown
        self._lock = threading.Lock()
        self._held: dict[str, int] = {}  # word → pieces sent before it holds
        self.in_flight = 0
        self.most_in_flight = 0
        self.arrived: list[str] = []  # questions, in the order their requests arrived
        self.finished: list[str] = []  # answered to the end
        self.left: list[str] = []  # the client went away before the end

    def hold(self, word: str, after: int = 1) -> None:
        """Questions containing ``word`` stop once ``after`` pieces are sent, until released
        (holding again with a larger ``after`` lets that many more through)."""
        with self._lock:
            self._held[word] = after

    def release(self, word: str) -> None:
        with self._lock:
            self._held.pop(word, None)

    def _is_held(self, question: str, sent: int) -> bool:
        with self._lock:
            return any(word in question and sent >= after for word, after in self._held.items())

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        recorded = await self._record(request)
        body = recorded.body or {}
        question = last_question(body)
        model = str(body.get("model", ""))
        self.arrived.append(question)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        response = web.StreamResponse()
        response.content_type = "text/event-stream"
        try:
            await response.prepare(request)
            loop = asyncio.get_running_loop()
            started = loop.time()
            for index, piece in enumerate(
                answer_pieces(question, self.pieces, markdown=self.markdown)
            ):
                if index:
                    # Paced from the start, not piece after piece: sleeps run a little long,
                    # and the rate must be the one asked for.
                    await asyncio.sleep(max(0.0, started + index * self.piece_delay - loop.time()))
                await response.write(chunk(model, piece))
                while self._is_held(question, index + 1):
                    if _client_gone(request):
                        raise ConnectionResetError("the client went away")
                    await asyncio.sleep(0.005)
                    started = loop.time() - index * self.piece_delay  # the rest at the pace
            await response.write(chunk(model, finish_reason="stop"))
            await response.write(b"data: [DONE]\n\n")
            await response.write_eof()
            self.finished.append(question)
        except ConnectionResetError:
            self.left.append(question)  # nobody listens any more: nothing to answer
        except asyncio.CancelledError:
            self.left.append(question)
            raise
        finally:
            self.in_flight -= 1
        return response


def _client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()
