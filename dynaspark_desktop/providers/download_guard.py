"""Which addresses a server may send the app to fetch from (the ``image_url`` of a generated
picture, and every redirect on the way): http(s) only, and never this machine or the local
network unless the provider that sent the link is itself on this machine.

A remote service must not be able to make the app read from ``localhost`` or the router's
admin page: the host is checked as written (``localhost``, ``127.0.0.1``, ``[::1]``) and as
it resolves (a name, ``2130706433`` or ``0x7f.1`` that lands on a loopback or private address).
Without a proxy, :func:`download_session` then connects through a resolver that keeps only
public addresses, so a name that resolves to a public address for the check and to a
private one for the connection (DNS rebinding) is refused too. Behind a proxy the proxy
resolves the name; the check above is what applies there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import UnexpectedResponseError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.proxy import is_loopback_url, proxied_session, proxy_for

if TYPE_CHECKING:
    import aiohttp


class UnsafeAddressError(UnexpectedResponseError):
    """The server pointed at an address the app does not fetch from."""

    retryable = False


async def check_fetch_address(url: str, *, allow_local: bool, what: str, service: str) -> None:
    """Raise UnsafeAddressError unless ``url`` may be fetched. ``what`` names the thing
    ("the generated picture") and ``service`` who sent the link, for the message."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UnsafeAddressError(
            translate(
                "DownloadGuard",
                "{service} gave a link for {what} that is not a web address; nothing was fetched.",
            ).format(service=service, what=what),
            detail=f"scheme {parts.scheme!r}",
        )
    if allow_local:
        return
    # "localhost." (a trailing dot) names the same host as "localhost".
    name = host.rstrip(".")
    as_url = f"http://[{name}]/" if ":" in name else f"http://{name}/"
    refused = is_loopback_url(as_url) or any(
        not _is_public(address) for address in await _addresses(host, parts.port)
    )
    if refused:
        raise UnsafeAddressError(
            translate(
                "DownloadGuard",
                "{service} gave a link for {what} that points at this computer or the local "
                "network ({host}); the app does not fetch from there, so nothing was fetched.",
            ).format(service=service, what=what, host=host),
            detail=f"refused host {host!r}",
        )


async def _addresses(host: str, port: int | None) -> list[str]:
    """What ``host`` resolves to (a literal address resolves to itself). A name that does
    not resolve here is left to the request, which then fails (or goes through a proxy)."""
    import asyncio
    import socket

    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port or 443, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def _is_public(address: str) -> bool:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.partition("%")[0])  # "fe80::1%eth0"
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # "::ffff:127.0.0.1" is 127.0.0.1
    return ip.is_global and not ip.is_multicast


@asynccontextmanager
async def download_session(
    url: str,
    proxy: str | None,
    session: aiohttp.ClientSession | None,
    *,
    allow_local: bool,
    what: str,
    service: str,
) -> AsyncIterator[tuple[aiohttp.ClientSession, str | None]]:
    """Like ``proxy.proxied_session``; for a direct connection that must stay public, a
    session of its own whose resolver refuses private addresses (closed on exit)."""
    if allow_local or proxy_for(url, proxy) is not None:
        async with proxied_session(url, proxy, session) as pair:
            yield pair
        return
    import aiohttp

    connector = aiohttp.TCPConnector(resolver=public_only_resolver(what, service))
    async with aiohttp.ClientSession(connector=connector, trust_env=False) as own:
        yield own, None


def public_only_resolver(what: str, service: str) -> Any:
    """An aiohttp resolver that returns only public addresses; raises UnsafeAddressError
    (which aiohttp passes on as it is) when a name has no other. Built on first use: the
    module must not import aiohttp when the app starts."""
    from aiohttp.abc import AbstractResolver
    from aiohttp.resolver import DefaultResolver

    class PublicOnlyResolver(AbstractResolver):
        def __init__(self) -> None:
            self._resolver = DefaultResolver()

        async def resolve(self, host: str, port: int = 0, family: Any = 0) -> list[Any]:
            found = await self._resolver.resolve(host, port, family)
            public = [result for result in found if _is_public(result["host"])]
            if not public:
                raise UnsafeAddressError(
                    translate(
                        "DownloadGuard",
                        "{service} gave a link for {what} whose host ({host}) leads to this "
                        "computer or the local network; the app does not fetch from there, so "
                        "nothing was fetched.",
                    ).format(service=service, what=what, host=host),
                    detail=f"resolved only to {[result['host'] for result in found]}",
                )
            return public

        async def close(self) -> None:
            await self._resolver.close()

    return PublicOnlyResolver()
