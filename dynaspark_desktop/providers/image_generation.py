"""Answering an ``/imagine`` question: the Dynaspark API draws the picture, whatever chat
model the picker shows (no other provider makes pictures), and the downloaded file is
checked in a thread before anything keeps or shows it.

The policy (which provider draws, which messages can be sent, what size is asked for) is
plain Python over the provider registry; the chat controller runs :func:`draw_picture` on
the qasync loop and the window asks :func:`imagine_problem` before sending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.core.errors import ProviderConfigError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.imagine import ImagineRequest, is_imagine, parse_imagine
from dynaspark_desktop.providers.dynaspark_api import (
    DEFAULT_IMAGE_SIDE,
    MAX_IMAGE_SIDE,
    MIN_IMAGE_SIDE,
    DynasparkApiProvider,
)

if TYPE_CHECKING:
    import aiohttp

    from dynaspark_desktop.core.generated_images import GeneratedPicture
    from dynaspark_desktop.providers.registry import ProviderRegistry

IMAGE_PROVIDER_ID = DynasparkApiProvider.id


def imagine_request(text: str) -> ImagineRequest:
    """The picture an ``/imagine`` message asks for, within the API's limits."""
    return parse_imagine(
        text, default_side=DEFAULT_IMAGE_SIDE, min_side=MIN_IMAGE_SIDE, max_side=MAX_IMAGE_SIDE
    )


def imagine_problem(text: str, *, has_image: bool) -> str | None:
    """Why the composer's ``/imagine`` message cannot be sent (None: it can, or it is not
    one). Checked before sending, so a message that cannot work never becomes a turn."""
    from dynaspark_desktop.core.imagine import ImaginePromptError

    if not is_imagine(text):
        return None
    if has_image:
        return translate(
            "ImageGeneration",
            "Pictures are made from words alone: remove the attached image to use "
            "/imagine, or ask about the image without /imagine.",
        )
    try:
        imagine_request(text)
    except ImaginePromptError as error:
        return str(error)
    return None


def image_provider(registry: ProviderRegistry | None) -> DynasparkApiProvider:
    """The Dynaspark API as the user set it up in ``registry`` (its endpoint and key), or,
    without a registry (no model catalog yet), its defaults."""
    if registry is None:
        return DynasparkApiProvider()
    provider = registry.get(IMAGE_PROVIDER_ID)
    if not isinstance(provider, DynasparkApiProvider):
        raise ProviderConfigError(
            translate(
                "ImageGeneration", "Image generation needs the Dynaspark API, which is missing."
            )
        )
    return provider


async def draw_picture(
    provider: DynasparkApiProvider,
    session: aiohttp.ClientSession,
    question: str,
    *,
    proxy: str | None,
    timeout: float | None,
) -> GeneratedPicture:
    """Ask for the picture, download it and check it (Pillow, in a worker thread)."""
    import asyncio

    from dynaspark_desktop.core.generated_images import check_generated_image
    from dynaspark_desktop.providers.http_body import limits

    request = imagine_request(question)
    image = await provider.generate_image(
        session,
        request.prompt,
        width=request.width,
        height=request.height,
        proxy=proxy,
        timeout=timeout,
    )
    return await asyncio.to_thread(
        check_generated_image,
        image.data,
        prompt=request.prompt,
        model=f"{IMAGE_PROVIDER_ID}:{image.model}",
        seed=image.seed,
        filename=image.filename,
        max_bytes=limits().image_bytes,
    )
