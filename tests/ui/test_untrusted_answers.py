"""Answers are untrusted: no raw HTML, nothing fetched, only web links opened, on click."""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from aiohttp import web
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.ui.base.safe_text import SafeTextView
from tests.fakes import openai_server as fake_openai
from tests.fakes.dynaspark_server import Behaviour
from tests.fakes.loopback import LoopbackServer
from tests.ui.conftest import Harness, ask_and_wait, wait_until


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


class RequestCounter(LoopbackServer):
    """An HTTP server on loopback that answers every request, whatever its method and path,
    and records it: a resource named in an answer would be fetched from here."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{path:.*}", self._record)

    async def _record(self, request: web.Request) -> web.Response:
        self.requests.append(f"{request.method} {request.path_qs}")
        return web.Response(body=b"", content_type="image/png")


def hostile_answer(base: str) -> str:
    """Every way an answer could name a resource for a rich-text engine to fetch."""
    return (
        f'Look <img src="{base}/a.png"> here.\n\n'
        f"![x]({base}/b.png)\n\n"
        f"A [link]({base}/c.html) and an autolink <{base}/d.html>.\n\n"
        f'<link rel=stylesheet href="{base}/e.css">\n\n'
        f'<iframe src="{base}/f.html"></iframe>\n\n'
        f'<div style="background:url({base}/g.png)">styled</div>\n\n'
        f"<style>p {{ background-image: url('{base}/h.png') }}</style>\n\n"
        f'<table background="{base}/i.png"><tr><td background="{base}/j.png">cell</td></tr>'
        "</table>\n\n"
        f'<video src="{base}/k.mp4" poster="{base}/l.png"></video>\n\n'
        f'<svg><image href="{base}/m.png"/></svg>\n\n'
        f'| a | ![y]({base}/n.png) |\n|---|---|\n| <img src="{base}/o.png"> | 2 |\n\n'
        f'```html\n<img src="{base}/p.png">\n```\n'
    )


@pytest.fixture
def request_counter() -> Iterator[RequestCounter]:
    with RequestCounter().in_thread() as server:
        yield server


@pytest.fixture
def openai_server() -> Iterator[fake_openai.FakeOpenAI]:
    with fake_openai.FakeOpenAI().in_thread() as server:
        yield server


async def _paint_and_settle(app: DesktopApp) -> None:
    """Paint the whole conversation (each end of it in view), and give the loop time to
    do anything a paint might have started."""
    import asyncio

    transcript = app.window.transcript
    for scroll in (transcript.scroll_to_top, transcript.scroll_to_bottom):
        scroll()
        app.window.grab()
        await asyncio.sleep(0.3)


@pytest.mark.parametrize("arrival", ["whole", "streamed"])
def test_rendering_a_hostile_answer_makes_no_network_request(
    harness: Harness,
    qtbot: QtBot,
    request_counter: RequestCounter,
    openai_server: fake_openai.FakeOpenAI,
    arrival: str,
) -> None:
    base = request_counter.root_url
    answer = hostile_answer(base)
    if arrival == "whole":
        app = harness.start_app()
        harness.server.queue(Behaviour(answer=answer))
    else:
        from tests.ui.test_streaming import _streaming_app

        app = _streaming_app(harness, openai_server)
        openai_server.queue_chat(fake_openai.Behaviour(answer=answer, chunk_delay=0.01))
    app.window.resize(1000, 1400)  # the whole answer on screen: every part gets painted

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Show me some pictures")
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        if arrival == "streamed":
            # Painted part-way too: half-arrived tags are a different document.
            await wait_until(lambda: app.chat.conversation.turns[0].pieces > 20)
            assert app.chat.busy
            await _paint_and_settle(app)
        await wait_until(lambda: not app.chat.busy)
        await _paint_and_settle(app)

    harness.run(scenario())
    assert request_counter.requests == []
    (turn,) = app.chat.conversation.turns
    assert turn.answer == answer
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    shown = widget.answer_view.toPlainText()
    # Shown as text: raw HTML literally, images as their alt text.
    for literal in (
        f'<img src="{base}/a.png">',
        f'<link rel=stylesheet href="{base}/e.css">',
        f'<iframe src="{base}/f.html"></iframe>',
        f"background:url({base}/g.png)",
        f'<svg><image href="{base}/m.png"/></svg>',
        "[image: x]",
        "[image: y]",
    ):
        assert literal in shown
    # Only the plain link and the autolink are links; an image is a link to click, never
    # something loaded.
    html = widget.answer_view.document().toHtml()
    assert "<img" not in html
    # The counter does see a request when one is made.
    with urllib.request.urlopen(f"{base}/control.png", timeout=5):
        pass
    assert request_counter.requests == ["GET /control.png"]


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
