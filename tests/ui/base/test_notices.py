"""The notices bridge with the real notice bar: kept until the bar listens, in order, each
at its level, delivered on the UI thread, and a progress notice that outlives the others."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.notice_bar import NoticeBar
from dynaspark_desktop.ui.base.notices import Notice, NoticeBridge


@pytest.fixture(autouse=True)
def fresh_bridge() -> Iterator[None]:
    notices.reset()
    yield
    notices.reset()


class Shown:
    """The bar as a window wires it to the bridge, and every notice the bridge posted."""

    def __init__(self, qtbot: QtBot) -> None:
        self.bar = NoticeBar()
        qtbot.addWidget(self.bar)
        self.posted: list[Notice] = []
        bridge = notices.bridge()
        bridge.posted.connect(self.posted.append)
        bridge.posted.connect(self.bar.show_notice)
        bridge.withdrawn.connect(self.bar.withdraw)
        self.bar.closed.connect(bridge.notice_closed)
        bridge.listen(self.bar)
        self.bar.show()

    def close_button(self) -> QToolButton:
        button = self.bar.findChild(QToolButton, "noticeCloseButton")
        assert button is not None
        return button

    @property
    def action(self) -> str | None:
        button = self.bar.action_button
        return button.text() if button.isVisibleTo(self.bar) else None


def test_what_is_said_before_the_bar_listens_is_delivered_once_it_does_in_order(
    qtbot: QtBot,
) -> None:
    first = notices.warning("The settings could not be saved.", sticky=True)
    second = notices.info("Attached photo.jpg.")
    third = notices.error("The data folder cannot be used.", sticky=True)
    assert not notices.bridge().listening

    shown = Shown(qtbot)
    assert shown.posted == [first, second, third]
    assert [notice.level for notice in shown.posted] == ["warning", "info", "error"]
    assert shown.bar.text == "The data folder cannot be used."  # the last one said
    assert shown.bar.property("level") == "error"

    # Once listening, a notice shows at once, and waits for nothing.
    later = notices.info("Exported to a.md.")
    assert shown.posted[-1] is later
    assert shown.bar.text == "Exported to a.md."
    assert len(shown.posted) == 4  # nothing delivered twice


def test_each_level_reaches_the_bar_as_itself(qtbot: QtBot) -> None:
    shown = Shown(qtbot)
    said = [
        notices.info("fades"),
        notices.warning("stays", sticky=True),
        notices.error("fails"),
        notices.progress("runs"),
    ]
    assert [(notice.text, notice.level, notice.sticky) for notice in said] == [
        ("fades", "info", False),
        ("stays", "warning", True),
        ("fails", "error", False),
        ("runs", "progress", True),  # something under way outlives a send
    ]
    for notice in said[:3]:
        shown.bar.show_notice(notice)
        assert shown.bar.property("level") == notice.level
    notices.end(said[3])  # the work under way is over: it does not come back
    # Sending a message makes a plain notice stale, not a sticky one.
    notices.warning("a refused drop")
    shown.bar.hide_unless_sticky()
    assert shown.bar.text == ""
    notices.warning("a broken history", sticky=True)
    shown.bar.hide_unless_sticky()
    assert shown.bar.text == "a broken history"


def test_a_notice_from_a_worker_thread_is_delivered_on_the_ui_thread(qtbot: QtBot) -> None:
    shown = Shown(qtbot)
    delivered_on: list[QThread] = []
    notices.bridge().posted.connect(lambda _notice: delivered_on.append(QThread.currentThread()))

    worker = threading.Thread(target=lambda: notices.warning("The disk is full."))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: shown.bar.text == "The disk is full.")
    assert delivered_on == [QThread.currentThread()]


def test_a_bridge_first_used_by_a_worker_thread_still_delivers_on_the_ui_thread(
    qtbot: QtBot,
) -> None:
    worker = threading.Thread(target=lambda: notices.warning("Said before any window."))
    worker.start()
    worker.join()
    assert notices.bridge().thread() is QThread.currentThread()
    shown = Shown(qtbot)
    qtbot.waitUntil(lambda: shown.bar.text == "Said before any window.")


def test_the_progress_notice_comes_back_with_its_action_when_another_goes(
    qtbot: QtBot,
) -> None:
    shown = Shown(qtbot)
    cancelled: list[bool] = []
    under_way = notices.progress(
        "Importing…", action=("Cancel import", lambda: cancelled.append(True))
    )
    assert (shown.bar.text, shown.action) == ("Importing…", "Cancel import")

    # Another notice takes the bar for a while, without the progress notice's Cancel.
    notices.info("The code is on the clipboard.")
    assert (shown.bar.text, shown.action) == ("The code is on the clipboard.", None)
    # ... and a third replaces it: still not the end of the import.
    notices.warning("The picture's file is damaged.", action=("Retry", lambda: None))
    assert shown.action == "Retry"
    # Once it goes (dismissed here; a time-out or a send hide it the same way), the import's
    # notice is back, Cancel and all.
    qtbot.mouseClick(shown.close_button(), Qt.MouseButton.LeftButton)
    assert (shown.bar.text, shown.action) == ("Importing…", "Cancel import")
    assert shown.bar.property("level") == "progress"

    # Its Cancel works, and a cancelled progress does not come back.
    shown.bar.action_button.click()
    assert cancelled == [True]
    assert shown.bar.text == ""
    notices.info("Import cancelled: nothing was added.")
    shown.bar.hide()
    assert shown.bar.text == ""
    notices.end(under_way)  # the import's own end, after the cancel: nothing to withdraw
    assert shown.bar.text == ""


def test_an_ended_progress_notice_leaves_the_bar_and_does_not_return(qtbot: QtBot) -> None:
    shown = Shown(qtbot)
    under_way = notices.progress("Importing…", action=("Cancel import", lambda: None))
    notices.end(under_way)
    assert shown.bar.text == ""

    # Ended while another notice was shown: that one stays, and its going brings nothing back.
    again = notices.progress("Importing…")
    notices.info("Exported to a.md.")
    notices.end(again)
    assert shown.bar.text == "Exported to a.md."
    shown.bar.hide()
    assert shown.bar.text == ""


def test_a_progress_notice_dismissed_by_the_user_stays_dismissed(qtbot: QtBot) -> None:
    shown = Shown(qtbot)
    notices.progress("Importing…", action=("Cancel import", lambda: None))
    qtbot.mouseClick(shown.close_button(), Qt.MouseButton.LeftButton)
    notices.info("Copied.")
    shown.bar.hide()
    assert shown.bar.text == ""


def test_a_progress_notice_that_ended_before_anyone_listened_is_never_shown(
    qtbot: QtBot,
) -> None:
    told = notices.warning("The history was damaged.", sticky=True)
    notices.end(notices.progress("Importing…"))
    shown = Shown(qtbot)
    assert shown.posted == [told]


def test_after_its_bar_is_gone_the_bridge_keeps_notices_again_and_a_new_app_forgets_them(
    qtbot: QtBot,
) -> None:
    shown = Shown(qtbot)
    bridge = notices.bridge()
    shown.bar.deleteLater()
    qtbot.waitUntil(lambda: not bridge.listening)
    notices.warning("Said while closing.")  # kept, not sent to a deleted bar

    notices.reset()  # what DesktopApp does as it starts
    fresh = notices.bridge()
    assert fresh is not bridge
    assert isinstance(fresh, NoticeBridge)
    assert Shown(qtbot).posted == []


def test_a_warning_that_no_longer_applies_goes_only_if_it_is_still_shown(qtbot: QtBot) -> None:
    shown = Shown(qtbot)
    cannot_see = notices.warning("llama cannot see images.", action=("Use llava", lambda: None))
    notices.end(cannot_see)  # e.g. the user chose a model that sees
    assert shown.bar.text == ""

    cannot_see = notices.warning("llama cannot see images.")
    notices.info("The picture is on the clipboard.")
    notices.end(cannot_see)
    assert shown.bar.text == "The picture is on the clipboard."
