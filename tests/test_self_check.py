"""``--self-check`` of the source install: the real window, offscreen, asks a loopback
endpoint, shows the answer, saves the history in a temporary folder, and exits 0; a broken
step makes it exit 1 with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dynaspark_desktop.self_check import SelfCheckFailed, _check_history

REPO_ROOT = Path(__file__).resolve().parents[1]


def _run(arguments: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HOME": str(home)}
    environment.pop("QT_QPA_PLATFORM", None)  # the self-check chooses offscreen itself
    return subprocess.run(
        [sys.executable, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_the_self_check_passes_and_leaves_nothing_in_the_users_folders(
    isolated_home: Path,
) -> None:
    before = sorted(path for path in isolated_home.rglob("*"))
    result = _run(["-m", "dynaspark_desktop", "--self-check"], isolated_home)
    assert result.returncode == 0, result.stderr
    assert "self-check passed" in result.stdout
    assert "Traceback" not in result.stderr
    # The data folder was a temporary one: the user's home is as it was.
    assert sorted(path for path in isolated_home.rglob("*")) == before


def test_an_endpoint_that_fails_makes_the_self_check_fail_with_the_reason(
    isolated_home: Path,
) -> None:
    script = (
        "from aiohttp import web\n"
        "from dynaspark_desktop import self_check\n"
        "async def gone(self, request):\n"
        "    form = await request.post()\n"
        "    self.pictures.append(form['file'].file.read())\n"
        "    self.questions.append('asked')\n"
        "    return web.Response(status=404, text='Not Found')\n"
        "self_check.LoopbackEndpoint._answer = gone\n"
        "raise SystemExit(self_check.run_self_check())\n"
    )
    result = _run(["-c", script], isolated_home)
    assert result.returncode == 1, result.stdout
    assert "self-check FAILED: the question was not answered (failed" in result.stderr
    assert "self-check passed" not in result.stdout


def test_a_missing_history_is_a_failure(tmp_path: Path) -> None:
    with pytest.raises(SelfCheckFailed, match="no history was written"):
        _check_history(tmp_path)
