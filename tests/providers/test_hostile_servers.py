"""Every provider, and the /imagine download, against a hostile server: endless bodies, gzip
bombs, lying lengths, deep JSON, event streams without newlines, drip feeds and huge events
each end with a clear message, and what the app read stays bounded (the server counts the
bytes it wrote; ``tracemalloc`` counts the bytes the app held at its peak)."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from dynaspark_desktop.core.errors import (
    ConnectionBrokenError,
    RateLimitedError,
    ResponseTimeoutError,
    ResponseTooLargeError,
    UnexpectedResponseError,
    UserFacingError,
)
from dynaspark_desktop.providers import http_body
from dynaspark_desktop.providers.base import ChatRequest, collect
from dynaspark_desktop.providers.download_guard import UnsafeAddressError
from dynaspark_desktop.providers.dynaspark import Dynaspark, DynasparkWebProvider
from dynaspark_desktop.providers.dynaspark_api import DynasparkApiProvider
from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
from dynaspark_desktop.providers.presets import ProviderConfig
from tests.fakes.hostile_server import HostileServer

HI = [{"role": "user", "content": "Hi"}]
MB = 1024 * 1024
CAP_MB = 1
# Loopback socket buffers (both ends) hold a few MB the app never asked for.
SOCKET_SLACK = 16 * MB
# What the app may hold at its peak while reading a capped body: the cap (as bytes and as
# the growing buffer), aiohttp's read-ahead, the decoded text (3.5 MB measured). The bombs
# inflate to hundreds of MB (the server counts ``inflated_sent``).
PEAK_BOUND = 8 * MB

Ask = Callable[[HostileServer], Awaitable[Any]]


@pytest.fixture(autouse=True)
def small_caps() -> Iterator[None]:
    http_body.configure(answer_mb=CAP_MB, image_mb=2, idle_seconds=2)
    yield
    http_body.configure()


def _web(server: HostileServer) -> Awaitable[Any]:
    Dynaspark.api_endpoint = server.web_endpoint
    return collect(DynasparkWebProvider().stream_chat(None, ChatRequest("gemini-2.0-flash", HI)))


def _api(server: HostileServer) -> Awaitable[Any]:
    provider = DynasparkApiProvider(base_url=server.api_base_url)
    return collect(provider.stream_chat(None, ChatRequest("mistral", HI)))


def _api_image(server: HostileServer) -> Awaitable[Any]:
    provider = DynasparkApiProvider(base_url=server.api_base_url)
    return provider.generate_image(None, "a red bicycle")


def _openai_provider(server: HostileServer, *, stream: bool = True) -> OpenAICompatibleProvider:
    config = ProviderConfig("hostile", "custom", "Hostile", server.openai_base_url)
    return OpenAICompatibleProvider(config, stream=stream)


def _openai(server: HostileServer, timeout: float | None = None) -> Awaitable[Any]:
    provider = _openai_provider(server)
    return collect(provider.stream_chat(None, ChatRequest("hostile-model", HI, timeout=timeout)))


def _openai_whole(server: HostileServer) -> Awaitable[Any]:
    provider = _openai_provider(server, stream=False)
    return collect(provider.stream_chat(None, ChatRequest("hostile-model", HI)))


def _openai_models(server: HostileServer) -> Awaitable[Any]:
    return _openai_provider(server).list_models(None)


WHOLE_BODY_READERS: dict[str, Ask] = {
    "web": _web,
    "api": _api,
    "api image request": _api_image,
    "openai chat": _openai_whole,
    "openai models": _openai_models,
}


@pytest.fixture(autouse=True)
def restore_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Dynaspark, "api_endpoint", Dynaspark.api_endpoint)


def run(mode: str, ask: Ask, *, image_mode: str = "normal", image: bytes = b"") -> Any:
    """``ask`` against a server in ``mode``: (the error raised or the result, the server)."""

    async def main() -> tuple[Any, HostileServer]:
        async with HostileServer(mode, image_mode) as server:
            server.image_body = image
            try:
                result: Any = await asyncio.wait_for(ask(server), 30)
            except UserFacingError as error:
                result = error
            return result, server

    return asyncio.run(main())


def run_measured(mode: str, ask: Ask) -> tuple[Any, HostileServer, int]:
    """:func:`run`, with the peak of the bytes Python held meanwhile."""
    tracemalloc.start()
    try:
        result, server = run(mode, ask)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, server, peak


# --- whole bodies: every provider -----------------------------------------------------------


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
@pytest.mark.parametrize("mode", ["endless", "lying_length"])
def test_an_endless_body_is_cut_at_the_cap(reader: str, mode: str) -> None:
    error, server = run(mode, WHOLE_BODY_READERS[reader])
    assert isinstance(error, ResponseTooLargeError), error
    assert f"larger than {CAP_MB} MB" in str(error)
    assert CAP_MB * MB < server.bytes_sent < CAP_MB * MB + SOCKET_SLACK


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
def test_a_gzip_bomb_is_cut_at_the_cap_counted_inflated(reader: str) -> None:
    error, server, peak = run_measured("gzip_bomb", WHOLE_BODY_READERS[reader])
    assert isinstance(error, ResponseTooLargeError), error
    assert f"larger than {CAP_MB} MB" in str(error)
    # A few KB of gzip inflate past the cap; the app never held much more than the cap.
    assert server.bytes_sent < SOCKET_SLACK
    assert server.inflated_sent > 4 * PEAK_BOUND  # what it would have cost, inflated
    assert peak < PEAK_BOUND, f"{peak / MB:.1f} MB held at the peak"


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
def test_deep_json_is_a_clear_message_not_a_recursion_error(reader: str) -> None:
    error, _ = run("deep_json", WHOLE_BODY_READERS[reader])
    assert isinstance(error, UnexpectedResponseError), error
    assert "nested too deeply" in str(error)


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
def test_a_body_shorter_than_its_length_is_a_broken_connection(reader: str) -> None:
    error, _ = run("short_length", WHOLE_BODY_READERS[reader])
    assert isinstance(error, ConnectionBrokenError), error
    assert "broke" in str(error)


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
def test_an_endless_error_body_gives_its_first_line_and_stops(reader: str) -> None:
    error, server = run("error_endless", WHOLE_BODY_READERS[reader])
    assert isinstance(error, UserFacingError), error
    assert "500" in str(error) or "failed to answer" in str(error)
    assert len(str(error)) < 600
    assert server.bytes_sent < http_body.limits().error_bytes + SOCKET_SLACK


@pytest.mark.parametrize("reader", ["web", "api", "openai chat"])
def test_a_retry_after_of_ten_to_the_twentieth_reads_more_than_a_day(reader: str) -> None:
    error, _ = run("retry_after_huge", WHOLE_BODY_READERS[reader])
    assert isinstance(error, RateLimitedError), error
    assert "more than a day" in str(error)
    assert "e+" not in str(error)


@pytest.mark.parametrize("reader", WHOLE_BODY_READERS)
@pytest.mark.parametrize(
    ("mode", "why"),
    [("huge_header", "one is longer than 8 KB"), ("many_headers", "there are too many of them")],
)
def test_an_oversized_reply_head_is_named_as_such(reader: str, mode: str, why: str) -> None:
    error, _ = run(mode, WHOLE_BODY_READERS[reader])
    assert isinstance(error, UnexpectedResponseError), error
    message = str(error)
    assert f"sent a reply whose headers are oversized ({why})" in message
    # Not the message for another protocol on that port, nor the endpoint's fault.
    assert "did not answer in HTTP" not in message
    assert "endpoint" not in message


# --- streams: the OpenAI-compatible provider ------------------------------------------------


def test_an_endless_stream_of_valid_events_stops_at_the_answer_cap() -> None:
    error, server = run("endless", _openai)
    assert isinstance(error, ResponseTooLargeError), error
    assert f"passed {CAP_MB} MB" in str(error)
    assert "What arrived is kept" in str(error)
    # Event framing adds a little to the text; the socket buffers hold the rest.
    assert server.bytes_sent < 2 * CAP_MB * MB + SOCKET_SLACK


@pytest.mark.parametrize("mode", ["sse_no_newlines", "huge_event"])
def test_a_single_event_past_its_cap_ends_the_stream(mode: str) -> None:
    error, server = run(mode, _openai)
    assert isinstance(error, ResponseTooLargeError), error
    assert "a single piece larger than 1 MB" in str(error)
    assert server.bytes_sent < http_body.limits().event_bytes + SOCKET_SLACK


def test_a_gzip_event_stream_without_newlines_is_cut_at_the_event_cap() -> None:
    error, server, peak = run_measured("gzip_sse_no_newlines", _openai)
    assert isinstance(error, ResponseTooLargeError), error
    assert "a single piece larger than 1 MB" in str(error)
    assert server.bytes_sent < SOCKET_SLACK
    assert peak < PEAK_BOUND, f"{peak / MB:.1f} MB held at the peak"


def test_a_deeply_nested_event_is_a_clear_message() -> None:
    error, _ = run("deep_json_event", _openai)
    assert isinstance(error, UnexpectedResponseError), error
    assert "nested too deeply" in str(error)


def test_a_drip_feed_times_out_though_bytes_keep_coming() -> None:
    error, server = run("drip", lambda server: _openai(server, timeout=1.0))
    assert isinstance(error, ResponseTimeoutError), error
    assert "no complete piece of the answer for 1 second" in str(error)
    assert server.bytes_sent > 5  # it did keep sending: bytes alone are not progress


def test_a_whole_answer_dripped_a_byte_at_a_time_ends_at_the_total_time_out() -> None:
    async def ask(server: HostileServer) -> Any:
        server.drip_seconds = 0.05  # the JSON's ~100 bytes would take 5 s
        provider = _openai_provider(server, stream=False)
        return await collect(
            provider.stream_chat(None, ChatRequest("hostile-model", HI, timeout=1.0))
        )

    error, server = run("drip_json", ask)
    assert isinstance(error, ResponseTimeoutError), error
    assert "took more than 1 second to send its reply" in str(error)
    assert 5 < server.bytes_sent < 60


def test_a_body_that_pauses_past_the_idle_limit_ends_with_a_message() -> None:
    async def ask(server: HostileServer) -> Any:
        server.drip_seconds = 3.0  # longer than the idle limit (2 s here)
        return await _api(server)

    error, _ = run("drip_json", ask)
    assert isinstance(error, ResponseTimeoutError), error
    assert "stopped sending in the middle of its reply for 2 seconds" in str(error)


# --- the /imagine download ------------------------------------------------------------------


def _picture(size: int) -> bytes:
    """A PNG of about ``size`` bytes (noise does not compress)."""
    import io
    import os

    from PIL import Image

    side = int((size / 3) ** 0.5)
    picture = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def test_a_picture_served_in_many_small_pieces_arrives_whole() -> None:
    picture = _picture(1_500_000)
    image, server = run("normal", _api_image, image_mode="chunked", image=picture)
    assert not isinstance(image, UserFacingError), image
    assert image.data == picture
    assert server.counters.requests == ["/api/generate_image", "/image"]


def test_an_endless_picture_is_cut_at_the_image_cap() -> None:
    error, server = run("normal", _api_image, image_mode="endless")
    assert isinstance(error, ResponseTooLargeError), error
    assert "picture" in str(error)
    assert "larger than 2 MB" in str(error)
    assert server.bytes_sent < 2 * MB + SOCKET_SLACK


def test_a_redirect_loop_ends_with_a_message() -> None:
    error, server = run("normal", _api_image, image_mode="redirect_loop")
    assert isinstance(error, UnexpectedResponseError), error
    assert "kept redirecting" in str(error)
    assert len(server.counters.requests) < 10


def test_a_redirect_to_a_file_is_refused() -> None:
    error, _ = run("normal", _api_image, image_mode="redirect_to_file")
    assert isinstance(error, UnsafeAddressError), error
    assert "not a web address" in str(error)


def test_a_remote_provider_cannot_send_the_app_to_a_loopback_address() -> None:
    async def ask(server: HostileServer) -> Any:
        provider = DynasparkApiProvider(base_url=server.api_base_url)
        provider.is_local = False  # as the real service: its links must be public
        return await provider.generate_image(None, "a red bicycle")

    error, server = run("normal", ask)
    assert isinstance(error, UnsafeAddressError), error
    assert "this computer or the local network (127.0.0.1)" in str(error)
    assert server.counters.requests == ["/api/generate_image"]  # never fetched
