"""The pieces of the network boundary on their own: the JSON guard, the event-stream caps,
waits that a header can overstate, and which addresses a picture link may point at."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from dynaspark_desktop.core.guarded_json import MAX_JSON_DEPTH, JSONTooDeepError, loads_guarded
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.core.sizes import MB
from dynaspark_desktop.providers import http_body
from dynaspark_desktop.providers.download_guard import (
    UnsafeAddressError,
    check_fetch_address,
    download_session,
)
from dynaspark_desktop.providers.dynaspark_api_replies import rate_limit_from_headers
from dynaspark_desktop.providers.http_body import parse_json
from dynaspark_desktop.providers.http_errors import (
    MAX_WAIT_SECONDS,
    humanize_wait,
    retry_after_seconds,
)
from dynaspark_desktop.providers.sse import (
    SSEEvent,
    SSEEventTooLarge,
    SSEParser,
    SSEStalled,
    iter_sse,
)

# --- JSON -----------------------------------------------------------------------------------


def test_json_as_deep_as_the_limit_is_read() -> None:
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    value = loads_guarded(nested)
    for _ in range(MAX_JSON_DEPTH - 1):
        value = value[0]
    assert value == []


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 100_000])
def test_deeper_json_is_refused_with_a_value_error(depth: int) -> None:
    with pytest.raises(JSONTooDeepError):
        loads_guarded("[" * depth + "]" * depth)
    with pytest.raises(JSONTooDeepError):
        loads_guarded(('{"a": ' * depth + "1" + "}" * depth).encode())


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"response": "' + "[" * 500 + '"}'
    assert loads_guarded(text) == {"response": "[" * 500}


def test_large_json_is_parsed_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    seen: list[str] = []
    real = http_body.loads_guarded

    def spy(raw: bytes | str) -> object:
        seen.append(threading.current_thread().name)
        return real(raw)

    big = b'{"response": "' + b"x" * http_body.THREAD_PARSE_BYTES + b'"}'
    small = b'{"response": "x"}'

    async def main() -> None:
        assert (await parse_json(big))["response"].startswith("x")
        assert await parse_json(small) == {"response": "x"}

    monkeypatch.setattr(http_body, "loads_guarded", spy)

    asyncio.run(main())
    assert seen[0] != threading.main_thread().name
    assert seen[1] == threading.main_thread().name


# --- the event-stream parser ----------------------------------------------------------------


def test_a_line_without_an_end_raises_at_the_event_cap_not_before() -> None:
    parser = SSEParser(max_event_chars=10_000)
    assert parser.feed(b"data: ") == []
    for _ in range(99):
        assert parser.feed(b"x" * 100) == []
    with pytest.raises(SSEEventTooLarge):
        parser.feed(b"x" * 100)


def test_many_data_lines_of_one_event_count_together() -> None:
    parser = SSEParser(max_event_chars=1000)
    for _ in range(10):
        assert parser.feed(b"data: " + b"y" * 99 + b"\n") == []
    with pytest.raises(SSEEventTooLarge):
        parser.feed(b"data: " + b"y" * 99 + b"\n")


def test_events_completed_before_the_oversized_one_are_still_returned() -> None:
    parser = SSEParser(max_event_chars=100)
    events = parser.feed(b"data: small\n\ndata: " + b"z" * 200)
    assert events == [SSEEvent("small")]
    with pytest.raises(SSEEventTooLarge):
        parser.feed(b"more")


def test_an_unterminated_line_in_many_pieces_is_joined_once() -> None:
    parser = SSEParser()
    for _ in range(1000):
        parser.feed(b"a" * 100)
    assert parser.feed(b"\n\n") == []  # "aaaa…" is a field with no colon: ignored
    assert parser.feed(b"data: " + b"b" * 50 + b"\n\n") == [SSEEvent("b" * 50)]


def test_idle_counts_whole_events_not_bytes() -> None:
    async def drip() -> object:
        while True:
            yield b"d"
            await asyncio.sleep(0.01)

    async def main() -> None:
        with pytest.raises(SSEStalled):
            async for _event in iter_sse(drip(), idle_seconds=0.3):
                pass

    asyncio.run(main())


def test_events_that_keep_coming_are_progress() -> None:
    async def events() -> object:
        for index in range(30):
            yield f"data: {index}\n\n".encode()
            await asyncio.sleep(0.02)

    async def main() -> list[SSEEvent]:
        return [event async for event in iter_sse(events(), idle_seconds=0.3)]

    assert len(asyncio.run(main())) == 30


# --- model lists ----------------------------------------------------------------------------


def test_a_model_list_is_cut_to_a_picker_sized_one() -> None:
    from dynaspark_desktop.providers.openai_format import (
        MAX_MODEL_NAME_CHARS,
        MAX_MODELS,
        parse_model_list,
    )

    entries = [{"id": "w" * 10_000}, {"id": "ok", "name": "n" * 10_000}]
    entries += [{"id": f"model-{index}"} for index in range(3 * MAX_MODELS)]
    models = parse_model_list({"data": entries})
    assert models is not None
    assert len(models) == MAX_MODELS
    assert all(len(model.id) <= MAX_MODEL_NAME_CHARS for model in models)
    assert {model.id: model.label for model in models}["ok"] == ""


# --- waits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [str(10**20), "9" * 400, "100000000"])
def test_a_huge_retry_after_reads_more_than_a_day(header: str) -> None:
    wait = retry_after_seconds({"Retry-After": header})
    assert wait == MAX_WAIT_SECONDS
    assert humanize_wait(wait) == "more than a day"


def test_waits_up_to_a_day_still_read_in_hours() -> None:
    assert humanize_wait(86400) == "24 hours"
    assert humanize_wait(float("inf")) == "more than a day"
    assert humanize_wait(float("nan")) == "more than a day"


@pytest.mark.parametrize("reset", ["1e300", "inf", "nan", "-5"])
def test_a_rate_limit_reset_no_clock_can_show_is_left_out(reset: str) -> None:
    headers = {
        "X-RateLimit-Limit": "1e300",
        "X-RateLimit-Remaining": "3",
        "X-RateLimit-Reset": reset,
    }
    rate_limit = rate_limit_from_headers(headers)
    assert rate_limit is not None
    assert rate_limit.reset_at is None
    assert rate_limit.limit is None
    assert rate_limit.describe() == "3 requests left this hour"


# --- picture links --------------------------------------------------------------------------


def check(url: str, allow_local: bool = False) -> None:
    asyncio.run(
        check_fetch_address(url, allow_local=allow_local, what="the picture", service="a service")
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/x.png",
        "http://localhost.:8080/x.png",  # the trailing dot: found by resolving
        "http://app.localhost/x.png",
        "http://127.0.0.1/x.png",
        "http://127.1.2.3/x.png",
        "http://2130706433/x.png",  # 127.0.0.1 written as one number
        "http://0x7f.1/x.png",
        "http://0.0.0.0/x.png",
        "http://[::1]/x.png",
        "http://[::ffff:127.0.0.1]/x.png",
        "http://10.0.0.8/x.png",
        "http://192.168.1.1/x.png",
        "http://172.16.0.1/x.png",
        "http://169.254.169.254/latest/meta-data",  # cloud metadata (link-local)
        "http://[fe80::1]/x.png",
        "http://[fd00::1]/x.png",
        "http://100.64.0.1/x.png",
        "http://224.0.0.1/x.png",
    ],
)
def test_links_to_this_machine_or_the_local_network_are_refused(url: str) -> None:
    with pytest.raises(UnsafeAddressError, match="local network"):
        check(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x.png", "data:,x", "/x"])
def test_links_that_are_not_web_addresses_are_refused_even_for_a_local_provider(url: str) -> None:
    with pytest.raises(UnsafeAddressError, match="not a web address"):
        check(url, allow_local=True)


@pytest.mark.parametrize("url", ["https://8.8.8.8/x.png", "http://[2606:4700::1111]/x.png"])
def test_public_addresses_are_allowed(url: str) -> None:
    check(url)


def test_a_local_provider_may_link_to_this_machine() -> None:
    check("http://127.0.0.1:9/x.png", allow_local=True)


def test_the_connection_itself_refuses_a_name_that_resolves_to_this_machine() -> None:
    """What DNS rebinding would exploit (a name public at the check, private at the
    connection): the download's own resolver keeps only public addresses."""
    from tests.fakes.hostile_server import HostileServer

    async def main() -> None:
        async with HostileServer() as server:
            url = f"http://localhost:{server.port}/image"
            async with download_session(
                url, None, None, allow_local=False, what="the picture", service="a service"
            ) as (http, _proxy):
                with pytest.raises(UnsafeAddressError, match="leads to this computer"):
                    await http.get(url)
            assert server.counters.requests == []
            # A local provider's links go through the ordinary session.
            async with (
                download_session(
                    url, None, None, allow_local=True, what="the picture", service="a service"
                ) as (http, _proxy),
                http.get(url) as response,
            ):
                assert response.status == 200

    asyncio.run(main())


def test_the_caps_follow_their_settings(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    settings.set("max_image_mb", 5)
    try:
        http_body.follow_settings(settings)
        assert http_body.limits().image_bytes == 5 * MB
        settings.set("max_answer_mb", 2)
        settings.set("read_idle_timeout", 9.5)
        assert http_body.limits().answer_bytes == http_body.limits().model_list_bytes == 2 * MB
        assert http_body.limits().idle_seconds == 9.5
        assert http_body.limits().image_bytes == 5 * MB
    finally:
        http_body.configure()
