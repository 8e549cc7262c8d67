"""Running the provider against the local fake server from plain (sync) pytest tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import pytest
from aiohttp.abc import AbstractResolver

from dynaspark_desktop.providers.dynaspark import Dynaspark
from tests.fakes.dynaspark_server import Behaviour, FakeDynaspark

T = TypeVar("T")

HI = [{"role": "user", "content": "Hi"}]


async def ask(
    messages: Sequence[dict[str, Any]] = HI, model: str = "gemini-2.0-flash", **options: Any
) -> list[str]:
    """Everything the provider yields for one request."""
    return [piece async for piece in Dynaspark.create_async_generator(model, messages, **options)]


def with_server(
    monkeypatch: pytest.MonkeyPatch,
    scenario: Callable[[FakeDynaspark], Awaitable[T]],
    *behaviours: Behaviour,
) -> T:
    """Start the fake server, point the provider at it, queue ``behaviours``, run
    ``scenario(server)`` and stop the server: all in one ``asyncio.run``."""

    async def main() -> T:
        async with FakeDynaspark() as server:
            monkeypatch.setattr(Dynaspark, "api_endpoint", server.endpoint)
            server.queue(*behaviours)
            return await scenario(server)

    return asyncio.run(main())


def ask_server(
    monkeypatch: pytest.MonkeyPatch, *behaviours: Behaviour, **ask_options: Any
) -> tuple[list[str], FakeDynaspark]:
    """One request to the fake server: what came back, and the server (to see what arrived)."""

    async def scenario(server: FakeDynaspark) -> tuple[list[str], FakeDynaspark]:
        return await ask(**ask_options), server

    return with_server(monkeypatch, scenario, *behaviours)


def fail_with_server(
    monkeypatch: pytest.MonkeyPatch, *behaviours: Behaviour, **ask_options: Any
) -> tuple[BaseException, FakeDynaspark]:
    """One request expected to fail: the exception, and the server."""

    async def scenario(server: FakeDynaspark) -> tuple[BaseException, FakeDynaspark]:
        try:
            answer = await ask(**ask_options)
        except Exception as error:  # the test inspects whatever came out
            return error, server
        raise AssertionError(f"the request did not fail; it answered {answer!r}")

    return with_server(monkeypatch, scenario, *behaviours)


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoSuchHost(AbstractResolver):
    """A resolver that knows no name: a DNS failure without asking any DNS server."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> Any:
        self.asked.append(host)
        raise OSError(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        pass


class RawServer:
    """A loopback TCP server that answers every connection with fixed bytes and closes it:
    for peers that do not speak (proper) HTTP, such as an SSH port or a proxy's refusal."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.received: list[bytes] = []
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            self.received.append(await reader.read(65536))
            writer.write(self.reply)
            await writer.drain()
        finally:
            writer.close()
            await writer.wait_closed()

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
