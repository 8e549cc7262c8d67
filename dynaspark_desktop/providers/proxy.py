"""Which proxy a request uses: the user's setting, never for loopback addresses."""

from __future__ import annotations

from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import ConnectionFailedError
from dynaspark_desktop.core.redaction import redact_url

__all__ = ["is_loopback_url", "proxy_for", "redact_url"]

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
