"""Turning HTTP answers and aiohttp exceptions into errors a person can read.

Shared by every HTTP provider; follows ``shared/dynaspark-api.md`` section 5.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from typing import Any

from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BlockedByBotProtectionError,
    ConnectionBrokenError,
    ConnectionFailedError,
    EndpointMovedError,
    ProviderError,
    RateLimitedError,
    ResponseTimeoutError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_secrets
from dynaspark_desktop.core.sentences import clause, sentence
from dynaspark_desktop.providers.connect_failures import connect_failure_reason, oversized_head

_CLOUDFLARE_MARKERS = ("Just a moment...", "cf-spinner", "challenge-platform")
_SERVICE_DOWN_STATUSES = {502, 503, 504, 520}
_SNIPPET_LIMIT = 200
# A server's "wait this long" is believed up to a week (10^20 seconds is a broken header).
MAX_WAIT_SECONDS = 7 * 24 * 3600.0


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head or "<body" in head


def first_line(text: str) -> str:
    """The first non-blank line of ``text``, shortened to something a message can hold."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped if len(stripped) <= _SNIPPET_LIMIT else stripped[:_SNIPPET_LIMIT] + "…"
    return ""


def describe_body(text: str) -> str:
    """What to show of an unexpected body: the JSON error, an "HTML content" note, or its text
    (as a clause: without its own full stop, since it is quoted inside our sentence)."""
    if looks_like_html(text):
        return translate("HttpErrors", "HTML content")
    parsed = parse_json_object(text)
    if isinstance(parsed, Mapping):
        for key in ("error", "message", "detail"):
            value = parsed.get(key)
            if isinstance(value, Mapping):
                value = value.get("message")
            if isinstance(value, str) and value.strip():
                return clause(first_line(value))
    return clause(first_line(text)) or translate("HttpErrors", "(empty answer)")


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or HTTP date) or ``X-RateLimit-Reset``,
    at most :data:`MAX_WAIT_SECONDS`."""
    seconds = _raw_retry_after(headers, time.time() if now is None else now)
    if seconds is None or math.isnan(seconds):
        return None
    return min(seconds, MAX_WAIT_SECONDS)


def _raw_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    retry_after = headers.get("Retry-After")
    if retry_after:
        retry_after = retry_after.strip()
        if re.fullmatch(r"\d+(\.\d+)?", retry_after):
            return float(retry_after)
        try:
            import email.utils  # rare path; keeps this module cheap to import at start-up

            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError, OverflowError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - now)
    reset = headers.get("X-RateLimit-Reset")
    if reset:
        try:
            return max(0.0, float(reset) - now)
        except ValueError:
            return None
    return None


def humanize_wait(seconds: float) -> str:
    if not seconds < 86400.5:  # NaN and infinity included
        return translate("HttpErrors", "more than a day")
    whole = max(1, round(seconds))
    # Under two minutes, only a whole minute is said in minutes: the default 90 s time-out
    # must read "90 seconds", not "2 minutes".
    if whole < 60 or (whole < 120 and whole != 60):
        return (
            translate("HttpErrors", "1 second")
            if whole == 1
            else translate("HttpErrors", "{count} seconds").format(count=whole)
        )
    minutes = round(seconds / 60)
    if minutes < 60:
        return (
            translate("HttpErrors", "1 minute")
            if minutes == 1
            else translate("HttpErrors", "{count} minutes").format(count=minutes)
        )
    # "1 hour", "1.5 hours": never "1.0 hours", never "60 minutes".
    hours = round(seconds / 3600, 1)
    return (
        translate("HttpErrors", "1 hour")
        if hours == 1
        else translate("HttpErrors", "{count} hours").format(count=f"{hours:g}")
    )


def error_for_status(
    status: int, body: str, headers: Mapping[str, str], service: str
) -> ProviderError:
    """The error to raise for a non-2xx answer from ``service`` (a host name for messages)."""
    detail = f"HTTP {status}: {first_line(body)}"
    if status == 401:
        return AuthRequiredError(
            translate(
                "HttpErrors", "{service} wants an API key for this request (HTTP 401)."
            ).format(service=service),
            detail=detail,
        )
    if status == 403 and any(marker in body for marker in _CLOUDFLARE_MARKERS):
        return BlockedByBotProtectionError(
            translate(
                "HttpErrors",
                "{service} blocked the request with its bot protection (a Cloudflare "
                "challenge). Try again later, or use another model or endpoint.",
            ).format(service=service),
            detail=detail,
        )
    if status in (404, 405):
        return EndpointMovedError(
            translate(
                "HttpErrors",
                "{service} no longer answers at this address (HTTP {status}): the service has "
                "probably moved this endpoint. Set the new address with --endpoint or "
                "DYNASPARK_ENDPOINT.",
            ).format(service=service, status=status),
            detail=detail,
        )
    if status in (402, 429):
        wait = retry_after_seconds(headers)
        when = (
            translate("HttpErrors", "Try again in {wait}.").format(wait=humanize_wait(wait))
            if wait is not None
            else translate("HttpErrors", "Try again later.")
        )
        return RateLimitedError(
            translate("HttpErrors", "{service} is rate-limiting requests (HTTP {status}).").format(
                service=service, status=status
            )
            + " "
            + when,
            retry_after_seconds=wait,
            detail=detail,
        )
    if status in _SERVICE_DOWN_STATUSES:
        return ServiceUnavailableError(
            translate(
                "HttpErrors",
                "{service} is down or still waking up (HTTP {status}). "
                "The free service sleeps when idle; retrying in a minute usually works.",
            ).format(service=service, status=status),
            detail=detail,
        )
    return UnexpectedResponseError(
        translate("HttpErrors", "Response {status}: {body}").format(
            status=status, body=describe_body(body)
        ),
        detail=detail,
    )


def transport_errors() -> tuple[type[BaseException], ...]:
    """What to catch around a request: aiohttp's errors, the socket's, time-outs, and the
    SOCKS proxy's (aiohttp-socks raises its own, which derive from none of the others)."""
    import aiohttp
    import aiohttp_socks

    return (
        aiohttp.ClientError,
        OSError,
        TimeoutError,
        aiohttp_socks.ProxyError,
        aiohttp_socks.ProxyConnectionError,
        aiohttp_socks.ProxyTimeoutError,
    )


