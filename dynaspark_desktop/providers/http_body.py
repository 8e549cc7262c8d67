"""Reading what a server sends, as untrusted data: the one place response bodies are read.

Every body is read with a size cap for its kind (an answer, a model list, an error, an
image), counted in *decompressed* bytes, and with an idle limit between pieces; the total
limit of a whole-body read is the request's ``aiohttp.ClientTimeout(total=...)``, which
every caller sets. aiohttp (3.12 and later) inflates gzip/deflate/br a bounded piece at a
time as the reader asks for more, so a gzip bomb never grows past one piece beyond the cap
before this module stops reading (``tests/providers/test_hostile_servers.py`` measures it).

JSON is parsed with a size and a nesting-depth guard, in a worker thread when it is large,
so a 50,000-deep array is a clear message, not a ``RecursionError``, and an 8 MB answer does
not stall the window. The caps come from the settings (``follow_settings``, called at
start-up, applies them then and whenever they change).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.errors import (
    ResponseTimeoutError,
    ResponseTooLargeError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.guarded_json import MAX_JSON_DEPTH, JSONTooDeepError, loads_guarded
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.sizes import MB, megabytes
from dynaspark_desktop.providers.http_errors import humanize_wait

if TYPE_CHECKING:
    import aiohttp

    from dynaspark_desktop.core.settings import Settings

# JSON bigger than this is parsed in a worker thread (about a millisecond of parsing).
THREAD_PARSE_BYTES = 256 * 1024


@dataclass(frozen=True)
class BodyLimits:
    """How much of each kind of body is read, and how long a server may pause."""

    answer_bytes: int = 8 * MB
    model_list_bytes: int = 8 * MB
    # Only the start of an error body is read: it is shown in a one-line message.
    error_bytes: int = 64 * 1024
    image_bytes: int = 32 * MB
    # One server-sent event (a streamed piece of an answer is a few hundred bytes).
    event_bytes: int = 1 * MB
    idle_seconds: float = 60.0


class BodyKind(Enum):
    """What a body is: which cap applies and what a message calls it."""

    ANSWER = ("answer_bytes", QT_TRANSLATE_NOOP("HttpBody", "answer"))
    MODEL_LIST = ("model_list_bytes", QT_TRANSLATE_NOOP("HttpBody", "model list"))
    IMAGE = ("image_bytes", QT_TRANSLATE_NOOP("HttpBody", "picture"))

    def __init__(self, field: str, noun: str) -> None:
        self.field = field
        self.noun = noun


_limits = BodyLimits()


def limits() -> BodyLimits:
    return _limits


def configure(
    *,
    answer_mb: int | None = None,
    image_mb: int | None = None,
    idle_seconds: float | None = None,
) -> BodyLimits:
    """Apply the user's settings (values out of any sane range are ignored)."""
    global _limits
    changes: dict[str, Any] = {}
    if answer_mb is not None and 1 <= answer_mb <= 1024:
        changes["answer_bytes"] = changes["model_list_bytes"] = answer_mb * MB
    if image_mb is not None and 1 <= image_mb <= 1024:
        changes["image_bytes"] = image_mb * MB
    if idle_seconds is not None and 1 <= idle_seconds <= 3600:
        changes["idle_seconds"] = float(idle_seconds)
    _limits = replace(BodyLimits(), **changes)
    return _limits


# The settings the caps come from.
LIMIT_SETTINGS = ("max_answer_mb", "max_image_mb", "read_idle_timeout")


def follow_settings(settings: Settings) -> None:
    """Take the caps from ``settings``, now and whenever one of them changes."""

    def apply(*_changed: object) -> None:
        configure(
            answer_mb=settings.get("max_answer_mb"),
            image_mb=settings.get("max_image_mb"),
            idle_seconds=settings.get("read_idle_timeout"),
        )

    apply()
    settings.changed.connect(LIMIT_SETTINGS, apply)


