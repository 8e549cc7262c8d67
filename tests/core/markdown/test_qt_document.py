"""The renderer's HTML as Qt's rich-text engine reads it: the structure the widget relies on,
no image, only safe anchors.

Qt runs in a child process: the core tests stay free of Qt (and a QApplication created
among them trips a PySide6 crash at interpreter exit, seen with 6.12 and Python 3.11).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

REPO_ROOT = Path(__file__).resolve().parents[3]

PROBE = r"""
import json, sys
from PySide6.QtGui import QTextDocument, QTextTable
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.core.markdown import render_markdown
from tests.core.markdown.corpus import CORPUS

app = QApplication(sys.argv[:1])
HOSTILE = (
    '![x](https://tracker.example/p.png) <img src="file:///etc/passwd">'
    ' [a](javascript:alert(1)) <a href="file:///x">b</a>\n'
)


def load(html):
    document = QTextDocument()
    document.setHtml(html)
    document.setTextWidth(600)
    document.size()
    return document


def fragments(document):
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator.fragment()
            iterator += 1
        block = block.next()


def describe(fragment):
    char_format = fragment.charFormat()
    return {
        "text": fragment.text(),
        "image": char_format.isImageFormat(),
        "href": char_format.anchorHref() if char_format.isAnchor() else None,
        "families": list(char_format.fontFamilies() or []),
        "color": char_format.foreground().color().name(),
        "tooltip": char_format.toolTip(),
    }


result = {}
for scheme in ("light", "dark"):
    document = load(render_markdown("\n\n".join([*CORPUS.values(), HOSTILE]), scheme).html)
    result["corpus_" + scheme] = [describe(f) for f in fragments(document)]

document = load(render_markdown("```python\nx = 1\n```\n", "dark").html)
tables = [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]
result["code_tables"] = [
    {
        "background": table.format().background().color().name(),
        "width_percent": table.format().width().rawValue(),
        "header_background": table.cellAt(0, 0).format().background().color().name(),
    }
    for table in tables
]
result["code_fragments"] = [describe(f) for f in fragments(document)]
document = load(render_markdown("[text](https://example.com/x)", "dark").html)
result["link_fragments"] = [describe(f) for f in fragments(document)]
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def qt_view() -> dict[str, Any]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_image_and_only_safe_anchors(qt_view: dict[str, Any], scheme: str) -> None:
    fragments = qt_view[f"corpus_{scheme}"]
    assert fragments
    assert not any(fragment["image"] for fragment in fragments)
    hrefs = [fragment["href"] for fragment in fragments if fragment["href"] is not None]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("http://", "https://", "mailto:", "copy-code:")), href


def test_a_code_block_is_a_full_width_tinted_table_with_a_copy_anchor(
    qt_view: dict[str, Any],
) -> None:
    from dynaspark_desktop.core.markdown.theme import PALETTES

    palette = PALETTES["dark"]
    assert qt_view["code_tables"] == [
        {
            "background": palette.code_background,
            "width_percent": 100,
            "header_background": palette.code_header_background,
        }
    ]
    fragments = qt_view["code_fragments"]
    anchors = [fragment for fragment in fragments if fragment["href"] is not None]
    assert [(anchor["href"], anchor["text"]) for anchor in anchors] == [("copy-code:0", "Copy")]
    code = [fragment for fragment in fragments if fragment["text"].startswith("x")]
    assert code
    assert "monospace" in code[0]["families"]


def test_links_carry_the_scheme_colour_and_a_tooltip_with_their_target(
    qt_view: dict[str, Any],
) -> None:
    from dynaspark_desktop.core.markdown.theme import PALETTES

    link = next(f for f in qt_view["link_fragments"] if f["href"] is not None)
    assert link["color"] == PALETTES["dark"].link
    assert link["tooltip"] == "https://example.com/x"
