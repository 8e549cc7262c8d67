"""The documented Dynaspark API (text and images) through real HTTP, against the local fake."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BadRequestError,
    ConnectionFailedError,
    ImagesNotSupportedError,
    RateLimitedError,
    ResponseTimeoutError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.providers.base import (
    AnswerDone,
    ChatProvider,
    ChatRequest,
    RateLimit,
    Usage,
    collect,
)
from dynaspark_desktop.providers.dynaspark_api import FREE_API_KEY, DynasparkApiProvider
from dynaspark_desktop.providers.dynaspark_api_replies import rate_limit_from_headers
from tests.fakes.dynaspark_api_server import Behaviour, FakeDynasparkApi
from tests.providers.support import HI, closed_port

T = TypeVar("T")
OWN_KEY = "ds-own-key-93c1f0e2"


def run(scenario: Callable[[FakeDynasparkApi], Awaitable[T]], **options: Any) -> T:
    async def main() -> T:
        async with FakeDynasparkApi(**options) as server:
            return await scenario(server)

    return asyncio.run(main())


def test_a_text_answer_with_the_free_key_and_the_allowance():
    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        items = [item async for item in provider.stream_chat(None, ChatRequest("qwen-coder", HI))]
        return items, provider, server

    items, provider, server = run(scenario)
    rate_limit, text, done = items
    assert isinstance(rate_limit, RateLimit)
    assert (rate_limit.limit, rate_limit.remaining) == (100, 99)
    assert rate_limit.reset_at == server.reset_at
    assert provider.last_rate_limit == rate_limit
    assert text == "[qwen-coder] You said: Hi"
    assert done == AnswerDone(model="qwen-coder", usage=Usage(4, 6, 10))
    [request] = server.requests
    assert request.path == "/api/generate_response"
    assert request.query == {"user_input": "Hi", "model": "qwen-coder", "api_key": FREE_API_KEY}


def test_the_system_prompt_and_temperature_go_in_their_own_parameters():
    history = [
        {"role": "user", "content": "Hello"},
        {"role": "assistant", "content": "Hi!"},
        {"role": "user", "content": "Again"},
    ]

    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        answer = await collect(
            provider.stream_chat(
                None,
                ChatRequest(
                    "mistral",
                    history,
                    system_prompt="Be brief.",
                    parameters=ChatParameters(temperature=0.7),
                ),
            )
        )
        return answer, server.requests[-1].query

    answer, query = run(scenario)
    assert query["user_input"] == "User: Hello\nAssistant: Hi!\nUser: Again\nAssistant:"
    assert query["system"] == "Be brief."
    assert query["temperature"] == "0.7"
    assert answer.text.endswith("(system: Be brief.)")


def test_the_allowance_reads_as_a_sentence():
    reset = time.mktime((2030, 1, 2, 14, 0, 0, 0, 0, -1))
    rate_limit = rate_limit_from_headers(
        {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "42", "X-RateLimit-Reset": str(reset)}
    )
    assert rate_limit is not None
    same_day = reset - 600
    assert rate_limit.describe(now=same_day) == "42 of 100 requests left this hour, resets 14:00"
    assert rate_limit.describe(now=reset - 86400 * 3).endswith("resets 2030-01-02 14:00")
    assert rate_limit_from_headers({}) is None


def test_a_spent_allowance_is_explained_with_the_reset_time():
    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        await collect(provider.stream_chat(None, ChatRequest("mistral", HI)))
        with pytest.raises(RateLimitedError) as caught:
            await collect(provider.stream_chat(None, ChatRequest("mistral", HI)))
        return caught.value, server, provider

    error, server, provider = run(scenario, limit=1)
    reset = time.localtime(server.reset_at)
    # Half an hour from now can be tomorrow (after 23:30): the date is then said too.
    same_day = reset[:3] == time.localtime()[:3]
    clock = time.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M", reset)
    message = str(error)
    assert f"resets at {clock}" in message
    assert "30 minutes" in message
    assert "100" not in message  # the limit said is the server's own: 1 request an hour
    assert "(1 requests an hour)" in message
    assert "Rate limit exceeded" in message
    assert error.retryable
    assert error.retry_after_seconds == pytest.approx(1800, abs=5)
    assert provider.last_rate_limit is not None
    assert provider.last_rate_limit.remaining == 0


@pytest.mark.parametrize(
    ("status", "error_type", "word"),
    [
        (400, BadRequestError, "temperature must be between 0 and 3"),
        (401, AuthRequiredError, "Invalid API key"),
        (500, ServiceUnavailableError, "Model backend failed"),
        (503, ServiceUnavailableError, "waking"),
    ],
)
def test_errors_come_from_the_json_error(status, error_type, word):
    messages = {
        400: "temperature must be between 0 and 3",
        401: "Invalid API key",
        500: "Model backend failed",
        503: "Service Unavailable",
    }
    body = json.dumps({"error": messages[status]})

    async def scenario(server: FakeDynasparkApi):
        server.queue(Behaviour("status", status, body))
        with pytest.raises(error_type) as caught:
            await collect(
                DynasparkApiProvider(server.base_url).stream_chat(None, ChatRequest("mistral", HI))
            )
        return caught.value

    error = run(scenario)
    assert word in str(error)
    assert "Dynaspark API" in str(error)


def test_a_host_that_does_not_wake_in_time():
    async def scenario(server: FakeDynasparkApi):
        server.queue(Behaviour(delay=2.0))
        provider = DynasparkApiProvider(server.base_url)
        with pytest.raises(ResponseTimeoutError) as caught:
            await collect(provider.stream_chat(None, ChatRequest("mistral", HI, timeout=0.3)))
        return caught.value

    error = run(scenario)
    assert "No answer from the Dynaspark API (127.0.0.1)" in str(error)
    assert error.retryable


def test_a_2xx_without_a_response_is_unexpected():
    async def scenario(server: FakeDynasparkApi):
        server.queue(Behaviour("status", 200, json.dumps({"answer": "wrong key"})))
        with pytest.raises(UnexpectedResponseError) as caught:
            await collect(
                DynasparkApiProvider(server.base_url).stream_chat(None, ChatRequest("mistral", HI))
            )
        return caught.value

    assert "something unexpected" in str(run(scenario))


def test_images_are_refused_before_anything_is_sent():
    image = PreparedImage(b"\x89PNG\r\n\x1a\n", "image/png", "a.png", 1, 1, b"", 1, 1)

    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        with pytest.raises(ImagesNotSupportedError) as caught:
            await collect(provider.stream_chat(None, ChatRequest("mistral", HI, images=[image])))
        return caught.value, server.requests

    error, requests = run(scenario)
    assert requests == []
    assert not error.retryable
    assert "cannot read images" in str(error)


def test_it_fits_the_provider_protocol_and_lists_its_models():
    provider = DynasparkApiProvider()
    assert isinstance(provider, ChatProvider)
    models = asyncio.run(provider.list_models(None))
    assert [model.id for model in models] == ["mistral", "qwen-coder"]
    assert not any(model.image_input or model.streaming for model in models)
    assert all(model.system_prompt for model in models)


def test_an_own_key_is_sent_but_never_logged_or_shown(caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url, api_key=OWN_KEY)
        await collect(provider.stream_chat(None, ChatRequest("mistral", HI)))
        broken = DynasparkApiProvider(f"http://127.0.0.1:{closed_port()}", api_key=OWN_KEY)
        with pytest.raises(ConnectionFailedError) as caught:
            await collect(broken.stream_chat(None, ChatRequest("mistral", HI)))
        return server.requests[-1].query, caught.value, provider

    query, error, provider = run(scenario, accepted_keys=(OWN_KEY,))
    assert query["api_key"] == OWN_KEY
    assert OWN_KEY not in str(error) + (error.detail or "")
    assert OWN_KEY not in repr(provider)
    assert OWN_KEY not in caplog.text


# --- image generation -----------------------------------------------------------------------


def test_an_image_is_generated_and_downloaded():
    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        image = await provider.generate_image(
            None, "a lighthouse at dusk", width=5000, height=32, model="turbo", seed=7
        )
        return image, server

    image, server = run(scenario)
    assert image.data == server.image_body
    assert image.mime_type == "image/png"
    assert (image.width, image.height) == (2048, 64)  # clamped to what the API takes
    assert (image.model, image.seed, image.prompt) == ("turbo", 7, "a lighthouse at dusk")
    assert image.filename == "dynaspark-turbo-7.png"
    assert image.source_url == f"{server.base_url}/images/7.png"
    generate, download = server.requests
    assert generate.path == "/api/generate_image"
    assert generate.query == {
        "user_input": "a lighthouse at dusk",
        "width": "2048",
        "height": "64",
        "model": "turbo",
        "seed": "7",
        "api_key": FREE_API_KEY,
    }
    assert download.path == "/images/7.png"
    assert "data" not in repr(image)


@pytest.mark.parametrize(("status", "body"), [(404, None), (200, b"<html>gone</html>")])
def test_an_image_link_that_gives_no_image(status, body):
    async def scenario(server: FakeDynasparkApi):
        server.image_status = status
        if body is not None:
            server.image_body = body
        with pytest.raises(UnexpectedResponseError) as caught:
            await DynasparkApiProvider(server.base_url).generate_image(None, "a cat")
        return caught.value

    message = str(run(scenario))
    assert "could not be downloaded" in message


def test_an_empty_image_prompt_is_refused_before_sending():
    with pytest.raises(BadRequestError, match="Describe the picture"):
        asyncio.run(DynasparkApiProvider("http://127.0.0.1:9").generate_image(None, "  "))


def test_an_unexpected_reply_of_megabytes_is_quoted_in_a_few_hundred_characters():
    # A 200 reply that is not the documented object: a list of 200,000 nested lists.
    body = json.dumps([[[i, [i]]] for i in range(200_000)])

    async def scenario(server: FakeDynasparkApi):
        server.queue(Behaviour(kind="status", status=200, body=body))
        provider = DynasparkApiProvider(server.base_url)
        with pytest.raises(UnexpectedResponseError) as caught:
            await collect(provider.stream_chat(None, ChatRequest("qwen-coder", HI)))
        return caught.value

    error = run(scenario)
    assert "answered with something unexpected" in str(error)
    assert len(str(error)) < 600
    assert len(error.detail or "") < 600


def test_every_parameter_it_takes_goes_as_a_query_parameter_in_its_range():
    parameters = ChatParameters(
        temperature=3.5,  # above the API's 3: clamped
        top_p=0.9,
        max_tokens=500,  # the API documents no length limit: not sent
        presence_penalty=-0.5,
        frequency_penalty=1.25,
        seed=42,
    )

    async def scenario(server: FakeDynasparkApi):
        provider = DynasparkApiProvider(server.base_url)
        await collect(provider.stream_chat(None, ChatRequest("mistral", HI, parameters=parameters)))
        return server.requests[-1].query

    query = run(scenario)
    sent = {name: value for name, value in query.items() if name not in ("user_input", "model")}
    assert sent == {
        "api_key": FREE_API_KEY,
        "temperature": "3.0",
        "top_p": "0.9",
        "presence_penalty": "-0.5",
        "frequency_penalty": "1.25",
        "seed": "42",
    }
