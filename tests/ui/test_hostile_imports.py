"""Crafted imports through the real window: each is refused or repaired with a message in the
window, and the app starts (and paints its sidebar) again on the same data folder. Times that
no clock accepts cannot crash the paint that shows them."""

from __future__ import annotations

import base64
import datetime
import io
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.providers.base import RateLimit
from dynaspark_desktop.storage import HistoryStore, transfer
from dynaspark_desktop.ui.base import thumbnails
from dynaspark_desktop.ui.transcript.question_bubble import THUMBNAIL_DISPLAY_SIDE
from dynaspark_desktop.ui.widgets.conversation_list import (
    ConversationIdRole,
    SubtitleRole,
    friendly_date,
)
from tests.storage.crafted_imports import (
    deeply_nested,
    encoded,
    valid_document,
    with_change,
    with_declared_sizes,
    zip_bytes,
)
from tests.ui.conftest import HISTORY_DATABASE, Harness, wait_until

HOSTILE_TIMES = [float("inf"), float("-inf"), float("nan"), 1e300, -1e300, -5.0, 10**400]


@pytest.mark.parametrize("seconds", HOSTILE_TIMES)
def test_times_become_text_whatever_the_number(seconds: float) -> None:
    now = datetime.datetime(2026, 3, 1, 12, 0)
    assert friendly_date(seconds, now)  # a date, not an exception
    assert RateLimit(limit=1, remaining=0, reset_at=seconds).reset_clock(now=now.timestamp())


def _sidebar_rows(app: DesktopApp) -> list[tuple[int, str]]:
    """(id, subtitle) of each row, after painting the list: the paint is what crashed."""
    sidebar = app.window.sidebar
    assert sidebar is not None
    assert not sidebar.conversation_view.viewport().grab().isNull()
    model = sidebar.conversation_model
    return [
        (model.index(row).data(ConversationIdRole), model.index(row).data(SubtitleRole))
        for row in range(model.rowCount())
    ]


def _hostile_archive(path: Path) -> Path:
    document = valid_document("Survivor")
    members = {
        "conversations/00001-survivor.json": encoded(document),
        "conversations/00002-far-future.json": encoded(
            with_change(document, "conversation.updated", 1e300)
        ),
        "conversations/00003-nan.json": encoded(
            with_change(document, "conversation.created", float("nan"))
        ),
        "conversations/00004-negative.json": encoded(
            with_change(document, "conversation.messages.0.position", -4)
        ),
        "conversations/00005-deep.json": deeply_nested(50_000),
        "conversations/00006-types.json": encoded(
            with_change(document, "conversation.messages", {"not": "a list"})
        ),
        "conversations/00007-version.json": encoded(with_change(document, "version", 7)),
        "conversations/00008-image.json": encoded(
            with_change(
                valid_document(with_image=True),
                "conversation.messages.0.images.0.data_base64",
                "QUFB" * 20_000,
            )
        ),
    }
    bomb = with_declared_sizes(zip_bytes({"conversations/00009-bomb.json": b"{}"}), 0x7FFF_FFFF)
    path.write_bytes(zip_bytes(members))
    (path.parent / "bomb.zip").write_bytes(bomb)
    return path


