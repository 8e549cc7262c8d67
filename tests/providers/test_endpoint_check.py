"""The Settings window's endpoint Test, for real against local fake servers: the address typed
is asked (not the one in use), and what happened is one sentence."""

from __future__ import annotations

import asyncio

from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.providers.endpoint_check import check_endpoint, endpoint_problem
from tests.fakes.dynaspark_server import Behaviour, FakeDynaspark
from tests.providers.support import closed_port


def test_a_server_that_answers_works_and_the_one_in_use_is_not_asked() -> None:
    async def main() -> None:
        async with FakeDynaspark() as in_use, FakeDynaspark() as typed:
            Dynaspark.api_endpoint, before = in_use.endpoint, Dynaspark.api_endpoint
            try:
                check = await check_endpoint(typed.endpoint, None)
            finally:
                Dynaspark.api_endpoint = before
            assert check.ok, check.message
            assert check.message.startswith("It works: the endpoint answered in ")
            assert len(typed.requests) == 1
            assert in_use.requests == []

    asyncio.run(main())


def test_a_failing_server_and_no_server_are_told_in_a_sentence() -> None:
    async def main() -> None:
        async with FakeDynaspark() as server:
            server.queue(Behaviour(kind="status", status=503, body="<html>down</html>"))
            check = await check_endpoint(server.endpoint, None)
            assert not check.ok
            assert check.message.startswith("It did not work: ")
            assert "<html" not in check.message
        nobody = await check_endpoint(f"http://127.0.0.1:{closed_port()}/generate_response", None)
        assert not nobody.ok
        assert "127.0.0.1" in nobody.message

    asyncio.run(main())


def test_a_slow_server_is_given_up_in_the_time_allowed() -> None:
    async def main() -> None:
        async with FakeDynaspark() as server:
            server.queue(Behaviour(kind="hang"))
            check = await check_endpoint(server.endpoint, None, timeout=0.5)
            assert not check.ok
            assert "did not work" in check.message

    asyncio.run(main())


def test_addresses_that_cannot_be_endpoints() -> None:
    assert endpoint_problem("") is None  # the built-in one
    assert endpoint_problem("https://example.com/generate_response") is None
    assert endpoint_problem("ftp://example.com/x") is not None
    assert endpoint_problem("http://") is not None
    assert endpoint_problem("http://exa mple.com/") is not None
    check = asyncio.run(check_endpoint("file:///etc/passwd", None))
    assert not check.ok
    assert "http://" in check.message
