"""A clean quit on every path: requests cancelled, the HTTP session closed, nothing left."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import TurnState
from tests.fakes.dynaspark_server import Behaviour, FakeDynasparkThread
from tests.ui.conftest import Harness, wait_until

REPO_ROOT = Path(__file__).resolve().parents[2]


def _quit_while_waiting(harness: Harness, qtbot: QtBot, quit_action: str) -> None:
    app = harness.start_app()
    window = app.window
    harness.server.queue(Behaviour(kind="hang"))

    async def user() -> None:
        qtbot.keyClicks(window.composer, "Long question")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await wait_until(lambda: harness.server.request_arrived.is_set())
        if quit_action == "close":
            window.close()
        else:
            window.activateWindow()
            await wait_until(window.isActiveWindow)  # activation is asynchronous
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    async def scenario() -> None:
        user_task = asyncio.ensure_future(user())
        await app.run()  # returns only once the quit has been carried out
        await user_task

    harness.run(scenario(), timeout=10)
    assert app.chat.conversation.turns[0].state is TurnState.CANCELLED
    assert app.chat._http.current is None  # closed and released
    # The window is gone (or at least hidden, if its deferred deletion has not run yet).
    assert not (shiboken6.isValid(window) and window.isVisible())


def test_closing_the_window_quits_cleanly(harness: Harness, qtbot: QtBot) -> None:
    _quit_while_waiting(harness, qtbot, "close")


def test_ctrl_q_quits_cleanly(harness: Harness, qtbot: QtBot) -> None:
    _quit_while_waiting(harness, qtbot, "ctrl+q")


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_quits_the_real_app_cleanly(tmp_path: Path, signal_number: int) -> None:
    data_dir = tmp_path / "data"
    log_file = data_dir / "logs" / "dynaspark-desktop.log"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONWARNINGS": "default",  # make any unclosed-resource warning visible
        "PYTHONPATH": str(REPO_ROOT),
    }
    with FakeDynasparkThread() as server:
        server.queue(Behaviour(kind="hang"))
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dynaspark_desktop",
                "--data-dir",
                str(data_dir),
                "--endpoint",
                server.endpoint,
            ],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 20
            while "starting" not in (log_file.read_text() if log_file.exists() else ""):
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.05)
            time.sleep(0.5)  # let the window come up and the loop settle
            process.send_signal(signal_number)
            _stdout, stderr = process.communicate(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, stderr
    log_text = log_file.read_text()
    assert "Shut down cleanly" in log_text
    for trouble in (" ERROR ", " CRITICAL ", "Traceback"):
        assert trouble not in log_text, log_text
    for trouble in ("Unclosed", "Task was destroyed", "Traceback", "Warning"):
        assert trouble not in stderr, stderr
