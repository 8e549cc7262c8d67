"""What answers look like: the Markdown chat users expect, in HTML Qt's engine supports."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.markdown import render_markdown
from dynaspark_desktop.core.markdown.theme import PALETTES
from tests.core.markdown.corpus import CORPUS
from tests.core.markdown.helpers import assert_qt_subset_and_safe, links, parse_html


def html_of(text: str, scheme: str = "light") -> str:
    return render_markdown(text, scheme).html  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_renders_to_qt_supported_html_only(name: str, scheme: str) -> None:
    assert_qt_subset_and_safe(html_of(CORPUS[name], scheme))


def test_headings_emphasis_and_breaks() -> None:
    html = html_of("# Title\n\n### Small\n\n*a* **b** ~~c~~\nnext line")
    assert "<h1>Title</h1>" in html
    assert "<h3>Small</h3>" in html
    assert "<em>a</em> <strong>b</strong> <s>c</s><br />" in html


def test_lists_keep_their_numbers_and_nesting() -> None:
    html = html_of("3. three\n4. four\n   - nested\n")
    assert '<ol start="3">' in html
    assert html.index("<ul>") > html.index("four")


def test_tables_have_borders_padding_header_tint_and_column_alignment() -> None:
    html = html_of("| L | C | R |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    tags, _ = parse_html(html)
    table = next(attrs for tag, attrs in tags if tag == "table")
    assert table["border"] == "1"
    assert table["cellpadding"]
    assert "border-collapse:collapse" in str(table["style"])
    headers = [attrs for tag, attrs in tags if tag == "th"]
    assert [header["align"] for header in headers] == ["left", "center", "right"]
    assert all(header["bgcolor"] == PALETTES["light"].table_header_background for header in headers)
    assert [attrs["align"] for tag, attrs in tags if tag == "td"] == ["left", "center", "right"]


def test_a_table_right_after_a_code_block_keeps_its_formatting() -> None:
    # Qt's own Markdown importer loses the table here; the reason for this renderer.
    html = html_of("```\ncode\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert html.count("<table") == 2
    assert "<th>" in html.replace(
        ' bgcolor="' + PALETTES["light"].table_header_background + '"', ""
    )


def test_quotes_are_a_tinted_table_with_a_bar() -> None:
    palette = PALETTES["dark"]
    html = html_of("> quoted\n> > deeper", "dark")
    assert html.count(f'bgcolor="{palette.quote_bar}"') == 2
    assert html.count(f'bgcolor="{palette.quote_background}"') == 2
    assert "<p>quoted</p>" in html


def test_inline_code_is_tinted_and_escaped() -> None:
    palette = PALETTES["light"]
    html = html_of("use `<b>x</b>` here")
    assert f'<code style="background-color:{palette.inline_code_background}">' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_code_block_has_a_label_a_copy_link_and_colours() -> None:
    rendered = render_markdown('```python\nprint("hi")  # greet\n```\n', "dark")
    palette = PALETTES["dark"]
    html = rendered.html
    assert f'bgcolor="{palette.code_background}"' in html
    assert f'bgcolor="{palette.code_header_background}"' in html
    assert ">python</span>" in html
    assert '<a href="copy-code:0"' in html
    assert ">Copy</a>" in html
    assert '<span style="color:#' in html
    assert "<pre " in html
    assert "white-space:pre-wrap" in html
    assert rendered.code_block(0) == 'print("hi")  # greet'


def test_light_and_dark_code_colours_differ() -> None:
    text = "```python\ndef f():\n    return 'x'\n```\n"
    assert html_of(text, "light") != html_of(text, "dark")


@pytest.mark.parametrize(
    ("info", "label"),
    [
        ("", "code"),
        ("nosuchlanguage", "nosuchlanguage"),
        ("js title='x'", "js"),
        ("<script>", "&lt;script&gt;"),
        ("x" * 80, "x" * 31 + "…"),
    ],
)
def test_the_language_label(info: str, label: str) -> None:
    html = html_of(f"```{info}\nbody <here>\n```\n")
    assert f">{label}</span>" in html
    assert "body <here>" in parse_html(html)[1]


def test_unknown_languages_are_shown_unhighlighted() -> None:
    html = html_of("```nosuchlanguage\nx = 1\n```\n")
    pre = html.split("<pre", 1)[1]
    assert "<span" not in pre


def test_tabs_in_code_show_as_four_spaces_but_copy_as_tabs() -> None:
    rendered = render_markdown("```\n\tindented\n```\n")
    assert "    indented" in rendered.html
    assert rendered.code_block(0) == "\tindented"


def test_links_and_bare_urls() -> None:
    html = html_of(
        "[docs](https://example.com/a) and https://example.org/b. Also (https://example.org/c)"
        " and <mail@example.com>, not `https://in.code`"
    )
    assert links(html) == [
        "https://example.com/a",
        "https://example.org/b",
        "https://example.org/c",
        "mailto:mail@example.com",
    ]
    assert "title=" in html  # the real target shows in a tooltip
    assert f"color:{PALETTES['light'].link}" in html


def test_empty_input_renders_nothing() -> None:
    assert render_markdown("").html == ""
    assert render_markdown("\n\n  \n").html == ""
