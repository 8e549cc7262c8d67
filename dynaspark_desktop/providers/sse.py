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


class SSEParser:
    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._first_chunk = True

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """The events that ``chunk`` completes (possibly none)."""
        text = self._decoder.decode(chunk)
        if self._first_chunk and text:
            self._first_chunk = False
            text = text.removeprefix("\ufeff")
        buffer = self._buffer + text
        events: list[SSEEvent] = []
        position = 0
        # Where the next "\n" and "\r" are; found once and reused, so a big chunk of many
        # lines is read in one pass rather than rescanned per line.
        next_lf = next_cr = -2
        while True:
            if next_lf != -1 and next_lf < position:
                next_lf = buffer.find("\n", position)
            if next_cr != -1 and next_cr < position:
                next_cr = buffer.find("\r", position)
            ends = [index for index in (next_lf, next_cr) if index >= 0]
            if not ends:
                break
            end = min(ends)
            if buffer[end] == "\r":
                if end + 1 == len(buffer):
                    break  # perhaps the first half of a "\r\n": wait for the next chunk
                after = end + 2 if buffer[end + 1] == "\n" else end + 1
            else:
                after = end + 1
            event = self._process_line(buffer[position:end])
            position = after
            if event is not None:
                events.append(event)
        self._buffer = buffer[position:]
        return events

    def finish(self) -> list[SSEEvent]:
        """Call once the stream has ended: a final lone "\\r" ends its line after all."""
        self._buffer += self._decoder.decode(b"", final=True)
        if self._buffer.endswith("\r"):
            return self.feed(b"\n")  # completes the "\r" as a "\r\n" line end
        return []

    @property
    def pending(self) -> bool:
        """True when the stream stopped inside an event (a sign it was cut off)."""
        return bool(self._buffer.strip() or self._data)

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
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> SSEEvent | None:
        data, self._data = self._data, []
        event, self._event = self._event, ""
        retry, self._retry = self._retry, None
        if not data:
            return None
        return SSEEvent(data="\n".join(data), event=event or "message", id=self._id, retry=retry)


async def iter_sse(chunks: AsyncIterator[bytes]) -> AsyncIterator[SSEEvent]:
    """The events of a byte stream (e.g. ``response.content.iter_any()``)."""
    parser = SSEParser()
    async for chunk in chunks:
        for event in parser.feed(chunk):
            yield event
    for event in parser.finish():
        yield event
