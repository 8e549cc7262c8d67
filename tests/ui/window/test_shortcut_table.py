"""The shortcut table against what the README tells users: the same keys, the same words, in
the same order (the window binds and the sheet shows the table itself, see test_keyboard)."""

from __future__ import annotations

import re
from pathlib import Path

from dynaspark_desktop.ui.window.shortcuts import SHORTCUTS, shortcut, shown_keys

README = Path(__file__).parents[3] / "README.md"


def readme_rows() -> list[tuple[tuple[str, ...], str]]:
    """(keys, description) of each row of the README's "Keyboard shortcuts" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keyboard shortcuts\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows.append((tuple(re.findall(r"`([^`]+)`", cells[0])), cells[1]))
    return rows


def test_the_readme_lists_every_shortcut_of_the_table_as_it_is() -> None:
    expected = [(shown_keys(row), row.description) for row in SHORTCUTS]
    assert readme_rows() == expected


def test_the_send_keys_follow_the_setting() -> None:
    send, new_line = shortcut("send"), shortcut("newLine")
    assert shown_keys(send, "enter") == ("Enter",)
    assert shown_keys(send, "ctrl_enter") == ("Ctrl+Enter",)
    assert "Enter" in shown_keys(new_line, "ctrl_enter")
    assert shown_keys(shortcut("quit"), "ctrl_enter") == ("Ctrl+Q",)
