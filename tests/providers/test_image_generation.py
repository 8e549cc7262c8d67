"""/imagine's request policy: which provider draws, which messages can be sent, what is
asked for, and the picture checked before it is kept (real HTTP to a local fake API)."""

from __future__ import annotations

import asyncio

import pytest

from dynaspark_desktop.core.errors import BrokenImageError, ProviderConfigError
from dynaspark_desktop.core.imagine import ImaginePromptError
from dynaspark_desktop.providers.dynaspark_api import (
    DEFAULT_IMAGE_SIDE,
    MAX_IMAGE_SIDE,
    MIN_IMAGE_SIDE,
    DynasparkApiProvider,
)
from dynaspark_desktop.providers.image_generation import (
    IMAGE_PROVIDER_ID,
    draw_picture,
    image_provider,
    imagine_problem,
    imagine_request,
)
from dynaspark_desktop.providers.registry import build_registry
from tests.fakes.dynaspark_api_server import FakeDynasparkApi, png_bytes


def test_the_request_keeps_within_the_api_limits() -> None:
    plain = imagine_request("/imagine a red bicycle")
    assert (plain.prompt, plain.width, plain.height) == (
        "a red bicycle",
        DEFAULT_IMAGE_SIDE,
        DEFAULT_IMAGE_SIDE,
    )
    huge = imagine_request("/imagine a map --size 9000x10")
    assert (huge.width, huge.height, huge.clamped) == (MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, True)
    with pytest.raises(ImaginePromptError):
        imagine_request("/imagine --wide")


def test_only_sendable_imagine_messages_pass() -> None:
    assert imagine_problem("What is a bicycle?", has_image=True) is None  # not /imagine
    assert imagine_problem("/imagine a red bicycle --tall", has_image=False) is None
    with_image = imagine_problem("/imagine a red bicycle", has_image=True)
    assert with_image is not None
    assert "remove the attached image" in with_image
    no_words = imagine_problem("/imagine   ", has_image=False)
    assert no_words is not None
    assert "Describe the picture after /imagine" in no_words
    bad_size = imagine_problem("/imagine a cat --size big", has_image=False)
    assert bad_size is not None
    assert "--size WIDTHxHEIGHT" in bad_size


def test_the_api_as_set_up_draws_or_its_defaults_without_a_registry() -> None:
    registry = build_registry(api_base_url="http://127.0.0.1:9/", api_keys={IMAGE_PROVIDER_ID: "k"})
    set_up = image_provider(registry)
    assert set_up is registry.get(IMAGE_PROVIDER_ID)
    assert set_up.base_url == "http://127.0.0.1:9"
    assert image_provider(None).base_url == DynasparkApiProvider().base_url


def test_a_registry_without_the_api_cannot_draw() -> None:
    with pytest.raises(ProviderConfigError, match="needs the Dynaspark API"):
        image_provider(build_registry(include_builtin=False))


def test_a_picture_is_drawn_at_the_size_asked_and_checked() -> None:
    async def main():
        async with FakeDynasparkApi() as server:
            server.image_body = png_bytes(16, 9)
            provider = DynasparkApiProvider(server.base_url)
            picture = await draw_picture(
                provider, None, "/imagine a red bicycle --wide", proxy=None, timeout=5.0
            )
            return picture, server.requests[0].query

    picture, query = asyncio.run(main())
    assert (query["user_input"], query["width"], query["height"]) == (
        "a red bicycle",
        "1344",
        "768",
    )
    assert picture.prompt == "a red bicycle"
    assert picture.model == f"{IMAGE_PROVIDER_ID}:flux"
    assert (picture.width, picture.height, picture.mime_type) == (16, 9, "image/png")


def test_a_damaged_download_is_not_kept() -> None:
    async def main():
        async with FakeDynasparkApi() as server:
            server.image_body = b"\x89PNG\r\n\x1a\n" + b"not really"
            provider = DynasparkApiProvider(server.base_url)
            return await draw_picture(provider, None, "/imagine a cat", proxy=None, timeout=5.0)

    with pytest.raises(BrokenImageError, match="The generated picture is damaged"):
        asyncio.run(main())
