"""Cutting a growing Markdown message into top-level blocks that will never change again.

A streamed answer is re-rendered on every update, so the cost of an update must not grow
with the answer (design.md: GPT4All's whole-message re-rendering went quadratic). The
splitter keeps the text after the last *stable* boundary (the tail) and, on each update,
asks markdown-it's block pass where the tail's top-level blocks lie. A block is stable once
the block after it has begun on a complete line: Markdown decides a block's extent line by
line (with at most one line of look-ahead, for a table's delimiter row), so lines that
arrive later can no longer change it. A list whose items are separated by blank lines stays
one block, as does a fenced code block with blank lines in it, because markdown-it itself
says where they end. Only complete lines are ever examined: a partial last line can still
turn into anything ("-" may become "---").

Every stable block is rendered on its own, so one-shot rendering goes through the same
splitter (all text, then final) and equals any streamed rendering of the same text. The
one price: a reference-style link definition only serves links in its own block.

Work is capped, because the text is untrusted: a block longer than its limit (in
characters and lines, higher for code blocks, which are cheap to parse), or anything
starting past MARKDOWN_BUDGET_CHARS, is not parsed at all; from there on the rest
of the message is plain text, cut into pieces at line ends; and past MAX_SHOWN_CHARS only
the number of characters left out is shown.

A line longer than MAX_LINE_CHARS (one that goes on for good as it streams in) ends the
Markdown: the text before it is parsed as if the message ended there, and from that line on
the rest is plain text. A plain line that long is cut into pieces too (at a space when there
is one near the cut), so a message of one huge line is still handed out piece by piece:
each update costs the same at its end as at its start, and the display cap applies to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dynaspark_desktop.core.markdown.sanitize import HELD_BACK_AT_END, neutralize_controls

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown.render import BlockSpan


def parse_block_structure(source: str) -> list[BlockSpan]:
    """The renderer's block structure of ``source`` (see ``render.parse_block_structure``)."""
    # Imported here: the renderer (its extensions, formulas, highlighting) then loads with
    # the first answer, not with the message widgets' module just after the first paint.
    from dynaspark_desktop.core.markdown.render import parse_block_structure as parse

    return parse(source)


# markdown-it-py parses roughly 0.2-1 MB/s of prose (a few µs per line) and renders at
# about the same speed; code blocks cost a small fraction of that per character. These keep
# one update (which re-parses the open block) within a fraction of a second on hostile
# input, and a whole message within a second or two.
MAX_BLOCK_CHARS = 64 * 1024
MAX_BLOCK_LINES = 2_000
MAX_CODE_BLOCK_CHARS = 256 * 1024
MAX_CODE_BLOCK_LINES = 10_000
MARKDOWN_BUDGET_CHARS = 256 * 1024
# Block boundaries are looked for in at most this much text at a time (just over the
# largest block allowed, so that a block too large is seen to be).
SCAN_WINDOW_CHARS = MAX_CODE_BLOCK_CHARS
SCAN_WINDOW_LINES = MAX_CODE_BLOCK_LINES + 1
# Plain text past the budget is cut into pieces of at most this size (at line ends, else at
# a space, else anywhere).
PLAIN_PIECE_CHARS = 16 * 1024
# ... and of at most this many lines: Qt lays a line out at the cost of about 40 characters
# of prose, so 16 K of one-letter lines (8,000 of them) cost a showing more than its budget.
PLAIN_PIECE_LINES = 1_000
# A line longer than this is not Markdown (no block may be longer anyway, code blocks aside)
# and, as plain text, is cut into pieces like any.
MAX_LINE_CHARS = 64 * 1024
# A piece of a long line ends at the last space within this many characters of its limit.
LINE_CUT_SEARCH_CHARS = 1024
_LONG_LINE = re.compile(f"^[^\n]{{{MAX_LINE_CHARS + 1}}}", re.MULTILINE)
# Past this much text nothing more is shown at first, only how much is left out (the answer
# view offers "Show more", a chunk this size at a time): no one reads megabytes in a chat
# bubble, and Qt lays out answer text at about 0.3-1 ms a kilobyte, more for odd shapes
# (100,000 link lines, runs of 799 characters). Chosen by measurement (benchmarks/
# long_text.py): the worst shape found lays out in about 0.1 s at this size; at the former
# 2 MB, reopening one took 2 s. Copying the message still gives all of it.
MAX_SHOWN_CHARS = 128 * 1024

