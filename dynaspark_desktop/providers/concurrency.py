"""How many requests each provider is sent at once, and the queue the others wait in.

A service caps concurrent requests (the Dynaspark API allows 10, see the service contract),
and a local server usually answers one at a time: a second request there only slows the
first. So each provider gets a number of slots; a request beyond them waits, in the order it
was made, until one is free. A waiting request that is cancelled (the user pressed Stop)
simply leaves the queue.

The limits are the ``concurrent_requests`` setting's (a list of ``{"provider": id, "limit":
n}``), else :func:`default_limit`. Plain Python: asyncio is imported only by the code that
waits, so importing this module costs start-up nothing.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from dynaspark_desktop.providers.model_keys import WEB_PROVIDER_ID

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator

log = logging.getLogger(__name__)

DYNASPARK_API_ID = "dynaspark-api"  # providers.dynaspark_api.DynasparkApiProvider.id
# The service contract: "at most 10 concurrent" on the public API.
DYNASPARK_API_LIMIT = 10
# The web endpoint's contract names no limit; it is the same free service, asleep when idle.
WEB_LIMIT = 4
# A server on this machine (Ollama, LM Studio, llama.cpp) answers one request at a time
# unless told otherwise: two at once only share the same GPU.
LOCAL_LIMIT = 1
REMOTE_LIMIT = 4
# What a setting may say (a hand-edited file may hold anything).
MIN_LIMIT = 1
MAX_LIMIT = 32


def default_limit(provider_id: str, *, is_local: bool) -> int:
    """The slots a provider gets when the settings name none for it."""
    if provider_id == DYNASPARK_API_ID:
        return DYNASPARK_API_LIMIT
    if provider_id == WEB_PROVIDER_ID:
        return WEB_LIMIT
    return LOCAL_LIMIT if is_local else REMOTE_LIMIT


def limits_from_setting(entries: Iterable[Any]) -> dict[str, int]:
    """The ``concurrent_requests`` setting as {provider id: limit}; damaged entries are left
    out (logged), numbers are kept within ``MIN_LIMIT``..``MAX_LIMIT``."""
    limits: dict[str, int] = {}
    for entry in entries:
        provider_id = entry.get("provider") if isinstance(entry, Mapping) else None
        limit = entry.get("limit") if isinstance(entry, Mapping) else None
        if not isinstance(provider_id, str) or not isinstance(limit, int | float):
            log.warning("concurrent_requests: an entry that is not {provider, limit} left out")
            continue
        if isinstance(limit, bool) or limit != limit:  # True is an int; NaN is not a number
            continue
        limits[provider_id] = int(max(MIN_LIMIT, min(MAX_LIMIT, limit)))
    return limits


def with_limit(entries: Iterable[Any], provider_id: str, limit: int | None) -> list[Any]:
    """The ``concurrent_requests`` setting with ``provider_id``'s entry set to ``limit``
    (kept within the bounds), or left out when ``limit`` is None (the default applies)."""
    kept = [
        entry
        for entry in entries
        if not (isinstance(entry, Mapping) and entry.get("provider") == provider_id)
    ]
    if limit is not None:
        kept.append({"provider": provider_id, "limit": max(MIN_LIMIT, min(MAX_LIMIT, limit))})
    return kept


class ProviderSlots:
    """Per provider, a number of slots and a first-come queue for them.

    ``limit_of(provider_id)`` says how many slots a provider has; it is asked whenever a
    slot is wanted or freed, so a changed setting holds from the next request on (and a
    raised limit lets waiting requests go at once, through :meth:`limits_changed`).
    """

    def __init__(self, limit_of: Callable[[str], int]) -> None:
        self._limit_of = limit_of
        self._running: dict[str, int] = {}
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}

    def running(self, provider_id: str) -> int:
        return self._running.get(provider_id, 0)

    def waiting(self, provider_id: str) -> int:
        return len(self._waiting.get(provider_id, ()))

    def _limit(self, provider_id: str) -> int:
        return max(MIN_LIMIT, self._limit_of(provider_id))

    def slot(self, provider_id: str, on_queued: Callable[[], None] | None = None) -> _Slot:
        """``async with slots.slot(id, on_queued):`` holds one of the provider's slots for
        the block; ``on_queued`` is called (once, at once) when the request must wait."""
        return _Slot(self, provider_id, on_queued)

    async def _acquire(self, provider_id: str, on_queued: Callable[[], None] | None) -> None:
        import asyncio

        queue = self._waiting.setdefault(provider_id, deque())
        if not queue and self.running(provider_id) < self._limit(provider_id):
            self._running[provider_id] = self.running(provider_id) + 1
            return
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(ticket)
        if on_queued is not None:
            on_queued()
        try:
            await ticket
        except BaseException:
            if ticket.done() and not ticket.cancelled():
                # The slot was handed over just as this request was cancelled: pass it on.
                self._release(provider_id)
            else:
                queue.remove(ticket)
            raise

    def _release(self, provider_id: str) -> None:
        self._running[provider_id] = max(0, self.running(provider_id) - 1)
        self._admit(provider_id)

    def _admit(self, provider_id: str) -> None:
        """Hand free slots to the first waiting requests."""
        queue = self._waiting.get(provider_id)
        while queue and self.running(provider_id) < self._limit(provider_id):
            ticket = queue.popleft()
            if ticket.done():
                continue
            self._running[provider_id] = self.running(provider_id) + 1
            ticket.set_result(None)

    def limits_changed(self) -> None:
        """A limit may have been raised: let the requests now allowed go."""
        for provider_id in list(self._waiting):
            self._admit(provider_id)


class _Slot:
    def __init__(
        self,
        slots: ProviderSlots,
        provider_id: str,
        on_queued: Callable[[], None] | None,
    ) -> None:
        self._slots = slots
        self._provider_id = provider_id
        self._on_queued = on_queued

    async def __aenter__(self) -> None:
        await self._slots._acquire(self._provider_id, self._on_queued)

    async def __aexit__(self, *_exc: object) -> None:
        self._slots._release(self._provider_id)


async def limited(
    slots: ProviderSlots,
    provider_id: str,
    stream: Callable[[], AsyncIterator[Any]],
    on_queued: Callable[[], None] | None = None,
    on_admitted: Callable[[], None] | None = None,
) -> AsyncIterator[Any]:
    """The items of ``stream()``, opened once a slot of ``provider_id`` is free and holding
    it until the stream ends (one fallback candidate's attempt holds its own provider's)."""
    async with slots.slot(provider_id, on_queued):
        if on_admitted is not None:
            on_admitted()
        inner = stream()
        try:
            async for item in inner:
                yield item
        finally:
            aclose = getattr(inner, "aclose", None)
            if aclose is not None:
                await aclose()
