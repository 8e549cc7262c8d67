"""In a wide window the composer keeps to the transcript's reading width, centred under the
conversation; in a narrow one it takes the width there is."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.style import MAX_READING_WIDTH
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait


def _centre_x(widget: QWidget) -> int:
    return widget.mapToGlobal(widget.rect().center()).x()


def test_the_composer_keeps_to_the_reading_width_when_wide(harness: Harness, qtbot: QtBot) -> None:
    harness.server.queue(Behaviour(answer="A short answer."))
    app = harness.start_app()
    window = app.window
    frame = window.findChild(QWidget, "composerFrame")
    assert frame is not None

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "hello")

    harness.run(scenario())
    window.resize(1120, 760)
    qtbot.waitUntil(lambda: window.width() == 1120)
    narrow = frame.width()
    assert narrow > window.composer_area.width() - 40  # the width there is

    window.resize(2400, 1000)  # as maximised on a wide screen
    qtbot.waitUntil(lambda: frame.width() <= MAX_READING_WIDTH)
    assert frame.width() > MAX_READING_WIDTH - 40
    answer = window.transcript.turn_widgets[-1].answer_block
    # Centred under the conversation's column, as wide as it.
    assert abs(_centre_x(frame) - _centre_x(answer)) <= 12
    assert abs(frame.width() - answer.width()) <= 24
    assert window.attachment_tray.width() <= MAX_READING_WIDTH