def test_a_hostile_archive_is_reported_and_the_app_starts_again_on_it(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dynaspark_desktop.storage.import_checks.MAX_IMAGE_BYTES", 32 * 1024)
    archive = _hostile_archive(tmp_path / "hostile.zip")
    app = harness.start_app()
    window = app.window

    async def first_session() -> None:
        navigator = app.navigator
        assert navigator is not None
        navigator.import_from(str(archive))
        await wait_until(lambda: "Imported" in window.notice_bar.text)
        await wait_until(lambda: len(_sidebar_rows(app)) == 1)
        navigator.import_from(str(tmp_path / "bomb.zip"))
        await wait_until(lambda: "bomb" in window.notice_bar.text)

    harness.run(first_session())
    report = window.notice_bar.text
    assert "bomb.json" in report
    assert "would unpack to" in report
    ((survivor, subtitle),) = _sidebar_rows(app)
    assert "2023" in subtitle or ":" in subtitle  # a real date, not a crash
    harness.close_all()

    again = harness.start_app()

    async def second_session() -> None:
        await wait_until(lambda: [row[0] for row in _sidebar_rows(again)] == [survivor])

    harness.run(second_session())


def test_the_report_names_what_was_skipped_and_why(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dynaspark_desktop.storage.import_checks.MAX_IMAGE_BYTES", 32 * 1024)
    archive = _hostile_archive(tmp_path / "hostile.zip")
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        assert app.navigator is not None
        app.navigator.import_from(str(archive))
        await wait_until(lambda: "Imported" in window.notice_bar.text)

    harness.run(scenario())
    text = window.notice_bar.text
    assert text.startswith("Imported 1 conversation; skipped 7 that were damaged: ")
    assert "“conversations/00002-far-future.json” has “updated” set to a time" in text
    assert "and 4 more (see the log)" in text
    assert "Traceback" not in text
    log_text = (harness.data_dir / "logs").glob("*.log")
    logged = "".join(path.read_text(encoding="utf-8") for path in log_text)
    for name in ("00005-deep.json", "00006-types.json", "00007-version.json", "00008-image"):
        assert name in logged


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (with_change(valid_document(), "conversation.updated", 1e300), "not a real date"),
        (with_change(valid_document(), "conversation.messages.0.position", -1), "out of range"),
        (with_change(valid_document(), "version", 3), "newer version"),
    ],
)
def test_a_damaged_single_file_is_refused_with_its_reason(
    harness: Harness, qtbot: QtBot, tmp_path: Path, content: dict[str, object], message: str
) -> None:
    path = tmp_path / "single.json"
    path.write_bytes(encoded(content))
    app = harness.start_app()

    async def scenario() -> None:
        assert app.navigator is not None
        app.navigator.import_from(str(path))
        await wait_until(lambda: "single.json" in app.window.notice_bar.text)

    harness.run(scenario())
    assert message in app.window.notice_bar.text
    assert _sidebar_rows(app) == []


def test_an_already_poisoned_history_starts_paints_and_logs_a_warning(
    harness: Harness, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    with HistoryStore.open(harness.data_dir) as store:
        conversation = store.create_conversation("m", title="Poisoned before the fix")
        store.add_user_message(conversation.id, "Old question", "m")
    connection = sqlite3.connect(harness.data_dir / HISTORY_DATABASE)
    with connection:
        connection.execute("UPDATE conversations SET updated = 1e300, created = ?", (-1e300,))
        connection.execute("UPDATE messages SET created = ?", (float("inf"),))
    connection.close()

    with caplog.at_level(logging.WARNING):
        app = harness.start_app()

        async def scenario() -> None:
            await wait_until(lambda: len(_sidebar_rows(app)) == 1)
            sidebar = app.window.sidebar
            assert sidebar is not None
            sidebar.search_field.setText("Old question")
            await wait_until(lambda: sidebar.results_model.rowCount() == 1)
            assert not sidebar.results_view.viewport().grab().isNull()

        harness.run(scenario())
    assert "repaired" in caplog.text
    ((_id, subtitle),) = _sidebar_rows(app)
    assert "3000" not in subtitle


def _record_threads(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, threads: list[str]
) -> None:
    """Let ``module.name`` run as before, noting the thread of each call."""
    original = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)


def test_an_imported_thumbnail_too_large_to_be_one_is_made_small_before_it_is_shown(
    harness: Harness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    decoded: list[str] = []
    _record_threads(monkeypatch, transfer, "snapshot_from_json", checked)
    _record_threads(monkeypatch, thumbnails, "decode_thumbnail", decoded)
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 10, 10)).save(big, "PNG")
    document = with_change(
        valid_document(with_image=True),
        "conversation.messages.0.images.0.thumbnail_png_base64",
        base64.b64encode(big.getvalue()).decode("ascii"),
    )
    path = tmp_path / "thumb.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    app = harness.start_app()

    async def scenario() -> None:
        assert app.navigator is not None
        app.navigator.import_from(str(path))
        await wait_until(lambda: len(app.chat.conversation.turns) == 1)

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.image is not None
    with Image.open(io.BytesIO(turn.image.thumbnail_png)) as thumbnail:
        assert max(thumbnail.size) <= 320
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.thumbnail is not None
    shown = widget.thumbnail.pixmap()
    assert not shown.isNull()
    assert max(shown.width(), shown.height()) <= THUMBNAIL_DISPLAY_SIDE
    # Checked, decoded and scaled on the history's worker thread; the UI thread only copied.
    main = threading.main_thread().name
    assert checked
    assert main not in checked
    assert decoded
    assert main not in decoded
