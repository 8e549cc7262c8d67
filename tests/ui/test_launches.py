"""Launching the real app as a process: one running app per data folder (a later launch hands
its files over and exits 0), a stale lock after a SIGKILL, and quitting with status 0 after
the disk failed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.single_instance import (
    LOCK_FILE_NAME,
    MAX_REQUEST_BYTES,
    HandOverError,
    HolderQuitError,
    claim_data_folder,
    hand_over,
)
from dynaspark_desktop.storage import HistoryStore
from tests.disk_mounts import fill_disk, small_tmpfs
from tests.fakes.dynaspark_server import Behaviour, FakeDynasparkThread
from tests.ui.conftest import HISTORY_DATABASE, Harness, wait_until
from tests.ui.images import write_photo

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_FILE = Path("logs") / "dynaspark-desktop.log"
LISTENING = "Listening for later launches"


def _environment(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO_ROOT),
        **extra,
    }


def _command(data_dir: Path, *arguments: str, endpoint: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "dynaspark_desktop", "--data-dir", str(data_dir)]
    if endpoint is not None:
        command += ["--endpoint", endpoint]
    return [*command, *arguments]


def _log_text(data_dir: Path) -> str:
    path = data_dir / LOG_FILE
    return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture
def server() -> Iterator[FakeDynasparkThread]:
    with FakeDynasparkThread() as fake:
        yield fake


class RunningApp:
    """The app in a process of its own, its stderr collected in a file (no pipe to fill)."""

    def __init__(self, data_dir: Path, endpoint: str, stderr_path: Path) -> None:
        self.data_dir = data_dir
        self.stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            _command(data_dir, endpoint=endpoint),
            env=_environment(),
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )

    def output(self) -> str:
        return _log_text(self.data_dir) + self.stderr_path.read_text(errors="replace")

    def wait_until_listening(self) -> None:
        self.wait_for(LISTENING)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + 30
        while text not in self.output():
            assert self.process.poll() is None, f"the app ended early:\n{self.output()}"
            assert time.monotonic() < deadline, f"the app did not start:\n{self.output()}"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        self._stderr.close()


@pytest.fixture
def running_apps() -> Iterator[list[RunningApp]]:
    apps: list[RunningApp] = []
    yield apps
    for app in apps:
        app.stop()


def _second_launch(
    data_dir: Path, *files: Path, **environment: str
) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run(
        _command(data_dir, *map(str, files)),
        env=_environment(**environment),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(f"second launch: exit {result.returncode} after {time.monotonic() - started:.2f} s")
    return result


def test_a_second_launch_hands_its_file_over_and_leaves_the_waiting_question_alone(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    # This test process is the first app (its window driven as usual), holding the data
    # folder exactly as main() makes it; the second launch is a real process.
    claim = claim_data_folder(harness.data_dir)
    assert claim is not None
    app = harness.start_app()
    app.instance = claim
    photo = write_photo(tmp_path, "from-the-file-manager.jpg")
    harness.server.queue(Behaviour(kind="hang"))

    async def scenario() -> tuple[subprocess.CompletedProcess[str], list[tuple[str, str]]]:
        running = asyncio.ensure_future(app.run())
        await wait_until(lambda: app.navigator is not None and app.history.available)
        await wait_until(lambda: (harness.data_dir / LOCK_FILE_NAME).stat().st_size > 0)
        qtbot.keyClicks(app.window.composer, "Still waiting for this")
        qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
        await wait_until(harness.server.request_arrived.is_set)
        second = await asyncio.to_thread(_second_launch, harness.data_dir, photo)
        await wait_until(lambda: app.attachments.image is not None)
        states = _states(harness.data_dir)
        app.request_quit()
        await running
        return second, states

    try:
        second, states_after_second_launch = harness.run(scenario(), timeout=90)
    finally:
        claim.release()
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    # The running window took the file, through the usual attachment path.
    assert app.attachments.image is not None
    assert app.attachments.image.filename == photo.name
    # The second launch opened no history: the question it found waiting stayed waiting.
    assert states_after_second_launch == [("user", "sent")]


def _states(data_dir: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(data_dir / HISTORY_DATABASE)
    try:
        return connection.execute("SELECT role, state FROM messages").fetchall()
    finally:
        connection.close()


def test_two_real_processes_the_second_hands_over_and_exits_0(
    server: FakeDynasparkThread, running_apps: list[RunningApp], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = RunningApp(data_dir, server.endpoint, tmp_path / "first.err")
    running_apps.append(first)
    first.wait_until_listening()
    photo = write_photo(tmp_path, "second.png")

    # Python lists each module it imports: the second launch loads no widget, no window.
    second = _second_launch(data_dir, photo, PYTHONPROFILEIMPORTTIME="1")
    assert second.returncode == 0, second.stderr
    assert "dynaspark_desktop.core.single_instance" in second.stderr
    for heavy in ("PySide6.QtWidgets", "dynaspark_desktop.ui", "dynaspark_desktop.storage"):
        assert heavy not in second.stderr
    deadline = time.monotonic() + 15
    while f"Attaching {photo}" not in first.output():
        assert time.monotonic() < deadline, first.output()
        time.sleep(0.05)
    assert "Another launch handed over 1 file(s)" in first.output()
    assert first.process.poll() is None  # undisturbed, still running

    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(timeout=20) == 0
    # The lock is released and its address gone: the next launch runs, not hands over.
    assert not (data_dir / "instance.sock").exists()
    assert (data_dir / LOCK_FILE_NAME).read_bytes() == b""


def test_a_stale_lock_from_a_killed_app_does_not_block_the_next_launch(
    server: FakeDynasparkThread, running_apps: list[RunningApp], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    killed = RunningApp(data_dir, server.endpoint, tmp_path / "killed.err")
    running_apps.append(killed)
    killed.wait_until_listening()
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait(timeout=15)
    # What it left: its address in the lock file, its socket file.
    assert (data_dir / LOCK_FILE_NAME).stat().st_size > 0

    # The next launch starts its own window (the start-up probe prints at its first paint).
    result = subprocess.run(
        _command(data_dir, endpoint=server.endpoint),
        env=_environment(DYNASPARK_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "first-paint" in result.stdout


def test_quitting_after_the_disk_filled_up_exits_0_and_closes_the_history(
    server: FakeDynasparkThread, running_apps: list[RunningApp], tmp_path: Path
) -> None:
    with small_tmpfs(tmp_path / "disk") as mounted:
        data_dir = tmp_path / "disk" / "data"
        app = RunningApp(data_dir, server.endpoint, tmp_path / "app.err")
        running_apps.append(app)
        app.wait_until_listening()
        # Start-up's last write is the day's backup: filled before it ends, the disk would
        # get back the pages of the backup's journal when SQLite deletes it.
        app.wait_for("Backed up the history")
        if mounted:
            print("disk: a real 2 MB tmpfs, filled up")
            filler = fill_disk(tmp_path / "disk")
        else:
            # Without a mount, a settings file that cannot be replaced fails the same save
            # (the window's place, written at quit) with a real OSError.
            print("disk: simulated (mounting not allowed): settings.json cannot be written")
            (data_dir / "settings.json").unlink(missing_ok=True)
            (data_dir / "settings.json").mkdir()
        app.process.send_signal(signal.SIGTERM)
        exit_code = app.process.wait(timeout=30)
        app.stop()
        output = app.output()
        assert exit_code == 0, output
        assert "Settings not saved" in output  # the failure is logged...
        assert "Shut down" in output  # ...and every later step still ran
        if mounted:
            filler.unlink()
        # The history was closed properly: it opens as it was, nothing set aside.
        with HistoryStore.open(data_dir) as store:
            assert store.moved_aside is None


async def _exchange(path: Path, line: bytes) -> bytes:
    reader, writer = await asyncio.open_unix_connection(os.fspath(path))
    try:
        writer.write(line)
        await writer.drain()
        return await reader.read(100)
    finally:
        writer.close()
        await writer.wait_closed()


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="AF_UNIX only")
def test_the_running_app_refuses_a_wrong_token_and_an_oversized_request(
    loop: asyncio.AbstractEventLoop, data_dir: Path
) -> None:
    claim = claim_data_folder(data_dir)
    assert claim is not None
    handed: list[list[str]] = []

    async def scenario() -> tuple[bytes, bytes, bytes, bytes]:
        await claim.serve(handed.append)
        record = json.loads((data_dir / LOCK_FILE_NAME).read_text())
        path = Path(record["path"])
        wrong_token = {"token": "0" * 32, "files": ["x"]}
        wrong = await _exchange(path, json.dumps(wrong_token).encode() + b"\n")
        huge = b'{"token": "' + b"a" * (MAX_REQUEST_BYTES * 2) + b'"}\n'
        oversized = await _exchange(path, huge)
        deep = await _exchange(path, b'{"token": ' + b"[" * 60_000 + b"\n")
        right = await _exchange(
            path, json.dumps({"token": record["token"], "files": ["/a.png"]}).encode() + b"\n"
        )
        await claim.stop_serving()
        return wrong, oversized, deep, right

    try:
        wrong, oversized, deep, right = loop.run_until_complete(asyncio.wait_for(scenario(), 20))
    finally:
        claim.release()
    assert wrong == b"refused\n"
    assert oversized == b""  # dropped unread
    assert deep == b"refused\n"  # deeply nested: refused, not a RecursionError
    assert right == b"ok\n"
    assert handed == [["/a.png"]]


def test_a_file_given_to_the_first_launch_is_attached_in_its_window(
    harness: Harness, tmp_path: Path
) -> None:
    photo = write_photo(tmp_path, "opened-with.jpg")
    app = harness.start_app(files=(str(photo),))

    async def scenario() -> None:
        running = asyncio.ensure_future(app.run())
        await wait_until(lambda: app.attachments.image is not None)
        app.request_quit()
        await running

    harness.run(scenario())
    assert app.attachments.image is not None
    assert app.attachments.image.filename == "opened-with.jpg"


def test_a_failing_shutdown_step_does_not_skip_the_rest(
    harness: Harness,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = harness.start_app()
    harness.run(wait_until(lambda: app.navigator is not None and app.history.available))
    qtbot.keyClicks(app.window.composer, "keep this draft")

    async def broken() -> None:
        raise OSError(28, "No space left on device")

    # Something early in the shutdown fails (stopping the image preparation)...
    monkeypatch.setattr(app.attachments, "shutdown", broken)
    harness.run(app.shutdown())
    # ...and what comes after still ran: the draft saved, the chat and history closed.
    assert "While shutting down, could not stop preparing images" in caplog.text
    assert "Shut down; 1 step(s) failed" in caplog.text
    assert app.history._store is None
    assert app.chat._closed
    with HistoryStore.open(harness.data_dir) as store:
        draft = store.load_draft(None)
    assert draft is not None
    assert draft.text == "keep this draft"


def test_a_folder_whose_path_is_too_long_for_a_unix_socket_is_served_over_loopback_tcp(
    loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    data_dir = tmp_path / ("a-long-folder-name-" * 8)
    claim = claim_data_folder(data_dir)
    assert claim is not None
    handed: list[list[str]] = []

    async def scenario() -> dict[str, object]:
        await claim.serve(handed.append)
        record = json.loads((data_dir / LOCK_FILE_NAME).read_text())
        # What a second launch runs (blocking, so in a thread here: the loop must serve).
        await asyncio.to_thread(hand_over, data_dir, [str(tmp_path / "b.png")])
        await wait_until(lambda: bool(handed))
        await claim.stop_serving()
        return record

    try:
        record = loop.run_until_complete(asyncio.wait_for(scenario(), 20))
    finally:
        claim.release()
    assert record["kind"] == "tcp"
    assert handed == [[str(tmp_path / "b.png")]]
    assert not (data_dir / "instance.sock").exists()


def test_a_holder_that_does_not_answer_is_reported_and_one_that_quit_is_noticed(
    data_dir: Path,
) -> None:
    claim = claim_data_folder(data_dir)
    assert claim is not None
    assert claim_data_folder(data_dir) is None  # held: a second claim is refused
    try:
        # Held, but never listening (hung before its loop ran): no answer, and not "quit".
        with pytest.raises(HandOverError) as raised:
            hand_over(data_dir, [], timeout=0.3)
        assert not isinstance(raised.value, HolderQuitError)
        assert "did not answer" in str(raised.value)
    finally:
        claim.release()
    with pytest.raises(HolderQuitError):
        hand_over(data_dir, [], timeout=0.3)
    again = claim_data_folder(data_dir)  # and the folder can be taken now
    assert again is not None
    again.release()
