"""A local HTTP proxy that wants a user name and password (Basic, ``Proxy-Authorization``),
as an office proxy does: 407 without them or with wrong ones; with the right ones it passes
the request on to ``target_port`` on 127.0.0.1, whatever host the request named, so nothing
leaves this machine. Plain http:// targets only (no CONNECT). Records the credentials it was
sent, decoded. 127.0.0.1, random port; ``async with`` or ``in_thread()``."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from tests.fakes.echo_proxy import proxy_credentials
from tests.fakes.loopback import LoopbackServer

# Not passed on: they concern this hop only (or are recomputed by the client below). Host is
# passed on: the server sees the host the app asked for, as behind a real proxy.
_HOP_HEADERS = {
    "proxy-authorization",
    "proxy-connection",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
}


class BasicAuthProxy(LoopbackServer):
    def __init__(self, target_port: int, user: str, password: str) -> None:
        self.target_port = target_port
        self.expected = f"{user}:{password}"
        self.credentials: list[str] = []  # "user:password" of each request, decoded
        self.targets: list[str] = []  # the absolute URL each request asked for
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._relay)

    async def _relay(self, request: web.Request) -> web.StreamResponse:
        self.targets.append(str(request.url))
        credentials = proxy_credentials(request)
        self.credentials.append(credentials)
        if credentials != self.expected:
            return web.Response(
                status=407,
                headers={"Proxy-Authenticate": 'Basic realm="office"'},
                text="Proxy authentication required",
            )
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in _HOP_HEADERS
        }
        upstream = f"http://127.0.0.1:{self.target_port}{request.path_qs}"
        async with (
            aiohttp.ClientSession(auto_decompress=False) as session,
            session.request(
                request.method, upstream, headers=headers, data=await request.read()
            ) as answer,
        ):
            body = await answer.read()
            kept = {
                name: value
                for name, value in answer.headers.items()
                if name.lower() not in _HOP_HEADERS
            }
            return web.Response(status=answer.status, body=body, headers=kept)
