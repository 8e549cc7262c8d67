"""The real app in the measuring process: a ``DesktopApp`` on a qasync loop, offscreen."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from benchmarks.support.common import UNUSED_LOOPBACK_ENDPOINT
from benchmarks.support.ui_timing import note_pinned, pin_singletons
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.options import Options


def start_app(
    data_dir: Path, endpoint: str = UNUSED_LOOPBACK_ENDPOINT, *, pin: bool = True
) -> tuple[qasync.QEventLoop, DesktopApp]:
    """The app on ``data_dir``, its loop set as the current one; the window is not shown yet
    (the caller installs its probes first). ``pin``: keep None/True/False alive on Python
    3.11 (see ``pin_singletons``) for runs that make many Qt calls. Close it with
    ``common.close_app_and_loop``."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if pin:
        note_pinned(pin_singletons())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    desk = DesktopApp(Options(endpoint=endpoint, data_dir=data_dir), route_qt_messages=False)
    return loop, desk