def error_for_exception(error: BaseException, service: str, timeout: float) -> ProviderError:
    """The error to raise when aiohttp (or the socket below it) fails talking to ``service``."""
    import aiohttp

    # A request URL can carry a key as a query parameter (the Dynaspark API's api_key).
    detail = redact_secrets(f"{type(error).__name__}: {error}")
    socks_error = _socks_error(error, service, detail)
    if socks_error is not None:
        return socks_error
    # asyncio.TimeoutError is the builtin TimeoutError since Python 3.11.
    if isinstance(error, TimeoutError | aiohttp.ServerTimeoutError):
        return ResponseTimeoutError(
            translate(
                "HttpErrors",
                "No answer from {service} within {wait}. The free service may "
                "be asleep or overloaded; try again in a minute.",
            ).format(service=service, wait=humanize_wait(timeout)),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientProxyConnectionError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "Cannot connect to the proxy to reach {service}. Check the proxy setting.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "Cannot find {service}: the name lookup (DNS) failed. Check your internet "
                "connection.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "Cannot open a secure connection to {service} (certificate or TLS problem).",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientConnectorError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "Cannot connect to {service} ({reason}). "
                "Check your internet connection, or whether the server is running.",
            ).format(service=service, reason=connect_failure_reason(error)),
            detail=detail,
        )
    if isinstance(
        error,
        aiohttp.ServerDisconnectedError
        | aiohttp.ClientPayloadError
        | aiohttp.ClientOSError
        | ConnectionError,
    ):
        return ConnectionBrokenError(
            translate(
                "HttpErrors",
                "The connection to {service} broke before the answer arrived. Try again.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        # NonHttpUrlClientError (an ftp:// or scheme-less address) is not an InvalidURL.
        address = getattr(error, "url", None) or (error.args[0] if error.args else service)
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "“{address}” is not a valid web address (it must start with "
                "http:// or https://): check the endpoint setting.",
            ).format(address=redact_secrets(str(address))),
            detail=detail,
        )
    if isinstance(error, aiohttp.TooManyRedirects):
        return EndpointMovedError(
            translate(
                "HttpErrors",
                "{service} keeps redirecting the request (a redirect loop): the service has "
                "probably moved this endpoint. Set the new address with --endpoint or "
                "DYNASPARK_ENDPOINT.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientHttpProxyError):
        # The proxy answered our CONNECT (an https:// target) with something other than 200.
        reason = f"HTTP {error.status}" + (f": {error.message}" if error.message else "")
        hint = (
            translate(
                "HttpErrors", "It wants a user name and password: check them in the proxy setting."
            )
            if error.status == 407
            else translate("HttpErrors", "Check the proxy setting.")
        )
        return ConnectionFailedError(
            translate("HttpErrors", "The proxy refused to connect to {service} ({reason}).").format(
                service=service, reason=reason
            )
            + " "
            + hint,
            detail=detail,
        )
    oversized = oversized_head(error) if isinstance(error, aiohttp.ClientResponseError) else None
    if oversized is not None:
        return UnexpectedResponseError(
            translate(
                "HttpErrors",
                "{service} sent a reply whose headers are oversized ({problem}), so its answer "
                "was not read. The fault is with the server or a proxy on the way, not "
                "with your settings; try again later, or use another model.",
            ).format(service=service, problem=oversized),
            detail=detail,
        )
    if isinstance(error, aiohttp.ClientResponseError):
        # What came back could not even be parsed as HTTP (another protocol on that port).
        return UnexpectedResponseError(
            translate(
                "HttpErrors",
                "{service} did not answer in HTTP: check that the endpoint address is right.",
            ).format(service=service),
            detail=detail,
        )
    return ConnectionFailedError(
        sentence(
            translate("HttpErrors", "The request to {service} failed: {error}.").format(
                service=service, error=error
            )
        ),
        detail=detail,
    )


def _socks_error(error: BaseException, service: str, detail: str) -> ProviderError | None:
    if not type(error).__module__.startswith("aiohttp_socks"):
        return None
    import aiohttp_socks

    if isinstance(error, aiohttp_socks.ProxyTimeoutError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "The SOCKS proxy did not answer in time while connecting to {service}. "
                "Check the proxy setting.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp_socks.ProxyConnectionError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "Cannot connect to the SOCKS proxy to reach {service}. Check the proxy setting.",
            ).format(service=service),
            detail=detail,
        )
    if isinstance(error, aiohttp_socks.ProxyError):
        return ConnectionFailedError(
            translate(
                "HttpErrors",
                "The SOCKS proxy refused to connect to {service} ({reason}). "
                "Check the proxy setting, its user name and password.",
            ).format(service=service, reason=first_line(str(error))),
            detail=detail,
        )
    return None


def parse_json_object(text: str) -> dict[str, Any] | None:
    """``text`` as a JSON object; None when it is not one, or is nested too deep. For small
    bodies (error bodies, whose read is capped): large ones go through ``http_body``."""
    from dynaspark_desktop.core.guarded_json import loads_guarded

    try:
        parsed = loads_guarded(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
