"""Answers are untrusted: no raw HTML, nothing fetched, only web links opened, on click."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.safe_text import SafeTextView
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait


class ConnectionCounter:
    """A loopback listener that counts connection attempts (none may happen)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[ConnectionCounter]:
    counter = ConnectionCounter()
    yield counter
    counter.close()


class OpenedUrls(QObject):
    """Receives what the app asks the system to open (Qt's own URL-handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls() -> Iterator[OpenedUrls]:
    receiver = OpenedUrls()
    schemes = ("http", "https", "javascript", "file", "data", "ftp")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, receiver, "open")
    yield receiver
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


def _answer_widget(harness: Harness, qtbot: QtBot, answer: str) -> SafeTextView:
    app = harness.start_app()
    harness.server.queue(Behaviour(answer=answer))

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Tell me something")

    harness.run(scenario())
    return app.window.transcript.turn_widgets[0].answer_view


def test_raw_html_is_shown_as_text(harness: Harness, qtbot: QtBot) -> None:
    view = _answer_widget(harness, qtbot, "Hi <b>there</b> <script>alert(1)</script>")
    text = view.toPlainText()
    assert "<b>there</b>" in text
    assert "<script>alert(1)</script>" in text


def test_no_resource_is_fetched_while_rendering(
    harness: Harness, qtbot: QtBot, listener: ConnectionCounter
) -> None:
    base = f"http://127.0.0.1:{listener.port}"
    answer = (
        f"![tracker]({base}/pixel.png)\n\n<img src='{base}/raw.png'>\n\n"
        "![local](file:///etc/hostname)\n\n![relative](secret.png)"
    )
    view = _answer_widget(harness, qtbot, answer)
    view.repaint()

    async def settle() -> None:
        import asyncio

        await asyncio.sleep(0.3)

    harness.run(settle())
    assert listener.connections == 0
    for name in (f"{base}/pixel.png", "file:///etc/hostname", "secret.png"):
        resource = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert resource is None


def _click_text(qtbot: QtBot, view: SafeTextView, text: str) -> None:
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + 1)
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize(
    ("link", "opened"),
    [
        ("https://example.org/page", True),
        ("http://example.org/page", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<b>x</b>", False),
        ("ftp://example.org/file", False),
    ],
)
def test_only_web_links_open_and_only_on_click(
    harness: Harness, qtbot: QtBot, opened_urls: OpenedUrls, link: str, opened: bool
) -> None:
    view = _answer_widget(harness, qtbot, f"Look: [click here]({link}) now")
    assert opened_urls.urls == []  # rendering alone opens nothing
    _click_text(qtbot, view, "click here")
    if opened:
        assert opened_urls.urls == [QUrl(link).toString()]
    else:
        assert opened_urls.urls == []


def test_control_and_bidi_characters_are_neutralised(harness: Harness, qtbot: QtBot) -> None:
    view = _answer_widget(harness, qtbot, "safe\u202egnp.exe and a bell\u0007 here")
    text = view.toPlainText()
    assert "\u202e" not in text
    assert "\u0007" not in text
    assert "gnp.exe" in text


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("x" * 1_000_000, id="a-1MB-line"),
        # "- - - x" nests a list in a list per marker: 10,000 levels in 20 KB.
        pytest.param("- " * 10_000 + "deep item", id="10k-lists"),
        pytest.param(
            "".join("    " * min(depth, 40) + "- level\n" for depth in range(10_000)),
            id="10k-indented-items",
        ),
        pytest.param("[" * 50_000 + "x" + "]" * 50_000, id="50k-brackets"),
    ],
)
def test_pathological_answers_do_not_hang_the_window(
    harness: Harness, qtbot: QtBot, answer: str
) -> None:
    import time

    started = time.monotonic()
    view = _answer_widget(harness, qtbot, answer)
    elapsed = time.monotonic() - started
    # Generous for a shared machine: the point is "finishes", not a timing goal.
    assert elapsed < 20, f"rendering took {elapsed:.1f} s"
    assert view.toPlainText()
    assert view.isVisible()
