"""The pending documents: read on a thread each, abandoned at once when removed, stopped by
the watchdog when a single step hangs past the time limit (as a pypdf page could)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.controllers import document_controller
from dynaspark_desktop.ui.controllers.document_controller import DocumentController


@pytest.fixture(autouse=True)
def fresh_notices() -> Iterator[list[str]]:
    from PySide6.QtCore import QObject

    notices.reset()
    said: list[str] = []
    view = QObject()  # what the window's notice bar is to the bridge
    bridge = notices.bridge()
    bridge.posted.connect(lambda notice: said.append(notice.text))
    bridge.listen(view)
    yield said
    notices.reset()
    del view


def test_each_document_is_read_in_order_and_removed_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    controller = DocumentController()
    for name in ("a.txt", "b.md"):
        (tmp_path / name).write_text(f"text of {name}")
        assert controller.offer(tmp_path / name)
    assert controller.is_reading
    qtbot.waitUntil(lambda: not controller.is_reading, timeout=5000)
    assert [document.text for document in controller.documents] == ["text of a.txt", "text of b.md"]
    controller.remove(controller.entries[0].key)
    assert [document.filename for document in controller.documents] == ["b.md"]
    assert [document.filename for document in controller.take()] == ["b.md"]
    assert controller.entries == []


def test_a_reading_stuck_in_one_step_is_stopped_by_the_watchdog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_notices: list[str]
) -> None:
    release = threading.Event()

    def stuck_reader(path, guard):  # a page pypdf takes forever over: no guard check
        release.wait(10)
        raise AssertionError("the result of an abandoned reading is never used")

    monkeypatch.setattr(document_controller, "read_document", stuck_reader)
    monkeypatch.setattr(document_controller, "_WATCHDOG_GRACE_SECONDS", 0.0)
    controller = DocumentController(time_limit=0.2)
    (tmp_path / "slow.pdf").write_bytes(b"%PDF-1.7")
    controller.offer(tmp_path / "slow.pdf")
    try:
        qtbot.waitUntil(lambda: controller.entries == [], timeout=5000)
        assert fresh_notices == [
            "Reading “slow.pdf” took longer than 0.2 seconds, so it was stopped."
        ]
    finally:
        release.set()


def test_at_most_ten_documents_a_message(
    qtbot: QtBot, tmp_path: Path, fresh_notices: list[str]
) -> None:
    controller = DocumentController()
    path = tmp_path / "n.txt"
    path.write_text("n")
    for _ in range(document_controller.MAX_DOCUMENTS_PER_MESSAGE):
        assert controller.offer(path)
    assert not controller.offer(path)
    assert "at most 10 documents" in fresh_notices[-1]
    qtbot.waitUntil(lambda: not controller.is_reading, timeout=5000)
    controller.shutdown()
