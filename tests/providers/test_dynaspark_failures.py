"""Every failure of shared/dynaspark-api.md section 5, produced for real by the local fake
server, and what the user gets to read."""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from typing import Any

import aiohttp
import pytest

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
from dynaspark_desktop.providers.dynaspark import Dynaspark
from tests.fakes.dynaspark_server import Behaviour, FakeDynaspark
from tests.providers.support import (
    NoSuchHost,
    RawServer,
    ask,
    closed_port,
    fail_with_server,
    with_server,
)

HTML = {"Content-Type": "text/html"}
JSON = {"Content-Type": "application/json"}

CLOUDFLARE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">
<div id="cf-spinner"></div><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1">
</script></div></body></html>"""

ERROR_PAGE = """<!DOCTYPE html>
<html><head><title>500 Internal Server Error</title></head>
<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body>
</html>"""


def assert_readable(error: BaseException, *must_contain: str) -> str:
    """An error for a person: a ProviderError whose text is a sentence, not a dump."""
    assert isinstance(error, ProviderError), repr(error)
    message = str(error)
    assert message == error.message
    assert len(message) > 10
    for unwanted in ("Traceback", "<html", "<!DOCTYPE", "aiohttp", "Client", "Error:"):
        assert unwanted not in message, message
    for text in must_contain:
        assert text in message, message
    return message


def fail(monkeypatch, behaviour: Behaviour, **options: Any) -> tuple[ProviderError, Any]:
    error, server = fail_with_server(monkeypatch, behaviour, **options)
    assert len(server.requests) >= 1  # the request did reach the server
    return error, server  # type: ignore[return-value]


def raw(status: int, body: str | bytes = "", headers: dict[str, str] | None = None) -> Behaviour:
    return Behaviour(kind="raw", status=status, body=body, headers=headers or {})


# --- 2xx that is not the answer ----------------------------------------------------------------


def test_2xx_not_json_shows_its_first_line(monkeypatch):
    error, _ = fail(monkeypatch, raw(200, "\n  Service warming up, please wait\nline two\n"))
    assert isinstance(error, UnexpectedResponseError)
    message = assert_readable(error, "127.0.0.1", "unexpected", "Service warming up, please wait")
    assert "line two" not in message


def test_2xx_json_without_response_shows_it(monkeypatch):
    body = json.dumps({"reply": "hello"})
    error, _ = fail(monkeypatch, raw(200, body, JSON))
    assert isinstance(error, UnexpectedResponseError)
    assert_readable(error, "unexpected", '{"reply": "hello"}')


@pytest.mark.parametrize("body", ['{"response": null}', '{"response": 42}', '["response"]'])
def test_2xx_json_whose_response_is_not_a_string(monkeypatch, body):
    error, _ = fail(monkeypatch, raw(200, body, JSON))
    assert isinstance(error, UnexpectedResponseError)
    assert_readable(error, "unexpected", body)


def test_2xx_html_page_is_called_an_html_page(monkeypatch):
    error, _ = fail(monkeypatch, raw(200, ERROR_PAGE, HTML))
    assert isinstance(error, UnexpectedResponseError)
    assert_readable(error, "HTML")


@pytest.mark.parametrize("status", [200, 204])
def test_2xx_empty(monkeypatch, status):
    error, _ = fail(monkeypatch, raw(status))
    assert isinstance(error, UnexpectedResponseError)
    assert_readable(error, "empty")


def test_2xx_binary_garbage_does_not_crash_the_decoder(monkeypatch):
    error, _ = fail(monkeypatch, raw(200, b"\xff\xfe\x00garbage\x80\x81", {}))
    assert isinstance(error, UnexpectedResponseError)
    assert_readable(error, "garbage")


def test_a_very_long_first_line_is_shortened(monkeypatch):
    error, _ = fail(monkeypatch, raw(200, "x" * 5000))
    message = assert_readable(error)
    assert len(message) < 400


# --- statuses ----------------------------------------------------------------------------------


def test_401_wants_a_key(monkeypatch):
    body = json.dumps({"error": "Invalid API key"})
    error, _ = fail(monkeypatch, raw(401, body, JSON))
    assert isinstance(error, AuthRequiredError)
    assert_readable(error, "key", "401")


@pytest.mark.parametrize("marker", ["Just a moment...", "cf-spinner", "challenge-platform"])
def test_403_cloudflare_challenge_is_bot_protection(monkeypatch, marker):
    page = f"<!DOCTYPE html><html><head></head><body>{marker}</body></html>"
    error, _ = fail(monkeypatch, raw(403, page, HTML))
    assert isinstance(error, BlockedByBotProtectionError)
    assert_readable(error, "bot protection", "Cloudflare")


def test_403_full_cloudflare_page(monkeypatch):
    error, _ = fail(monkeypatch, raw(403, CLOUDFLARE_PAGE, {**HTML, "Server": "cloudflare"}))
    assert isinstance(error, BlockedByBotProtectionError)
    assert_readable(error, "127.0.0.1", "blocked")


def test_403_without_a_challenge_is_an_ordinary_error(monkeypatch):
    error, _ = fail(monkeypatch, raw(403, json.dumps({"error": "Forbidden region"}), JSON))
    assert type(error) is UnexpectedResponseError
    assert str(error) == "Response 403: Forbidden region"


@pytest.mark.parametrize("status", [404, 405])
def test_404_and_405_mean_the_endpoint_moved(monkeypatch, status):
    error, _ = fail(monkeypatch, raw(status, "Not Found"))
    assert isinstance(error, EndpointMovedError)
    message = assert_readable(error, "moved", str(status))
    # ... and says how to point the app at the new address.
    assert "endpoint" in message.lower()
    assert "DYNASPARK_ENDPOINT" in message
    assert error.retryable is False


def test_429_with_retry_after_seconds(monkeypatch):
    error, _ = fail(monkeypatch, raw(429, "Too Many Requests", {"Retry-After": "120"}))
    assert isinstance(error, RateLimitedError)
    assert_readable(error, "rate", "2 minutes")
    assert error.retry_after_seconds == 120
    assert error.retryable is True


def test_429_with_retry_after_http_date(monkeypatch):
    when = email.utils.formatdate(time.time() + 300, usegmt=True)
    error, _ = fail(monkeypatch, raw(429, "", {"Retry-After": when}))
    assert isinstance(error, RateLimitedError)
    assert_readable(error, "5 minutes")
    assert error.retry_after_seconds == pytest.approx(300, abs=5)


def test_429_with_x_ratelimit_reset(monkeypatch):
    reset = int(time.time()) + 600
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"}
    headers["X-RateLimit-Reset"] = str(reset)
    body = json.dumps({"error": "Rate limit exceeded"})
    error, _ = fail(monkeypatch, raw(429, body, {**JSON, **headers}))
    assert isinstance(error, RateLimitedError)
    assert_readable(error, "10 minutes")
    assert error.retry_after_seconds == pytest.approx(600, abs=5)


def test_429_without_hints_says_later(monkeypatch):
    error, _ = fail(monkeypatch, raw(429))
    assert isinstance(error, RateLimitedError)
    assert_readable(error, "later")
    assert error.retry_after_seconds is None


def test_402_is_rate_limiting_too(monkeypatch):
    error, _ = fail(monkeypatch, raw(402, "Payment Required", {"Retry-After": "30"}))
    assert isinstance(error, RateLimitedError)
    assert_readable(error, "402", "30 seconds")


@pytest.mark.parametrize("status", [502, 503, 504, 520])
def test_service_down_or_waking(monkeypatch, status):
    error, _ = fail(monkeypatch, raw(status, "<html><body>Bad Gateway</body></html>", HTML))
    assert isinstance(error, ServiceUnavailableError)
    message = assert_readable(error, "down", "waking", str(status))
    assert "retry" in message.lower()
    assert error.retryable is True


def test_other_status_with_json_error(monkeypatch):
    error, _ = fail(monkeypatch, raw(418, json.dumps({"error": "I'm a teapot"}), JSON))
    assert type(error) is UnexpectedResponseError
    assert str(error) == "Response 418: I'm a teapot"


def test_other_status_with_json_message(monkeypatch):
    error, _ = fail(monkeypatch, raw(400, json.dumps({"message": "user_input missing"}), JSON))
    assert str(error) == "Response 400: user_input missing"


def test_other_status_with_nested_json_error(monkeypatch):
    body = json.dumps({"error": {"message": "model overloaded", "code": 1}})
    error, _ = fail(monkeypatch, raw(500, body, JSON))
    assert str(error) == "Response 500: model overloaded"


def test_other_status_with_text(monkeypatch):
    error, _ = fail(monkeypatch, raw(500, "Something broke\nat line 12"))
    assert str(error) == "Response 500: Something broke"


def test_other_status_with_an_html_page(monkeypatch):
    error, _ = fail(monkeypatch, raw(500, ERROR_PAGE, HTML))
    assert type(error) is UnexpectedResponseError
    assert str(error) == "Response 500: HTML content"


def test_errors_keep_technical_detail_for_the_log(monkeypatch):
    error, _ = fail(monkeypatch, raw(418, json.dumps({"error": "teapot"}), JSON))
    assert error.detail is not None
    assert "418" in error.detail


# --- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [307, 308])
def test_a_redirect_that_keeps_the_method_is_followed_with_the_form(monkeypatch, status):
    redirect = raw(status, "", {"Location": "/generate_response"})

    async def scenario(server: FakeDynaspark) -> list[str]:
        return await ask()

    answer = with_server(monkeypatch, scenario, redirect)
    assert answer == ["[gemini-2.0-flash] You said: Hi"]


def test_a_redirect_loop_means_the_endpoint_moved(monkeypatch):
    loop = [raw(307, "", {"Location": "/generate_response"}) for _ in range(20)]
    error, _ = fail_with_server(monkeypatch, *loop)
    assert isinstance(error, EndpointMovedError)
    assert_readable(error, "redirect", "moved")


# --- no connection, no answer ----------------------------------------------------------------


def test_connection_refused_names_the_host(monkeypatch):
    monkeypatch.setattr(Dynaspark, "api_endpoint", f"http://127.0.0.1:{closed_port()}/x")

    async def scenario() -> BaseException:
        with pytest.raises(ProviderError) as caught:
            await ask()
        return caught.value

    error = asyncio.run(scenario())
    assert isinstance(error, ConnectionFailedError)
    assert_readable(error, "Cannot connect", "127.0.0.1", "refused")
    assert error.retryable is True


def test_dns_failure_names_the_host(monkeypatch):
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.invalid/generate_response")
    resolver = NoSuchHost()

    async def scenario() -> BaseException:
        connector = aiohttp.TCPConnector(resolver=resolver)
        async with aiohttp.ClientSession(connector=connector) as session:
            with pytest.raises(ProviderError) as caught:
                await ask(session=session)
        return caught.value

    error = asyncio.run(scenario())
    assert resolver.asked == ["dynaspark.invalid"]
    assert isinstance(error, ConnectionFailedError)
    assert_readable(error, "dynaspark.invalid", "DNS")


def test_a_peer_that_does_not_speak_http(monkeypatch):
    async def scenario() -> tuple[BaseException, RawServer]:
        async with RawServer(b"SSH-2.0-OpenSSH_9.6\r\n\r\n") as peer:
            monkeypatch.setattr(
                Dynaspark, "api_endpoint", f"http://127.0.0.1:{peer.port}/generate_response"
            )
            with pytest.raises(ProviderError) as caught:
                await ask()
        return caught.value, peer

    error, peer = asyncio.run(scenario())
    assert peer.received
    assert peer.received[0].startswith(b"POST /generate_response")
    assert isinstance(error, UnexpectedResponseError)
    message = assert_readable(error, "127.0.0.1", "HTTP", "endpoint")
    assert "SSH" not in message
    assert "status line" not in message


def test_time_out_when_the_server_hangs(monkeypatch):
    async def scenario(server: FakeDynaspark) -> tuple[BaseException, float]:
        started = time.perf_counter()
        with pytest.raises(ProviderError) as caught:
            await ask(timeout=0.5)
        elapsed = time.perf_counter() - started
        # Giving up also closes the connection: the server sees its client leave.
        await server.wait_for_disconnect(timeout=2)
        return caught.value, elapsed

    error, elapsed = with_server(monkeypatch, scenario, Behaviour(kind="hang"))
    assert 0.4 <= elapsed < 2.0
    assert isinstance(error, ResponseTimeoutError)
    assert_readable(error, "No answer", "127.0.0.1")
    assert error.retryable is True


def test_without_a_timeout_argument_the_class_time_out_applies(monkeypatch):
    monkeypatch.setattr(Dynaspark, "timeout_seconds", 0.3)
    started = time.perf_counter()
    error, _ = fail(monkeypatch, Behaviour(kind="hang"))
    assert time.perf_counter() - started < 2.0
    assert isinstance(error, ResponseTimeoutError)


def test_time_out_when_the_server_is_slow(monkeypatch):
    error, _ = fail(monkeypatch, Behaviour(delay=5), timeout=0.3)
    assert isinstance(error, ResponseTimeoutError)


def test_a_slow_server_within_the_time_out_is_fine(monkeypatch):
    async def scenario(server: FakeDynaspark) -> list[str]:
        return await ask(timeout=5)

    assert with_server(monkeypatch, scenario, Behaviour(delay=0.2, answer="late")) == ["late"]


def test_connection_reset_mid_body(monkeypatch):
    error, _ = fail(monkeypatch, Behaviour(kind="reset"))
    assert isinstance(error, ConnectionBrokenError)
    assert_readable(error, "127.0.0.1", "broke")
    assert error.retryable is True


def test_a_failure_does_not_poison_the_next_request(monkeypatch):
    async def scenario(server: FakeDynaspark) -> list[str]:
        with pytest.raises(ConnectionBrokenError):
            await ask()
        return await ask()

    answer = with_server(monkeypatch, scenario, Behaviour(kind="reset"))
    assert answer == ["[gemini-2.0-flash] You said: Hi"]


@pytest.mark.parametrize("endpoint", ["ftp://127.0.0.1/generate_response", "not a url"])
def test_an_endpoint_that_is_not_a_web_address(monkeypatch, endpoint):
    monkeypatch.setattr(Dynaspark, "api_endpoint", endpoint)

    async def scenario() -> BaseException:
        with pytest.raises(ProviderError) as caught:
            await ask()
        return caught.value

    error = asyncio.run(scenario())
    assert isinstance(error, ConnectionFailedError)
    assert_readable(error, "not a valid web address", "endpoint")


# --- cancellation ------------------------------------------------------------------------------


def cancel_mid_request(monkeypatch, session_factory=None) -> tuple[asyncio.Task, float, int]:
    async def scenario(server: FakeDynaspark) -> tuple[asyncio.Task, float, int]:
        session = session_factory() if session_factory else None
        try:
            task = asyncio.create_task(ask(timeout=30, session=session))
            await server.wait_for_request()
            started = time.perf_counter()
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=2)
            elapsed = time.perf_counter() - started
            assert task in done, "cancelling did not end the request"
            await server.wait_for_disconnect(timeout=2)
            if session is not None:
                # The app's long-lived session is still good for the next turn.
                assert not session.closed
                assert await ask(session=session) == ["[gemini-2.0-flash] You said: Hi"]
            return task, elapsed, len(server.disconnects)
        finally:
            if session is not None:
                await session.close()

    return with_server(monkeypatch, scenario, Behaviour(kind="hang"))


def test_cancelling_ends_promptly_and_closes_the_connection(monkeypatch):
    task, elapsed, disconnects = cancel_mid_request(monkeypatch)
    assert elapsed < 2.0
    # A cancellation stays a cancellation: it is not turned into a ProviderError.
    assert task.cancelled()
    assert disconnects == 1


def test_cancelling_with_the_apps_session(monkeypatch):
    task, elapsed, disconnects = cancel_mid_request(monkeypatch, aiohttp.ClientSession)
    assert elapsed < 2.0
    assert task.cancelled()
    assert disconnects == 1


def test_cancelling_before_the_request_is_sent_sends_nothing(monkeypatch):
    async def scenario(server: FakeDynaspark) -> asyncio.Task:
        task = asyncio.create_task(ask())
        task.cancel()
        await asyncio.wait({task}, timeout=2)
        await asyncio.sleep(0.05)
        assert server.requests == []
        return task

    assert with_server(monkeypatch, scenario).cancelled()
