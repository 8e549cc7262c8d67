"""Which proxy a request uses: the user's setting, never for loopback addresses."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import ConnectionFailedError

_SUPPORTED_PROXY_SCHEMES = ("http", "https")


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_for(target_url: str, proxy: str | None) -> str | None:
    """The proxy for ``target_url``: ``None`` for loopback (local model servers break behind
    proxies) or when no proxy is set."""
    if not proxy or is_loopback_url(target_url):
        return None
    scheme = urlsplit(proxy).scheme.lower()
    if scheme not in _SUPPORTED_PROXY_SCHEMES:
        raise ConnectionFailedError(
            f"The proxy {redact_url(proxy)} uses “{scheme or 'no'}” as its scheme; "
            "only http:// and https:// proxies are supported."
        )
    return proxy


def redact_url(url: str) -> str:
    """``url`` with any password replaced, safe for messages and logs."""
    return re.sub(r"(?<=://)([^:/@\s]+):([^@/\s]*)@", r"\1:***@", url)
