"""Why a connection or a reply's head failed, in words for the user's message (the
socket's error codes; aiohttp's refusal of an oversized head)."""

from __future__ import annotations

import errno

from dynaspark_desktop.core.i18n import translate


def oversized_head(error: BaseException) -> str | None:
    """Why aiohttp refused the reply's head for its size (a status or header line past its
    8 KB limit, or too many headers), in words; None for any other refusal. aiohttp wraps
    the parser's error twice. Its limits stay: a bigger one would only move the attack."""
    from aiohttp.http_exceptions import BadHttpMessage, LineTooLong

    cause: BaseException | None = error
    for _ in range(4):  # ClientResponseError <- HttpProcessingError <- the parser's error
        if cause is None:
            return None
        if isinstance(cause, LineTooLong):
            return translate("HttpErrors", "one is longer than 8 KB")
        if isinstance(cause, BadHttpMessage) and "too many headers" in str(cause).lower():
            return translate("HttpErrors", "there are too many of them")
        cause = cause.__cause__
    return None


def connect_failure_reason(error: BaseException) -> str:
    os_error = getattr(error, "os_error", None)
    code = getattr(os_error, "errno", None)
    if code == errno.ECONNREFUSED:
        return translate("HttpErrors", "the connection was refused")
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return translate("HttpErrors", "the network or host is unreachable")
    if code == errno.ETIMEDOUT:
        return translate("HttpErrors", "the connection timed out")
    reason = getattr(os_error, "strerror", None)
    return (
        reason.lower()
        if isinstance(reason, str) and reason
        else translate("HttpErrors", "the connection failed")
    )
