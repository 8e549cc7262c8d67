"""The ordered fallback list: the next model on a passing failure, and who answered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from dynaspark_desktop.core.errors import (
    AllModelsFailedError,
    AuthRequiredError,
    ConnectionBrokenError,
    RateLimitedError,
    ResponseTimeoutError,
    ResponseTooLargeError,
    ServiceUnavailableError,
)
from dynaspark_desktop.providers import http_body
from dynaspark_desktop.providers.base import AnswerDone, ChatRequest, ModelRef, RateLimit
from dynaspark_desktop.providers.fallback import (
    Answering,
    fallback_chain,
    next_candidate,
    should_fall_back,
    stream_with_fallback,
)
from dynaspark_desktop.providers.presets import new_config
from dynaspark_desktop.providers.registry import build_registry
from tests.fakes.hostile_server import HostileServer
from tests.fakes.openai_server import Behaviour, FakeOpenAI
from tests.providers.support import HI

NOTE = RateLimit(100, 5, None)


def scripted(script: dict[str, list[Any]]):
    """A stream per candidate: items to yield; an exception in the list is raised there."""
    opened: list[str] = []

    async def open_stream(candidate: str) -> AsyncIterator[Any]:
        opened.append(candidate)
        for item in script[candidate]:
            if isinstance(item, BaseException):
                raise item
            yield item

    return open_stream, opened


def collect(candidates: list[str], script: dict[str, list[Any]]) -> tuple[list[Any], list[str]]:
    open_stream, opened = scripted(script)

    async def main() -> list[Any]:
        return [item async for item in stream_with_fallback(candidates, open_stream)]

    return asyncio.run(main()), opened


def test_the_first_model_answers_alone():
    items, opened = collect(["a", "b"], {"a": ["Hello", AnswerDone("a")], "b": ["never"]})
    assert items == [Answering("a"), "Hello", AnswerDone("a")]
    assert opened == ["a"]


@pytest.mark.parametrize(
    "error",
    [
        RateLimitedError("slow down"),
        ServiceUnavailableError("down"),
        ResponseTimeoutError("silent"),
        ConnectionBrokenError("cut"),
    ],
)
def test_a_passing_failure_moves_on_and_says_who_answered(error):
    items, opened = collect(["a", "b"], {"a": [NOTE, error], "b": ["Hi from b"]})
    assert opened == ["a", "b"]
    answering = items[0]
    assert isinstance(answering, Answering)
    assert answering.candidate == "b"
    assert answering.failures == (("a", error),)
    # a's rate-limit note came before its failure and is not part of b's answer
    assert items[1:] == ["Hi from b"]


def test_notes_before_the_text_are_kept_for_the_model_that_answers():
    items, _ = collect(["a"], {"a": [NOTE, "text", AnswerDone("a")]})
    assert items == [Answering("a"), NOTE, "text", AnswerDone("a")]


def test_a_failure_another_model_cannot_fix_stops_the_list():
    error = AuthRequiredError("bad key")
    with pytest.raises(AuthRequiredError):
        collect(["a", "b"], {"a": [error], "b": ["x"]})
    assert not should_fall_back(error)


def test_a_failure_after_text_is_not_hidden_by_another_model():
    error = ConnectionBrokenError("cut")
    open_stream, opened = scripted({"a": ["partial", error], "b": ["x"]})
    received: list[Any] = []

    async def main() -> None:
        async for item in stream_with_fallback(["a", "b"], open_stream):
            received.append(item)

    with pytest.raises(ConnectionBrokenError):
        asyncio.run(main())
    assert received == [Answering("a"), "partial"]
    assert opened == ["a"]


def test_when_every_model_fails_each_reason_is_named():
    first, second = RateLimitedError("a is busy."), ServiceUnavailableError("b is down.")
    with pytest.raises(AllModelsFailedError) as caught:
        collect(["a", "b"], {"a": [first], "b": [second]})
    error = caught.value
    assert str(error) == "No model could answer. a: a is busy. b: b is down."
    assert error.failures == [("a", first), ("b", second)]
    assert error.retryable


def test_one_candidate_failing_raises_its_own_error():
    error = RateLimitedError("busy")
    with pytest.raises(RateLimitedError):
        collect(["a"], {"a": [error]})


def test_the_pure_helpers():
    busy = RateLimitedError("busy")
    assert next_candidate(["a", "b", "c"], "a", busy) == "b"
    assert next_candidate(["a", "b", "c"], "c", busy) is None
    assert next_candidate(["a", "b"], "a", AuthRequiredError("no")) is None
    assert next_candidate(["a", "b"], "zzz", busy) is None
    assert next_candidate(["a", "b"], "a", ValueError("a bug, not the service")) is None
    assert fallback_chain("b", ["a", "b", "c", "a"]) == ["b", "a", "c"]
    with pytest.raises(ValueError, match="at least one"):
        collect([], {})


def test_across_real_servers_through_the_registry():
    async def main() -> list[Any]:
        async with FakeOpenAI() as server:
            registry = build_registry([new_config("custom", base_url=server.base_url)])
            server.queue_chat(Behaviour("status", 503, '{"error": "overloaded"}'))
            chain = [ModelRef("custom", "big-model"), ModelRef("custom", "small-model")]
            stream = stream_with_fallback(
                chain,
                lambda ref: registry.stream(None, ref, ChatRequest(ref.model_id, HI)),
                describe=lambda r: r.model_id,
            )
            return [item async for item in stream]

    items = asyncio.run(main())
    answering = items[0]
    assert isinstance(answering, Answering)
    assert answering.candidate == ModelRef("custom", "small-model")
    [(failed, error)] = answering.failures
    assert failed.model_id == "big-model"
    assert isinstance(error, ServiceUnavailableError)
    assert "".join(item for item in items if isinstance(item, str)).startswith("[small-model]")


def test_an_answer_past_its_size_cap_does_not_move_down_the_list():
    """A real server sends an endless answer: the cap stops it, and the next model is not
    asked (it would meet the same cap; the turn offers no "Try with …" either)."""
    asked: list[str] = []

    async def main() -> BaseException:
        async with HostileServer("endless") as server:
            registry = build_registry([new_config("custom", base_url=server.openai_base_url)])
            chain = [ModelRef("custom", "big-model"), ModelRef("custom", "small-model")]

            def open_stream(ref: ModelRef) -> AsyncIterator[Any]:
                asked.append(ref.model_id)
                return registry.stream(None, ref, ChatRequest(ref.model_id, HI))

            with pytest.raises(ResponseTooLargeError) as caught:
                async for _item in stream_with_fallback(chain, open_stream):
                    pass
            return caught.value

    http_body.configure(answer_mb=1)
    try:
        error = asyncio.run(main())
    finally:
        http_body.configure()
    assert "passed 1 MB" in str(error)
    assert asked == ["big-model"]
    assert not should_fall_back(error)