async def read_body(
    response: aiohttp.ClientResponse,
    kind: BodyKind,
    service: str,
    *,
    idle_seconds: float | None = None,
    total_seconds: float | None = None,
) -> bytes:
    """The whole body, decompressed. Raises ResponseTooLargeError past the kind's cap and
    ResponseTimeoutError when the server pauses longer than the idle limit, or takes longer
    than ``total_seconds`` in all (for requests whose ``ClientTimeout`` has no total)."""
    size_cap = getattr(_limits, kind.field)
    idle = _limits.idle_seconds if idle_seconds is None else idle_seconds
    data, complete = await _read_up_to(
        response, size_cap, _Waits(idle, total_seconds), service, stop_quietly=False
    )
    if not complete:
        raise ResponseTooLargeError(
            translate(
                "HttpBody",
                "The {what} from {service} is larger than {size}, the most this app reads; it "
                "was not kept.",
            ).format(
                what=translate("HttpBody", kind.noun), service=service, size=megabytes(size_cap)
            ),
            detail=f"stopped reading after {len(data)} bytes ({kind.name}, cap {size_cap})",
        )
    return bytes(data)


async def read_error_text(response: aiohttp.ClientResponse, service: str) -> str:
    """The start of an error body, for a message: never fails (a pause, a break or an
    endless body end the read with what arrived)."""
    from dynaspark_desktop.providers.http_errors import transport_errors

    try:
        waits = _Waits(min(_limits.idle_seconds, 10.0), 30.0)
        data, _complete = await _read_up_to(response, _limits.error_bytes, waits, service, True)
    except transport_errors():
        return ""
    return decode(data, response.charset)


def decode(data: bytes, charset: str | None) -> str:
    try:
        return data.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


class _Waits:
    """The idle limit between pieces and, when set, a limit on the whole read."""

    def __init__(self, idle_seconds: float, total_seconds: float | None) -> None:
        import time

        self.idle_seconds = idle_seconds
        self.total_seconds = total_seconds
        self._deadline = None if total_seconds is None else time.monotonic() + total_seconds

    def next_wait(self) -> float:
        if self._deadline is None:
            return self.idle_seconds
        import time

        return max(0.0, min(self.idle_seconds, self._deadline - time.monotonic()))

    def timed_out(self, service: str, received: int) -> ResponseTimeoutError:
        if self.total_seconds is not None and self.next_wait() <= 0:
            return ResponseTimeoutError(
                translate(
                    "HttpBody", "{service} took more than {wait} to send its reply; try again."
                ).format(service=service, wait=humanize_wait(self.total_seconds)),
                detail=f"total time-out after {received} bytes",
            )
        return ResponseTimeoutError(
            translate(
                "HttpBody",
                "{service} stopped sending in the middle of its reply for {wait}; try again.",
            ).format(service=service, wait=humanize_wait(self.idle_seconds)),
            detail=f"idle after {received} bytes",
        )


async def _read_up_to(
    response: aiohttp.ClientResponse,
    cap: int,
    waits: _Waits,
    service: str,
    stop_quietly: bool,
) -> tuple[bytearray, bool]:
    """At most ``cap`` bytes; ``complete`` False when the body went on past them (or, with
    ``stop_quietly``, stopped arriving in time). aiohttp's ``readany`` hands over what is
    buffered, already inflated in bounded pieces."""
    import asyncio

    from dynaspark_desktop.core.pacing import FramePacer

    data = bytearray()
    pacer = FramePacer()  # a buffered (or inflating) body is read without a pause otherwise
    while True:
        await pacer.pace()
        try:
            async with asyncio.timeout(waits.next_wait()):
                piece = await response.content.readany()
        except TimeoutError:
            if stop_quietly:
                return data, False
            raise waits.timed_out(service, len(data)) from None
        if not piece:
            return data, True
        if len(data) + len(piece) > cap:
            data += piece[: cap - len(data)]
            return data, False
        data += piece


async def parse_json(raw: bytes | str) -> Any:
    """:func:`loads_guarded` off the UI thread when ``raw`` is large. Raises ValueError."""
    if len(raw) < THREAD_PARSE_BYTES:
        return loads_guarded(raw)
    import asyncio

    return await asyncio.to_thread(loads_guarded, raw)


async def parse_json_reply(raw: bytes | str, service: str) -> Any:
    """A server's reply parsed: None when it is not JSON; a clear UnexpectedResponseError
    when it nests deeper than any real reply (rather than a RecursionError later)."""
    try:
        return await parse_json(raw)
    except JSONTooDeepError as error:
        raise UnexpectedResponseError(
            translate(
                "HttpBody",
                "{service} answered with JSON nested too deeply to read (more than {depth} "
                "levels); it was not used.",
            ).format(service=service, depth=MAX_JSON_DEPTH),
            detail=f"{error}; {len(raw)} bytes",
        ) from None
    except ValueError:
        return None
