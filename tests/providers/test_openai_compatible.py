"""OpenAI-compatible servers through real HTTP against the local fake server."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import pytest

from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BadRequestError,
    ConnectionBrokenError,
    ConnectionFailedError,
    ModelNotFoundError,
    ProviderConfigError,
    RateLimitedError,
    ResponseTimeoutError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.providers.base import AnswerDone, ChatProvider, ChatRequest, Usage, collect
from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
from dynaspark_desktop.providers.presets import ProviderConfig, new_config
from tests.fakes.openai_server import Behaviour, FakeOpenAI, chunk, sse
from tests.providers.support import closed_port

T = TypeVar("T")
HI = [{"role": "user", "content": "Hi"}]
KEY = "sk-test-6f1d9c0aa8b34e55"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def provider_for(server: FakeOpenAI, api_key: str | None = None, **options: Any):
    config = ProviderConfig("local", "ollama", "Ollama", server.base_url)
    return OpenAICompatibleProvider(config, api_key, **options)


def run(scenario: Callable[[FakeOpenAI], Awaitable[T]], **server_options: Any) -> T:
    async def main() -> T:
        async with FakeOpenAI(**server_options) as server:
            return await scenario(server)

    return asyncio.run(main())


async def items_of(provider, **options: Any) -> list[Any]:
    options.setdefault("messages", HI)
    options.setdefault("model", "llama3.2:3b")
    return [item async for item in provider.stream_chat(None, ChatRequest(**options))]


async def failure_of(provider, **options: Any) -> tuple[BaseException, list[Any]]:
    received: list[Any] = []
    options.setdefault("messages", HI)
    options.setdefault("model", "llama3.2:3b")
    try:
        async for item in provider.stream_chat(None, ChatRequest(**options)):
            received.append(item)
    except Exception as error:  # the test inspects it
        return error, received
    raise AssertionError(f"no failure; received {received!r}")


def test_it_fits_the_provider_protocol():
    config = new_config("ollama")
    provider = OpenAICompatibleProvider(config)
    assert isinstance(provider, ChatProvider)
    assert provider.is_local
    assert not OpenAICompatibleProvider(new_config("openai")).is_local


# --- the model list -----------------------------------------------------------------------


def test_models_are_listed_sorted_with_capabilities_and_cached():
    async def scenario(server: FakeOpenAI):
        provider = provider_for(server)
        first = await provider.list_models(None)
        again = await provider.list_models(None)
        refreshed = await provider.list_models(None, refresh=True)
        return first, again, refreshed, len(server.requests)

    first, again, refreshed, requests = run(scenario)
    assert [model.id for model in first] == ["llama3.2:3b", "llava:7b", "qwen2.5-coder:7b"]
    assert {model.id: model.image_input for model in first} == {
        "llama3.2:3b": False,
        "llava:7b": True,
        "qwen2.5-coder:7b": False,
    }
    assert all(model.streaming and model.system_prompt for model in first)
    assert first == again == refreshed
    assert requests == 2  # the second call came from the cache


def test_a_server_that_wants_a_key(caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario(server: FakeOpenAI):
        without = provider_for(server)
        wrong = provider_for(server, api_key="sk-wrong-key-12345")
        right = provider_for(server, api_key=KEY)
        errors = []
        for provider in (without, wrong):
            with pytest.raises(AuthRequiredError) as caught:
                await provider.list_models(None)
            errors.append(caught.value)
        return errors, await right.list_models(None), server.requests

    (missing, refused), models, requests = run(scenario, api_key=KEY)
    assert "wants an API key" in str(missing)
    assert "refused the API key" in str(refused)
    assert "Incorrect API key" in str(refused)
    assert not missing.retryable
    assert len(models) == 3
    assert requests[-1].headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in requests[0].headers
    assert KEY not in caplog.text
    assert "sk-wrong-key-12345" not in str(refused) + (refused.detail or "")


def test_an_answer_that_is_not_a_model_list():
    page = "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>"

    async def scenario(server: FakeOpenAI):
        server.queue_models(Behaviour("status", 200, page, {"Content-Type": "text/html"}))
        with pytest.raises(UnexpectedResponseError) as caught:
            await provider_for(server).list_models(None)
        return caught.value

    error = run(scenario)
    assert "model list" in str(error)
    assert "HTML page" in str(error)
    assert "/v1" in str(error)


def test_a_wrong_base_url_is_named_as_such():
    async def scenario(server: FakeOpenAI):
        config = ProviderConfig("local", "custom", "My server", server.base_url + "/oops")
        with pytest.raises(ProviderConfigError) as caught:
            await OpenAICompatibleProvider(config).list_models(None)
        return caught.value

    error = run(scenario)
    assert "base URL" in str(error)
    assert "404" in str(error)


def test_a_server_that_is_not_running():
    config = ProviderConfig("ollama", "ollama", "Ollama", f"http://127.0.0.1:{closed_port()}/v1")
    with pytest.raises(ConnectionFailedError) as caught:
        asyncio.run(OpenAICompatibleProvider(config).list_models(None))
    assert "Ollama" in str(caught.value)
    assert "refused" in str(caught.value)
    assert caught.value.retryable


# --- chat ---------------------------------------------------------------------------------


def test_the_answer_streams_in_pieces_then_reports_usage():
    async def scenario(server: FakeOpenAI):
        return await items_of(provider_for(server)), server.requests[-1]

    items, request = run(scenario)
    texts = [item for item in items if isinstance(item, str)]
    assert len(texts) > 2
    assert "".join(texts) == "[llama3.2:3b] You said: Hi"
    done = items[-1]
    assert isinstance(done, AnswerDone)
    assert done.finish_reason == "stop"
    assert done.model == "llama3.2:3b"
    assert done.usage is not None
    assert done.usage.total_tokens == 7 + done.usage.completion_tokens
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}
    assert request.headers["accept"] == "text/event-stream"


def test_the_system_prompt_is_a_real_system_message_and_images_are_data_uris():
    image = PreparedImage(PNG, "image/png", "cat.png", 1, 1, b"", 1, 1)
    history = [
        {"role": "user", "content": "Hello"},
        {"role": "assistant", "content": "Hi there"},
        {"role": "user", "content": "What is this?"},
    ]

    async def scenario(server: FakeOpenAI):
        items = await items_of(
            provider_for(server),
            messages=history,
            images=[image, image],
            system_prompt="Answer in French.",
            parameters=ChatParameters(temperature=0.2),
        )
        return items, server.requests[-1].body

    items, body = run(scenario)
    text = "".join(item for item in items if isinstance(item, str))
    assert text.endswith("(system: Answer in French.) with 2 image(s)")
    messages = body["messages"]
    assert messages[0] == {"role": "system", "content": "Answer in French."}
    assert messages[1:3] == history[:2]
    last = messages[3]
    assert last["role"] == "user"
    assert last["content"][0] == {"type": "text", "text": "What is this?"}
    url = last["content"][1]["image_url"]["url"]
    assert url == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert body["temperature"] == 0.2


def test_a_whole_answer_where_a_stream_was_asked_is_taken_too():
    async def scenario(server: FakeOpenAI):
        provider = provider_for(server, stream=False)
        answer = await collect(provider.stream_chat(None, ChatRequest("llava:7b", HI)))
        return answer, server.requests[-1].body

    answer, body = run(scenario)
    assert answer.text == "[llava:7b] You said: Hi"
    assert answer.done == AnswerDone("llava:7b", "stop", Usage(5, 3, 8))
    assert body["stream"] is False
    assert "stream_options" not in body


def test_split_pieces_comments_and_utf8_across_chunks():
    raw = b": keep-alive\n\n" + chunk("m", "Grüße ") + chunk("m", "👋") + chunk("m", None, "stop")
    raw += b"data: [DONE]\n\n"
    pieces = [raw[index : index + 3] for index in range(0, len(raw), 3)]

    async def scenario(server: FakeOpenAI):
        server.queue_chat(Behaviour("events", events=pieces))
        return await collect(provider_for(server).stream_chat(None, ChatRequest("m", HI)))

    answer = run(scenario)
    assert answer.text == "Grüße 👋"
    assert answer.done is not None
    assert answer.done.finish_reason == "stop"


@pytest.mark.parametrize(
    ("behaviour", "error_type", "words"),
    [
        (
            Behaviour("status", 429, '{"error": {"message": "Slow down"}}', {"Retry-After": "30"}),
            RateLimitedError,
            ["rate", "30 seconds"],
        ),
        (
            Behaviour("status", 500, '{"error": {"message": "CUDA out of memory"}}'),
            ServiceUnavailableError,
            ["HTTP 500", "CUDA out of memory"],
        ),
        (
            Behaviour("status", 404, '{"error": "model \\"nope\\" not found, try pulling it"}'),
            ModelNotFoundError,
            ["no model", "llama3.2:3b", "not found"],
        ),
        (
            Behaviour("status", 400, '{"error": {"message": "context length exceeded"}}'),
            BadRequestError,
            ["HTTP 400", "context length exceeded"],
        ),
    ],
)
def test_errors_are_read_from_the_answer(behaviour, error_type, words):
    async def scenario(server: FakeOpenAI):
        server.queue_chat(behaviour)
        return await failure_of(provider_for(server))

    error, received = run(scenario)
    assert isinstance(error, error_type), repr(error)
    for word in words:
        assert word in str(error)
    assert received == []
    assert error.retryable is (error_type in (RateLimitedError, ServiceUnavailableError))


@pytest.mark.parametrize(
    ("event", "error_type", "word"),
    [
        (sse({"error": {"message": "Upstream failed", "code": 502}}), ServiceUnavailableError,
         "Upstream failed"),
        (sse({"error": {"message": "Rate limit exceeded", "code": 429}}), RateLimitedError,
         "Rate limit exceeded"),
        (b"event: error\ndata: the model crashed\n\n", UnexpectedResponseError,
         "the model crashed"),
        (sse({"error": "invalid model state"}), UnexpectedResponseError, "invalid model state"),
    ],
)  # fmt: skip
def test_error_events_inside_the_stream(event, error_type, word):
    async def scenario(server: FakeOpenAI):
        server.queue_chat(Behaviour("events", events=[chunk("m", "Partial "), event]))
        return await failure_of(provider_for(server))

    error, received = run(scenario)
    assert isinstance(error, error_type), repr(error)
    assert word in str(error)
    assert received == ["Partial "]


@pytest.mark.parametrize("kind", ["broken", "truncated"])
def test_a_stream_that_breaks_or_stops_midway(kind):
    async def scenario(server: FakeOpenAI):
        server.queue_chat(Behaviour(kind, answer="one two three four five six"))
        return await failure_of(provider_for(server))

    error, received = run(scenario)
    assert isinstance(error, ConnectionBrokenError), repr(error)
    assert received
    assert all(isinstance(item, str) for item in received)
    assert "What arrived is kept" in str(error)
    assert error.retryable


def test_a_stream_that_goes_silent_times_out():
    async def scenario(server: FakeOpenAI):
        server.queue_chat(Behaviour(answer="one two three", chunk_delay=2.0))
        return await failure_of(provider_for(server), timeout=0.3)

    error, received = run(scenario)
    assert isinstance(error, ResponseTimeoutError), repr(error)
    assert received == ["one "]
    assert "in the middle of the answer" in str(error)
    assert error.retryable


def test_stopping_early_closes_the_request():
    async def scenario(server: FakeOpenAI):
        server.queue_chat(Behaviour(answer="one two three four", chunk_delay=0.05))
        stream = provider_for(server).stream_chat(None, ChatRequest("m", HI))
        first = await anext(stream)
        await stream.aclose()  # what a cancelled consumer's generator does
        return first

    assert run(scenario) == "one "


def test_the_key_is_never_logged_nor_shown(caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario(server: FakeOpenAI):
        provider = provider_for(server, api_key=KEY)
        await items_of(provider)
        server.queue_chat(Behaviour("status", 500, "{}"))
        error, _ = await failure_of(provider)
        return provider, error

    provider, error = run(scenario, api_key=KEY)
    assert KEY not in repr(provider)
    assert KEY not in str(error) + (error.detail or "")
    assert KEY not in caplog.text


def test_a_loopback_server_ignores_the_proxy_setting():
    dead_proxy = f"http://127.0.0.1:{closed_port()}"

    async def scenario(server: FakeOpenAI):
        return await collect(
            provider_for(server).stream_chat(None, ChatRequest("m", HI, proxy=dead_proxy))
        )

    assert run(scenario).text == "[m] You said: Hi"


def test_a_remote_server_goes_through_an_http_proxy():
    """The fake server plays the proxy; the remote name is never resolved here."""

    async def scenario(server: FakeOpenAI):
        config = ProviderConfig("remote", "custom", "Remote", "http://models.example/v1")
        provider = OpenAICompatibleProvider(config, KEY)
        async with aiohttp.ClientSession() as session:
            proxy = f"http://127.0.0.1:{server.port}"
            answer = await collect(provider.stream_chat(session, ChatRequest("m", HI, proxy=proxy)))
        return answer, server.requests[-1]

    answer, request = run(scenario)
    assert answer.text == "[m] You said: Hi"
    assert request.headers["host"] == "models.example"
    assert json.loads(json.dumps(request.body))["model"] == "m"


def test_a_model_list_of_thousands_is_read_off_the_event_loop_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from dynaspark_desktop.providers import openai_compatible

    threads: list[str] = []
    real = openai_compatible.parse_model_list

    def recording(payload: object) -> object:
        threads.append(threading.current_thread().name)
        return real(payload)

    monkeypatch.setattr(openai_compatible, "parse_model_list", recording)
    names = [f"model-{number}-" + "x" * 200 for number in range(3000)]

    async def scenario() -> list[str]:
        async with FakeOpenAI(models=names) as server:
            config = ProviderConfig("local", "custom", "Big", server.base_url)
            return [model.id for model in await OpenAICompatibleProvider(config).list_models(None)]

    assert sorted(asyncio.run(scenario())) == sorted(names)
    assert threads
    assert threading.main_thread().name not in threads


def test_every_parameter_goes_as_a_json_field_in_its_range():
    parameters = ChatParameters(
        temperature=2.6,  # kept from a Dynaspark API model; OpenAI stops at 2
        top_p=0.5,
        max_tokens=300,
        presence_penalty=0.25,
        frequency_penalty=-1.0,
        seed=7,
    )

    async def scenario(server: FakeOpenAI):
        await items_of(provider_for(server), parameters=parameters)
        return server.requests[-1].body

    body = run(scenario)
    assert {name: body[name] for name in parameters.to_dict()} == {
        "temperature": 2.0,
        "top_p": 0.5,
        "max_tokens": 300,
        "presence_penalty": 0.25,
        "frequency_penalty": -1.0,
        "seed": 7,
    }


def test_unset_parameters_are_left_to_the_model():
    async def scenario(server: FakeOpenAI):
        await items_of(provider_for(server), parameters=ChatParameters(top_p=0.3))
        return server.requests[-1].body

    body = run(scenario)
    assert body["top_p"] == 0.3
    assert not {"temperature", "max_tokens", "seed", "presence_penalty"} & body.keys()
