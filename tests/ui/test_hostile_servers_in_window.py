"""Hostile servers through the real window: each attack ends with a clear message in the
turn, what the app read stays bounded, and a QTimer keeps ticking while the server streams
(the window is never frozen by the read, the parse or a burst of events)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers import http_body
from tests.fakes.hostile_server import HostileServer
from tests.ui.conftest import Harness, ask_and_wait, wait_until

MB = 1024 * 1024
SOCKET_SLACK = 16 * MB


class TickCounter:
    """A 5 ms QTimer and how often it fired: it fires only while Qt's loop runs."""

    def __init__(self) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks += 1

    def __enter__(self) -> TickCounter:
        self.timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.timer.stop()


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer().in_thread() as server:
        yield server


@pytest.fixture(autouse=True)
def default_caps() -> Iterator[None]:
    yield
    http_body.configure()  # the app set them from its settings


def _settings(harness: Harness, **values: object) -> None:
    settings = Settings.load(harness.data_dir)
    for name, value in values.items():
        settings.set(name, value)


def _last_turn(app: DesktopApp) -> Turn:
    return app.chat.conversation.turns[-1]


def _shown_error(app: DesktopApp, turn: Turn) -> str:
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.error_frame.isVisible()
    return widget.error_label.text()


def _openai_app(harness: Harness, hostile: HostileServer) -> DesktopApp:
    app = harness.start_app_with_server(
        hostile.openai_base_url, provider_id="hostile", preset="custom", model="hostile-model"
    )

    async def models_listed() -> None:
        await wait_until(lambda: app.models is not None)
        assert app.models is not None
        catalog = app.models.catalog
        await wait_until(
            lambda: bool(catalog.groups()) and not any(g.loading for g in catalog.groups())
        )

    harness.run(models_listed())
    return app


