"""Heavy libraries imported in a background thread shortly before they are needed.

At rest the app loads neither the network stack (aiohttp and aiohttp-socks, ~14–17 MB and
100–380 ms to import) nor Markdown and code highlighting (markdown-it, Pygments, ~5 MB and
~140–190 ms). Importing either on the UI thread when the first Send or the first answer
needs it would freeze the window for that long, so :func:`start` imports them on a thread
of their own as soon as a Send looks near (the first keystroke in the composer; see
``app.py``), and :func:`network_ready` lets the send path *await* the network imports
instead of importing on the UI thread: an ``import`` there while this thread is still inside
the same module would block on Python's import lock until it is done.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading

log = logging.getLogger(__name__)

_lock = threading.Lock()
_network: concurrent.futures.Future[None] | None = None
_markdown: concurrent.futures.Future[None] | None = None


def start() -> None:
    """Import the network stack, then Markdown and highlighting, on a background thread
    (once; later calls do nothing)."""
    global _network, _markdown
    with _lock:
        if _network is not None:
            return
        _network, _markdown = concurrent.futures.Future(), concurrent.futures.Future()
        jobs = ((_network, _import_network), (_markdown, _import_markdown))
    threading.Thread(target=_run, args=(jobs,), name="warm-up-imports", daemon=True).start()


def started() -> bool:
    return _network is not None


async def network_ready() -> None:
    """Return once aiohttp (and aiohttp-socks) can be imported without waiting: starts the
    warm-up if nothing did yet. A failed import is left to the caller's own import to report."""
    import asyncio

    start()
    assert _network is not None
    await asyncio.wrap_future(_network)


def _run(jobs: tuple[tuple[concurrent.futures.Future[None], object], ...]) -> None:
    for future, job in jobs:
        try:
            job()  # type: ignore[operator]
        except Exception:  # the first request or answer will report the problem properly
            log.exception("Importing in the background failed")
        future.set_result(None)


def _import_network() -> None:
    import aiohttp  # noqa: F401

    # The first failed request's error mapping (``transport_errors``) needs it too.
    import aiohttp_socks  # noqa: F401


def _import_markdown() -> None:
    # A small rendering loads markdown-it, Pygments and a lexer, and fills their caches.
    from dynaspark_desktop.core.markdown import render_markdown

    render_markdown("# Warm\n\n```python\nx = 1\n```\n")
