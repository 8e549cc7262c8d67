"""The event-stream parser: pieces split anywhere, comments, multi-line data, line endings."""

from __future__ import annotations

import asyncio

import pytest

from dynaspark_desktop.providers.sse import SSEEvent, SSEParser, iter_sse

STREAM = (
    ": OPENROUTER PROCESSING\n\n"
    'data: {"text": "Grüße 👋"}\n\n'
    "event: error\n"
    "data: first line\n"
    "data: second line\n"
    "id: 7\n"
    "retry: 1500\n\n"
    "data:no space after the colon\n\n"
    "data: [DONE]\n\n"
).encode()

EXPECTED = [
    SSEEvent('{"text": "Grüße 👋"}'),
    SSEEvent("first line\nsecond line", event="error", id="7", retry=1500),
    SSEEvent("no space after the colon", id="7"),
    SSEEvent("[DONE]", id="7"),
]


def feed_in_pieces(data: bytes, size: int) -> list[SSEEvent]:
    parser = SSEParser()
    events: list[SSEEvent] = []
    for start in range(0, len(data), size):
        events += parser.feed(data[start : start + size])
    return events + parser.finish()


def test_a_whole_stream_at_once():
    assert feed_in_pieces(STREAM, len(STREAM)) == EXPECTED


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 13])
def test_pieces_split_anywhere_even_inside_a_character(size):
    # Size 1 splits every multi-byte UTF-8 character ("ü", "ß", "👋") between chunks.
    assert feed_in_pieces(STREAM, size) == EXPECTED


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_other_line_endings(ending):
    data = STREAM.decode().replace("\n", ending).encode()
    assert feed_in_pieces(data, 1) == EXPECTED
    assert feed_in_pieces(data, len(data)) == EXPECTED


def test_a_crlf_split_between_chunks_is_one_line_end():
    parser = SSEParser()
    assert parser.feed(b"data: a\r") == []
    assert parser.feed(b"\n\r") == []
    assert parser.feed(b"\ndata: b\r\n\r\n") == [SSEEvent("a"), SSEEvent("b")]


def test_comments_and_keep_alives_make_no_events():
    parser = SSEParser()
    assert parser.feed(b": keep-alive\n\n:\n\n: ping\n\n") == []
    assert not parser.pending


def test_a_byte_order_mark_at_the_start_is_ignored():
    assert feed_in_pieces(b"\xef\xbb\xbfdata: x\n\n", 1) == [SSEEvent("x")]


def test_an_event_without_its_blank_line_is_dropped_and_shows_as_pending():
    parser = SSEParser()
    assert parser.feed(b'data: {"half": ') == []
    assert parser.pending
    assert parser.finish() == []
    parser = SSEParser()
    assert parser.feed(b"data: complete line but no blank line\n") == []
    assert parser.pending


def test_unknown_fields_and_empty_data_are_ignored():
    parser = SSEParser()
    assert parser.feed(b"foo: bar\nevent: ping\n\ndata\n\n") == [SSEEvent("")]


def test_invalid_utf8_is_replaced_not_fatal():
    assert feed_in_pieces(b"data: \xff\xfe ok\n\n", 1) == [SSEEvent("\ufffd\ufffd ok")]


def test_many_lines_in_one_big_chunk():
    data = b"".join(f"data: {index}\n\n".encode() for index in range(5000))
    events = feed_in_pieces(data, len(data))
    assert [event.data for event in events] == [str(index) for index in range(5000)]


def test_iter_sse_reads_an_async_byte_stream():
    async def chunks():
        for start in range(0, len(STREAM), 4):
            yield STREAM[start : start + 4]

    async def main() -> list[SSEEvent]:
        return [event async for event in iter_sse(chunks())]

    assert asyncio.run(main()) == EXPECTED
