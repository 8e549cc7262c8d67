"""What runs before the window's first paint stays light (a structural check, no timings).

PySide6 builds the Python enums of the whole ``Qt`` namespace (about 130 types, ~15 ms) the
first time anything touches it, and asyncio/qasync, aiohttp and Pillow cost more still. The
first paint must wait for none of them; everything after it may use them freely.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.options import Options

# The event loop, the network stack, pictures, the history's database, Markdown and
# highlighting, the keyring, html's entity table, the log file's handlers.
HEAVY = (
    "asyncio", "qasync", "aiohttp", "PIL", "sqlite3", "dynaspark_desktop.storage",
    "markdown_it", "pygments", "dynaspark_desktop.core.markdown.render", "keyring", "html",
    "logging.handlers",
)
app = QApplication(sys.argv[:1])
desktop = DesktopApp(Options(data_dir=Path(sys.argv[1])))
seen = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append([
                name for name in HEAVY if name in sys.modules
            ] + (["the Qt namespace"] if "Qt" in vars(QtCore) else []))
        return False

probe = FirstPaint()
desktop.window.installEventFilter(probe)
desktop.window.setStyleSheet(desktop.window.styleSheet())
desktop.window.show()
app.processEvents()
print("loaded before first paint:", seen[0] if seen else "no paint")
"""


def test_nothing_heavy_is_loaded_before_the_first_paint(tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded before first paint: []" in result.stdout, result.stdout


def test_quitting_right_after_the_first_paint_leaves_nothing_behind(tmp_path: Path) -> None:
    """The start-up benchmark's path: paint, then quit at once, before start-up work is done
    (the history opening, the draft being read). No warning, no stray task, exit code 0."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO_ROOT),
        "DYNASPARK_STARTUP_PROBE": "1",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "dynaspark_desktop", "--data-dir", str(tmp_path / "app")],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert "first-paint" in result.stdout
    for trouble in ("Warning", "Traceback", "never awaited", "Task was destroyed", "Unclosed"):
        assert trouble not in result.stderr, result.stderr
