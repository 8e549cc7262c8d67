"""Fixtures that run the real window on a real qasync loop against the local fake server."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.options import Options
from dynaspark_desktop.providers.dynaspark import Dynaspark
from tests.fakes.dynaspark_api_server import FakeDynasparkApi
from tests.fakes.dynaspark_server import FakeDynasparkThread

T = TypeVar("T")

# The history's database file in a data folder.
HISTORY_DATABASE = "history.sqlite3"


def saved_rows(data_dir: Path) -> list[tuple[str, str, str]]:
    """(role, text, state) of every saved message, read with a connection of our own."""
    connection = sqlite3.connect(data_dir / HISTORY_DATABASE)
    try:
        return connection.execute(
            "SELECT role, text, state FROM messages ORDER BY conversation_id, position"
        ).fetchall()
    finally:
        connection.close()


@pytest.fixture
def fake_server() -> Iterator[FakeDynasparkThread]:
    with FakeDynasparkThread() as server:
        yield server


@pytest.fixture
def api_server() -> Iterator[FakeDynasparkApi]:
    with FakeDynasparkApi().in_thread() as server:
        yield server


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    pending = [task for task in asyncio.all_tasks(event_loop) if not task.done()]
    assert not pending, f"tasks left running after the test: {pending}"
    event_loop.run_until_complete(event_loop.shutdown_asyncgens())
    event_loop.close()
    asyncio.set_event_loop(None)


class Harness:
    """Runs async scenarios on the loop and builds app instances on a data directory."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        server: FakeDynasparkThread,
        data_dir: Path,
    ) -> None:
        self.loop = loop
        self.server = server
        self.data_dir = data_dir
        self.apps: list[DesktopApp] = []

    def start_app(self, **option_overrides: Any) -> DesktopApp:
        options = Options(
            endpoint=option_overrides.pop("endpoint", self.server.endpoint),
            data_dir=option_overrides.pop("data_dir", self.data_dir),
            **option_overrides,
        )
        app = DesktopApp(options, route_qt_messages=False)
        app.window.show()
        self.apps.append(app)
        return app

    def start_app_with_server(
        self,
        base_url: str,
        *,
        provider_id: str = "local",
        preset: str = "ollama",
        model: str = "llama3.2:3b",
        **option_overrides: Any,
    ) -> DesktopApp:
        """The app with an OpenAI-compatible server set up as the user would (saved in the
        settings, picked up by the model catalog) and its ``model`` chosen."""
        from dynaspark_desktop.core.settings import Settings

        data_dir = option_overrides.get("data_dir", self.data_dir)
        settings = Settings.load(data_dir)
        saved = [entry for entry in settings.get("providers") if entry.get("id") != provider_id]
        label = provider_id.capitalize()
        entry = {"id": provider_id, "preset": preset, "label": label, "base_url": base_url}
        settings.set("providers", [*saved, entry])
        settings.set("model", f"{provider_id}:{model}")
        return self.start_app(**option_overrides)

    def run(self, scenario: Awaitable[T], timeout: float = 30.0) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(scenario, timeout))

    def close_all(self) -> None:
        for app in self.apps:
            self.loop.run_until_complete(app.shutdown())
        self.apps.clear()
        # Destroy the windows now, on this thread: left to the cyclic garbage collector they
        # could be destroyed on whichever thread it happens to run (the fake server's).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture
def harness(
    loop: asyncio.AbstractEventLoop,
    fake_server: FakeDynasparkThread,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Harness]:
    # The app redirects the provider class; put it back after the test.
    monkeypatch.setattr(Dynaspark, "api_endpoint", Dynaspark.api_endpoint)
    test_harness = Harness(loop, fake_server, data_dir)
    yield test_harness
    test_harness.close_all()


async def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the loop run until ``condition()`` holds; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def models_listed(app: DesktopApp) -> None:
    """Wait until the model catalog has heard from every provider."""
    assert app.models is not None
    catalog = app.models.catalog
    await wait_until(
        lambda: bool(catalog.groups()) and not any(g.loading for g in catalog.groups())
    )


async def ask_and_wait(qtbot: QtBot, app: DesktopApp, text: str) -> None:
    """Type ``text`` into the composer, press Enter, and wait until the answer (or error)."""
    qtbot.keyClicks(app.window.composer, text)
    qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
    await wait_until(lambda: not app.chat.busy)
