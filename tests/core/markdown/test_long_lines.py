"""Answers of one huge line: streamed at a cost that does not grow with the line, shown up
to the display cap with a note, copied whole."""

from __future__ import annotations

import random

import pytest

from dynaspark_desktop.core.markdown import (
    StreamingMarkdown,
    markdown_source,
    markdown_to_plain_text,
    render_markdown,
)
from dynaspark_desktop.core.markdown import streaming as streaming_module
from dynaspark_desktop.core.markdown.blocks import MAX_LINE_CHARS, MAX_SHOWN_CHARS
from dynaspark_desktop.core.markdown.sanitize import ZERO_WIDTH_SPACE
from tests.core.markdown.helpers import assert_qt_subset_and_safe, parse_html

MEGABYTE = 1_000_000
NOT_SHOWN = "more characters are not shown"


def visible_text(html: str) -> str:
    return parse_html(html)[1].replace(ZERO_WIDTH_SPACE, "").replace("\n", "")


@pytest.mark.parametrize(
    "text",
    ["x" * MEGABYTE + "END", "word " * (MEGABYTE // 5) + "END"],
    ids=["a 1 MB run", "a 1 MB line of words"],
)
def test_streaming_one_huge_line_renders_each_character_a_bounded_number_of_times(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []
    real_block = streaming_module.render_block
    real_plain = streaming_module.render_plain_block

    def counting_block(source: str, *args: object, **options: object) -> object:
        rendered.append(len(source))
        return real_block(source, *args, **options)  # type: ignore[arg-type]

    def counting_plain(source: str) -> str:
        rendered.append(len(source))
        return real_plain(source)

    monkeypatch.setattr(streaming_module, "render_block", counting_block)
    monkeypatch.setattr(streaming_module, "render_plain_block", counting_plain)
    # A display limit above the line's length: the whole line is handed out.
    stream = StreamingMarkdown(shown_chars=2 * MEGABYTE)
    step = len(text) // 200 + 1
    handed_out_before_the_end = 0
    for position in range(0, len(text), step):
        update = stream.feed(text[position : position + step])
        handed_out_before_the_end += len(update.completed_html)
        # The open tail stays small: the line is handed out in pieces as it grows.
        assert len(update.tail_html) < 2 * MAX_LINE_CHARS
    stream.finish()
    # Each character is rendered a few times, not once per update (200 updates).
    assert sum(rendered) < 20 * len(text)
    assert handed_out_before_the_end > len(text) // 2
    assert visible_text(stream.html) == text


def test_markdown_before_a_huge_line_stays_markdown_and_the_line_is_plain_text() -> None:
    text = "# Title\n\nSome *text*.\n\n" + "word *x* " * (MAX_LINE_CHARS // 6) + "\n\nAfter *it*\n"
    expected = render_markdown(text).html
    assert "<h1>" in expected
    assert "<em>text</em>" in expected
    assert "After *it*" in expected  # past the long line, as written
    assert_qt_subset_and_safe(expected)
    rng = random.Random(12)
    for _ in range(3):
        stream = StreamingMarkdown()
        position = 0
        while position < len(text):
            size = rng.choice((1, 7, 300, 5_000, 40_000))
            stream.feed(text[position : position + size])
            position += size
        stream.finish()
        assert stream.html == expected


def test_a_huge_line_is_cut_at_spaces_and_loses_nothing() -> None:
    words = " ".join(f"w{number}" for number in range(60_000))
    html = render_markdown(words, shown_chars=2 * len(words)).html
    paragraphs = [parse_html(piece)[1] for piece in html.split("</p>") if piece]
    assert len(paragraphs) > 2
    # Every piece but the last ends at a space: no word is cut in two.
    assert all(piece.endswith(" ") for piece in paragraphs[:-1])
    assert "".join(paragraphs) == words


def test_a_huge_one_line_answer_is_shown_up_to_the_cap_with_a_note() -> None:
    text = "y" * (MAX_SHOWN_CHARS * 5) + "END"
    rendered = render_markdown(text)
    assert len(rendered.html) < MAX_SHOWN_CHARS * 1.2
    assert NOT_SHOWN in rendered.html
    assert "END" not in rendered.html
    # Copies keep all of it.
    assert markdown_source(text) == text
    assert markdown_to_plain_text(text) == text

    stream = StreamingMarkdown()
    step = len(text) // 40 + 1
    for position in range(0, len(text), step):
        stream.feed(text[position : position + step])
    stream.finish()
    assert stream.html == rendered.html
    assert stream.source == text


@pytest.mark.parametrize(
    "text",
    ["word " * 2_000_000, "line of text\n" * 800_000, "```\n" + "x\n" * 3_000_000],
    ids=["one 10 MB line", "10 MB of lines", "an unclosed 6 MB code block"],
)
def test_a_whole_answer_past_the_display_cap_renders_as_one_append_would(text: str) -> None:
    # render_markdown renders what can be shown first and only counts the rest: the result
    # is the same as handing the renderer everything at once.
    from dynaspark_desktop.core.markdown.streaming import StreamingMarkdown

    reference = StreamingMarkdown()
    reference.append(text)
    reference.finish()
    assert render_markdown(text).html == reference.html
