"""The command line: options, help and version work without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dynaspark_desktop import __version__
from dynaspark_desktop.options import parse_options

REPO_ROOT = Path(__file__).resolve().parents[1]


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    environment["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run(
        [sys.executable, "-m", "dynaspark_desktop", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=REPO_ROOT,
    )


def test_version_needs_no_display() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"dynaspark-desktop {__version__}"


def test_help_lists_every_option() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for option in (
        "--endpoint",
        "--model",
        "--proxy",
        "--data-dir",
        "--version",
        "--help",
        "FILE",
    ):
        assert option in result.stdout
    assert "DYNASPARK_ENDPOINT" in result.stdout


def test_a_bad_endpoint_is_refused_with_a_message() -> None:
    result = _run("--endpoint", "ftp://nowhere")
    assert result.returncode == 2
    assert "http:// or https://" in result.stderr
    assert "Traceback" not in result.stderr


def test_options_parse(tmp_path: Path) -> None:
    options = parse_options(
        [
            "--endpoint",
            "http://127.0.0.1:9/x",
            "--model",
            "gemini-2.0-flash",
            "--proxy",
            "http://proxy:3128",
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert options.endpoint == "http://127.0.0.1:9/x"
    assert options.model == "gemini-2.0-flash"
    assert options.proxy == "http://proxy:3128"
    assert options.data_dir == tmp_path
    assert options.files == ()


def test_files_to_attach_are_positional_arguments(tmp_path: Path) -> None:
    options = parse_options([str(tmp_path / "a.png"), "--model", "m", "relative.jpg"])
    assert options.files == (str(tmp_path / "a.png"), "relative.jpg")
    assert options.model == "m"


def test_the_environment_variable_sets_the_endpoint_and_the_option_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DYNASPARK_ENDPOINT", "https://moved.example/new")
    assert parse_options([]).endpoint == "https://moved.example/new"
    assert parse_options(["--endpoint", "http://other/"]).endpoint == "http://other/"