def test_an_endless_stream_of_events_stops_at_the_answer_cap_and_the_window_ticks(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    _settings(harness, max_answer_mb=2)
    app = _openai_app(harness, hostile)
    hostile.mode = "endless"
    with TickCounter() as counter:
        harness.run(ask_and_wait(qtbot, app, "Tell me everything"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    assert "passed 2 MB" in _shown_error(app, turn)
    assert 2 * MB - 1000 <= len(turn.answer) <= 2 * MB  # what arrived is kept, up to the cap
    assert hostile.bytes_sent < 3 * MB + SOCKET_SLACK
    # Thousands of events arrived in bursts; the window went on running its timers.
    assert counter.ticks >= 3, counter.ticks


def test_a_burst_of_buffered_events_lets_the_window_tick_while_it_is_shown(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    app = _openai_app(harness, hostile)
    hostile.mode = "burst"
    ticks_at_first_piece: list[int] = []
    with TickCounter() as counter:
        app.chat.answerGrew.connect(
            lambda *_: ticks_at_first_piece or ticks_at_first_piece.append(counter.ticks)
        )
        harness.run(ask_and_wait(qtbot, app, "Say w"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.ANSWERED, turn.error
    assert turn.pieces == hostile.burst_events
    # 20,000 events arrived in one write: handled in one go, no timer would fire until the
    # last; yielding once a frame lets it fire while they are handled.
    assert counter.ticks - ticks_at_first_piece[0] >= 3


@pytest.mark.parametrize("mode", ["gzip_bomb", "gzip_sse_no_newlines", "deep_json"])
def test_a_bomb_from_an_openai_compatible_server_is_a_clear_message(
    harness: Harness, qtbot: QtBot, hostile: HostileServer, mode: str
) -> None:
    app = _openai_app(harness, hostile)
    hostile.mode = mode
    harness.run(ask_and_wait(qtbot, app, "Hi"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    shown = _shown_error(app, turn)
    expected = {"gzip_bomb": "larger than 8 MB", "deep_json": "nested too deeply"}
    assert expected.get(mode, "a single piece larger than 1 MB") in shown
    assert "went wrong inside the app" not in shown
    assert hostile.bytes_sent < SOCKET_SLACK


def test_a_drip_fed_stream_times_out_in_the_window(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    _settings(harness, request_timeout=1.0)
    app = _openai_app(harness, hostile)
    hostile.mode = "drip"
    with TickCounter() as counter:
        harness.run(ask_and_wait(qtbot, app, "Hi"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    assert "no complete piece of the answer for 1 second" in _shown_error(app, turn)
    assert hostile.bytes_sent > 5
    assert counter.ticks >= 3, counter.ticks


def test_a_gzip_bomb_from_the_dynaspark_web_endpoint(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    app = harness.start_app(endpoint=hostile.web_endpoint)
    hostile.mode = "gzip_bomb"
    harness.run(ask_and_wait(qtbot, app, "Hi"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    assert "larger than 8 MB" in _shown_error(app, turn)
    assert hostile.bytes_sent < SOCKET_SLACK


def _noisy_png(size: int) -> bytes:
    from PIL import Image

    side = int((size / 3) ** 0.5)
    picture = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def test_imagine_takes_a_real_sized_picture_served_in_many_small_pieces(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    hostile.image_mode = "chunked"
    hostile.image_body = _noisy_png(3 * MB)  # as big as the PNG that was "damaged" before
    _settings(harness, api_endpoint=hostile.api_base_url)
    app = harness.start_app()
    with TickCounter() as counter:
        harness.run(ask_and_wait(qtbot, app, "/imagine static on an old television"), 60)
    turn = _last_turn(app)
    assert turn.state is TurnState.ANSWERED, turn.error
    assert turn.picture is not None
    assert turn.picture.data == hostile.image_body
    assert counter.ticks >= 1


@pytest.mark.parametrize(
    ("image_mode", "expected"),
    [("endless", "larger than 2 MB"), ("redirect_loop", "kept redirecting")],
)
def test_imagine_refuses_an_endless_picture_and_a_redirect_loop(
    harness: Harness, qtbot: QtBot, hostile: HostileServer, image_mode: str, expected: str
) -> None:
    hostile.image_mode = image_mode
    _settings(harness, api_endpoint=hostile.api_base_url, max_image_mb=2)
    app = harness.start_app()
    harness.run(ask_and_wait(qtbot, app, "/imagine a red bicycle"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    assert expected in _shown_error(app, turn)
    assert hostile.bytes_sent < 2 * MB + SOCKET_SLACK
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert not widget.try_other_button.isVisible()


def test_an_oversized_reply_header_is_named_in_the_window(
    harness: Harness, qtbot: QtBot, hostile: HostileServer
) -> None:
    app = _openai_app(harness, hostile)
    hostile.mode = "huge_header"  # a 429 whose X-RateLimit header is 60 KB
    harness.run(ask_and_wait(qtbot, app, "Hi"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    shown = _shown_error(app, turn)
    assert "sent a reply whose headers are oversized (one is longer than 8 KB)" in shown
    assert "did not answer in HTTP" not in shown
    # Passing trouble on that server: another model may well answer.
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.try_other_button.isVisible()


@pytest.mark.parametrize(
    ("mode", "shown_part"), [("endless", "passed 1 MB"), ("gzip_bomb", "larger than 1 MB")]
)
def test_a_size_cap_error_offers_no_other_model(
    harness: Harness, qtbot: QtBot, hostile: HostileServer, mode: str, shown_part: str
) -> None:
    """Past a size cap, asking again is pointless: no "Try with …" (the model picker stays)."""
    _settings(harness, max_answer_mb=1)  # the least: a cheap test
    app = _openai_app(harness, hostile)
    hostile.mode = mode
    harness.run(ask_and_wait(qtbot, app, "Tell me everything"), timeout=60)
    turn = _last_turn(app)
    assert turn.state is TurnState.FAILED
    assert shown_part in _shown_error(app, turn)
    widget = app.window.transcript.widget_for(turn.id)
    assert widget is not None
    assert not widget.try_other_button.isVisible()
    assert turn.alternative_model == ""
