"""The Settings window's "Test" of a Dynaspark web endpoint: one short question to the address
typed, answered or not, told in a sentence.

The check is the real thing (the same form, headers, proxy, size caps and error messages as
a message sent from the composer), so "it works" means a message would get through. It is
time-limited and never raises for what the server does.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.dynaspark import Dynaspark

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

# Long enough for the free service to wake up (it can take most of a minute).
CHECK_TIMEOUT_SECONDS = 75.0
_QUESTION = "Reply with the single word OK."


@dataclass(frozen=True)
class EndpointCheck:
    ok: bool
    message: str


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` cannot be a web endpoint (a sentence), or None when it can."""
    url = url.strip()
    if not url:
        return None  # empty: the built-in endpoint
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return translate("Settings", "The address must start with http:// or https://.")
    if not parts.hostname:
        return translate("Settings", "The address has no server name after the http(s)://.")
    if any(character.isspace() for character in url):
        return translate("Settings", "The address cannot contain spaces.")
    return None


async def check_endpoint(
    url: str,
    session: aiohttp.ClientSession | None,
    proxy: str | None = None,
    *,
    timeout: float = CHECK_TIMEOUT_SECONDS,
) -> EndpointCheck:
    """Ask the endpoint at ``url`` (empty: the built-in one) a short question."""
    url = url.strip()
    problem = endpoint_problem(url)
    if problem is not None:
        return EndpointCheck(False, problem)
    started = time.monotonic()
    try:
        answer = ""
        async for text in Dynaspark.create_async_generator(
            Dynaspark.default_model,
            [{"role": "user", "content": _QUESTION}],
            proxy,
            session=session,
            timeout=timeout,
            endpoint=url or None,
        ):
            answer += text
    except UserFacingError as error:
        log.info("Endpoint test failed: %s (%s)", error, error.detail)
        return EndpointCheck(
            False, translate("Settings", "It did not work: {error}").format(error=error)
        )
    seconds = time.monotonic() - started
    if not answer.strip():
        return EndpointCheck(
            False, translate("Settings", "The endpoint answered, but with no text at all.")
        )
    return EndpointCheck(
        True,
        translate("Settings", "It works: the endpoint answered in {seconds:.1f} s.").format(
            seconds=seconds
        ),
    )


__all__ = ["CHECK_TIMEOUT_SECONDS", "EndpointCheck", "check_endpoint", "endpoint_problem"]
