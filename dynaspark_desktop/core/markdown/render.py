"""Markdown → HTML in the subset Qt's rich-text engine supports, safe for untrusted text.

One block of Markdown source (see blocks.py for how a message is cut into blocks) is parsed
by markdown-it-py with raw HTML off and rendered by rules of our own: code blocks become a
one-cell table with a header (language, ``copy-code:N`` link) and Pygments colours; quotes a
table with a coloured bar cell; links stay links only for http, https and mailto; images are
never ``<img>``. Guards keep the work bounded on hostile input (deep nesting, huge
paragraphs, huge tables). markdown-it is imported on first use, never at module load.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.markdown import extensions, rules
from dynaspark_desktop.core.markdown.highlight import highlight_code, language_label, language_of
from dynaspark_desktop.core.markdown.sanitize import (
    COPY_CODE_SCHEME,
    break_long_runs,
    escape_attribute,
    escape_text,
    safe_link_target,
    spoofed_link_host,
)
from dynaspark_desktop.core.markdown.theme import ColorScheme, Palette, palette_for

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from dynaspark_desktop.core.markdown.formulas import Formula

# Backstop for markdown-it (also bounds inline recursion, e.g. "[[[[…"); above the depth
# guard of rules.py.
PARSER_MAX_NESTING = 32
TAB_WIDTH = 4
# Qt's layout time doubles with each level of tables nested in tables (16 quote levels took
# a minute); deeper quotes are indented <blockquote>s, without tint or bar.
MAX_QUOTE_TABLES = 4
# Emphasis and strikethrough markers at the end of a streaming answer's text that cannot
# close anything (at the start of a word: after a space or a line end, or at the start).
_TRAILING_MARKERS = re.compile(r"(?<!\S)[*_~]+\Z")


@dataclass(frozen=True)
class RenderedBlock:
    """HTML of a piece of Markdown and the raw text of the code blocks it contains."""

    html: str
    code_blocks: tuple[str, ...]
    # The typeset formulas its images name (see extensions.py).
    formulas: tuple[Formula, ...] = ()


def render_block(
    source: str,
    scheme: ColorScheme,
    first_code_index: int = 0,
    *,
    still_open: bool = False,
    formula_px: float | None = None,
) -> RenderedBlock:
    """Render Markdown source; its code blocks are numbered from first_code_index.
    ``still_open``: the source is the open end of a streaming answer, where emphasis that
    is not closed yet is shown as plain text (see rules.hide_unclosed_emphasis).
    ``formula_px``: the font size formulas are typeset at (that of the text around them)."""
    if still_open:
        # Markers at the very end may open emphasis with the next piece ("Python has **"):
        # they wait for it rather than show for a frame.
        source = _TRAILING_MARKERS.sub("", source)
    if not source.strip():
        return RenderedBlock("", ())
    palette = palette_for(scheme)
    env: dict[str, Any] = {
        **extensions.fresh_env(palette.text, formula_px),
        "palette": palette,
        "scheme": scheme,
        "first_code_index": first_code_index,
        "code_blocks": [],
        "link_stack": [],
        "quote_depth": 0,
        rules.HIDE_UNCLOSED_EMPHASIS: still_open,
    }
    html = markdown_parser().render(source, env)
    return RenderedBlock(html, tuple(env["code_blocks"]), tuple(env[extensions.FORMULAS]))


def render_plain_block(source: str) -> str:
    """HTML that shows source as plain text (used past the work budget: no parsing at all)."""
    if not source:
        return ""
    text = escape_text(break_long_runs(source.rstrip("\n")))
    # No margins: pieces of plain text (cut at line ends, or inside a very long line) read
    # as the one text they are, not as paragraphs. No "\n" after the paragraph either: Qt
    # would add it to the paragraph's text as a space.
    return f'<p style="white-space:pre-wrap; margin-top:0; margin-bottom:0">{text}</p>'


def render_omission_notice(omitted_chars: int) -> str:
    """HTML saying how much of a huge message is not shown."""
    notice = translate(
        "Markdown",
        "… {count} more characters are not shown here. Copy the message to get all of it.",
    ).format(count=f"{omitted_chars:,}")
    return f"<p><em>{escape_text(notice)}</em></p>\n"


class BlockSpan(NamedTuple):
    """Where a top-level block lies: lines [start, end); code blocks cost less to parse."""

    start: int
    end: int
    code: bool


def parse_block_structure(source: str) -> list[BlockSpan]:
    """The top-level blocks of source, found by the block rules only.

    This is the cheap pass blocks.py uses to find where one block ends and the next begins:
    no inline parsing, no rendering.
    """
    md = markdown_parser()
    tokens: list[Token] = []
    md.block.parse(source, md, {}, tokens)
    return [
        BlockSpan(token.map[0], token.map[1], token.type in ("fence", "code_block"))
        for token in tokens
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]


@functools.cache
def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt(
        "commonmark",
        {
            # Raw HTML in an answer is shown as text, never interpreted.
            "html": False,
            # Chat answers use single newlines as line breaks (poems, addresses, steps).
            "breaks": True,
            "maxNesting": PARSER_MAX_NESTING,
            "typographer": False,
        },
    )
    md.enable(["table", "strikethrough"])
    extensions.install(md)
    # Parse every link target; the link_open rule decides which stay clickable and shows the
    # others as their text (markdown-it would leave "[text](javascript:…)" as raw syntax).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.block.ruler.before("table", "depth_guard", rules.depth_guard)
    md.block.ruler.before("table", "table_size_guard", rules.table_size_guard)
    md.core.ruler.before("inline", "inline_size_guard", rules.inline_size_guard)
    md.core.ruler.after("inline", "bare_urls", rules.link_bare_urls)
    md.inline.ruler2.after("emphasis", "hide_unclosed_emphasis", rules.hide_unclosed_emphasis)
    for name, rule in _RENDER_RULES.items():
        md.add_render_rule(name, rule)
    return md


# Render rules (called as methods of markdown-it's renderer) ----------------------------


def _palette(env: dict[str, Any]) -> Palette:
    return env["palette"]


def _render_fence(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    token = tokens[index]
    language = language_of(token.info) if token.type == "fence" else ""
    return _code_block_html(token.content, language, language_label(language), env)


def _render_oversize_table(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    return _code_block_html(tokens[index].content, "", "table", env)


def _code_block_html(content: str, language: str, label: str, env: dict[str, Any]) -> str:
    palette = _palette(env)
    code = content[:-1] if content.endswith("\n") else content
    code_blocks: list[str] = env["code_blocks"]
    number = env["first_code_index"] + len(code_blocks)
    code_blocks.append(code)
    highlighted = highlight_code(code.expandtabs(TAB_WIDTH), language, env["scheme"])
    # A table, not <pre style="background">: Qt paints a block's background only behind its
    # text lines, while a table cell's fills the whole width, header row included.
    copy = escape_text(translate("Markdown", "Copy"))
    copy_tip = escape_attribute(translate("Markdown", "Copy code"))
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0" border="0"'
        f' bgcolor="{palette.code_background}" style="margin-top:6px; margin-bottom:6px">'
        f'<tr><td bgcolor="{palette.code_header_background}" style="padding:3px 8px">'
        f'<span style="color:{palette.code_label}; font-size:small">'
        f"{escape_text(label)}</span></td>"
        f'<td bgcolor="{palette.code_header_background}" align="right"'
        f' style="padding:3px 8px"><a href="{COPY_CODE_SCHEME}:{number}"'
        f' title="{copy_tip}" style="color:{palette.link}; font-size:small">{copy}</a></td></tr>'
        f'<tr><td colspan="2" style="padding:6px 8px">'
        f'<pre style="white-space:pre-wrap; margin:0">{highlighted}</pre>'
        f"</td></tr></table>\n"
    )


def _render_code_inline(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    background = _palette(env).inline_code_background
    text = escape_text(break_long_runs(tokens[index].content))
    return f'<code style="background-color:{background}">{text}</code>'


def _render_text(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    return escape_text(break_long_runs(tokens[index].content))


def _render_link_open(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    href = safe_link_target(tokens[index].attrGet("href") or "")
    stack: list[bool] = env["link_stack"]
    stack.append(href is not None)
    if href is None:
        return ""
    return _anchor_open(href, env)


def _anchor_open(href: str, env: dict[str, Any]) -> str:
    # The tooltip shows where a link really goes, whatever its text claims.
    target = escape_attribute(href)
    return f'<a href="{target}" title="{target}" style="color:{_palette(env).link}">'


def _render_link_close(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    stack: list[bool] = env["link_stack"]
    if not (stack and stack.pop()):
        return ""
    # A link whose text names another host than its target's says where it really goes.
    start = index
    while start > 0 and tokens[start].type != "link_open":
        start -= 1
    shown = "".join(token.content for token in tokens[start + 1 : index])
    real_host = spoofed_link_host(shown, tokens[start].attrGet("href") or "")
    if real_host is None:
        return "</a>"
    note = escape_text(break_long_runs(f" ({real_host})"))
    return f'</a><span style="color:{_palette(env).code_label}">{note}</span>'


def _render_image(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    # Never an <img>: nothing is fetched while rendering. A web image becomes a link the
    # user may choose to open in the browser.
    token = tokens[index]
    alt = self.renderInlineAsText(token.children or [], options, env).strip() or "image"
    text = escape_text(break_long_runs(f"[image: {alt}]"))
    href = safe_link_target(token.attrGet("src") or "")
    stack: list[bool] = env["link_stack"]
    if href is None or any(stack):
        return text
    return f"{_anchor_open(href, env)}{text}</a>"


def _render_blockquote_open(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    depth = env["quote_depth"] = env["quote_depth"] + 1
    if depth > MAX_QUOTE_TABLES:
        return "<blockquote>\n"
    palette = _palette(env)
    # Qt has no per-side cell borders in HTML: the quote's bar is a narrow cell of its own.
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" border="0"'
        ' style="margin-top:4px; margin-bottom:4px"><tr>'
        f'<td width="3" bgcolor="{palette.quote_bar}"></td>'
        f'<td bgcolor="{palette.quote_background}" style="padding:2px 10px">\n'
    )


def _render_blockquote_close(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    depth = env["quote_depth"]
    env["quote_depth"] = depth - 1
    return "</blockquote>\n" if depth > MAX_QUOTE_TABLES else "</td></tr></table>\n"


def _render_table_open(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    border = _palette(env).table_border
    return (
        '<table border="1" cellspacing="0" cellpadding="5"'
        f' style="border-collapse:collapse; border-color:{border}; border-style:solid;'
        ' margin-top:6px; margin-bottom:6px">\n'
    )


def _cell_open(tokens: list[Token], index: int, env: dict[str, Any]) -> str:
    token = tokens[index]
    attributes = ""
    # markdown-it marks column alignment as style="text-align:…"; Qt reads align= on cells.
    style = str(token.attrGet("style") or "")
    for alignment in ("left", "center", "right"):
        if style == f"text-align:{alignment}":
            attributes += f' align="{alignment}"'
    if token.tag == "th":
        attributes += f' bgcolor="{_palette(env).table_header_background}"'
    return f"<{token.tag}{attributes}>"


def _render_cell_open(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    return _cell_open(tokens, index, env)


def _render_raw_text(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    # Text that was too big or too deep to parse: shown as written, line breaks kept.
    text = escape_text(break_long_runs(tokens[index].content.rstrip("\n")))
    text = text.replace("\n", "<br />\n")
    if tokens[index].type == "depth_overflow":
        return f"<p>{text}</p>\n"
    return text


_RENDER_RULES = {
    "fence": _render_fence,
    "code_block": _render_fence,
    "oversize_table": _render_oversize_table,
    "code_inline": _render_code_inline,
    "text": _render_text,
    "link_open": _render_link_open,
    "link_close": _render_link_close,
    "image": _render_image,
    "blockquote_open": _render_blockquote_open,
    "blockquote_close": _render_blockquote_close,
    "table_open": _render_table_open,
    "th_open": _render_cell_open,
    "td_open": _render_cell_open,
    "depth_overflow": _render_raw_text,
    "oversize_inline": _render_raw_text,
}
