"""Math, task lists and footnotes in the renderer: which text is a formula, what a formula
renders to, what stays as its source, and the limits on untrusted formulas."""

from __future__ import annotations

import re

import pytest

from dynaspark_desktop.core.markdown import (
    StreamingMarkdown,
    formulas,
    markdown_to_plain_text,
    render_markdown,
)
from dynaspark_desktop.core.markdown.extensions import MAX_FORMULA_CHARS_PER_BLOCK
from dynaspark_desktop.core.markdown.theme import palette_for
from tests.core.markdown.helpers import assert_qt_subset_and_safe, parse_html

_IMAGE = re.compile(r'<img src="(formula:[0-9a-f]+)"[^>]* title="([^"]*)"')


def typeset_sources(html: str) -> list[str]:
    """The source (the image's title) of every formula image, in order."""
    import html as html_module

    return [html_module.unescape(title) for _key, title in _IMAGE.findall(html)]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("inline $x^2$ here", ["$x^2$"]),
        ("brackets \\(a+b\\) here", ["\\(a+b\\)"]),
        ("display $$\\frac12$$ in a line", ["$$\\frac12$$"]),
        ("display \\[y\\] in a line", ["\\[y\\]"]),
        ("$$\nx = 1\n$$", ["$$\nx = 1\n$$"]),
        ("\\[\nx = 1\n\\]", ["\\[\nx = 1\n\\]"]),
        ("$$x = 1$$", ["$$x = 1$$"]),
        ("two $a$ and $b$.", ["$a$", "$b$"]),
        ("escaped \\$x$ is text", []),
        ("in code `$x$` is code", []),
    ],
)
def test_what_is_a_formula(text: str, sources: list[str]) -> None:
    html = render_markdown(text).html
    assert typeset_sources(html) == sources
    assert_qt_subset_and_safe(html)


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10.",
        "Between $5 and $6",
        "From $ 3 to $ 4",
        "Pay 5$ or 6$ now",
        "Only $20$30 left",
        "$$5 off, then $$10 more",
        "A lone $ sign",
    ],
)
def test_prices_are_not_math(text: str) -> None:
    html = render_markdown(text).html
    assert "<img" not in html
    assert parse_html(html)[1].strip() == text


@pytest.mark.parametrize(
    "source",
    [
        "$\\frac{a$",  # does not parse
        "$\\notacommand{x}$",  # a command the converter does not know
        "$\\begin{foo}x$",
        "$" + "x+" * (formulas.MAX_FORMULA_CHARS // 2) + "x$",  # too long a source
    ],
)
def test_a_formula_that_cannot_be_typeset_stays_as_its_source(source: str) -> None:
    rendered = render_markdown(f"Try {source} now")
    assert "<img" not in rendered.html
    assert rendered.formulas == ()
    shown = parse_html(rendered.html)[1].replace("\u200b", "")  # long runs get break points
    assert shown.strip() == f"Try {source} now"


def test_a_formula_larger_than_a_screen_stays_as_its_source() -> None:
    tall = "\\begin{matrix}" + "\\\\".join(["x"] * 200) + "\\end{matrix}"
    assert len(tall) < formulas.MAX_FORMULA_CHARS
    assert formulas.typeset(tall, display=True, color="#000000", size=16.0) is None


def test_an_unclosed_display_formula_is_its_source_streamed_or_not() -> None:
    text = "Look:\n\n$$\nx = \\frac{1}{2}\n\nand more text"
    rendered = render_markdown(text)
    assert "<img" not in rendered.html
    assert "x = \\frac{1}{2}" in parse_html(rendered.html)[1]
    stream = StreamingMarkdown()
    for piece in text:
        stream.feed(piece)
    stream.finish()
    assert stream.html == rendered.html


def test_formulas_past_a_blocks_budget_stay_as_their_source() -> None:
    # Long sources that typeset small (spaces do not count in math), in one list: one block.
    formula = "$x" + " " * 996 + "y$"
    count = MAX_FORMULA_CHARS_PER_BLOCK // len(formula) + 3
    rendered = render_markdown("".join(f"- {formula}\n" for _ in range(count)))
    shown = len(rendered.formulas)
    assert 0 < shown < count
    assert parse_html(rendered.html)[1].count("$") == 2 * (count - shown)


def test_a_rendering_carries_each_formulas_svg_in_the_text_colour() -> None:
    for scheme in ("light", "dark"):
        rendered = render_markdown("A $\\sqrt{2}$ B", scheme)  # type: ignore[arg-type]
        (formula,) = rendered.formulas
        assert f'src="{formula.key}"' in rendered.html
        assert formula.svg.startswith(b"<svg")
        assert palette_for(scheme).text.encode() in formula.svg  # type: ignore[arg-type]
        assert f'width="{formula.width}" height="{formula.height}"' in rendered.html


def test_hostile_dollars_are_bounded_work() -> None:
    # Every "$" could open a formula and none closes: each is looked for within the
    # formula limit, not to the end of the paragraph (pytest-timeout guards the time).
    text = "$a " * 6000
    rendered = render_markdown(text)
    assert rendered.formulas == ()
    many_openers = "\\[\n" * 3000 + "x"
    assert "<img" not in render_markdown(many_openers).html


def test_copying_as_plain_text_keeps_formulas_tasks_and_notes() -> None:
    text = (
        "Area $\\pi r^2$ and\n\n$$\nE = mc^2\n$$\n\n- [ ] open\n- [x] done\n\n"
        "A claim[^1] ~~not~~.\n\n[^1]: A note."
    )
    assert markdown_to_plain_text(text) == (
        "Area $\\pi r^2$ and\n\n$$\nE = mc^2\n$$\n\n- [ ] open\n- [x] done\n\n"
        "A claim[^1] not.\n\n[^1]: A note."
    )


def test_task_lists_and_footnotes_render_without_raw_html() -> None:
    html = render_markdown("- [ ] open\n- [x] done\n\nA claim[^n].\n\n[^n]: The note.").html
    assert_qt_subset_and_safe(html)
    text = parse_html(html)[1]
    assert "☐ open" in text
    assert "☑ done" in text
    assert "<input" not in html
    assert "<sup>" in html
    assert "[^n]" not in text


def test_without_the_typesetter_formulas_are_their_source(tmp_path: object) -> None:
    # A bundle without ziamath's font, say: the import fails once, is said once in the
    # log, and every formula is shown as written.
    import subprocess
    import sys

    probe = (
        "import sys, json\n"
        "sys.modules['ziamath'] = None  # an import that fails\n"
        "from dynaspark_desktop.core.markdown import render_markdown\n"
        "from dynaspark_desktop.core.markdown import formulas\n"
        "html = render_markdown('A $x^2$ and $y$ here').html\n"
        "print(json.dumps([html, formulas._unavailable is not None]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    import json

    html, remembered = json.loads(result.stdout)
    assert "<img" not in html
    assert parse_html(html)[1].strip() == "A $x^2$ and $y$ here"
    assert remembered
    assert result.stderr.count("no typesetter") <= 1
