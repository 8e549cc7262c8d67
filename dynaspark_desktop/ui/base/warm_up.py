"""Heavy libraries imported in a background thread shortly before they are needed.

At rest the app loads neither the network stack (aiohttp and aiohttp-socks, ~14–17 MB and
100–380 ms to import) nor Markdown and code highlighting (markdown-it, Pygments, ~5 MB and
~140–190 ms). Importing either on the UI thread when the first Send or the first answer
needs it would freeze the window for that long, so :func:`start` imports them on a thread
of their own as soon as a Send looks near (the first keystroke in the composer:
:func:`start_when_typed`), and :func:`network_ready` lets the send path *await* the network imports
instead of importing on the UI thread: an ``import`` there while this thread is still inside
the same module would block on Python's import lock until it is done. The model catalog's
first listing of a server over the network awaits the network imports alone.

The thread, once started, waits on its queue for the rest of the run (no wake-ups).
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

log = logging.getLogger(__name__)

_lock = threading.Lock()
# One thread runs the imports asked for, in order; each has its future, set once it ran.
_jobs: queue.SimpleQueue[tuple[concurrent.futures.Future[None], Callable[[], None]]] | None = None
_network: concurrent.futures.Future[None] | None = None
_markdown: concurrent.futures.Future[None] | None = None


def start() -> None:
    """A Send looks near: import the network stack, then Markdown and highlighting, on a
    background thread (each once; later calls do nothing)."""
    _start_network()
    global _markdown
    with _lock:
        if _markdown is None:
            _markdown = _queue(_import_markdown)


def started() -> bool:
    """Whether anything was asked to warm up."""
    return _jobs is not None


async def network_ready() -> None:
    """Return once aiohttp (and aiohttp-socks) can be imported without waiting, importing them
    on the background thread if nothing did yet (the model catalog's first listing of a
    server, a Send): Markdown is not loaded for this. A failed import is left to the
    caller's own import to report."""
    future = _start_network()
    if future.done():
        return  # the usual case, on every Send: no extra turn of the loop
    import asyncio

    await asyncio.wrap_future(future)


def _start_network() -> concurrent.futures.Future[None]:
    global _network
    with _lock:
        if _network is None:
            _network = _queue(_import_network)
        return _network


def _queue(job: Callable[[], None]) -> concurrent.futures.Future[None]:
    """``job`` for the warm-up thread (started with the first); called with ``_lock`` held."""
    global _jobs
    if _jobs is None:
        _jobs = queue.SimpleQueue()
        threading.Thread(target=_run, args=(_jobs,), name="warm-up-imports", daemon=True).start()
    future: concurrent.futures.Future[None] = concurrent.futures.Future()
    _jobs.put((future, job))
    return future


def _run(
    jobs: queue.SimpleQueue[tuple[concurrent.futures.Future[None], Callable[[], None]]],
) -> None:
    while True:
        future, job = jobs.get()
        try:
            job()
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


def start_when_typed(editor: QPlainTextEdit) -> None:
    """:func:`start` at the first keystroke in ``editor`` (the composer; a restored draft
    counts), not at rest: the first Send then neither stalls nor waits."""

    def first_keystroke() -> None:
        if editor.toPlainText():  # not the clearing of an empty editor
            editor.textChanged.disconnect(first_keystroke)
            start()

    editor.textChanged.connect(first_keystroke)
