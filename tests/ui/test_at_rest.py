"""At rest the app runs no timer: once start-up is over and nothing happens, every QTimer
the window, the app's parts and the collector own is stopped; a question answered leaves
none running either."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from tests.ui.conftest import Harness, ask_and_wait, models_listed, wait_until


def reachable_timers(app: DesktopApp) -> list[QTimer]:
    """Every QTimer under the window, the Qt app, the top-level widgets (dialogs, menus) and
    the app's own QObjects (controllers, the catalog, the collector)."""
    roots: list[QObject] = [app.window, *QApplication.topLevelWidgets()]
    application = QApplication.instance()
    assert application is not None
    roots.append(application)
    parts = (app.chat, app.history, app.attachments, app.navigator, app.models)
    roots += [part for part in parts if isinstance(part, QObject)]
    roots.append(app.garbage_collector)
    if app.models is not None:
        roots.append(app.models.catalog)
    timers: dict[int, QTimer] = {}
    for root in roots:
        if isinstance(root, QTimer):
            timers[id(root)] = root
        for timer in root.findChildren(QTimer):
            timers[id(timer)] = timer
    return list(timers.values())


def running(app: DesktopApp) -> list[str]:
    return [
        f"{timer.objectName() or 'QTimer'} of {type(timer.parent()).__name__}"
        f" every {timer.interval()} ms"
        for timer in reachable_timers(app)
        if timer.isActive()
    ]


def wait_for_rest(harness: Harness, app: DesktopApp) -> None:
    """Until every timer is stopped; the test fails naming those that never stop."""
    try:
        harness.run(wait_until(lambda: not running(app)), timeout=30)
    except AssertionError:
        raise AssertionError(f"timers still running at rest: {running(app)}") from None


def test_no_timer_runs_at_rest(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    harness.run(models_listed(app))
    assert app.window.composer.hasFocus()
    # Start-up's own one-shot timers (a spare message widget, a listing) end by themselves.
    wait_for_rest(harness, app)
    assert reachable_timers(app)  # the walk does find the app's timers

    # After work too: a question asked and answered leaves nothing running.
    harness.run(ask_and_wait(qtbot, app, "Hello there"))
    assert app.chat.conversation.turns[-1].answer
    wait_for_rest(harness, app)
