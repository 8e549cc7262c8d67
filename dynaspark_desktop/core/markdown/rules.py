"""Parser rules added to markdown-it: work limits for hostile input, and bare-URL links.

The guards turn what would be too deep, too long or too large to parse (or for Qt to lay
out) into tokens that render.py shows as raw text: nothing is dropped, as markdown-it's own
maxNesting would silently do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

# Containers (quotes; list levels count twice, list and item) deeper than this are shown as
# their raw text.
MAX_BLOCK_DEPTH = 16
# Inline parsing is superlinear on some inputs ("[" or "![a" repeated: 1 MB takes 20-30 s);
# a paragraph, heading or cell longer than this is shown as escaped text.
MAX_INLINE_CHARS = 20_000
# A table costs markdown-it several tokens per cell (a table of empty one-character rows
# parses at about 70 kB/s) and Qt lays large tables out slowly; past this many cells a
# table is shown as its Markdown source in a code block, which can still be copied.
MAX_TABLE_CELLS = 2_000


def depth_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Past MAX_BLOCK_DEPTH, take the rest of the container as one raw-text token."""
    if silent or state.level < MAX_BLOCK_DEPTH:
        return False
    line = _container_end(state, start_line + 1, end_line)
    token = state.push("depth_overflow", "", 0)
    token.content = state.getLines(start_line, line, state.blkIndent, False)
    token.map = [start_line, line]
    state.line = line
    return True


def table_size_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A table with more than MAX_TABLE_CELLS cells becomes one raw-text token, before
    markdown-it spends tokens on each of its cells."""
    from markdown_it.rules_block import table

    if silent or not table(state, start_line, end_line, True):
        return False
    delimiter_row = state.src[state.bMarks[start_line + 1] : state.eMarks[start_line + 1]]
    columns = sum(1 for cell in delimiter_row.split("|") if cell.strip())
    # The body runs to the next blank or less indented line (markdown-it also ends it at a
    # line that starts another block; over-counting only makes the guard a little eager).
    line = start_line + 2
    while line < end_line and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        line += 1
    if (line - start_line - 1) * columns <= MAX_TABLE_CELLS:
        return False
    token = state.push("oversize_table", "", 0)
    token.content = state.getLines(start_line, line, state.blkIndent, True)
    token.map = [start_line, line]
    state.line = line
    return True


def _container_end(state: StateBlock, line: int, end_line: int) -> int:
    # Where markdown-it's own loop would stop: the first line less indented than the
    # container's content, so outer lists and quotes go on normally.
    while line < end_line and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    return line


def inline_size_guard(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and len(token.content) > MAX_INLINE_CHARS:
            token.type = "oversize_inline"


# The markers of emphasis (*, _) and strikethrough (~~), as markdown-it's delimiters hold them.
_EMPHASIS_MARKERS = frozenset(map(ord, "*_~"))
# The render environment's key that asks for unclosed emphasis to be hidden.
HIDE_UNCLOSED_EMPHASIS = "hide_unclosed_emphasis"


def hide_unclosed_emphasis(state: StateInline) -> None:
    """In the open block of a streaming answer, hide emphasis markers that open and are not
    closed yet: "Python has **two" shows "Python has two" in plain text, then "two" turns
    bold when the closing "**" arrives, instead of flashing the raw "**" first.

    Only markers that can open and cannot close are hidden: "2*3" or "snake_case" (which
    could be either) stay as written. A completed block is rendered without this rule, so
    markers never closed in a finished answer are shown as written, as in any reload.
    """
    if not state.env.get(HIDE_UNCLOSED_EMPHASIS):
        return
    delimiter_lists = [state.delimiters]
    delimiter_lists.extend(
        meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta
    )
    for delimiters in delimiter_lists:
        for delimiter in delimiters:
            if delimiter.marker not in _EMPHASIS_MARKERS or not delimiter.open:
                continue
            token = state.tokens[delimiter.token]
            # A matched marker has become an opening or closing tag by now.
            if not delimiter.close and token.type == "text":
                token.content = ""


# Bare web addresses in text become links, as in every chat app (markdown-it's linkify
# would need another dependency). Punctuation that ends the sentence is left out.
_BARE_URL = re.compile(r"(?<![\w/@.:])https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,:;!?'\"*_~"


def link_bare_urls(state: StateCore) -> None:
    from markdown_it.token import Token

    for block_token in state.tokens:
        if block_token.type != "inline" or not block_token.children:
            continue
        if "://" not in block_token.content:
            continue
        children: list[Token] = []
        inside_link = 0
        for child in block_token.children:
            if child.type == "link_open":
                inside_link += 1
            elif child.type == "link_close":
                inside_link -= 1
            if child.type != "text" or inside_link or "://" not in child.content:
                children.append(child)
                continue
            position = 0
            text = child.content
            for match in _BARE_URL.finditer(text):
                url = trim_url(match.group(0))
                if len(url) <= len("https://"):
                    continue
                if match.start() > position:
                    children.append(_text_token(Token, text[position : match.start()], child))
                link_open = Token("link_open", "a", 1)
                link_open.attrs = {"href": state.md.normalizeLink(url)}
                link_open.markup = "linkify"
                children.append(link_open)
                children.append(_text_token(Token, url, child))
                children.append(Token("link_close", "a", -1))
                position = match.start() + len(url)
            if position < len(text):
                children.append(_text_token(Token, text[position:], child))
        block_token.children = children


def trim_url(url: str) -> str:
    """A bare URL without the sentence punctuation after it: "(see https://x.org/a)."
    loses ")." but "https://x.org/a_(b)" keeps its own parenthesis."""
    opening = url.count("(")
    closing = url.count(")")
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last == ")" and closing > opening:
            closing -= 1
            end -= 1
        else:
            break
    return url[:end]


def _text_token(token_class: Any, content: str, like: Token) -> Token:
    token = token_class("text", "", 0)
    token.content = content
    token.level = like.level
    return token