SegmentKind = Literal["markdown", "plain", "omitted"]


@dataclass(frozen=True)
class Segment:
    """A piece of the message, rendered on its own: as Markdown, as plain text, or (past
    MAX_SHOWN_CHARS) only as the number of characters left out."""

    source: str
    kind: SegmentKind = "markdown"
    omitted_chars: int = 0


class BlockSplitter:
    """Accumulates text and hands out stable segments as they complete."""

    def __init__(self, shown_chars: int = MAX_SHOWN_CHARS) -> None:
        # Segments start before this offset (of the normalised text); the rest is counted.
        # A higher limit gives the same segments and then more (for "Show more").
        self._shown_chars = shown_chars
        self._tail = ""
        self._tail_offset = 0  # where the tail starts in the whole (normalised) text
        self._plain = False  # past the work budget: the rest is plain text
        self._omitted = 0  # characters past MAX_SHOWN_CHARS (not kept)
        self._held_back = ""  # the last character received, when it waits for the next
        self._before = ""  # the character before what the next append normalises
        self._finished = False

    @property
    def past_display_cap(self) -> bool:
        """True once the message passed what is shown: what follows is counted."""
        return self._omitted > 0

    @property
    def tail(self) -> Segment | None:
        """The text after the last stable boundary: the block(s) still open."""
        if self._omitted:
            return Segment("", "omitted", self._omitted)
        if not self._tail:
            return None
        return Segment(self._tail, "plain" if self._plain else "markdown")

    def append(self, text: str) -> str:
        """Add text; returns it as it will be rendered (line ends and controls normalised),
        or as it came once past what is shown."""
        if self._finished:
            raise RuntimeError("the message is already finished")
        if self._omitted:
            # Past what is shown: only counted. Neutralising megabytes that are never
            # displayed would stall the window at the end of a flood (a tenth of a second
            # for 7 MB), for nothing.
            text, self._held_back = self._held_back + text, ""
            self._omitted += len(text)
            return text
        text = self._normalize(text)
        self._tail += text
        return text

    def finish(self) -> str:
        """No more text; returns what append() still held back (a final "\r" as "\n")."""
        held_back = ""
        if self._held_back:
            held_back = neutralize_controls(self._held_back.replace("\r", "\n"), self._before)
            self._held_back = ""
            if self._omitted:
                self._omitted += 1
            else:
                self._tail += held_back
        self._finished = True
        return held_back

    def take_stable(self) -> list[Segment]:
        """Segments that became stable since the last call (all the rest once finished)."""
        stable: list[Segment] = []
        if not self._plain:
            self._take_markdown_blocks(stable)
        if self._plain and not self._omitted:
            stable.extend(self._take_plain_pieces())
        if self._omitted and self._finished:
            stable.append(Segment("", "omitted", self._omitted))
            self._omitted = 0
        return stable

    def _normalize(self, text: str) -> str:
        # markdown-it turns "\r\n" and a lone "\r" into "\n"; a "\r\n" split across two
        # chunks must not become two line ends, so a trailing "\r" waits for the next chunk.
        # So does a trailing joiner, and the character before a chunk goes with it: what is
        # neutralised then does not depend on where the chunks were cut.
        text = self._held_back + text
        self._held_back = ""
        if text and text[-1] in HELD_BACK_AT_END:
            self._held_back = text[-1]
            text = text[:-1]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        normalized = neutralize_controls(text, self._before)
        if text:
            self._before = text[-1]
        return normalized

    def _take_markdown_blocks(self, stable: list[Segment]) -> None:
        """Move the tail's stable blocks to stable, or switch to plain text past a limit."""
        # Past what is shown, the plain-text path only counts the rest.
        budget = min(MARKDOWN_BUDGET_CHARS, self._shown_chars)
        while not self._plain:
            if self._tail_offset >= budget:
                self._plain = True
                return
            tail = self._tail
            window_end = _window_end(tail)
            long_line = _LONG_LINE.search(tail, 0, window_end)
            if long_line is not None:
                # Markdown ends before this line: what comes before it is final.
                scan_end = long_line.start()
                truncated = False
                ends_here = True
            else:
                scan_end = len(tail) if self._finished else tail.rfind("\n") + 1
                truncated = window_end < scan_end
                if truncated:
                    scan_end = window_end
                ends_here = self._finished
            if scan_end == 0:
                self._plain = long_line is not None
                return
            scan = tail[:scan_end]
            line_starts = _line_starts(scan)
            blocks = parse_block_structure(scan)
            # A block is stable when a later block has begun (on a complete line); its
            # segment runs to the end of its last line, so blank lines and link definitions
            # after it belong to the next segment. Cuts are line numbers.
            cuts = [(block.end, block) for block in blocks[:-1]]
            final = ends_here and not truncated
            if final:
                cuts.append((len(line_starts) - 1, blocks[-1] if blocks else None))
            start_line = 0
            for cut_line, block in cuts:
                if cut_line <= start_line:
                    continue
                start, cut = line_starts[start_line], line_starts[cut_line]
                too_long = _too_long(block, cut - start, cut_line - start_line)
                if too_long or self._tail_offset + start >= budget:
                    self._plain = True
                    break
                stable.append(Segment(tail[start:cut]))
                start_line = cut_line
            self._advance(line_starts[start_line])
            if long_line is not None:
                self._plain = True
            if self._plain or final:
                return
            if truncated:
                if start_line == 0:
                    # One block fills the whole window: longer than any block may be.
                    self._plain = True
                continue
            # The block still open: if it is already too long (not counting its last line,
            # which a following table delimiter row could still move into a block of its
            # own), it will be too long for good; and the next block may begin past the
            # budget.
            last_line = len(line_starts) - 2
            open_block = blocks[-1] if blocks else None
            open_chars = line_starts[last_line] - line_starts[start_line]
            if (
                _too_long(open_block, open_chars, last_line - start_line)
                or self._tail_offset >= budget
            ):
                self._plain = True
            return

    def _take_plain_pieces(self) -> list[Segment]:
        pieces: list[Segment] = []
        tail = self._tail
        start = 0
        while start < len(tail):
            if self._tail_offset + start >= self._shown_chars:
                self._omitted = len(tail) - start
                start = len(tail)
                break
            # At most a piece's size, at its last line end (or space): a piece is the least
            # the answer view adds at once, and Qt lays a 64 K piece of long runs out in
            # a fifth of a second.
            limit = _piece_limit(tail, start)
            if len(tail) >= limit:
                end = _line_cut(tail, start, limit)
            elif not self._finished:
                break
            else:
                end = len(tail) - 1
            pieces.append(Segment(tail[start : end + 1], "plain"))
            start = end + 1
        # One cut for all the pieces: slicing the tail once per piece would copy it again
        # for every piece of a huge answer.
        self._advance(start)
        return pieces

    def _advance(self, count: int) -> None:
        self._tail = self._tail[count:]
        self._tail_offset += count


