"""A local HTTP proxy that refuses every request and, as a careless one might, quotes the
credentials it was sent (``Proxy-Authorization``, decoded) in its answer. Records what it
received. 127.0.0.1, random port; ``async with`` or ``in_thread()``."""

from __future__ import annotations

import base64
import binascii
import json

from aiohttp import web

from tests.fakes.loopback import LoopbackServer


def proxy_credentials(request: web.Request) -> str:
    """The "user:password" a client sent in Proxy-Authorization, or "" if none or garbled."""
    encoded = request.headers.get("Proxy-Authorization", "").removeprefix("Basic ")
    try:
        return base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""


class EchoingProxy(LoopbackServer):
    def __init__(self, status: int = 400) -> None:
        self.status = status
        self.credentials: list[str] = []  # "user:password" of each request, decoded
        self.targets: list[str] = []  # the absolute URL each request asked for
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._refuse)

    async def _refuse(self, request: web.Request) -> web.Response:
        credentials = proxy_credentials(request)
        self.credentials.append(credentials)
        self.targets.append(str(request.url))
        message = f"Upstream refused the request of {credentials or 'nobody'}"
        return web.Response(
            status=self.status,
            text=json.dumps({"error": message}),
            content_type="application/json",
        )
