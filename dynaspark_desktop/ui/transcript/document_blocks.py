"""Building an answer's document from rendered blocks, one piece at a time, so that it ends as
the same document ``setHtml`` makes of all the pieces at once.

A streamed answer is put together from many pieces (each completed block once, the open
tail again and again), a reloaded one from one ``setHtml``; the two must not differ (issue
14: a stray "1." beside a table, gaps between code blocks). Qt's own edits get in the way in
three places, each handled here (a few odd shapes still differ at the seams, an empty list
item or an empty quote: the finished answer is therefore set whole, see AnswerView.end_stream):

- ``setHtml`` of HTML ending in a line break adds a space to the last block's text: the
  break is dropped first.
- Inserting a fragment merges its first block into the block at the cursor, and Qt reads
  the first block of an HTML document unlike one in its middle. So a fragment is parsed
  after a paragraph of its own, which is then emptied and stripped of its format: that
  empty block is what merges, and the blocks after it are read as in the whole document.
  Without it a horizontal rule or a list item would lose its format to the block before it.
- Removing the tail merges the block where the tail began with the tail's last block, which
  gives that block the tail's format (a list item's number beside an empty line after a
  table, a paragraph's margins between two code blocks). :class:`TailAnchor` puts the
  block's own format back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import (
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)

from dynaspark_desktop.ui.base.safe_text import SafeDocument


def set_blocks_html(document: QTextDocument, html: str) -> None:
    """Make ``html`` (rendered blocks) the whole document."""
    document.setHtml(_trimmed(html))


def append_blocks_html(cursor: QTextCursor, html: str) -> None:
    """Add rendered blocks after the document's last block (the document holds some of the
    answer already: else use :func:`set_blocks_html`); the cursor ends at the end."""
    blocks = SafeDocument()  # loads no resource, like the view's own document
    # Qt reads the first block of an HTML document its own way (an explicit indent, the
    # block's character format taken from its first word): a paragraph before the blocks
    # makes Qt read them as it does in the middle of a document. Emptied and without a
    # format, it is the block that merges into the one at the cursor.
    blocks.setHtml(_LEADING_PARAGRAPH + _trimmed(html))
    leading = QTextCursor(blocks)
    leading.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    leading.removeSelectedText()
    leading.setBlockFormat(QTextBlockFormat())
    leading.setBlockCharFormat(QTextCharFormat())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertFragment(QTextDocumentFragment(blocks))
    cursor.movePosition(QTextCursor.MoveOperation.End)


_LEADING_PARAGRAPH = "<p>.</p>"


def _trimmed(html: str) -> str:
    return html.rstrip("\n")


@dataclass(frozen=True)
class TailAnchor:
    """The formats of the block where the open tail begins, taken before the tail is
    inserted (inserting merges only an empty block into it, so they are its own)."""

    position: int
    block_format: QTextBlockFormat
    char_format: QTextCharFormat
    in_list: bool

    @classmethod
    def at(cls, document: QTextDocument, position: int, after_blocks: bool) -> TailAnchor:
        """The anchor at ``position``; without ``after_blocks`` (the tail is all the
        document shows), the formats of an empty document."""
        if not after_blocks:
            return cls(0, QTextBlockFormat(), QTextCharFormat(), in_list=False)
        block = document.findBlock(position)
        return cls(
            position,
            block.blockFormat(),
            block.charFormat(),
            block.textList() is not None,
        )

    def remove_tail(self, cursor: QTextCursor) -> None:
        """Remove everything from the anchor on, and give its block its formats back."""
        cursor.setPosition(self.position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setBlockFormat(self.block_format)
        cursor.setBlockCharFormat(self.char_format)
        text_list = cursor.block().textList()
        if text_list is not None and not self.in_list:
            text_list.remove(cursor.block())
