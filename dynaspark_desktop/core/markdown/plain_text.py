"""A message as text to copy: its Markdown source, or plain text with the Markdown gone.

Plain text keeps what a reader needs when pasting into a mail or a terminal: code blocks
verbatim, list markers and numbers, quotes as "> ", link targets after their text, table
cells separated by tabs (a spreadsheet splits them into columns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.core.markdown.blocks import BlockSplitter
from dynaspark_desktop.core.markdown.math_syntax import BLOCK_MATH, INLINE_MATH, closing_mark
from dynaspark_desktop.core.markdown.render import markdown_parser
from dynaspark_desktop.core.markdown.sanitize import neutralize_controls, safe_link_target

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

RULE = "───"


def markdown_source(text: str) -> str:
    """The message as Markdown, with the same characters neutralised as on screen."""
    return neutralize_controls(text)


def markdown_to_plain_text(text: str) -> str:
    """The message as plain text: Markdown syntax removed, code kept verbatim."""
    from markdown_it.tree import SyntaxTreeNode

    splitter = BlockSplitter()
    normalized = splitter.append(text) + splitter.finish()
    # The same segments as on screen, so the same work limits apply. Text past the limits
    # is copied as it came (all of it, also what the screen leaves out).
    pieces: list[str] = []
    consumed = 0
    for segment in splitter.take_stable():
        if segment.kind == "markdown":
            consumed += len(segment.source)
            root = SyntaxTreeNode(markdown_parser().parse(segment.source))
            pieces.append(_blocks(root.children))
        else:
            pieces.append(normalized[consumed:].strip("\n"))
            break
    return "\n\n".join(piece for piece in pieces if piece)


def _blocks(nodes: list[SyntaxTreeNode]) -> str:
    return "\n\n".join(text for text in (_block(node) for node in nodes) if text)


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("paragraph", "heading", "th", "td"):
        return _inline(node.children[0]) if node.children else ""
    if kind in ("fence", "code_block", "oversize_table", "depth_overflow"):
        return node.content.rstrip("\n")
    if kind == "blockquote":
        inner = _blocks(node.children)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "table":
        return _table(node)
    if kind == "hr":
        return RULE
    if kind == BLOCK_MATH:
        closing = closing_mark(node.markup) if node.meta.get("closed") else ""
        return f"{node.markup}{node.content}{closing}"
    if kind == "footnote_reference":
        return f"[^{node.meta.get('label', '')}]: {_blocks(node.children)}"
    return _blocks(node.children)


def _list(node: SyntaxTreeNode) -> str:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    items: list[str] = []
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        # A tight list (markdown-it hides its paragraphs) keeps a sublist on the next line.
        separator = "\n" if _is_tight(item) else "\n\n"
        text = separator.join(filter(None, (_block(child) for child in item.children)))
        lines = text.split("\n")
        indent = " " * len(marker)
        rest = [f"{indent}{line}" if line else "" for line in lines[1:]]
        items.append("\n".join([marker + lines[0], *rest]))
    return "\n".join(items)


def _is_tight(item: SyntaxTreeNode) -> bool:
    return all(child.hidden for child in item.children if child.type == "paragraph")


def _table(node: SyntaxTreeNode) -> str:
    rows: list[str] = []
    for section in node.children:
        for row in section.children:
            cells = [_block(cell).replace("\n", " ") for cell in row.children]
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _inline(node: SyntaxTreeNode) -> str:
    if node.type != "inline":
        # Text too long to parse (oversize_inline) is copied as written.
        return node.content
    return _inline_children(node)


def _inline_children(node: SyntaxTreeNode) -> str:
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == INLINE_MATH:
            parts.append(f"{child.markup}{child.content}{closing_mark(child.markup)}")
        elif kind == "html_inline":  # a task list's check box (raw HTML is off)
            parts.append("[x]" if 'checked="checked"' in child.content else "[ ]")
        elif kind == "footnote_ref":
            parts.append(f"[^{child.meta.get('label', '')}]")
        elif kind == "footnote_label":
            continue
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link":
            label = _inline_children(child)
            href = safe_link_target(str(child.attrs.get("href", "")))
            parts.append(label)
            if href is not None and label not in (href, href.removeprefix("mailto:")):
                parts.append(f" ({href})")
        elif kind == "image":
            parts.append(_inline_children(child) or child.content)
        else:
            parts.append(_inline_children(child) if child.children else child.content)
    return "".join(parts)
