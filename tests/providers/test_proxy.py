"""Which proxy a request uses, and that proxy secrets never reach a message."""

from __future__ import annotations

import asyncio
import base64
from urllib.parse import unquote, urlsplit

import aiohttp
import pytest

from dynaspark_desktop.core.errors import ConnectionFailedError, ProviderError
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.providers.proxy import (
    is_loopback_url,
    is_socks_proxy,
    proxy_for,
    proxy_problem,
    redact_url,
)
from tests.fakes.auth_proxy import BasicAuthProxy
from tests.fakes.dynaspark_server import FakeDynaspark
from tests.providers.support import NoSuchHost, RawServer, ask, closed_port, with_server

REMOTE = "https://dynaspark.onrender.com/generate_response"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/generate_response",
        "http://127.0.0.2/",
        "http://localhost:11434/api",
        "http://LOCALHOST/",
        "http://models.localhost:8000/",
        "http://[::1]:8080/generate_response",
        "https://user:pw@127.0.0.1:1/x",
    ],
)
def test_loopback_never_goes_through_a_proxy(url):
    assert is_loopback_url(url)
    assert proxy_for(url, "http://proxy.example:3128") is None
    # Not even a proxy that would be refused: loopback does not look at it.
    assert proxy_for(url, "socks5://proxy.example:1080") is None


@pytest.mark.parametrize(
    "url",
    [
        REMOTE,
        "http://localhost.evil.example/",
        "http://127.0.0.1.nip.io/",
        "http://10.0.0.5:8080/",
        "http://[2001:db8::1]/",
    ],
)
def test_remote_addresses_use_the_proxy(url):
    assert not is_loopback_url(url)
    assert proxy_for(url, "http://proxy.example:3128") == "http://proxy.example:3128"
    assert proxy_for(url, "https://proxy.example:3129") == "https://proxy.example:3129"


@pytest.mark.parametrize("proxy", [None, "", "   "])
def test_no_proxy_setting_means_no_proxy(proxy):
    assert proxy_for(REMOTE, proxy) is None


def test_a_proxy_typed_without_a_scheme_is_an_http_proxy():
    assert proxy_for(REMOTE, "proxy.example:3128") == "http://proxy.example:3128"
    assert proxy_for(REMOTE, " localhost:3128 ") == "http://localhost:3128"


@pytest.mark.parametrize("proxy", ["gopher://bob:hunter2@proxy.example:1080", "ftp://p:21"])
def test_an_unsupported_proxy_scheme_is_a_clear_error(proxy):
    with pytest.raises(ConnectionFailedError) as caught:
        proxy_for(REMOTE, proxy)
    message = str(caught.value)
    assert proxy.split("://")[0] in message
    assert "http://" in message
    assert "https://" in message
    assert "socks5://" in message
    assert "hunter2" not in message


@pytest.mark.parametrize("scheme", ["socks5", "socks5h", "socks4", "socks4a", "SOCKS5"])
def test_socks_proxies_are_accepted_for_remote_addresses(scheme):
    proxy = f"{scheme}://bob:hunter2@proxy.example:1080"
    assert proxy_for(REMOTE, proxy) == proxy
    assert is_socks_proxy(proxy)
    assert proxy_for("http://127.0.0.1:11434/v1", proxy) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:secret@proxy:8080", "http://user:***@proxy:8080"),
        ("https://user:secret@proxy:8080/path?q=1", "https://user:***@proxy:8080/path?q=1"),
        # A password holding "@" or ":" typed unencoded: hidden whole.
        ("http://user:p@ss@proxy:8080", "http://user:***@proxy:8080"),
        ("http://user:a:b:c@proxy:8080", "http://user:***@proxy:8080"),
        # A password holding "/" (the URL parser gets it wrong, the redaction must not).
        ("http://user:pa/ss@proxy:8080", "http://user:***@proxy:8080"),
        ("http://:secret@proxy:8080", "http://:***@proxy:8080"),
        ("socks5://bob:hunter2@p:1080", "socks5://bob:***@p:1080"),
        (
            "via http://a:one@h1 and http://b:two@h2.",
            "via http://a:***@h1 and http://b:***@h2.",
        ),
    ],
)
def test_redact_url_hides_passwords(url, expected):
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        REMOTE,
        "http://proxy.example:3128",
        "http://host:8080/users/@me",
        "http://host/a:b@c",
        "http://token@host/",  # a user name alone is kept
        "not a url at all",
    ],
)
def test_redact_url_leaves_urls_without_a_password_alone(url):
    assert redact_url(url) == url


# --- through the provider, on the wire ------------------------------------------------------


