"""SOCKS proxies (through aiohttp-socks) for remote providers, against a local SOCKS5 proxy
that sends every connection to a local fake server: nothing leaves this machine."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from dynaspark_desktop.core.errors import ConnectionFailedError
from dynaspark_desktop.providers.base import ChatRequest, collect
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
from dynaspark_desktop.providers.presets import ProviderConfig
from tests.fakes.dynaspark_server import FakeDynaspark
from tests.fakes.openai_server import FakeOpenAI
from tests.providers.socks_support import FakeSocks5
from tests.providers.support import HI, NoSuchHost, ask, closed_port

REMOTE = ProviderConfig("remote", "custom", "Remote", "http://models.example/v1")


def test_an_openai_compatible_server_through_socks5_with_a_password():
    async def main() -> tuple[str, FakeSocks5, Any]:
        async with (
            FakeOpenAI() as server,
            FakeSocks5(server.port, credentials=("bob", "hunter2")) as socks,
        ):
            proxy = f"socks5://bob:hunter2@127.0.0.1:{socks.port}"
            provider = OpenAICompatibleProvider(REMOTE)
            # The app's session cannot resolve any name: the request must not use it.
            connector = aiohttp.TCPConnector(resolver=NoSuchHost())
            async with aiohttp.ClientSession(connector=connector) as session:
                models = await provider.list_models(session, proxy)
                answer = await collect(
                    provider.stream_chat(session, ChatRequest("m", HI, proxy=proxy))
                )
            assert models[0].id == "llama3.2:3b"
            return answer.text, socks, server.requests[-1]

    text, socks, request = asyncio.run(main())
    assert text == "[m] You said: Hi"
    # The proxy was asked for the name (remote DNS), with the user's credentials.
    assert socks.requested == [("models.example", 80), ("models.example", 80)]
    assert socks.logins[0] == ("bob", "hunter2")
    assert request.headers["host"] == "models.example"


def test_the_dynaspark_web_endpoint_through_socks5(monkeypatch):
    async def main() -> tuple[list[str], FakeSocks5]:
        async with FakeDynaspark() as server, FakeSocks5(server.port) as socks:
            monkeypatch.setattr(
                Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response"
            )
            answer = await ask(proxy=f"socks5h://127.0.0.1:{socks.port}")
            return answer, socks

    answer, socks = asyncio.run(main())
    assert answer == ["[gemini-2.0-flash] You said: Hi"]
    assert socks.requested == [("dynaspark.example", 80)]


def test_a_socks_proxy_nobody_listens_on():
    proxy = f"socks5://bob:hunter2@127.0.0.1:{closed_port()}"
    with pytest.raises(ConnectionFailedError) as caught:
        asyncio.run(OpenAICompatibleProvider(REMOTE).list_models(None, proxy))
    message = str(caught.value)
    assert "SOCKS proxy" in message
    assert "models.example" in message
    assert "hunter2" not in message + (caught.value.detail or "")


def test_a_socks_proxy_that_refuses_the_password():
    async def main() -> BaseException:
        async with FakeSocks5(closed_port(), credentials=("bob", "right")) as socks:
            proxy = f"socks5://bob:wrong@127.0.0.1:{socks.port}"
            with pytest.raises(ConnectionFailedError) as caught:
                await OpenAICompatibleProvider(REMOTE).list_models(None, proxy)
            return caught.value

    error = asyncio.run(main())
    assert "SOCKS proxy refused" in str(error)
    assert "wrong" not in str(error) + (error.detail or "")


def test_a_socks_proxy_without_a_port_is_explained():
    with pytest.raises(ConnectionFailedError, match="needs a host and a port"):
        asyncio.run(OpenAICompatibleProvider(REMOTE).list_models(None, "socks5://bob:pw@proxy"))


def test_a_local_server_never_goes_through_the_socks_proxy():
    async def main() -> str:
        async with FakeOpenAI() as server:
            config = ProviderConfig("ollama", "ollama", "Ollama", server.base_url)
            proxy = f"socks5://127.0.0.1:{closed_port()}"
            provider = OpenAICompatibleProvider(config)
            return (
                await collect(provider.stream_chat(None, ChatRequest("m", HI, proxy=proxy)))
            ).text

    assert asyncio.run(main()) == "[m] You said: Hi"


@pytest.mark.parametrize("password", ["pa/ss", "pa?ss", "pa#ss", "pa@ss", "pa:ss", "p%40ss"])
def test_a_socks_password_with_url_characters_is_sent_as_typed(password):
    async def main() -> tuple[str, FakeSocks5]:
        async with (
            FakeOpenAI() as server,
            FakeSocks5(server.port, credentials=("bob", password)) as socks,
        ):
            proxy = f"socks5://bob:{password}@127.0.0.1:{socks.port}"
            provider = OpenAICompatibleProvider(REMOTE)
            answer = await collect(provider.stream_chat(None, ChatRequest("m", HI, proxy=proxy)))
            return answer.text, socks

    text, socks = asyncio.run(main())
    assert text == "[m] You said: Hi"
    assert socks.logins == [("bob", password)]
