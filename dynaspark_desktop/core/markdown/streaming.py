"""Rendering an answer while it streams in, at a cost per update that does not grow with it.

Blocks that can no longer change (see blocks.py) are rendered once and handed out once, as
``completed_html`` to append after the previous ones; only the still-open tail is rendered
again on each update, as ``tail_html`` to replace the previous tail. One-shot rendering is
the same machine fed everything at once, so a streamed answer ends exactly as the same
answer rendered later from history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dynaspark_desktop.core.markdown.blocks import (
    MAX_LINE_CHARS,
    MAX_SHOWN_CHARS,
    BlockSplitter,
    Segment,
)
from dynaspark_desktop.core.markdown.render import (
    RenderedBlock,
    render_block,
    render_omission_notice,
    render_plain_block,
)
from dynaspark_desktop.core.markdown.theme import ColorScheme, palette_for

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown.formulas import Formula


@dataclass(frozen=True)
class StreamUpdate:
    """What changed since the previous update."""

    # HTML of blocks completed since the previous update: append it, once, after the
    # completed HTML already shown. It never changes afterwards.
    completed_html: str
    # HTML of the open tail: replace the previous tail with it ("" when nothing is open).
    tail_html: str
    # False when the tail is the same as in the previous update (nothing to redo for it).
    tail_changed: bool
    # True for the update returned by finish(): tail_html is "" and all is completed.
    finished: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.completed_html) or self.tail_changed


@dataclass(frozen=True)
class RenderedMarkdown:
    """A whole message rendered at once."""

    html: str
    # Raw text of each code block, by the N of its copy-code:N link.
    code_blocks: tuple[str, ...]
    # The HTML of each shown segment in order (html is these, then any omission notice): a
    # rendering with a higher shown_chars starts with the same ones, so only the rest need
    # be added to a view that shows these.
    blocks: tuple[str, ...] = ()
    # Characters past what is shown (0 when all of it is).
    omitted_chars: int = 0
    # Where each of blocks ends in the (normalised) text, in characters.
    block_ends: tuple[int, ...] = ()
    # The typeset formulas the blocks' images name (by Formula.key).
    formulas: tuple[Formula, ...] = ()

    def code_block(self, index: int) -> str:
        return self.code_blocks[index]


def render_markdown(
    text: str,
    scheme: ColorScheme = "light",
    *,
    shown_chars: int = MAX_SHOWN_CHARS,
    notice: bool = True,
    formula_px: float | None = None,
) -> RenderedMarkdown:
    """Render a complete message (e.g. one loaded from history): its first ``shown_chars``
    characters or so (whole blocks), and a notice of how much is left out unless not
    ``notice``."""
    stream = StreamingMarkdown(
        scheme, shown_chars=shown_chars, notice=notice, formula_px=formula_px
    )
    # What can be shown first, rendered on its own: once past the display cap, the rest is
    # only counted (neutralising 50 MB that are never shown took over a second).
    shown_part = shown_chars + MAX_LINE_CHARS
    if len(text) > 2 * shown_part:
        stream.append(text[:shown_part])
        stream.update()
        text = text[shown_part:]
    stream.append(text)
    stream.finish()
    return stream.rendered()


class StreamingMarkdown:
    """Incremental renderer of one message.

    ``append`` only buffers (call it per received chunk); ``update`` renders what changed
    (call it at most once per frame); ``finish`` closes the message.
    """

    def __init__(
        self,
        scheme: ColorScheme = "light",
        *,
        shown_chars: int = MAX_SHOWN_CHARS,
        notice: bool = True,
        formula_px: float | None = None,
    ) -> None:
        """``notice``: whether the HTML says how much is not shown (a view may say it in
        a widget of its own instead, from :attr:`omitted_chars`); ``formula_px``: the font
        size formulas are typeset at."""
        palette_for(scheme)  # fail early on an unknown scheme
        self._scheme: ColorScheme = scheme
        self._splitter = BlockSplitter(shown_chars)
        self._notice = notice
        self._omitted_chars = 0
        self._completed_html: list[str] = []
        self._shown_blocks: list[str] = []  # the same, without the omission notice
        self.shown_block_ends: list[int] = []  # where each ends in the normalised text
        self._rendered_chars = 0
        self._sources: list[str] = []  # the text so far, normalised, in received pieces
        self._pending: list[str] = []  # received since the last update
        self._code_blocks: list[str] = []
        self._formula_px = formula_px
        self._formulas: list[Formula] = []
        self._tail_key: tuple[str, int] | None = None
        self._tail = RenderedBlock("", ())
        self._finished = False

    @property
    def scheme(self) -> ColorScheme:
        return self._scheme

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def past_display_cap(self) -> bool:
        """True once what arrived passed what is shown: the rest is only counted."""
        return self._splitter.past_display_cap

    @property
    def omitted_chars(self) -> int:
        """How many characters past what is shown arrived so far (0 while all are shown)."""
        return self._omitted_chars

    @property
    def shown_blocks(self) -> tuple[str, ...]:
        """HTML of each completed segment that is shown (no omission notice)."""
        return tuple(self._shown_blocks)

    @property
    def source(self) -> str:
        """The message so far, as Markdown (control characters neutralised in what is shown;
        past :data:`~.blocks.MAX_SHOWN_CHARS`, as it came)."""
        self._take_pending()
        return "".join(self._sources)

    @property
    def formula_px(self) -> float | None:
        return self._formula_px

    @property
    def open_source(self) -> str:
        """The text not yet in a completed block (what the next update renders again)."""
        self._take_pending()
        tail = self._splitter.tail
        return tail.source if tail is not None else ""

    @property
    def completed_html(self) -> str:
        """HTML of every completed block so far."""
        return "".join(self._completed_html)

    @property
    def html(self) -> str:
        """HTML of the whole message so far: completed blocks, then the open tail."""
        return self.completed_html + self._tail.html

    @property
    def code_blocks(self) -> tuple[str, ...]:
        """Raw text of the code blocks so far; those in the open tail may still grow."""
        return (*self._code_blocks, *self._tail.code_blocks)

    @property
    def formulas(self) -> tuple[Formula, ...]:
        """The typeset formulas the HTML so far names (the open tail's included)."""
        return (*self._formulas, *self._tail.formulas)

    def code_block(self, index: int) -> str:
        """Raw text of code block N, the one whose Copy link is ``copy-code:N``."""
        return self.code_blocks[index]

    def rendered(self) -> RenderedMarkdown:
        """The message so far as a whole rendering (what render_markdown returns once the
        message is finished)."""
        return RenderedMarkdown(
            self.html,
            self.code_blocks,
            tuple(self._shown_blocks),
            self._omitted_chars,
            tuple(self.shown_block_ends),
            self.formulas,
        )

    def append(self, text: str) -> None:
        """Add received text. Cheap: nothing is parsed, or even joined, until the next
        update."""
        if self._finished:
            raise RuntimeError("the message is already finished")
        if text:
            self._pending.append(text)

    def update(self) -> StreamUpdate:
        """Render what changed since the previous update."""
        return self._update(finished=False)

    def feed(self, text: str) -> StreamUpdate:
        """append() then update()."""
        self.append(text)
        return self.update()

    def finish(self) -> StreamUpdate:
        """Close the message: everything still open is completed."""
        if self._finished:
            return StreamUpdate("", "", tail_changed=False, finished=True)
        self._take_pending()
        self._sources.append(self._splitter.finish())
        self._finished = True
        return self._update(finished=True)

    def _take_pending(self) -> None:
        if self._pending:
            self._sources.append(self._splitter.append("".join(self._pending)))
            self._pending.clear()

    def _update(self, *, finished: bool) -> StreamUpdate:
        self._take_pending()
        completed = [self._render_completed(segment) for segment in self._splitter.take_stable()]
        tail = None if finished else self._splitter.tail
        tail_key = (tail.source, tail.omitted_chars) if tail is not None else ("", 0)
        tail_changed = tail_key != self._tail_key
        if tail_changed:
            self._tail_key = tail_key
            self._tail = (
                self._render(tail, still_open=True) if tail is not None else RenderedBlock("", ())
            )
        return StreamUpdate("".join(completed), self._tail.html, tail_changed, finished)

    def _render_completed(self, segment: Segment) -> str:
        rendered = self._render(segment)
        self._completed_html.append(rendered.html)
        self._rendered_chars += len(segment.source)
        if segment.kind != "omitted" and rendered.html:
            self._shown_blocks.append(rendered.html)
            self.shown_block_ends.append(self._rendered_chars)
        self._code_blocks.extend(rendered.code_blocks)
        self._formulas.extend(rendered.formulas)
        return rendered.html

    def _render(self, segment: Segment, *, still_open: bool = False) -> RenderedBlock:
        if segment.kind == "plain":
            return RenderedBlock(render_plain_block(segment.source), ())
        if segment.kind == "omitted":
            self._omitted_chars = segment.omitted_chars
            if not self._notice:
                return RenderedBlock("", ())
            return RenderedBlock(render_omission_notice(segment.omitted_chars), ())
        return render_block(
            segment.source,
            self._scheme,
            len(self._code_blocks),
            still_open=still_open,
            formula_px=self._formula_px,
        )