def test_loopback_endpoint_ignores_the_proxy_setting(monkeypatch):
    # A proxy nobody listens on: were it used, the request would fail.
    dead_proxy = f"http://127.0.0.1:{closed_port()}"

    async def scenario(server: FakeDynaspark) -> list[str]:
        return await ask(proxy=dead_proxy)

    assert with_server(monkeypatch, scenario) == ["[gemini-2.0-flash] You said: Hi"]


def test_a_remote_endpoint_goes_through_the_proxy(monkeypatch):
    """The fake server plays the HTTP proxy; the remote name is never resolved (the session's
    resolver refuses every name), so nothing leaves this machine."""

    async def scenario(server: FakeDynaspark) -> tuple[list[str], FakeDynaspark]:
        monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")
        proxy = f"http://alice:s3cret@127.0.0.1:{server.port}"
        connector = aiohttp.TCPConnector(resolver=NoSuchHost())
        async with aiohttp.ClientSession(connector=connector) as session:
            return await ask(proxy=proxy, session=session), server

    answer, server = with_server(monkeypatch, scenario)
    assert answer == ["[gemini-2.0-flash] You said: Hi"]
    [request] = server.requests
    assert request.headers["host"] == "dynaspark.example"
    credentials = request.headers["proxy-authorization"].removeprefix("Basic ")
    assert base64.b64decode(credentials) == b"alice:s3cret"


def test_an_unreachable_proxy_is_named_as_the_problem(monkeypatch):
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")
    proxy = f"http://127.0.0.1:{closed_port()}"

    async def scenario() -> BaseException:
        connector = aiohttp.TCPConnector(resolver=NoSuchHost())
        async with aiohttp.ClientSession(connector=connector) as session:
            with pytest.raises(ProviderError) as caught:
                await ask(proxy=proxy, session=session)
        return caught.value

    error = asyncio.run(scenario())
    assert isinstance(error, ConnectionFailedError)
    assert "proxy" in str(error)
    assert "dynaspark.example" in str(error)


def test_an_unsupported_proxy_fails_before_anything_is_sent(monkeypatch):
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")
    resolver = NoSuchHost()

    async def scenario() -> BaseException:
        connector = aiohttp.TCPConnector(resolver=resolver)
        async with aiohttp.ClientSession(connector=connector) as session:
            with pytest.raises(ConnectionFailedError) as caught:
                await ask(proxy="gopher://bob:hunter2@127.0.0.1:1080", session=session)
        return caught.value

    error = asyncio.run(scenario())
    assert "gopher" in str(error)
    assert "hunter2" not in str(error)
    assert resolver.asked == []


def proxied_https_failure(monkeypatch, proxy_reply: bytes) -> tuple[BaseException, RawServer]:
    """An https:// endpoint through a proxy that refuses the CONNECT with ``proxy_reply``."""
    monkeypatch.setattr(Dynaspark, "api_endpoint", "https://dynaspark.example/generate_response")

    async def scenario() -> tuple[BaseException, RawServer]:
        async with RawServer(proxy_reply) as proxy:
            connector = aiohttp.TCPConnector(resolver=NoSuchHost())
            async with aiohttp.ClientSession(connector=connector) as session:
                with pytest.raises(ProviderError) as caught:
                    await ask(proxy=f"http://127.0.0.1:{proxy.port}", session=session)
        return caught.value, proxy

    return asyncio.run(scenario())


def test_a_proxy_that_wants_credentials(monkeypatch):
    reply = (
        b"HTTP/1.1 407 Proxy Authentication Required\r\n"
        b'Proxy-Authenticate: Basic realm="office"\r\nContent-Length: 0\r\n\r\n'
    )
    error, proxy = proxied_https_failure(monkeypatch, reply)
    assert proxy.received[0].startswith(b"CONNECT dynaspark.example:443 ")
    assert isinstance(error, ConnectionFailedError)
    message = str(error)
    assert "proxy" in message
    assert "dynaspark.example" in message
    assert "407" in message
    assert "user name and password" in message


def test_a_proxy_that_refuses_the_tunnel(monkeypatch):
    reply = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
    error, _ = proxied_https_failure(monkeypatch, reply)
    assert isinstance(error, ConnectionFailedError)
    assert "The proxy refused to connect to dynaspark.example (HTTP 403: Forbidden)" in str(error)
    assert "proxy setting" in str(error)


def test_an_unsupported_proxy_with_the_providers_own_session(monkeypatch):
    # The provider makes (and must close) its own session here; an unclosed one would fail
    # the test under filterwarnings=error.
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")

    async def scenario() -> None:
        with pytest.raises(ConnectionFailedError, match="gopher"):
            await ask(proxy="gopher://127.0.0.1:1080")

    asyncio.run(scenario())


# --- passwords with URL characters, through a proxy that checks them ----------------------

AWKWARD_PASSWORDS = ["pa/ss", "pa?ss", "pa#ss", "pa@ss", "pa:ss", "pa%ss", "p%40ss", "a/?#@:%b"]


