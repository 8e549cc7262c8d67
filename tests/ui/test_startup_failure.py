"""A crash while the app is being built: the traceback is in the log file, the user gets one
sentence (not a traceback), the process exits non-zero at once, and the next launch starts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from dynaspark_desktop.core.single_instance import LOCK_FILE_NAME

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_FILE = Path("logs") / "dynaspark-desktop.log"

# The real entry point, with one step of the window's construction broken as a bug would
# break it (patched in this child process only; the app has no switch for it).
BROKEN_LAUNCH = textwrap.dedent(
    """
    import sys

    from dynaspark_desktop import app

    class BrokenAttachments:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("attachments could not be built (broken by the test)")

    app.AttachmentController = BrokenAttachments
    from dynaspark_desktop.launch import main

    raise SystemExit(main(["--data-dir", sys.argv[1]]))
    """
)


def _launch(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails the test rather than stalling the suite
        check=False,
    )


def test_a_crash_while_the_app_is_built_is_logged_with_its_traceback(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _launch(BROKEN_LAUNCH, data_dir)

    assert result.returncode == 1, result.stderr
    log_text = (data_dir / LOG_FILE).read_text(encoding="utf-8")
    assert "CRITICAL dynaspark_desktop.error_hooks: The app could not start" in log_text
    assert "Traceback (most recent call last)" in log_text
    assert "RuntimeError: attachments could not be built (broken by the test)" in log_text
    # The frames down to where it failed: DesktopApp's construction, in app.py.
    assert f'{Path("dynaspark_desktop") / "app.py"}", line' in log_text
    assert "self.attachments = AttachmentController(" in log_text
    # The user reads one sentence that says where the details are; no traceback.
    assert "could not start" in result.stderr
    assert str(data_dir / LOG_FILE) in result.stderr
    assert "Traceback" not in result.stderr
    # The data folder is free again for the next launch.
    assert (data_dir / LOCK_FILE_NAME).read_bytes() == b""


def test_a_crash_where_the_log_cannot_be_written_still_reaches_stderr(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # A folder where the log file should be: it cannot be opened, so records go to stderr.
    (data_dir / LOG_FILE).mkdir(parents=True)
    result = _launch(BROKEN_LAUNCH, data_dir)

    assert result.returncode == 1
    assert "RuntimeError: attachments could not be built (broken by the test)" in result.stderr
    assert "The details are in standard error" in result.stderr
