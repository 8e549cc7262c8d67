"""The window never breaks: its header lays out whole from 480 px to 4K (nothing overlaps,
nothing is cut without "…" and a tooltip), at scale factors 1, 1.5 and 2."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import Harness, models_listed, wait_until
from tests.ui.layout_checks import layout_problems

WIDTHS = (480, 600, 800, 1120, 1600, 2560, 3840)
ALLOWANCE = "42 of 100 requests left this hour, resets 14:00"
REPO = Path(__file__).resolve().parents[3]


async def _settle() -> None:
    # A fit hides or shows widgets, and the layout follows on the loop's next turns.
    for _ in range(3):
        await asyncio.sleep(0.01)


def test_the_header_fits_every_width(harness: Harness) -> None:
    app = harness.start_app()
    window = app.window
    header = window.header

    async def scenario() -> None:
        await wait_until(lambda: window.sidebar is not None)
        await models_listed(app)  # the presenter has said its last about the allowance
        header.show_provider("Dynaspark API")
        header.show_rate_limit(ALLOWANCE)
        header.show_system_prompt(True)
        header.show_parameters({"temperature": 0.7}, own=True)
        for width in WIDTHS:
            for sidebar_shown in (True, False):
                window.resize(width, 780)
                await _settle()
                if window.sidebar_slot.isVisible() != sidebar_shown:
                    window.toggle_sidebar()
                    await _settle()
                where = f"{width} px, sidebar {'shown' if sidebar_shown else 'hidden'}"
                assert layout_problems(header) == [], where
                # Whatever the width, the allowance can be read: in the bar or in the ⋯ menu.
                shown_whole = header.rate_label.isVisible() and not header.rate_label.is_elided
                menu_texts = [action.text() for action in header.menu_button.menu().actions()]
                assert shown_whole or ALLOWANCE in menu_texts, where
                if width >= 1120:
                    assert shown_whole, where

    harness.run(scenario())


_SCALED_CHECK = """
import sys
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.ui.widgets.header_bar import HeaderBar
from tests.ui.layout_checks import layout_problems

app = QApplication([])
header = HeaderBar(["gemini-1.5-flash"], ["gemini-1.5-flash"], "gemini-1.5-flash")
header.show()
header.show_provider("Dynaspark API")
header.show_rate_limit("42 of 100 requests left this hour, resets 14:00")
header.show_system_prompt(True)
failures = []
for width in (480, 600, 1120, 2560):
    header.resize(width, header.sizeHint().height())
    for _ in range(3):
        app.processEvents()
    failures += [f"{width}: {problem}" for problem in layout_problems(header)]
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""


@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_the_header_fits_at_higher_scale_factors(scale: str) -> None:
    environment = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _SCALED_CHECK],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
