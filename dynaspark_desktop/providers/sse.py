"""Server-sent events (the ``text/event-stream`` format of streamed chat completions).

:class:`SSEParser` is pure and incremental: feed it bytes exactly as the network delivers
them (a line, a UTF-8 character or a ``\\r\\n`` may be split between chunks) and it returns
the events completed so far. It follows the WHATWG event-stream rules that matter here:
comment lines (``: keep-alive``) are skipped, several ``data:`` lines join with ``\\n``, an
event is dispatched on a blank line, and an unfinished event at the end is dropped.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SSEEvent:
    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class SSEEventTooLarge(ValueError):
    """One event (or one line) passed the parser's ``max_event_chars``."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a single event passed {limit} characters")
        self.limit = limit


class SSEStalled(TimeoutError):
    """No whole event arrived for ``seconds``, though bytes may have (a drip feed)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete event for {seconds:g} s")
        self.seconds = seconds


# One event of a streamed answer is a few hundred characters; a megabyte is generous.
DEFAULT_MAX_EVENT_CHARS = 1024 * 1024
# The most of a chunk parsed at once (a few hundred events: about a millisecond).
FEED_BYTES = 16 * 1024


class SSEParser:
    """Incremental parser. Each byte is scanned once: the unfinished line is kept as a list
    of pieces, joined only when its end arrives (a stream with no newline costs linear time,
    not quadratic). An event or line longer than ``max_event_chars`` raises
    :class:`SSEEventTooLarge` (from :meth:`feed`, after the events completed before it)."""

    def __init__(self, max_event_chars: int = DEFAULT_MAX_EVENT_CHARS) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._max_event_chars = max_event_chars
        self._line_pieces: list[str] = []
        self._line_chars = 0
        self._cr_pending = False  # the last chunk ended with "\r": its "\n" may follow
        self._data: list[str] = []
        self._data_chars = 0
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._first_chunk = True
        self._failure: SSEEventTooLarge | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """The events that ``chunk`` completes (possibly none)."""
        if self._failure is not None:
            raise self._failure
        text = self._decoder.decode(chunk)
        if self._first_chunk and text:
            self._first_chunk = False
            text = text.removeprefix("\ufeff")
        events: list[SSEEvent] = []
        try:
            self._scan(text, events)
        except SSEEventTooLarge as error:
            self._failure = error
            if not events:
                raise
        return events

    def _scan(self, text: str, events: list[SSEEvent]) -> None:
        if not text:
            return
        if self._cr_pending:
            self._cr_pending = False
            self._end_line("", events)
            if text.startswith("\n"):
                text = text[1:]
        position = 0
        # Where the next "\n" and "\r" are; found once and reused, so a big chunk of many
        # lines is read in one pass rather than rescanned per line.
        next_lf = next_cr = -2
        while True:
            if next_lf != -1 and next_lf < position:
                next_lf = text.find("\n", position)
            if next_cr != -1 and next_cr < position:
                next_cr = text.find("\r", position)
            ends = [index for index in (next_lf, next_cr) if index >= 0]
            if not ends:
                break
            end = min(ends)
            if text[end] == "\r" and end + 1 == len(text):
                # Perhaps the first half of a "\r\n": the line ends, but only once the
                # next chunk shows whether its first "\n" belongs to this line end.
                self._keep_unfinished(text[position:end])
                self._cr_pending = True
                return
            after = end + 2 if text[end] == "\r" and text[end + 1] == "\n" else end + 1
            self._end_line(text[position:end], events)
            position = after
        self._keep_unfinished(text[position:])

    def _keep_unfinished(self, piece: str) -> None:
        if piece:
            self._line_pieces.append(piece)
            self._line_chars += len(piece)
            self._check_size()

    def _end_line(self, tail: str, events: list[SSEEvent]) -> None:
        if self._line_pieces:
            self._line_pieces.append(tail)
            line = "".join(self._line_pieces)
            self._line_pieces.clear()
            self._line_chars = 0
        else:
            line = tail
        event = self._process_line(line)
        if event is not None:
            events.append(event)

    def _check_size(self) -> None:
        if self._line_chars + self._data_chars > self._max_event_chars:
            raise SSEEventTooLarge(self._max_event_chars)

    def finish(self) -> list[SSEEvent]:
        """Call once the stream has ended: a final lone "\\r" ends its line after all."""
        if self._failure is not None:
            raise self._failure
        events: list[SSEEvent] = []
        self._scan(self._decoder.decode(b"", final=True), events)
        if self._cr_pending:
            self._cr_pending = False
            self._end_line("", events)
        return events

    @property
    def pending(self) -> bool:
        """True when the stream stopped inside an event (a sign it was cut off)."""
        return bool("".join(self._line_pieces).strip() or self._data or self._cr_pending)

    def _process_line(self, line: str) -> SSEEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment: keep-alives, "OPENROUTER PROCESSING"
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._data_chars += len(value)
            self._check_size()
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> SSEEvent | None:
        data, self._data = self._data, []
        self._data_chars = 0
        event, self._event = self._event, ""
        retry, self._retry = self._retry, None
        if not data:
            return None
        return SSEEvent(data="\n".join(data), event=event or "message", id=self._id, retry=retry)


async def iter_sse(
    chunks: AsyncIterator[bytes],
    *,
    idle_seconds: float | None = None,
    max_event_chars: int = DEFAULT_MAX_EVENT_CHARS,
) -> AsyncIterator[SSEEvent]:
    """The events of a byte stream (e.g. ``response.content.iter_any()``).

    ``idle_seconds`` is the longest wait for the next whole *event*, not the next byte: a
    server that drips a byte at a time (or only sends comments) raises :class:`SSEStalled`.
    """
    import asyncio
    import time

    parser = SSEParser(max_event_chars)
    iterator = aiter(chunks)
    last_progress = time.monotonic()
    while True:
        if idle_seconds is None:
            chunk = await anext(iterator, None)
        else:
            remaining = last_progress + idle_seconds - time.monotonic()
            try:
                async with asyncio.timeout(max(remaining, 0.0)):
                    chunk = await anext(iterator, None)
            except TimeoutError:
                raise SSEStalled(idle_seconds) from None
        if chunk is None:
            break
        # A big buffered chunk is parsed a slice at a time: each slice's events go to the
        # consumer (which yields to the window between them) before the next is parsed.
        for start in range(0, len(chunk), FEED_BYTES):
            events = parser.feed(chunk[start : start + FEED_BYTES])
            if events:
                last_progress = time.monotonic()
            for event in events:
                yield event
    for event in parser.finish():
        yield event
