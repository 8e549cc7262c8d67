"""Which addresses a server may send the app to fetch from (the ``image_url`` of a generated
picture, and every redirect on the way): http(s) only, and never this machine or the local
network unless the provider that sent the link is itself on this machine.

A remote service must not be able to make the app read from ``localhost`` or the router's
admin page: the host is checked as written (``localhost``, ``127.0.0.1``, ``[::1]``) and as
it resolves (a name, ``2130706433`` or ``0x7f.1`` that lands on a loopback or private address).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import UnexpectedResponseError
from dynaspark_desktop.providers.proxy import is_loopback_url


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
            f"{service} gave a link for {what} that is not a web address; nothing was fetched.",
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
            f"{service} gave a link for {what} that points at this computer or the local "
            f"network ({host}); the app does not fetch from there, so nothing was fetched.",
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