@pytest.mark.parametrize("password", AWKWARD_PASSWORDS)
def test_a_password_with_url_characters_authenticates_at_the_proxy(monkeypatch, password):
    """Typed as is into the proxy setting (``user:password@``); the proxy must receive it
    unchanged, "%40" included (the setting holds passwords as typed, not URL-encoded)."""
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")

    async def scenario() -> tuple[list[str], BasicAuthProxy, FakeDynaspark]:
        async with (
            FakeDynaspark() as server,
            BasicAuthProxy(server.port, "alice@corp", password) as proxy,
        ):
            setting = f"http://alice@corp:{password}@127.0.0.1:{proxy.port}"
            connector = aiohttp.TCPConnector(resolver=NoSuchHost())
            async with aiohttp.ClientSession(connector=connector) as session:
                return await ask(proxy=setting, session=session), proxy, server

    answer, proxy, server = asyncio.run(scenario())
    assert answer == ["[gemini-2.0-flash] You said: Hi"]
    assert proxy.credentials == [f"alice@corp:{password}"]
    assert proxy.targets == ["http://dynaspark.example/generate_response"]
    assert server.requests[0].headers["host"] == "dynaspark.example"


def test_a_wrong_password_is_refused_by_that_proxy(monkeypatch):
    # The fake proxy really checks: without this, the test above could pass with any password.
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")

    async def scenario() -> tuple[BaseException, BasicAuthProxy]:
        async with (
            FakeDynaspark() as server,
            BasicAuthProxy(server.port, "alice", "pa/ss") as proxy,
        ):
            setting = f"http://alice:pa/sx@127.0.0.1:{proxy.port}"
            connector = aiohttp.TCPConnector(resolver=NoSuchHost())
            async with aiohttp.ClientSession(connector=connector) as session:
                with pytest.raises(ProviderError) as caught:
                    await ask(proxy=setting, session=session)
        return caught.value, proxy

    error, proxy = asyncio.run(scenario())
    assert proxy.credentials == ["alice:pa/sx"]
    assert "407" in str(error)
    assert "endpoint" not in str(error)
    shown_or_logged = str(error) + (error.detail or "")
    assert "pa/sx" not in shown_or_logged
    assert "pa%2Fsx" not in shown_or_logged  # nor as the proxy URL carries it


@pytest.mark.parametrize("password", AWKWARD_PASSWORDS)
def test_the_proxy_url_carries_the_password_percent_encoded(password):
    route = proxy_for(REMOTE, f"http://alice:{password}@proxy.example:3128")
    assert route is not None
    parts = urlsplit(route)
    assert (parts.hostname, parts.port) == ("proxy.example", 3128)
    assert unquote(parts.password or "") == password
    assert redact_url(route) == "http://alice:***@proxy.example:3128"


@pytest.mark.parametrize(
    "setting",
    [
        "http://alice:pw@[::1:3128",
        "http://alice:pw@proxy.example:31x8",
        "http://alice:pw@:3128",
        "socks5://alice:pw@proxy.example:port",
    ],
)
def test_a_malformed_proxy_is_named_as_the_problem(monkeypatch, setting):
    monkeypatch.setattr(Dynaspark, "api_endpoint", "http://dynaspark.example/generate_response")
    resolver = NoSuchHost()

    async def scenario() -> BaseException:
        connector = aiohttp.TCPConnector(resolver=resolver)
        async with aiohttp.ClientSession(connector=connector) as session:
            with pytest.raises(ConnectionFailedError) as caught:
                await ask(proxy=setting, session=session)
        return caught.value

    error = asyncio.run(scenario())
    message = str(error)
    assert "proxy setting" in message
    assert "endpoint" not in message
    assert ":pw@" not in message + (error.detail or "")
    assert resolver.asked == []


@pytest.mark.parametrize(
    ("proxy", "problem"),
    [
        ("", None),
        ("http://proxy.example:3128", None),
        ("proxy.example:3128", None),
        ("socks5://127.0.0.1:1080", None),
        ("ftp://proxy.example", "only http://, https://, socks5:// and socks4://"),
        ("http://proxy.example:port", "port must be a number"),
        ("socks5://127.0.0.1", "needs a port"),
        ("http://:3128", "needs a host"),
    ],
)
def test_proxy_problems_are_worded(proxy: str, problem: str | None) -> None:
    found = proxy_problem(proxy)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


@pytest.mark.parametrize("password", ["pa/ss", "pa?ss", "pa#ss", "pa@ss", "pa:ss", "pa%ss"])
def test_a_password_with_url_characters_is_no_problem(password: str) -> None:
    assert proxy_problem(f"http://alice:{password}@proxy.example:3128") is None
    assert proxy_problem(f"socks5://alice:{password}@proxy.example:1080") is None
