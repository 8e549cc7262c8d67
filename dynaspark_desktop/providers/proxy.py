"""Which proxy a request uses: the user's setting, never for loopback addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import ConnectionFailedError

_SUPPORTED_PROXY_SCHEMES = ("http", "https")


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        import ipaddress  # off the start-up path; only needed once a request is made

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_for(target_url: str, proxy: str | None) -> str | None:
    """The proxy for ``target_url``: ``None`` for loopback (local model servers break behind
    proxies) or when no proxy is set."""
    if not proxy or not proxy.strip() or is_loopback_url(target_url):
        return None
    proxy = proxy.strip()
    if "://" not in proxy:
        # "proxy.example:3128" as typed in a settings field: an HTTP proxy, as curl reads it
        # (urlsplit would take "proxy.example" for the scheme).
        proxy = f"http://{proxy}"
    scheme = urlsplit(proxy).scheme.lower()
    if scheme not in _SUPPORTED_PROXY_SCHEMES:
        raise ConnectionFailedError(
            f"The proxy {redact_url(proxy)} uses “{scheme or 'no'}” as its scheme; "
            "only http:// and https:// proxies are supported."
        )
    return proxy


def redact_url(url: str) -> str:
    """``url`` with any password replaced, safe for messages and logs.

    The user information ends at the *last* ``@`` of the authority, as URL parsers read it,
    so a password that itself holds ``@`` (typed unencoded) is hidden whole.
    """
    return _AFTER_SCHEME.sub(_redact_authority, url)


_AFTER_SCHEME = re.compile(r"(?<=://)\S+")
_AUTHORITY_END = re.compile(r"[/?#]")


def _redact_authority(match: re.Match[str]) -> str:
    rest = match.group(0)
    end = _AUTHORITY_END.search(rest)
    authority = rest[: end.start()] if end else rest
    at = authority.rfind("@")
    if at < 0:
        # No "@" in the authority: either there is no password, or one holding "/" or "?"
        # pushed the "@" further along. A port followed by a path is the harmless case.
        at = rest.rfind("@")
        if at < 0:
            return rest
        port = authority.partition(":")[2]
        if not port or port.isdigit():
            return rest
    user, colon, _password = rest[:at].partition(":")
    if not colon or _AUTHORITY_END.search(user):
        return rest
    return f"{user}:***{rest[at:]}"
