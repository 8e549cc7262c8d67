"""The log file: secrets masked, nothing lost while its opening is deferred past start-up."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dynaspark_desktop.core.logs import DeferredRotatingFileHandler, RotatingFile, setup_logging


@pytest.fixture
def handler(tmp_path: Path) -> Iterator[DeferredRotatingFileHandler]:
    installed = setup_logging(tmp_path)
    yield installed
    logging.getLogger().removeHandler(installed)
    installed.close()


def test_early_records_wait_and_are_written_in_order(
    handler: DeferredRotatingFileHandler,
) -> None:
    log = logging.getLogger("dynaspark_desktop.test")
    log.info("first")
    log.info("second")
    assert not handler.path.exists()  # nothing opened yet: start-up is not slowed
    handler.open()
    log.info("third")
    handler.flush()
    lines = handler.path.read_text().splitlines()
    assert [line.rsplit(": ", 1)[1] for line in lines] == ["first", "second", "third"]


def test_a_warning_opens_the_file_at_once(handler: DeferredRotatingFileHandler) -> None:
    log = logging.getLogger("dynaspark_desktop.test")
    log.info("before")
    log.warning("trouble")
    # No flush: the file handler writes each record as it comes once open.
    text = handler.path.read_text()
    assert "before" in text
    assert "trouble" in text


def test_secrets_are_masked(handler: DeferredRotatingFileHandler) -> None:
    log = logging.getLogger("dynaspark_desktop.test")
    log.warning("proxy http://bob:s3cret@proxy:8080 api_key=abcd1234 Bearer tok.en-value")
    log.warning("proxy http://eve:pa@ss@proxy:3128 in use")
    text = handler.path.read_text()
    for secret in ("s3cret", "abcd1234", "tok.en-value", "pa@ss", "ss@proxy"):
        assert secret not in text
    assert "bob:***@proxy" in text
    assert "eve:***@proxy:3128" in text


def test_a_log_folder_that_cannot_be_made_does_not_stop_the_app(tmp_path: Path) -> None:
    # A file where the data folder should be: nothing can be made under it, even by root.
    (tmp_path / "data").write_text("not a folder")
    installed = setup_logging(tmp_path / "data")
    try:
        log = logging.getLogger("dynaspark_desktop.test")
        log.warning("told somewhere else")  # opens the file, or finds it cannot
        installed.open()
        installed.flush()
        assert isinstance(installed.failure, OSError)
    finally:
        logging.getLogger().removeHandler(installed)
        installed.close()


@pytest.mark.timeout(10)
def test_a_fifo_in_place_of_the_log_file_does_not_block(tmp_path: Path) -> None:
    installed = setup_logging(tmp_path)
    installed.path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(installed.path)  # opening it to write would wait for a reader forever
    try:
        logging.getLogger("dynaspark_desktop.test").warning("told somewhere else")
        installed.open()
        assert isinstance(installed.failure, OSError)
    finally:
        logging.getLogger().removeHandler(installed)
        installed.close()


def test_a_log_write_that_fails_later_goes_to_the_fallback_once_not_a_traceback_per_record(
    handler: DeferredRotatingFileHandler,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    log = logging.getLogger("dynaspark_desktop.test")
    handler.open()
    log.warning("written")

    def full_disk(_text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    stream = handler._target.stream  # type: ignore[union-attr]
    monkeypatch.setattr(stream, "write", full_disk)
    log.warning("first record on a full disk")
    log.warning("second record on a full disk")
    assert isinstance(handler.failure, OSError)
    assert handler.failure.errno == errno.ENOSPC
    errors = capsys.readouterr().err
    assert "first record on a full disk" in errors
    assert "second record on a full disk" in errors
    assert "Logging error" not in errors
    assert "written" in handler.path.read_text()


def test_the_log_file_rotates_and_keeps_its_backups(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    path = folder / "app.log"
    rotating = RotatingFile(path, max_bytes=100, backups=2)
    rotating.setFormatter(logging.Formatter("%(message)s"))
    try:
        for number in range(40):
            rotating.emit(logging.makeLogRecord({"msg": f"record {number:02d} " + "x" * 20}))
    finally:
        rotating.close()

    assert sorted(file.name for file in folder.iterdir()) == ["app.log", "app.log.1", "app.log.2"]
    assert all(file.stat().st_size <= 100 for file in folder.iterdir())
    newest = path.read_text().splitlines()
    assert newest[-1].startswith("record 39")
    # Nothing between the oldest backup kept and the newest record is lost, in order.
    kept = [
        line[7:9]
        for name in ("app.log.2", "app.log.1", "app.log")
        for line in (folder / name).read_text().splitlines()
    ]
    assert kept == [f"{number:02d}" for number in range(int(kept[0]), 40)]
