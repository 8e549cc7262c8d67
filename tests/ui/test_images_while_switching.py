"""Switching conversation while an image is still being prepared: the conversation switched
to keeps its own draft, and the image that was not ready is named, not carried along."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.storage import HistoryStore
from tests.ui.conftest import Harness, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo
from tests.ui.test_image_files import SlowDecode
from tests.ui.test_sidebar import _click_conversation, _seed, _sidebar_ids


def test_leaving_a_conversation_while_an_image_prepares_keeps_the_next_ones_draft(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cooking, travel = _seed(harness.data_dir, [("Cooking", "", 1), ("Travel", "", 1)])
    with HistoryStore.open(harness.data_dir) as store:
        store.save_draft(travel, "half-written about Lisbon")
    app = harness.start_app()
    window = app.window
    slow = SlowDecode(monkeypatch, heeds_guard=True)
    slow.release.set()  # the first image prepares at once

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        _click_conversation(qtbot, app, cooking)
        await wait_until(lambda: app.chat.conversation.id == cooking)
        assert drop(window, files_mime(write_photo(tmp_path, "ready.png")))
        await wait_until(lambda: len(app.attachments.images) == 1)
        slow.release.clear()
        slow.started.clear()
        assert drop(window, files_mime(write_photo(tmp_path, "slow.jpg")))
        await wait_until(slow.started.is_set)
        _click_conversation(qtbot, app, travel)
        await wait_until(lambda: app.chat.conversation.id == travel)
        await wait_until(lambda: window.composer.toPlainText() == "half-written about Lisbon")
        assert app.attachments.listed() == []
        slow.release.set()

    harness.run(scenario())
    assert "“slow.jpg” was still being prepared" in window.notice_bar.text
    harness.run(app.shutdown())
    with HistoryStore.open(harness.data_dir) as store:
        left, switched_to = store.load_draft(cooking), store.load_draft(travel)
    assert left is not None
    assert left.image is not None
    assert (left.image.filename, left.more_images) == ("ready.png", ())
    assert switched_to is not None
    assert (switched_to.text, switched_to.image) == ("half-written about Lisbon", None)
