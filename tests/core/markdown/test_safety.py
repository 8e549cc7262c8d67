"""Untrusted answers stay harmless: no raw HTML, no fetched images, no dangerous links, no
disguising characters, escaped attributes."""

from __future__ import annotations

import random

import pytest

from dynaspark_desktop.core.markdown import (
    StreamingMarkdown,
    markdown_source,
    markdown_to_plain_text,
    neutralize_controls,
    render_markdown,
    safe_link_target,
)
from dynaspark_desktop.core.markdown.sanitize import ZERO_WIDTH_SPACE
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
        # The only images are typeset formulas, named as in-memory resources.
        assert html.count("<img") == html.count('<img src="formula:')
        assert "\u202e" not in html


INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u206a\u3164\U000e0041"


def test_invisible_characters_are_neutralised_everywhere() -> None:
    text = f"pay{INVISIBLE}pal\u200d.com\u200c and `co\u200bde`\n\n```\nx\u2060y\n```\n"
    rendered = render_markdown(text)
    shown = parse_html(rendered.html)[1]
    for character in INVISIBLE + "\u200c\u200d":
        assert character not in shown
        assert character not in rendered.code_block(0)
        assert character not in markdown_to_plain_text(text)
    assert shown.count("\ufffd") == len(INVISIBLE) + 4


def test_joiners_inside_emoji_and_scripts_that_need_them_are_kept() -> None:
    family = "\U0001f469\u200d\U0001f4bb"  # woman technologist: one emoji, with a joiner
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "mi-khaham", with ZWNJ
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    text = f"{family} {persian} {england}"
    assert neutralize_controls(text) == text
    assert family in parse_html(render_markdown(text).html)[1]


def test_neutralising_does_not_depend_on_how_a_stream_is_cut() -> None:
    text = (
        "a\u200db \U0001f469\u200d\U0001f4bb c\u200c \U0001f3f4\U000e0067\U000e007f"
        " \x01\u200d\u00e9 \u00e9\u200d\x7f x\u200d"
    )
    expected = render_markdown(text)
    for cut in range(1, len(text)):
        stream = StreamingMarkdown()
        stream.feed(text[:cut])
        stream.feed(text[cut:])
        stream.finish()
        assert stream.source == markdown_source(text)
        assert stream.html == expected.html


def test_the_guard_against_long_runs_is_not_undone_by_neutralising() -> None:
    # Its zero-width spaces are added after neutralising: a run of hidden characters is
    # shown as marks and still gets its places to wrap.
    text = "\u200b" * 1_200 + "z" * 1_200
    shown = parse_html(render_markdown(text).html)[1]
    assert shown.count(ZERO_WIDTH_SPACE) >= 4
    assert shown.replace(ZERO_WIDTH_SPACE, "").strip() == "\ufffd" * 1_200 + "z" * 1_200


@pytest.mark.parametrize(
    ("markdown", "real_host"),
    [
        ("[paypal.com](https://evil.example/login)", "evil.example"),
        ("[https://www.bank.com/](https://bank.com.evil.example/)", "bank.com.evil.example"),
        ("[Log in at bank.com now](https://evil.example)", "evil.example"),
        ("[goo\u200bgle.com](https://google.com)", "google.com"),
        ("https://goo\u200bgle.com/x", "xn--google-d078a.com"),
        ("[paypal\u3002com](https://evil.example/)", "evil.example"),
        ("[paypal\uff0ecom](https://evil.example/)", "evil.example"),
        ("[paypal\u2024com](https://evil.example/)", "evil.example"),
    ],
)
def test_a_link_whose_text_names_another_host_shows_the_real_one(
    markdown: str, real_host: str
) -> None:
    html = render_markdown(markdown).html
    assert_qt_subset_and_safe(html)
    assert html.count("<a ") == 1
    after_link = parse_html(html.split("</a>", 1)[1])[1]
    assert f"({real_host})" in after_link


@pytest.mark.parametrize(
    "markdown",
    [
        "[example.com](https://example.com/page)",
        "[https://www.example.com/a](https://example.com/b)",
        "[example.com](https://docs.example.com/)",
        "[the docs](https://evil.example)",  # names no host: the tooltip tells the target
        "https://example.com/file.txt",
        "https://пример.рф/путь",
        "[mail me](mailto:a@example.com)",
    ],
)
def test_links_that_name_their_own_host_get_no_note(markdown: str) -> None:
    html = render_markdown(markdown).html
    assert "<span" not in html
    assert html.count("<a ") == 1
