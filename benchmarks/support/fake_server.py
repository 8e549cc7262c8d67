"""The tests' fake Dynaspark server in a process of its own, driven over stdin/stdout.

Why a separate process: the responsiveness benchmark measures the app's UI thread. A server
thread inside the measured process would compete with it for the GIL, and would import
aiohttp ahead of the app, hiding the app's own lazy import of it on the first send (a cost
real users pay). Here the server runs on 127.0.0.1 at a random port, as in the tests.

Protocol (one line each way): the server prints ``endpoint URL`` once started; then
``delay SECONDS`` queues ``Behaviour(delay=SECONDS)`` for the next request and is answered
with ``ok``; ``quit`` or end of input stops the server.
"""

from __future__ import annotations

import sys
import threading

from tests.fakes.dynaspark_server import (
    Behaviour,
    FakeDynasparkThread,
)


def main() -> None:
    with FakeDynasparkThread() as server:
        print(f"endpoint {server.endpoint}", flush=True)
        for line in sys.stdin:
            if not line.strip():
                continue
            command, *arguments = line.split()
            if command == "quit":
                break
            if command == "delay":
                queued = threading.Event()

                def queue_it(
                    seconds: float = float(arguments[0]), done: threading.Event = queued
                ) -> None:
                    # On the server's own loop, so the queue is never touched from two threads.
                    server.queue(Behaviour(delay=seconds))
                    done.set()

                server.call(queue_it)
                queued.wait(5)
                print("ok", flush=True)
            else:
                print(f"error unknown command {command!r}", flush=True)


if __name__ == "__main__":
    main()
