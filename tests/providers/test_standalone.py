"""The provider works as a plain Python library: no Qt is imported, and a request goes
through, in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dynaspark_desktop
from tests.fakes.dynaspark_server import FakeDynasparkThread

REPO_ROOT = Path(dynaspark_desktop.__file__).resolve().parents[1]

SCRIPT = """
import asyncio, sys
from dynaspark_desktop.providers.dynaspark import Dynaspark

async def main():
    Dynaspark.api_endpoint = sys.argv[1]
    async for text in Dynaspark.create_async_generator(
        "gemini-2.0-flash", [{"role": "user", "content": "Hi"}]
    ):
        print(text)

asyncio.run(main())
QT = ("PySide6", "shiboken6", "qasync")
qt = sorted(name for name in sys.modules if name.split(".")[0] in QT)
print("qt modules:", qt)
"""


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-W", "error", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )


def test_importing_the_provider_does_not_import_qt():
    result = run_python(
        "-c",
        "import sys, dynaspark_desktop.providers.dynaspark; "
        "assert 'PySide6' not in sys.modules, 'PySide6 was imported'; "
        "assert 'qasync' not in sys.modules, 'qasync was imported'; "
        "print('ok')",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_a_whole_request_without_qt():
    with FakeDynasparkThread() as server:
        result = run_python("-c", SCRIPT, server.endpoint)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[gemini-2.0-flash] You said: Hi",
        "qt modules: []",
    ]
    assert len(server.requests) == 1
