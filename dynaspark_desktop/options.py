"""Command-line options. Parsed before Qt starts, so --help and --version need no display."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from dynaspark_desktop import APP_NAME, __version__

ENDPOINT_ENVIRONMENT_VARIABLE = "DYNASPARK_ENDPOINT"


@dataclass(frozen=True)
class Options:
    endpoint: str | None = None
    model: str | None = None
    proxy: str | None = None
    data_dir: Path | None = None


def build_parser() -> argparse.ArgumentParser:
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def parse_options(argv: list[str] | None = None) -> Options:
    parser = build_parser()
    arguments, _qt_arguments = parser.parse_known_args(argv)
    endpoint = arguments.endpoint or os.environ.get(ENDPOINT_ENVIRONMENT_VARIABLE) or None
    if endpoint is not None and not endpoint.startswith(("http://", "https://")):
        parser.error(f"--endpoint must be an http:// or https:// URL, not {endpoint!r}")
    return Options(
        endpoint=endpoint,
        model=arguments.model,
        proxy=arguments.proxy,
        data_dir=arguments.data_dir.expanduser() if arguments.data_dir else None,
    )
