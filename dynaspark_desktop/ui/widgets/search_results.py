"""Search results in the sidebar: the conversation, who said it, and the words that matched.

The snippet comes from the history with the matches between two marker characters. It is
untrusted text (a model may have written it): each piece is neutralised and escaped first,
and only then are the markers turned into highlighting, so a result can never inject markup.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dynaspark_desktop.storage.models import HIGHLIGHT_END, HIGHLIGHT_START, Role
from dynaspark_desktop.ui.base.safe_text import MAX_TITLE_SHOWN_CHARS, display_text
from dynaspark_desktop.ui.widgets.conversation_list import friendly_date, paint_row_card, untitled

if TYPE_CHECKING:
    from dynaspark_desktop.storage import SearchHit

    AnyIndex = QModelIndex | QPersistentModelIndex

HitRole = Qt.ItemDataRole.UserRole + 10
RESULT_HEIGHT = 74


def snippet_html(snippet: str, highlight: str, text_color: str) -> str:
    """The snippet as Qt rich text, matched words on a ``highlight`` background."""
    pieces: list[str] = []
    # The index cuts a snippet after a few words, but a "word" can be a megabyte long.
    snippet = snippet[:MAX_SNIPPET_CHARS]
    for number, part in enumerate(snippet.split(HIGHLIGHT_START)):
        matched, _, rest = part.partition(HIGHLIGHT_END) if number else ("", "", part)
        if matched:
            pieces.append(
                f'<span style="background-color:{highlight}; color:{text_color}; '
                f'font-weight:600">{_escape(matched)}</span>'
            )
        pieces.append(_escape(rest))
    return "".join(pieces)


# Markdown emphasis and code marks read as noise in a one-line snippet.
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`+")
_WHITESPACE = re.compile(r"\s+")
# More than three lines of a result can show.
MAX_SNIPPET_CHARS = 1_000


def _escape(text: str) -> str:
    # A stray marker (a snippet cut in the middle of a match) must not show up as U+FFFD.
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    text = _MARKDOWN_MARKS.sub("", text)
    # Line breaks become spaces; the spaces around a match are kept.
    return html.escape(_WHITESPACE.sub(" ", display_text(text, MAX_SNIPPET_CHARS)))


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == HitRole:
            return hit
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            plain = hit.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
            who = self.tr("You") if hit.role is Role.USER else self.tr("Answer")
            title = display_text(hit.conversation_title, MAX_TITLE_SHOWN_CHARS) or untitled()
            return f"{title}: {who}: {display_text(plain, MAX_SNIPPET_CHARS)}"
        return None


class SearchResultDelegate(QStyledItemDelegate):
    """The conversation's title and date, then the snippet with its matches highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(option.rect.width(), RESULT_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        hit: SearchHit | None = index.data(HitRole)
        if hit is None:
            return
        painter.save()
        palette: QPalette = option.palette
        card, _selected = paint_row_card(painter, option)

        left, width = card.left() + 12, card.width() - 24
        header_font = QFont(option.font)
        header_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(header_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        # Right: who said it and when (muted); left: the conversation, cut to what is left.
        who = self.tr("You") if hit.role is Role.USER else self.tr("Answer")
        detail = f"{who} · {friendly_date(hit.created)}"
        metrics = painter.fontMetrics()
        baseline = card.top() + 6 + metrics.ascent()
        detail_width = metrics.horizontalAdvance(detail)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(left + width - detail_width, baseline, detail)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = display_text(hit.conversation_title, MAX_TITLE_SHOWN_CHARS) or untitled()
        painter.drawText(
            left,
            baseline,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, width - detail_width - 8),
        )

        text_color = palette.color(QPalette.ColorRole.Text)
        dark = text_color.lightness() > 128
        self._document.setDefaultFont(option.font)
        self._document.setTextWidth(width)
        self._document.setHtml(
            f'<div style="color:{palette.color(QPalette.ColorRole.PlaceholderText).name()}">'
            + snippet_html(
                hit.snippet,
                highlight="#6b5b2e" if dark else "#fde68a",
                text_color=text_color.name(),
            )
            + "</div>"
        )
        painter.translate(left, card.top() + 8 + metrics.height())
        clip_height = card.height() - 14 - metrics.height()
        painter.setClipRect(0, 0, width, clip_height)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = painter.clipBoundingRect()
        self._document.documentLayout().draw(painter, context)
        painter.restore()
