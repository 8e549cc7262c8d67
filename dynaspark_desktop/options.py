"""Command-line options, and where the data lives when they do not say. Parsed before Qt
starts, so --help and --version need no display."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dynaspark_desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    import argparse

ENDPOINT_ENVIRONMENT_VARIABLE = "DYNASPARK_ENDPOINT"


@dataclass(frozen=True)
class Options:
    endpoint: str | None = None
    model: str | None = None
    proxy: str | None = None
    data_dir: Path | None = None
    # Images to attach in the window (handed to the running window if there is one).
    files: tuple[str, ...] = ()
    # --self-check: run the end-to-end check of this installation and exit (self_check.py).
    self_check: bool = False


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="dynaspark-desktop",
        description=f"{APP_NAME}: chat with AI models, drop an image and ask about it.",
        epilog=f"The endpoint can also be set with the {ENDPOINT_ENVIRONMENT_VARIABLE} "
        "environment variable (the command line wins).",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="the Dynaspark web endpoint to send messages to "
        "(default: https://dynaspark.onrender.com/generate_response)",
    )
    parser.add_argument("--model", metavar="NAME", help="the model to start with")
    parser.add_argument(
        "--proxy",
        metavar="URL",
        help="an http:// or https:// proxy for remote services (never used for localhost)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="where settings and logs live (default: the platform's app-data location)",
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        help="an image to attach in the window (to the one already open on this data folder, "
        "if the app is running)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation end to end (offscreen, against a local stand-in "
        "service, in a temporary data folder) and exit 0 if it works",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def parse_options(argv: list[str] | None = None) -> Options:
    if not argv:
        # The everyday launch has no arguments: skip argparse and its import entirely.
        return Options(endpoint=_checked_endpoint(os.environ.get(ENDPOINT_ENVIRONMENT_VARIABLE)))
    parser = build_parser()
    # Intermixed: files may come before, between or after the options.
    arguments, _qt_arguments = parser.parse_known_intermixed_args(argv)
    endpoint = arguments.endpoint or os.environ.get(ENDPOINT_ENVIRONMENT_VARIABLE) or None
    if endpoint is not None and not endpoint.startswith(("http://", "https://")):
        parser.error(f"--endpoint must be an http:// or https:// URL, not {endpoint!r}")
    return Options(
        endpoint=endpoint,
        model=arguments.model,
        proxy=arguments.proxy,
        data_dir=arguments.data_dir.expanduser() if arguments.data_dir else None,
        files=tuple(arguments.files),
        self_check=arguments.self_check,
    )


def _checked_endpoint(endpoint: str | None) -> str | None:
    if not endpoint:
        return None
    if endpoint.startswith(("http://", "https://")):
        return endpoint
    # A bad environment variable gets argparse's usual message and exit status.
    build_parser().error(
        f"{ENDPOINT_ENVIRONMENT_VARIABLE} must be an http:// or https:// URL, not {endpoint!r}"
    )
    return None  # not reached: error() exits


def default_data_dir() -> Path:
    """The platform's app-data folder for this app (Qt knows where that is)."""
    # Imported here, not at the top: --help, --version and a launch with --data-dir need no Qt.
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName("Dynaspark")
    QCoreApplication.setApplicationName(APP_ID)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / f".{APP_ID}"
