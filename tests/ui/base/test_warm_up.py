"""The background imports before a Send (ui/base/warm_up.py): the network stack alone when a
listing or a Send needs it, Markdown too when a Send nears, and a failed import never leaves
the send path waiting."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading

import pytest

from dynaspark_desktop.ui.base import warm_up


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm-up that nothing has asked for yet (the module keeps its state per process)."""
    monkeypatch.setattr(warm_up, "_jobs", None)
    monkeypatch.setattr(warm_up, "_network", None)
    monkeypatch.setattr(warm_up, "_markdown", None)


def warm_up_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "warm-up-imports"]


def test_a_listing_or_send_warms_the_network_stack_alone(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported: list[str] = []
    monkeypatch.setattr(warm_up, "_import_markdown", lambda: imported.append("markdown"))
    asyncio.run(warm_up.network_ready())
    assert warm_up.started()
    assert warm_up._network is not None
    assert warm_up._network.done()
    assert warm_up._markdown is None  # Markdown waits for a Send to near
    assert imported == []


def test_a_nearing_send_warms_markdown_too_on_one_thread(fresh: None) -> None:
    before = len(warm_up_threads())
    warm_up.start()
    warm_up.start()  # a second keystroke asks for nothing more
    assert warm_up._markdown is not None
    warm_up._markdown.result(timeout=60)
    assert "markdown_it" in sys.modules
    assert "pygments" in sys.modules
    assert len(warm_up_threads()) == before + 1


def test_a_failed_import_is_logged_and_the_send_path_goes_on(
    fresh: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ImportError("No module named 'aiohttp'")

    monkeypatch.setattr(warm_up, "_import_network", broken)
    with caplog.at_level(logging.ERROR, logger=warm_up.__name__):
        asyncio.run(asyncio.wait_for(warm_up.network_ready(), timeout=30))
    assert "Importing in the background failed" in caplog.text
