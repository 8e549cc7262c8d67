"""Sending in an ongoing conversation, through the real window and the local fake server,
repaints only what changed: the new turn (the earlier turns in view move their pixels), one
row of the sidebar (the conversation's "generating" mark), not the sidebar's whole list, and
that row only after the paint that shows the new turn."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.ui.controllers.history_controller import REFRESH_AFTER_SEND_MS
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until

EARLIER_QUESTIONS = 6
# A long answer, so that a few turns fill the view and the new one scrolls it.
LONG_ANSWER = "\n\n".join(f"Paragraph {n} of a long answer, a line or two." for n in range(6))


class PaintAreas(QObject):
    """The area (in pixels) each widget's Paint events covered, while installed."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: dict[int, int] = {}
        self.order: list[int] = []  # the widgets painted, in order

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            region = event.region()  # type: ignore[attr-defined]
            area = sum(rect.width() * rect.height() for rect in region)
            self.areas[id(watched)] = self.areas.get(id(watched), 0) + area
            self.order.append(id(watched))
        return False

    def of(self, widget: QWidget) -> int:
        return self.areas.get(id(widget), 0)

    def first(self, widget: QWidget) -> int:
        """The place of ``widget``'s first paint in the order of all paints."""
        return self.order.index(id(widget))


def test_a_send_in_an_ongoing_conversation_repaints_the_new_turn_and_one_sidebar_row(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    window = app.window
    window.resize(900, 700)
    transcript = window.transcript

    async def scenario() -> None:
        await wait_until(lambda: window.sidebar is not None and app.navigator is not None)
        # Another conversation first, so the sidebar lists more than the one sent in.
        await ask_and_wait(qtbot, app, "Another conversation")
        assert app.navigator is not None
        app.navigator.new_chat()
        await asyncio.sleep(0.3)  # the new chat's (empty) draft is restored
        for number in range(EARLIER_QUESTIONS):
            harness.server.queue(Behaviour(answer=LONG_ANSWER))
            await ask_and_wait(qtbot, app, f"Question {number}")
        await wait_until(lambda: transcript.spare_widget is not None, timeout=5)
        sidebar = window.sidebar
        assert sidebar is not None
        await wait_until(lambda: sidebar.conversation_model.rowCount() == 2, timeout=5)
        await asyncio.sleep(REFRESH_AFTER_SEND_MS / 1000 + 0.2)  # every paint done

        earlier = transcript.turn_widgets
        bar = transcript.verticalScrollBar()
        in_view = [w for w in earlier if w.y() + w.height() > bar.value() and w.isVisible()]
        assert len(in_view) >= 2
        list_viewport = sidebar.conversation_view.viewport()
        row_area = list_viewport.width() * sidebar.conversation_view.sizeHintForRow(0)
        assert list_viewport.width() * list_viewport.height() > 4 * row_area

        counter = PaintAreas()
        QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
        try:
            harness.server.queue(Behaviour(answer="The new answer.", delay=0.1))
            qtbot.keyClicks(window.composer, "The new question")
            await asyncio.sleep(0.1)
            counter.areas.clear()  # what typing painted
            counter.order.clear()
            qtbot.keyClick(window.composer, Qt.Key.Key_Return)
            turn = app.chat.conversation.turns[-1]
            await wait_until(lambda: turn.state is TurnState.ANSWERED, timeout=5)
            await asyncio.sleep(0.05)  # painted
        finally:
            QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]

        new_widget = transcript.widget_for(turn.id)
        assert new_widget is not None
        assert bar.value() == bar.maximum() > 0  # the view moved to the new turn
        assert counter.of(new_widget) >= new_widget.width() * new_widget.height() // 2
        for widget in in_view:  # moved, not repainted (the former last: its buttons)
            assert counter.of(widget) < widget.width() * widget.height() // 2
        # The sidebar: the row marked generating, then not, and perhaps its new time (the
        # listing after a send): one row painted a few times, not the whole list.
        assert 0 < counter.of(list_viewport) <= 3 * row_area
        # ... in a paint after the one that showed the new turn (see SendPaint).
        assert counter.first(list_viewport) > counter.first(new_widget.answer_view.viewport())

    harness.run(scenario(), timeout=60)
