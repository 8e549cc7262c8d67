"""Hostile answers cannot hang the renderer, and their text is not lost.

Each case must finish within a generous bound for a busy machine (the work limits keep them
well under a second here); these are sanity bounds, not performance assertions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from dynaspark_desktop.core.markdown import (
    StreamingMarkdown,
    markdown_to_plain_text,
    render_markdown,
)
from dynaspark_desktop.core.markdown.blocks import MAX_BLOCK_CHARS, MAX_SHOWN_CHARS
from dynaspark_desktop.core.markdown.render import MAX_QUOTE_TABLES
from dynaspark_desktop.core.markdown.sanitize import MAX_UNBROKEN_RUN, ZERO_WIDTH_SPACE
from tests.core.markdown.helpers import assert_qt_subset_and_safe, parse_html

SECONDS = 5.0
MEGABYTE = 1_000_000
# The cases below are 1-2 MB: rendered with a display limit above that, so that their end
# must be shown (the default limit, far lower, is tested at the end of this file).
WHOLE = {"shown_chars": 3 * MEGABYTE}


def within_bound(work: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    return result


CASES = {
    "one 1 MB line": "word " * (MEGABYTE // 5) + "END",
    "1 MB of [": "[" * MEGABYTE + "END",
    "1 MB of ![a": "![a" * (MEGABYTE // 3) + "END",
    "1 MB of *a": "*a " * (MEGABYTE // 3) + "END",
    "1 MB of backticks": "`a " * (MEGABYTE // 3) + "END",
    "10,000 nested quotes": ">" * 10_000 + " END",
    "1,000 lines of deepening quotes": "\n".join(">" * depth + " q" for depth in range(1, 1_000))
    + "\nEND",
    "10,000 nested list markers": "- " * 10_000 + "END",
    "10,000 nested ordered markers": "1. " * 10_000 + "END",
    "quotes and lists mixed 5,000 deep": "> - " * 5_000 + "END",
    "1,000 deeply indented list levels": "\n".join("  " * depth + "- x" for depth in range(1_000))
    + "\nEND",
    "a table of 30,000 rows": "|a|b|c|\n|-|-|-|\n" + "|1|2|3|\n" * 30_000 + "END",
    "a table of 10,000 columns": "|"
    + "a|" * 10_000
    + "\n|"
    + "-|" * 10_000
    + "\n"
    + ("|" + "x|" * 10_000 + "\n") * 10
    + "\nEND",
    "a table of 100,000 empty rows": "|a|b|\n|-|-|\n" + "|\n" * 100_000 + "\nEND",
    "500,000 short lines": "a\n" * 500_000 + "END",
    "100,000 list items": "- item\n" * 100_000 + "END",
    "a 1 MB code block": "```python\n" + "x = [1, 2, 3]  # c\n" * 55_000 + "```\nEND",
    "an unclosed 1 MB code block": "```\n" + "x\n" * MEGABYTE + "END",
    "50,000 nested emphasis": "*" * 50_000 + "a" + "*" * 50_000 + "\n\nEND",
    "1 MB of blank lines": "\n" * MEGABYTE + "END",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_shot_rendering_is_bounded_and_keeps_the_text(name: str) -> None:
    text = CASES[name]
    rendered = within_bound(lambda: render_markdown(text, **WHOLE))
    html = rendered.html  # type: ignore[attr-defined]
    assert_qt_subset_and_safe(html)
    visible = parse_html(html)[1].replace(ZERO_WIDTH_SPACE, "")
    assert "END" in visible, "the end of the text was lost"


@pytest.mark.parametrize(
    "name",
    [
        "one 1 MB line",
        "1 MB of ![a",
        "10,000 nested quotes",
        "a table of 100,000 empty rows",
        "500,000 short lines",
        "an unclosed 1 MB code block",
    ],
)
def test_streaming_is_bounded_and_ends_as_one_shot(name: str) -> None:
    # 200 updates: a fast stream throttled to the frame rate.
    text = CASES[name]
    step = len(text) // 200 + 1

    def stream_all() -> str:
        stream = StreamingMarkdown(**WHOLE)
        for position in range(0, len(text), step):
            stream.feed(text[position : position + step])
        stream.finish()
        return stream.html

    assert within_bound(stream_all) == render_markdown(text, **WHOLE).html


@pytest.mark.parametrize("name", ["1 MB of [", "10,000 nested quotes", "a table of 30,000 rows"])
def test_plain_text_copy_is_bounded(name: str) -> None:
    text = CASES[name]
    plain = within_bound(lambda: markdown_to_plain_text(text))
    assert "END" in str(plain)


def test_deep_nesting_shows_the_rest_as_text_and_outer_items_go_on() -> None:
    html = render_markdown("- " * 40 + "deep\n- outer sibling\n").html
    visible = parse_html(html)[1]
    assert "deep" in visible
    assert "outer sibling" in visible
    assert html.count("<ul>") < 12


def test_a_huge_table_is_shown_as_copyable_source() -> None:
    text = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 1_500
    rendered = render_markdown(text)
    assert "<td" not in rendered.html.replace('<td bgcolor="', "").replace("<td colspan", "")
    assert rendered.code_block(0).startswith("| a | b |\n|---|---|\n| 1 | 2 |")


def test_long_unbroken_runs_get_places_to_wrap() -> None:
    # Qt's layout time grows with the square of a run without break opportunities.
    text = "x" * (MAX_UNBROKEN_RUN * 3) + " `" + "y" * (MAX_UNBROKEN_RUN + 1) + "`"
    visible = parse_html(render_markdown(text).html)[1]
    runs = visible.replace(" ", ZERO_WIDTH_SPACE).split(ZERO_WIDTH_SPACE)
    assert max(len(run) for run in runs) <= MAX_UNBROKEN_RUN
    assert visible.replace(ZERO_WIDTH_SPACE, "").strip() == text.replace("`", "")


def test_code_copied_from_a_block_has_no_added_breaks() -> None:
    code = "z" * (MAX_UNBROKEN_RUN * 2)
    rendered = render_markdown(f"```\n{code}\n```\n")
    assert ZERO_WIDTH_SPACE in rendered.html
    assert rendered.code_block(0) == code


def test_deep_quotes_nest_as_cheap_indents_past_a_few_tinted_levels() -> None:
    html = render_markdown(">" * 12 + " deep").html
    assert html.count("<table") == MAX_QUOTE_TABLES
    assert html.count("<blockquote>") == 12 - MAX_QUOTE_TABLES
    assert html.count("</blockquote>") == 12 - MAX_QUOTE_TABLES


def test_past_the_shown_limit_only_the_count_is_shown_but_copies_have_everything() -> None:
    text = "line of text\n" * (MAX_SHOWN_CHARS // 13 + 100_000) + "END"
    rendered = within_bound(lambda: render_markdown(text))
    html = rendered.html  # type: ignore[attr-defined]
    assert len(html) < MAX_SHOWN_CHARS * 1.2
    assert "more characters are not shown" in html
    assert "END" not in html
    plain = within_bound(lambda: markdown_to_plain_text(text))
    assert str(plain).endswith("END")
    assert len(str(plain)) == len(text)

    stream = StreamingMarkdown()
    step = len(text) // 50
    notices = 0
    for position in range(0, len(text), step):
        update = stream.feed(text[position : position + step])
        notices += "more characters are not shown" in update.tail_html
    stream.finish()
    assert notices > 0
    assert stream.html == html
    assert stream.source == text


@pytest.mark.parametrize(
    "text",
    [
        "A paragraph of prose, with *some* emphasis.\n\n" * (MEGABYTE // 45) + "END",
        "https://example.com/a/b\n" * (MEGABYTE // 24) + "END",
        ("```python\n" + "x = [1, 2, 3]\n" * 30 + "```\n\n") * (MEGABYTE // 450) + "END",
    ],
    ids=["1 MB of paragraphs", "1 MB of link lines", "1 MB of code blocks"],
)
def test_markdown_is_shown_up_to_the_display_limit_too(text: str) -> None:
    # Not only plain text past the Markdown budget: a Markdown answer stops at the limit.
    rendered = render_markdown(text)
    assert "END" not in parse_html(rendered.html)[1]
    assert 0 < rendered.omitted_chars < len(text) - MAX_SHOWN_CHARS + 1
    # A block that starts before the limit is shown whole (a block is at most so long).
    assert rendered.block_ends[-1] <= MAX_SHOWN_CHARS + MAX_BLOCK_CHARS
    assert "".join(rendered.blocks) in rendered.html
    # A higher limit shows the same blocks first, then more: "Show more" only adds.
    more = render_markdown(text, shown_chars=2 * MAX_SHOWN_CHARS)
    assert more.blocks[: len(rendered.blocks)] == rendered.blocks
    assert len(more.blocks) > len(rendered.blocks)
    assert more.omitted_chars < rendered.omitted_chars
