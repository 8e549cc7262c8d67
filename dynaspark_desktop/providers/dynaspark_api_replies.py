"""What the Dynaspark API's replies mean (``shared/dynaspark-api.md`` section 2): the key's
allowance in its ``X-RateLimit-*`` headers, its error statuses as the app's errors, and a
one-line quote of a reply that is not what the API documents.

Plain functions of what arrived; :mod:`.dynaspark_api` sends the requests and calls these.
"""

from __future__ import annotations

import reprlib
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BadRequestError,
    EndpointMovedError,
    ProviderError,
    RateLimitedError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.sentences import sentence
from dynaspark_desktop.providers.base import RateLimit
from dynaspark_desktop.providers.http_errors import (
    describe_body,
    error_for_status,
    first_line,
    humanize_wait,
    retry_after_seconds,
)

# Above any real allowance and any epoch second before the year 5000.
_LARGEST_HEADER_NUMBER = 1e11


def rate_limit_from_headers(headers: Mapping[str, str]) -> RateLimit | None:
    """The allowance the ``X-RateLimit-*`` headers report; None when there are none."""

    def number(name: str) -> float | None:
        # Only what a clock and a counter can hold: "1e300" or "inf" would overflow both.
        value = headers.get(name)
        try:
            parsed = float(value) if value is not None else None
        except ValueError:
            return None
        return parsed if parsed is not None and 0 <= parsed < _LARGEST_HEADER_NUMBER else None

    limit = number("X-RateLimit-Limit")
    remaining = number("X-RateLimit-Remaining")
    reset = number("X-RateLimit-Reset")
    if limit is None and remaining is None:
        return None
    return RateLimit(
        limit=int(limit) if limit is not None else None,
        remaining=int(remaining) if remaining is not None else None,
        reset_at=reset,
    )


def status_error(
    service: str,
    base_url: str,
    status: int,
    body: str,
    headers: Mapping[str, str],
    rate_limit: RateLimit | None,
) -> ProviderError:
    """The error a non-2xx reply stands for, in words for the user (section 2's statuses)."""
    reason = describe_body(body)
    detail = f"HTTP {status}: {first_line(body)}"
    if status == 400:
        return BadRequestError(
            sentence(
                translate("DynasparkApi", "{service} refused the request: {reason}.").format(
                    service=service, reason=reason
                )
            ),
            detail=detail,
        )
    if status == 401:
        return AuthRequiredError(
            translate(
                "DynasparkApi",
                "{service} refused the API key: {reason}. Clear the key in the settings "
                "to use the free one.",
            ).format(service=service, reason=reason),
            detail=detail,
        )
    if status in (404, 405):
        return EndpointMovedError(
            translate(
                "DynasparkApi",
                "{service} no longer answers at {path}… (HTTP {status}): the service has "
                "probably moved its API.",
            ).format(service=service, path=urlsplit(base_url).path or "/", status=status),
            detail=detail,
        )
    if status == 429:
        return _rate_limited(service, headers, rate_limit, reason, detail)
    if status == 500:
        return ServiceUnavailableError(
            translate(
                "DynasparkApi",
                "{service} failed to answer (HTTP 500): {reason}. Try again, or another model.",
            ).format(service=service, reason=reason),
            detail=detail,
        )
    return error_for_status(status, body, headers, service)


def _rate_limited(
    service: str,
    headers: Mapping[str, str],
    rate_limit: RateLimit | None,
    reason: str,
    detail: str,
) -> RateLimitedError:
    """A 429: the key's allowance is used up; says when it resets, when it is known."""
    wait = retry_after_seconds(headers)
    allowance = (
        translate("DynasparkApi", " ({limit} requests an hour)").format(limit=rate_limit.limit)
        if rate_limit and rate_limit.limit
        else ""
    )
    if rate_limit is not None and rate_limit.reset_at is not None:
        wait = max(0.0, rate_limit.reset_at - time.time()) if wait is None else wait
        when = translate("DynasparkApi", "It resets at {time}, in {wait}.").format(
            time=rate_limit.reset_clock(), wait=humanize_wait(wait)
        )
    elif wait is not None:
        when = translate("DynasparkApi", "Try again in {wait}.").format(wait=humanize_wait(wait))
    else:
        when = translate("DynasparkApi", "Try again later.")
    return RateLimitedError(
        translate(
            "DynasparkApi",
            "{service} has used up this key's allowance{allowance}: {reason}. {when} "
            "Meanwhile, another model can answer.",
        ).format(service=service, allowance=allowance, reason=reason, when=when),
        retry_after_seconds=wait,
        detail=detail,
    )


def unexpected_reply(service: str, payload: object) -> UnexpectedResponseError:
    """A reply that is not what the API documents, quoted in a line."""
    # A bounded repr: the whole of a 7 MB reply would be copied on the UI thread to
    # show one line of it.
    text = payload if isinstance(payload, str) else _SHORT_REPR.repr(payload)
    shown = (
        f"“{first_line(text)}”" if text.strip() else translate("DynasparkApi", "an empty answer")
    )
    if isinstance(payload, str) and "<html" in payload.lower():
        shown = translate("DynasparkApi", "an HTML page")
    return UnexpectedResponseError(
        sentence(
            translate(
                "DynasparkApi", "{service} answered with something unexpected: {shown}."
            ).format(service=service, shown=shown)
        ),
        detail=f"body starts: {text[:200]!r}",
    )


def _short_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 4, 200, 200
    short.maxlist = short.maxdict = short.maxtuple = 20
    return short


_SHORT_REPR = _short_repr()
