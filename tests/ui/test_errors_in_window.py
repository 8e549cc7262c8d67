"""Every failure of the contract's section 5 reaches the user inline, with Retry, and keeps
the question and its image."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until
from tests.ui.drops import drop, files_mime
from tests.ui.images import write_photo

CLOUDFLARE_PAGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    '<body><div class="cf-spinner"></div><script src="/cdn-cgi/challenge-platform/x.js">'
    "</script></body></html>"
)


@pytest.mark.parametrize(
    ("behaviour", "expected_words"),
    [
        (Behaviour(kind="raw", status=200, body="Internal hiccup\nmore"), ["Internal hiccup"]),
        (
            Behaviour(
                kind="raw",
                status=200,
                body='{"answer": "x"}',
                headers={"Content-Type": "application/json"},
            ),
            ["unexpected"],
        ),
        (Behaviour(kind="raw", status=401, body='{"error": "key"}'), ["key", "401"]),
        (
            Behaviour(
                kind="raw", status=403, body=CLOUDFLARE_PAGE, headers={"Content-Type": "text/html"}
            ),
            ["bot protection"],
        ),
        (Behaviour(kind="raw", status=404, body="Not Found"), ["moved", "--endpoint"]),
        (Behaviour(kind="raw", status=405, body="Method Not Allowed"), ["moved"]),
        (
            Behaviour(kind="raw", status=429, body="slow down", headers={"Retry-After": "120"}),
            ["rate-limiting", "2 minutes"],
        ),
        (Behaviour(kind="raw", status=402, body="pay"), ["rate-limiting"]),
        (Behaviour(kind="raw", status=502, body="Bad Gateway"), ["waking up"]),
        (Behaviour(kind="raw", status=503, body="Unavailable"), ["waking up"]),
        (Behaviour(kind="raw", status=504, body="Timeout"), ["waking up"]),
        (Behaviour(kind="raw", status=520, body="?"), ["waking up"]),
        (
            Behaviour(
                kind="raw",
                status=418,
                body='{"error": "I am a teapot"}',
                headers={"Content-Type": "application/json"},
            ),
            ["Response 418: I am a teapot"],
        ),
        (
            Behaviour(
                kind="raw",
                status=500,
                body="<html><body>Oops</body></html>",
                headers={"Content-Type": "text/html"},
            ),
            ["Response 500: HTML content"],
        ),
        (Behaviour(kind="reset"), ["broke"]),
    ],
    ids=lambda value: value.kind + str(value.status) if isinstance(value, Behaviour) else "",
)
def test_a_failure_is_shown_inline_and_retry_keeps_text_and_image(
    harness: Harness,
    qtbot: QtBot,
    tmp_path: Path,
    behaviour: Behaviour,
    expected_words: list[str],
) -> None:
    app = harness.start_app()
    window = app.window
    harness.server.queue(behaviour)

    async def scenario() -> None:
        assert drop(window, files_mime(write_photo(tmp_path, "receipt.jpg")))
        await wait_until(lambda: app.attachments.image is not None)
        await ask_and_wait(qtbot, app, "What is the total?")

    harness.run(scenario())
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.FAILED
    widget = window.transcript.widget_for(turn.id)
    assert widget is not None
    shown = widget.error_label.text()
    for words in expected_words:
        assert words in shown
    assert "Traceback" not in shown
    assert widget.error_frame.isVisible()
    assert widget.retry_button.isVisible()
    assert widget.question_view.toPlainText() == "What is the total?"
    assert widget.thumbnail is not None

    async def retry() -> None:
        widget.retry_button.click()
        await wait_until(lambda: turn.state is TurnState.ANSWERED)

    harness.run(retry())
    first, second = harness.server.requests
    assert second.fields == first.fields
    assert second.files[0].data == first.files[0].data
    assert not widget.error_frame.isVisible()
    assert "What is the total?" in widget.answer_view.toPlainText()


def test_a_time_out_names_the_host_and_is_retryable(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    app.chat.timeout_seconds = 0.5
    harness.server.queue(Behaviour(kind="hang"))

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Hello?")

    harness.run(scenario())
    widget = app.window.transcript.turn_widgets[0]
    assert "No answer from 127.0.0.1" in widget.error_label.text()
    assert widget.retry_button.isVisible()


def test_an_unreachable_service_is_explained(harness: Harness, qtbot: QtBot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app = harness.start_app(endpoint=f"http://127.0.0.1:{closed_port}/generate_response")

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Anyone there?")

    harness.run(scenario())
    widget = app.window.transcript.turn_widgets[0]
    assert "Cannot connect to 127.0.0.1" in widget.error_label.text()
    assert widget.question_view.toPlainText() == "Anyone there?"


def test_a_long_wait_says_the_server_may_be_waking(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dynaspark_desktop.ui.transcript import turn_text

    monkeypatch.setattr(turn_text, "WAKING_HINT_AFTER_SECONDS", 0.3)
    app = harness.start_app()
    harness.server.queue(Behaviour(delay=1.0))

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Wake up")
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        widget = app.window.transcript.turn_widgets[0]
        await wait_until(lambda: "Waking the server" in widget.waiting_text)
        assert widget.answer_view.isVisible()
        assert "free service sleeps" in widget.answer_view.toPlainText()
        await wait_until(lambda: not app.chat.busy)
        assert widget.waiting_text == ""
        assert "Waking" not in widget.answer_view.toPlainText()

    harness.run(scenario())
