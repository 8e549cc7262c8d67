"""The Qt binding itself must be sound: PySide6 6.12.0 loses a reference to ``True`` on
every bool signal and to ``None`` on every call returning nothing, and Python 3.11 aborts
(``Fatal Python error: bool_dealloc``) after a few thousand of them: a long chat session
would crash. pyproject.toml excludes that version; this keeps any other broken one out."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label = QLabel()


class Emitter(QObject):
    flag = Signal(bool)


emitter = Emitter()
received = []
emitter.flag.connect(received.append)
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20_000):
    label.setText("x")
    emitter.flag.emit(True)
received.clear()
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_the_qt_binding_keeps_none_and_true_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_lost, true_lost = (int(number) for number in result.stdout.split())
    # A few references come and go with the loop's own objects; thousands lost is the bug.
    assert abs(none_lost) < 100
    assert abs(true_lost) < 100
