"""What every fake server shares: its aiohttp application served on 127.0.0.1 at a free
port, on the test's own loop (``async with``) or on a thread of its own (``in_thread``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from aiohttp import web


class LoopbackServer:
    """Mix in and give the instance an ``app`` (a ``web.Application``)."""

    app: web.Application
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(
            # The server's own access log would show keys sent in URLs; it is not the app's log.
            self.app,
            handle_signals=False,
            shutdown_timeout=0.5,
            access_log=None,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextmanager
    def in_thread(self) -> Iterator[Self]:
        """Run on a loop of its own, for code that drives another loop (Qt tests)."""
        started = threading.Event()
        loop = asyncio.new_event_loop()

        def run() -> None:
            loop.run_until_complete(self.start())
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        thread = threading.Thread(target=run, name=f"fake-{type(self).__name__}", daemon=True)
        thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake server did not start")
        try:
            yield self
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
