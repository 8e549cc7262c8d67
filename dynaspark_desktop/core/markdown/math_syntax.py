"""LaTeX math in Markdown: ``$…$``, ``\\(…\\)`` (inline), ``$$…$$``, ``\\[…\\]`` (display).

Parser rules of our own rather than a plugin's, for two reasons. Work stays bounded on
untrusted text: an inline formula is looked for within MAX_FORMULA_CHARS of its opening mark
by one regular expression, never by a scan to the end of the paragraph for each "$" (a
paragraph of "$a " repeated would otherwise take quadratic time). And a display formula is a
block like a fenced code block: it runs from its opening line to the line that closes it,
or to the end of the text, so the block splitter (blocks.py) sees it as one block while it
streams in, and a streamed answer ends as the same answer reloaded.

Prices are not math (the usual rules, as in Pandoc): no space after the opening "$" or
before the closing one, no digit right after the closing "$" nor right before the
opening one: "$5 and $10" stays text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dynaspark_desktop.core.markdown.formulas import MAX_FORMULA_CHARS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

# Token types: inline formulas (display ones written inside a paragraph included), and
# display blocks (meta["closed"] is False for a block whose closing mark never came).
INLINE_MATH = "math_inline"
BLOCK_MATH = "math_block"

_BODY = f"{{1,{MAX_FORMULA_CHARS}}}?"
# Each pattern is tried at an opening mark; group 1 is the formula. What the "escape" rule
# would take (a "\$") never reaches these: the rules run before it, at the mark itself.
_INLINE_PATTERNS: tuple[tuple[str, str, bool, re.Pattern[str]], ...] = (
    ("$$", "$$", True, re.compile(rf"\$\$((?:[^$\\]|\\[\s\S]){_BODY})\$\$(?!\d)")),
    ("$", "$", False, re.compile(rf"\$(?![\s$])((?:[^$\\]|\\[\s\S]){_BODY})(?<!\s)\$(?!\d)")),
    ("\\(", "\\)", False, re.compile(rf"\\\(([\s\S]{_BODY})\\\)")),
    ("\\[", "\\]", True, re.compile(rf"\\\[([\s\S]{_BODY})\\\]")),
)
# What closes each display block's opening mark.
_BLOCK_CLOSERS = {"$$": "$$", "\\[": "\\]"}


def math_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "math_inline", _math_inline)
    md.block.ruler.before(
        "fence",
        "math_block",
        _math_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )


def closing_mark(opening: str) -> str:
    """The mark that closes a formula opened by ``opening`` ("$", "$$", "\\(", "\\[")."""
    return {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}[opening]


def _math_inline(state: StateInline, silent: bool) -> bool:
    source = state.src
    position = state.pos
    first = source[position]
    if first not in "$\\":
        return False
    for opening, _closing, display, pattern in _INLINE_PATTERNS:
        if not source.startswith(opening, position):
            continue
        if opening[0] == "$" and position > 0 and source[position - 1].isdigit():
            return False
        match = pattern.match(source, position, state.posMax)
        if match is None:
            continue
        if not silent:
            token = state.push(INLINE_MATH, "", 0)
            token.content = match.group(1)
            token.markup = opening
            token.meta = {"display": display}
        state.pos = match.end()
        return True
    return False


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block
    start = state.bMarks[start_line] + state.tShift[start_line]
    first_line = state.src[start : state.eMarks[start_line]]
    opening = next((mark for mark in _BLOCK_CLOSERS if first_line.startswith(mark)), None)
    if opening is None:
        return False
    rest = first_line[len(opening) :]
    if opening == "$$" and rest[:1].isdigit():
        return False  # "$$5 off": a price, not a formula
    closing = _BLOCK_CLOSERS[opening]
    if closing in rest and not rest.rstrip().endswith(closing):
        return False  # "$$x$$ is…": a formula inside a paragraph, not a block
    if silent:
        return True
    lines: list[str] = []
    closed = False
    line = start_line
    text = rest
    while True:
        stripped = text.rstrip()
        # The opening line closes itself only past its own mark ("$$" alone opens).
        if stripped.endswith(closing) and (line > start_line or len(stripped) >= len(closing)):
            lines.append(stripped[: -len(closing)])
            closed = True
            line += 1
            break
        lines.append(text)
        line += 1
        if line >= end_line:
            break
        if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            break  # the container (a list item, a quote) ends here
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
    token = state.push(BLOCK_MATH, "", 0)
    token.content = "\n".join(lines)
    token.markup = opening
    token.meta = {"closed": closed}
    token.map = [start_line, line]
    state.line = line
    return True