def _piece_limit(text: str, start: int) -> int:
    """Where a plain piece starting at ``start`` must end at the latest: PLAIN_PIECE_CHARS
    on, or just after its PLAIN_PIECE_LINES-th line, whichever comes first."""
    limit = start + PLAIN_PIECE_CHARS
    if text.count("\n", start, limit) <= PLAIN_PIECE_LINES:
        return limit
    position = start
    for _line in range(PLAIN_PIECE_LINES):
        position = text.find("\n", position) + 1
    return position  # just past that line's newline: the piece ends with it


def _line_cut(text: str, start: int, limit: int) -> int:
    """Where a piece of a line too long for one piece ends (inclusive): at its last space
    near the limit, else at the limit (the view then wraps there)."""
    newline = text.rfind("\n", start, limit)
    if newline >= 0:  # the long line starts inside this piece: the piece ends before it
        return newline
    space = text.rfind(" ", max(start, limit - LINE_CUT_SEARCH_CHARS), limit)
    return space if space > start else limit - 1


def _too_long(block: BlockSpan | None, chars: int, lines: int) -> bool:
    if block is not None and block.code:
        return chars > MAX_CODE_BLOCK_CHARS or lines > MAX_CODE_BLOCK_LINES
    return chars > MAX_BLOCK_CHARS or lines > MAX_BLOCK_LINES


def _window_end(text: str) -> int:
    """Where the scan window ends: after SCAN_WINDOW_LINES lines or after the line that
    crosses SCAN_WINDOW_CHARS, whichever comes first (len(text) if neither)."""
    end = text.find("\n", SCAN_WINDOW_CHARS - 1) + 1 or len(text)
    position = -1
    for _ in range(SCAN_WINDOW_LINES):
        position = text.find("\n", position + 1, end)
        if position < 0:
            return end
    return position + 1


def _line_starts(text: str) -> list[int]:
    """Offsets where each line of text starts, plus len(text) as the end of the last."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts
