"""The pieces that turn an HTTP answer into words (shared/dynaspark-api.md section 5)."""

from __future__ import annotations

import email.utils

import pytest
from multidict import CIMultiDict

from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BlockedByBotProtectionError,
    ConnectionBrokenError,
    ConnectionFailedError,
    EmptyConversationError,
    EndpointMovedError,
    ProviderError,
    RateLimitedError,
    ResponseTimeoutError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.providers.http_errors import (
    describe_body,
    error_for_exception,
    error_for_status,
    first_line,
    humanize_wait,
    looks_like_html,
    retry_after_seconds,
)

NOW = 1_750_000_000.0


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "1 second"),
        (1, "1 second"),
        (45, "45 seconds"),
        (59.4, "59 seconds"),
        (59.6, "1 minute"),
        (60, "1 minute"),
        (90, "90 seconds"),
        (119, "119 seconds"),
        (120, "2 minutes"),
        (150, "2 minutes"),
        (170, "3 minutes"),
        (600, "10 minutes"),
        (3599, "1 hour"),
        (3600, "1 hour"),
        (5400, "1.5 hours"),
        (7200, "2 hours"),
    ],
)
def test_humanize_wait(seconds, words):
    assert humanize_wait(seconds) == words


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "120"}, 120.0),
        ({"Retry-After": " 7 "}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"Retry-After": email.utils.formatdate(NOW + 90, usegmt=True)}, 90.0),
        ({"Retry-After": email.utils.formatdate(NOW - 90, usegmt=True)}, 0.0),  # past
        ({"X-RateLimit-Reset": str(int(NOW) + 600)}, 600.0),
        ({"X-RateLimit-Reset": str(int(NOW) - 5)}, 0.0),
        ({"Retry-After": "soon", "X-RateLimit-Reset": str(int(NOW) + 60)}, 60.0),
        ({"X-RateLimit-Reset": "tomorrow"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers, expected):
    assert retry_after_seconds(headers, now=NOW) == expected


def test_retry_after_header_names_are_case_insensitive_with_aiohttp_headers():
    headers = CIMultiDict({"retry-after": "30"})
    assert retry_after_seconds(headers, now=NOW) == 30.0


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html><html></html>", True),
        ("  \n<html lang='en'>", True),
        ("<!doctype HTML>", True),
        ("<body>Bad Gateway</body>", True),
        ('{"error": "<html> in a string is still html-ish"}', True),
        ('{"error": "no"}', False),
        ("Plain text", False),
        ("", False),
    ],
)
def test_looks_like_html(text, html):
    assert looks_like_html(text) is html


def test_first_line_skips_blank_lines_and_shortens():
    assert first_line("\n\n   hello  \nworld") == "hello"
    assert first_line("") == ""
    long = first_line("y" * 1000)
    assert len(long) <= 201
    assert long.endswith("…")


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ('{"error": "bad model"}', "bad model"),
        ('{"message": "slow down"}', "slow down"),
        ('{"detail": "Not allowed"}', "Not allowed"),
        ('{"error": {"message": "nested"}}', "nested"),
        ('{"error": ""}', '{"error": ""}'),
        ("<html><body>oops</body></html>", "HTML content"),
        ("plain\nsecond", "plain"),
        ("", "(empty answer)"),
    ],
)
def test_describe_body(body, shown):
    assert describe_body(body) == shown


@pytest.mark.parametrize(
    ("status", "body", "error_type"),
    [
        (401, "", AuthRequiredError),
        (403, "<html><title>Just a moment...</title></html>", BlockedByBotProtectionError),
        (403, "Forbidden", UnexpectedResponseError),
        (404, "", EndpointMovedError),
        (405, "", EndpointMovedError),
        (402, "", RateLimitedError),
        (429, "", RateLimitedError),
        (502, "", ServiceUnavailableError),
        (503, "", ServiceUnavailableError),
        (504, "", ServiceUnavailableError),
        (520, "", ServiceUnavailableError),
        (500, "", UnexpectedResponseError),
        (400, "", UnexpectedResponseError),
        (418, "", UnexpectedResponseError),
    ],
)
def test_error_for_status_types(status, body, error_type):
    error = error_for_status(status, body, {}, "dynaspark.onrender.com")
    assert type(error) is error_type
    assert str(error)


def test_status_messages_name_the_service():
    for status in (401, 404, 429, 503):
        assert "dynaspark.onrender.com" in str(
            error_for_status(status, "", {}, "dynaspark.onrender.com")
        )


def test_which_errors_offer_a_retry():
    # Transient trouble is worth retrying; a moved endpoint, a missing key or an empty
    # conversation are not fixed by trying again.
    for transient in (
        ServiceUnavailableError,
        RateLimitedError,
        ResponseTimeoutError,
        ConnectionFailedError,
        ConnectionBrokenError,
    ):
        assert transient("x").retryable is True
    for permanent in (EndpointMovedError, AuthRequiredError, EmptyConversationError):
        assert permanent("x").retryable is False


def test_provider_errors_print_as_their_message_only():
    error = ProviderError("Something a person can read.", detail="HTTP 500: boom")
    assert str(error) == "Something a person can read."
    assert error.detail == "HTTP 500: boom"


def test_the_default_time_out_is_stated_exactly():
    error = error_for_exception(TimeoutError(), "dynaspark.onrender.com", 90.0)
    assert isinstance(error, ResponseTimeoutError)
    assert "No answer from dynaspark.onrender.com within 90 seconds" in str(error)
