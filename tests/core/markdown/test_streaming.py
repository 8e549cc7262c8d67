"""Streaming: what is shown while an answer arrives, and what it ends as, equal one-shot
rendering for any chunking; an update's cost does not grow with the answer."""

from __future__ import annotations

import random

import pytest

from dynaspark_desktop.core.markdown import StreamingMarkdown, render_markdown
from dynaspark_desktop.core.markdown import blocks as blocks_module
from dynaspark_desktop.core.markdown import streaming as streaming_module
from dynaspark_desktop.core.markdown.render import render_block
from tests.core.markdown.corpus import CORPUS, long_answer

CHUNK_SIZES = (1, 1, 2, 3, 4, 5, 8, 13, 40, 200)


def random_chunks(text: str, rng: random.Random) -> list[str]:
    chunks = []
    position = 0
    while position < len(text):
        size = rng.choice(CHUNK_SIZES)
        chunks.append(text[position : position + size])
        position += size
    return chunks


def normalized(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_cutting_into_blocks_changes_nothing_against_parsing_the_whole_text(name: str) -> None:
    # The proof that block boundaries are safe: markdown-it over the whole text gives the
    # same HTML as the blocks rendered one by one.
    text = CORPUS[name]
    whole = render_block(normalized(text), "light")
    rendered = render_markdown(text, "light")
    assert rendered.html == whole.html
    assert rendered.code_blocks == whole.code_blocks


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_streamed_rendering_equals_one_shot_for_random_chunkings(name: str) -> None:
    text = CORPUS[name]
    expected = render_markdown(text, "dark")
    rng = random.Random(20240611)
    for _ in range(15):
        stream = StreamingMarkdown("dark")
        completed = []
        for chunk in random_chunks(text, rng):
            completed.append(stream.feed(chunk).completed_html)
            # What is on screen is always the text so far, rendered as a whole (as the open
            # end of an answer: emphasis not closed yet is plain text).
            assert stream.html == render_block(stream.source, "dark", still_open=True).html
        final = stream.finish()
        completed.append(final.completed_html)
        assert final.tail_html == ""
        assert "".join(completed) == expected.html
        assert stream.html == expected.html
        assert stream.code_blocks == expected.code_blocks


def test_a_long_answer_streamed_token_by_token_ends_as_one_shot() -> None:
    text = long_answer(120)
    stream = StreamingMarkdown()
    rng = random.Random(7)
    for chunk in random_chunks(text, rng):
        stream.append(chunk)
        if rng.random() < 0.3:  # the widget updates at most once per frame
            stream.update()
    stream.finish()
    assert stream.html == render_markdown(text).html
    assert stream.source == text


def test_an_update_renders_only_the_open_block(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    rendered: list[int] = []
    real_parse = blocks_module.parse_block_structure
    real_render = streaming_module.render_block

    def counting_parse(source: str) -> object:
        parsed.append(len(source))
        return real_parse(source)

    def counting_render(source: str, *args: object, **options: object) -> object:
        rendered.append(len(source))
        return real_render(source, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(blocks_module, "parse_block_structure", counting_parse)
    monkeypatch.setattr(streaming_module, "render_block", counting_render)
    text = long_answer(400)
    stream = StreamingMarkdown()
    for position in range(0, len(text), 4):
        stream.feed(text[position : position + 4])
    stream.finish()
    largest_block = max(len(part) for part in text.split("\n\n")) * 3
    assert len(text) > 15_000
    assert max(parsed) < largest_block
    assert max(rendered) < largest_block
    # Each character is parsed and rendered a bounded number of times, not once per update.
    updates = len(text) / 4
    assert sum(rendered) < updates * largest_block


def test_completed_html_is_only_ever_appended() -> None:
    text = CORPUS["answer"]
    stream = StreamingMarkdown()
    shown_completed = ""
    for position in range(0, len(text), 3):
        update = stream.feed(text[position : position + 3])
        shown_completed += update.completed_html
        assert stream.completed_html == shown_completed
        assert stream.html == shown_completed + update.tail_html
    shown_completed += stream.finish().completed_html
    assert shown_completed == render_markdown(text).html


def test_a_loose_list_and_a_fence_with_blank_lines_stay_whole_while_streaming() -> None:
    text = "- one\n\n- two\n\n  more of two\n\n- three\n\n```\na\n\n\nb\n```\nafter\n"
    stream = StreamingMarkdown()
    for character in text:
        update = stream.feed(character)
        assert stream.html.count("<ul>") <= 1
        assert update.completed_html.count("<table") <= 1
    stream.finish()
    assert stream.html.count("<ul>") == 1
    assert stream.html.count("<li>") == 3
    assert stream.code_blocks == ("a\n\n\nb",)


def test_code_blocks_are_numbered_in_order_and_give_their_raw_text() -> None:
    text = "```py\nfirst = 1\n```\n\ntext\n\n~~~\n<second>\n~~~\n\n    third\n"
    stream = StreamingMarkdown()
    for character in text:
        stream.feed(character)
        for index in range(len(stream.code_blocks)):
            assert f'href="copy-code:{index}"' in stream.html
    stream.finish()
    assert stream.code_blocks == ("first = 1", "<second>", "third")
    assert stream.code_block(1) == "<second>"
    assert "&lt;second&gt;" in stream.html


def test_an_open_code_block_grows_while_streaming() -> None:
    stream = StreamingMarkdown()
    stream.feed("```python\nx = 1\n")
    assert stream.code_blocks == ("x = 1",)
    update = stream.feed("y = 2\n")
    assert update.tail_changed
    assert stream.code_block(0) == "x = 1\ny = 2"


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    stream = StreamingMarkdown()
    for chunk in ("a\r", "\nb\r", "\r\nc\r"):
        stream.feed(chunk)
    stream.finish()
    assert stream.source == "a\nb\n\nc\n"
    assert stream.html == render_markdown("a\r\nb\r\n\r\nc\r").html


def test_an_update_without_new_text_changes_nothing() -> None:
    stream = StreamingMarkdown()
    assert stream.feed("Hello *wor").changed
    update = stream.update()
    assert not update.changed
    assert update.tail_html == stream.html


def test_finish_is_final() -> None:
    stream = StreamingMarkdown()
    stream.feed("text")
    assert stream.finish().finished
    assert not stream.finish().changed
    with pytest.raises(RuntimeError):
        stream.append("more")


def test_an_unknown_colour_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="scheme"):
        StreamingMarkdown("sepia")  # type: ignore[arg-type]


def test_past_the_work_budget_the_rest_is_plain_text_streamed_or_not() -> None:
    paragraph = "Some *text* here.\n\n"
    text = paragraph * (blocks_module.MARKDOWN_BUDGET_CHARS // len(paragraph) + 500)
    # Shown whole (the display limit is below the budget by default).
    whole = 2 * len(text)
    expected = render_markdown(text, shown_chars=whole)
    assert "*text*" in expected.html  # the tail end is shown as written
    assert "<em>text</em>" in expected.html  # the start as Markdown
    stream = StreamingMarkdown(shown_chars=whole)
    rng = random.Random(3)
    position = 0
    while position < len(text):
        size = rng.choice((7, 500, 5_000))
        stream.feed(text[position : position + size])
        position += size
    stream.finish()
    assert stream.html == expected.html


def _texts_while_streaming(chunks: list[str]) -> list[str]:
    stream = StreamingMarkdown()
    return [stream.feed(chunk).tail_html for chunk in chunks]


def test_unclosed_emphasis_is_plain_text_while_it_streams_and_bold_once_closed() -> None:
    tails = _texts_while_streaming(["Python has ", "**", "tw", "o*", "*", " ways"])
    # No marker flashes, before or after the first letters; "two" is plain until closed.
    assert [tail.count("*") for tail in tails] == [0, 0, 0, 0, 0, 0]
    assert "<strong>" not in tails[2]
    assert "Python has tw</p>" in tails[2]
    assert "<strong>two</strong>" in tails[4]
    assert "<strong>two</strong> ways" in tails[5]


def test_markers_that_cannot_open_stay_as_written_while_streaming() -> None:
    tail = _texts_while_streaming(["2*3 = 6 and snake_case_name, a * b"])[0]
    assert "2*3 = 6 and snake_case_name, a * b" in tail


def test_strikethrough_and_underscores_wait_for_their_closer_too() -> None:
    tails = _texts_while_streaming(["was ~~old", " price~~ and __new", "__"])
    assert "~" not in tails[0]
    assert "was old" in tails[0]
    assert "<s>old price</s>" in tails[1]
    assert "_" not in tails[1]
    assert "<strong>new</strong>" in tails[2]


def test_emphasis_never_closed_is_shown_as_written_when_the_answer_ends() -> None:
    stream = StreamingMarkdown()
    stream.feed("Costs **a lot")
    final = stream.finish()
    assert "Costs **a lot" in final.completed_html
    assert stream.html == render_markdown("Costs **a lot").html
