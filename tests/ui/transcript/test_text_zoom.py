"""The text_zoom setting sizes the whole conversation's text, live; Ctrl+wheel over the
conversation and the zoom functions change the setting (not one answer's own zoom)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until


def _ctrl_wheel(widget: object, notches: int) -> QWheelEvent:
    position = QPointF(10, 10)
    event = QWheelEvent(
        position,
        widget.mapToGlobal(position),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_zoom_sizes_every_answer_and_follows_the_setting(harness: Harness, qtbot: QtBot) -> None:
    harness.server.queue(Behaviour(answer="First answer."), Behaviour(answer="Second answer."))
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "one")
        await ask_and_wait(qtbot, app, "two")
        views = [widget.answer_view for widget in window.transcript.turn_widgets]
        assert len(views) == 2
        normal = views[0].document().defaultFont().pointSizeF()

        app.settings.set("text_zoom", 150)
        for view in views:
            assert view.document().defaultFont().pointSizeF() == normal * 1.5

        # Ctrl+wheel over one answer: the answer leaves it to the conversation (Qt passes
        # an ignored wheel event on to the parents; a test's event is not passed on, so the
        # two halves are sent where each lands), which steps the setting for every answer.
        assert not _ctrl_wheel(views[1].viewport(), 1).isAccepted()
        assert app.settings.get("text_zoom") == 150
        _ctrl_wheel(
            window.transcript.verticalScrollBar().parentWidget().parentWidget().viewport(), 1
        )
        assert app.settings.get("text_zoom") == 160
        sizes = {view.document().defaultFont().pointSizeF() for view in views}
        assert sizes == {normal * 1.6}

        app.window.keys.actions["zoomOut"].trigger()
        app.window.keys.actions["zoomOut"].trigger()
        assert app.settings.get("text_zoom") == 140
        app.window.keys.actions["zoomReset"].trigger()
        assert app.settings.get("text_zoom") == 100
        assert views[0].document().defaultFont().pointSizeF() == normal
        for _ in range(40):
            app.window.keys.actions["zoomIn"].trigger()
        assert app.settings.get("text_zoom") == 300  # the declared maximum
        # A taller text makes a taller answer once the column measures again.
        await wait_until(lambda: views[0].height() > 0)

    try:
        harness.run(scenario())
    finally:
        app.settings.set("text_zoom", 100)
