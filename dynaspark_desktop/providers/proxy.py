"""Which proxy a request uses: the user's setting, never for loopback addresses.

One proxy setting serves every remote provider. HTTP(S) proxies go through aiohttp's own
``proxy=`` argument on the app's shared session; SOCKS proxies need a connector of their own
(``aiohttp-socks``), so :func:`proxied_session` opens a short-lived session for them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import ConnectionFailedError, UserFacingError
from dynaspark_desktop.core.proxy_password import with_encoded_credentials
from dynaspark_desktop.core.redaction import redact_url

if TYPE_CHECKING:
    import aiohttp

__all__ = [
    "is_loopback_url",
    "is_socks_proxy",
    "proxied_session",
    "proxy_for",
    "proxy_problem",
    "redact_url",
]

_HTTP_PROXY_SCHEMES = ("http", "https")
# socks5h / socks4a ask the proxy to resolve names (curl's spelling); plain socks5 does too in
# aiohttp-socks, which keeps the remote host name off the local resolver.
# Each scheme maps to the one aiohttp-socks reads and to whether the proxy resolves names.
_SOCKS_SCHEMES = {
    "socks5": ("socks5", True),
    "socks5h": ("socks5", True),
    "socks4": ("socks4", False),
    "socks4a": ("socks4", True),
}


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        import ipaddress  # off the start-up path; only needed once a request is made

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_socks_proxy(proxy: str) -> bool:
    return _scheme(proxy) in _SOCKS_SCHEMES


def _scheme(proxy: str) -> str:
    # Not urlsplit: it raises on a malformed host ("[::1"), which _check_address words.
    scheme, separator, _rest = proxy.partition("://")
    return scheme.lower() if separator else ""


def proxy_for(target_url: str, proxy: str | None) -> str | None:
    """The proxy for ``target_url``: ``None`` for loopback (local model servers break behind
    proxies) or when no proxy is set. HTTP(S) and SOCKS (4, 4a, 5, 5h) proxies are accepted;
    any other scheme, or an address without a host or with a port that is no number, is a
    clear error naming the proxy setting before anything is sent. The user name and password
    come back percent-encoded (the setting holds them as typed)."""
    if not proxy or not proxy.strip() or is_loopback_url(target_url):
        return None
    proxy = proxy.strip()
    if "://" not in proxy:
        # "proxy.example:3128" as typed in a settings field: an HTTP proxy, as curl reads it
        # (urlsplit would take "proxy.example" for the scheme).
        proxy = f"http://{proxy}"
    scheme = _scheme(proxy)
    if scheme not in _HTTP_PROXY_SCHEMES and scheme not in _SOCKS_SCHEMES:
        raise ConnectionFailedError(
            f"The proxy {redact_url(proxy)} uses “{scheme or 'no'}” as its scheme; "
            "only http://, https://, socks5:// and socks4:// proxies are supported."
        )
    route = with_encoded_credentials(proxy)
    _check_address(route)
    return route


def proxy_problem(proxy: str) -> str | None:
    """Why ``proxy`` cannot be used, in words for the settings form; None when fine or empty."""
    if not proxy:
        return None
    try:
        route = proxy_for("https://example.com/", proxy)
    except UserFacingError as error:
        return str(error)
    if urlsplit(route or "").port is None and is_socks_proxy(route or ""):
        return "A SOCKS proxy address needs a port, as in socks5://127.0.0.1:1080."
    return None


def _check_address(route: str) -> None:
    """A proxy address the URL parsers would refuse, refused here in words about the proxy
    (aiohttp would call it an invalid web address, as if the endpoint were wrong)."""
    try:
        parts = urlsplit(route)
        parts.port  # noqa: B018 (reading it is the check)
    except ValueError:
        raise ConnectionFailedError(
            f"The proxy address {redact_url(route)} is not valid: the port must be a number "
            "and the host a name or an address, as in http://proxy.example:3128. Check the "
            "proxy setting."
        ) from None
    if not parts.hostname:
        raise ConnectionFailedError(
            f"The proxy address {redact_url(route)} needs a host, as in "
            "http://proxy.example:3128. Check the proxy setting."
        )


@asynccontextmanager
async def proxied_session(
    target_url: str, proxy: str | None, session: aiohttp.ClientSession | None = None
) -> AsyncIterator[tuple[aiohttp.ClientSession, str | None]]:
    """The session to send a request to ``target_url`` with, and the value for aiohttp's
    ``proxy=`` argument.

    Without a SOCKS proxy this is ``session`` itself (or a session made for this request when
    ``session`` is None). A SOCKS proxy gets a session of its own, closed on exit: keep the
    whole request, streaming included, inside the ``async with``.
    """
    import aiohttp

    route = proxy_for(target_url, proxy)
    if route is not None and is_socks_proxy(route):
        async with aiohttp.ClientSession(connector=_socks_connector(route)) as own:
            yield own, None
    elif session is None:
        async with aiohttp.ClientSession() as own:
            yield own, route
    else:
        yield session, route


def _socks_connector(proxy: str) -> aiohttp.BaseConnector:
    from aiohttp_socks import ProxyConnector

    parts = urlsplit(proxy)
    scheme = parts.scheme.lower()
    library_scheme, remote_dns = _SOCKS_SCHEMES[scheme]
    plain = library_scheme + proxy[len(parts.scheme) :]
    try:
        return ProxyConnector.from_url(plain, rdns=remote_dns)
    except ValueError as error:
        raise ConnectionFailedError(
            f"The proxy address {redact_url(proxy)} is not complete: it needs a host and a "
            "port, such as socks5://127.0.0.1:1080.",
            detail=f"{type(error).__name__}",
        ) from error
