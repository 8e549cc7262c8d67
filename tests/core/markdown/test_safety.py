"""Untrusted answers stay harmless: no raw HTML, no fetched images, no dangerous links, no
disguising characters, escaped attributes."""

from __future__ import annotations

import random

import pytest

from dynaspark_desktop.core.markdown import (
    StreamingMarkdown,
    markdown_to_plain_text,
    neutralize_controls,
    render_markdown,
    safe_link_target,
)
from tests.core.markdown.helpers import assert_qt_subset_and_safe, links, parse_html

HOSTILE_HTML = [
    "<script>alert(1)</script>",
    '<img src="https://tracker.example/p.png">',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(https://evil.example)">x</div>',
    "<style>body{}</style>",
    "text <b onmouseover=alert(1)>bold</b>",
]


@pytest.mark.parametrize("text", HOSTILE_HTML)
def test_raw_html_is_shown_as_text(text: str) -> None:
    html = render_markdown(text).html
    assert_qt_subset_and_safe(html)
    tags, visible = parse_html(html)
    # Only paragraphs, and links for web addresses in the text (opened only on a click).
    assert {tag for tag, _ in tags} <= {"p", "a"}
    assert text.split(">")[0] in visible  # the markup is visible, as written


@pytest.mark.parametrize(
    "text",
    [
        "![tracker](https://tracker.example/p.png)",
        '![t](https://tracker.example/p.png "title")',
        "![ref][img]\n\n[img]: https://tracker.example/p.png",
        "![local](file:///etc/passwd)",
        "![data](data:image/png;base64,iVBORw0KGgo=)",
        "[![nested](https://tracker.example/p.png)](https://example.com)",
        "![](relative.png)",
    ],
)
def test_images_are_never_rendered_as_images(text: str) -> None:
    html = render_markdown(text).html
    assert "<img" not in html
    assert_qt_subset_and_safe(html)
    assert "[image: " in parse_html(html)[1]


def test_a_web_image_becomes_a_link_the_user_may_open() -> None:
    html = render_markdown("![chart](https://example.com/c.png)").html
    assert links(html) == ["https://example.com/c.png"]


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "jav&#x61;script:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "copy-code:0",
        "relative/path.html",
        "/absolute/path",
        "//evil.example/x",
        "#anchor",
        "http:no-authority",
        "ftp://example.com/file",
        "mailto:",
    ],
)
def test_links_other_than_web_and_mail_become_plain_text(target: str) -> None:
    html = render_markdown(f"[click me]({target}) and <{target}>").html
    assert links(html) == []
    assert "click me" in parse_html(html)[1]


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
        ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
    ],
)
def test_web_and_mail_links_stay_links(target: str, kept: str) -> None:
    assert links(render_markdown(f"[x]({target})").html) == [kept]


def test_a_forged_copy_link_is_not_a_link() -> None:
    rendered = render_markdown("[Copy](copy-code:0)\n\n```\nreal\n```\n")
    assert links(rendered.html) == ["copy-code:0"]
    assert len(rendered.code_blocks) == 1


def test_attribute_values_are_escaped() -> None:
    html = render_markdown("[x](<https://example.com/\"onmouseover='a'>)").html
    tags, _ = parse_html(html)
    anchors = [attrs for tag, attrs in tags if tag == "a"]
    assert len(anchors) == 1
    assert set(anchors[0]) == {"href", "title", "style"}
    assert "&#x27;" in html  # the quote inside the value cannot end it


BIDI_AND_CONTROLS = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
C0_C1 = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b"


def test_control_and_bidi_characters_are_neutralised_everywhere() -> None:
    text = f"safe{BIDI_AND_CONTROLS}{C0_C1}end\n\n```\ncode\u202e\x1b[31m\n```\n"
    rendered = render_markdown(text)
    for character in BIDI_AND_CONTROLS + C0_C1:
        assert character not in rendered.html
        assert character not in rendered.code_block(0)
        assert character not in markdown_to_plain_text(text)
    assert "\ufffd" in rendered.code_block(0)
    assert neutralize_controls("a\tb\nc\r") == "a\tb\nc\r"  # tab and line ends stay


def test_streamed_text_is_neutralised_too() -> None:
    stream = StreamingMarkdown()
    for character in "a\u202eb\x00c":
        stream.feed(character)
    stream.finish()
    assert stream.source == "a\ufffdb\ufffdc"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com", "https://example.com"),
        (" http://example.com/x ", "http://example.com/x"),
        ("mailto:a@b.c", "mailto:a@b.c"),
        ("https:///x", None),
        ("javascript:x", None),
        ("", None),
    ],
)
def test_safe_link_target(url: str, expected: str | None) -> None:
    assert safe_link_target(url) == expected


def test_random_markdown_soup_never_escapes_the_subset() -> None:
    alphabet = [
        *list("*_`~[]()<>!#>-+|:\\\n \t&;\"'=/x1"),
        "http://",
        "javascript:",
        "<img ",
        "```",
        "\n\n",
        "    ",
        "\u202e",
    ]
    rng = random.Random(99)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        html = render_markdown(text, rng.choice(["light", "dark"])).html
        assert_qt_subset_and_safe(html)
        assert "<img" not in html
        assert "\u202e" not in html
