"""The sidebar's list of conversations: a model over plain summaries and a painted delegate.

A model and a delegate, not a widget per row: 5,000 conversations cost one list of records,
and only the visible rows are ever painted.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.timestamps import local_time
from dynaspark_desktop.providers.model_keys import model_name
from dynaspark_desktop.ui.base.icons import icon
from dynaspark_desktop.ui.base.safe_text import (
    MAX_TITLE_SHOWN_CHARS,
    display_text,
    neutralize_controls,
)

if TYPE_CHECKING:
    from dynaspark_desktop.storage import ConversationSummary

    AnyIndex = QModelIndex | QPersistentModelIndex

UNTITLED = QT_TRANSLATE_NOOP("ConversationList", "New chat")
ConversationIdRole = Qt.ItemDataRole.UserRole + 1
PinnedRole = Qt.ItemDataRole.UserRole + 2
SubtitleRole = Qt.ItemDataRole.UserRole + 3
# "generating" (an answer is on its way), "unread" (one came while the user was elsewhere),
# or "": painted as a static mark (no animation: nothing ticks while the app waits).
ActivityRole = Qt.ItemDataRole.UserRole + 4
GENERATING = "generating"
UNREAD = "unread"

ROW_HEIGHT = 52
_PADDING = 12


def friendly_date(seconds: float, now: datetime.datetime | None = None) -> str:
    """ "14:02" today, "Yesterday", a weekday within the week, else the date.

    Never raises, whatever ``seconds`` holds (nan, inf, 1e300): this runs inside paints.
    """
    moment = local_time(seconds)
    now = now or datetime.datetime.now()
    days = (now.date() - moment.date()).days
    # Month and day names in the app's language (QLocale's default, set with the language).
    locale = QLocale()
    date = QDate(moment.year, moment.month, moment.day)
    if days < 0:  # a clock that was wrong, or a crafted import: the full date, not a time
        return locale.toString(date, "d MMM yyyy")
    if days == 0:
        return locale.toString(QTime(moment.hour, moment.minute), "HH:mm")
    if days == 1:
        return translate("ConversationList", "Yesterday")
    if days < 7:
        day = locale.standaloneDayName(date.dayOfWeek())
        return day[:1].upper() + day[1:]
    if moment.year == now.year:
        return locale.toString(date, "d MMM")
    return locale.toString(date, "d MMM yyyy")


def untitled() -> str:
    """The title shown for a conversation without one."""
    return translate("ConversationList", UNTITLED)


class ConversationListModel(QAbstractListModel):
    renameRequested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConversationSummary] = []
        self._row_of: dict[int, int] = {}
        self._generating: frozenset[int] = frozenset()
        self._unread: frozenset[int] = frozenset()

    def set_activity(self, generating: frozenset[int], unread: frozenset[int]) -> None:
        """Mark the conversations generating an answer and those with an unread one."""
        changed = (self._generating ^ generating) | (self._unread ^ unread)
        self._generating, self._unread = generating, unread
        for conversation_id in changed:
            row = self._row_of.get(conversation_id)
            if row is not None:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def activity_of(self, conversation_id: int) -> str:
        if conversation_id in self._generating:
            return GENERATING
        return UNREAD if conversation_id in self._unread else ""

    def set_conversations(self, summaries: list[ConversationSummary]) -> None:
        """Show ``summaries``. The common changes (a conversation's time or title, a new one
        at the top) update just those rows: the selection and scroll position stay, and the
        list repaints only what changed."""
        old_rows = self._rows
        old_ids = [summary.id for summary in old_rows]
        new_ids = [summary.id for summary in summaries]
        if new_ids == old_ids or new_ids[1:] == old_ids:
            inserted = len(new_ids) - len(old_ids)
            if inserted:
                self.beginInsertRows(QModelIndex(), 0, 0)
            self._set_rows(summaries)
            if inserted:
                self.endInsertRows()
            pairs = zip(old_rows, summaries[inserted:], strict=True)
            changed = [row for row, (old, new) in enumerate(pairs, inserted) if old != new]
            if changed:
                self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))
        else:
            self.beginResetModel()
            self._set_rows(summaries)
            self.endResetModel()

    def _set_rows(self, summaries: list[ConversationSummary]) -> None:
        self._rows = summaries
        self._row_of = {summary.id: row for row, summary in enumerate(summaries)}

    def row_of(self, conversation_id: int) -> int | None:
        return self._row_of.get(conversation_id)

    def summary(self, row: int) -> ConversationSummary:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Capped: the row elides it, at a cost that grows with its length, on each paint.
            return display_text(summary.title, MAX_TITLE_SHOWN_CHARS) or untitled()
        if role == Qt.ItemDataRole.EditRole:  # the title to edit: whole
            return neutralize_controls(summary.title) or untitled()
        if role == ConversationIdRole:
            return summary.id
        if role == PinnedRole:
            return summary.pinned
        if role == ActivityRole:
            return self.activity_of(summary.id)
        if role == SubtitleRole:
            parts = [friendly_date(summary.updated)]
            if summary.model:  # its name, not its key ("llama3.2:3b", not "local:llama3.2:3b")
                parts.append(display_text(model_name(summary.model), MAX_TITLE_SHOWN_CHARS))
            return " · ".join(parts)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            title = display_text(summary.title, MAX_TITLE_SHOWN_CHARS) or untitled()
            pinned = self.tr(", pinned") if summary.pinned else ""
            activity = self.activity_of(summary.id)
            if activity == GENERATING:
                pinned += self.tr(", generating an answer")
            elif activity == UNREAD:
                pinned += self.tr(", new answer")
            return f"{title} ({friendly_date(summary.updated)}{pinned})"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = " ".join(str(value).split())
        summary = self._rows[index.row()]
        if not title or title == summary.title:
            return False
        import dataclasses

        # Shown at once; the history saves it in its thread and the list refreshes after.
        self._rows[index.row()] = dataclasses.replace(summary, title=title)
        self.dataChanged.emit(index, index)
        self.renameRequested.emit(summary.id, title)
        return True


def paint_row_card(painter: QPainter, option: QStyleOptionViewItem) -> tuple[QRect, bool]:
    """A sidebar row's rounded card, tinted when selected or under the mouse.

    Returns the card's rectangle and whether the row is selected (the caller paints on it).
    """
    card = option.rect.adjusted(6, 2, -6, -2)
    state = option.state
    selected = bool(state & QStyle.StateFlag.State_Selected)
    if selected or state & QStyle.StateFlag.State_MouseOver:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        color = option.palette.color(QPalette.ColorRole.Highlight)
        color.setAlpha(46 if selected else 20)
        painter.setBrush(color)
        painter.drawRoundedRect(card, 8, 8)
    return card, selected


def _paint_activity(
    painter: QPainter, palette: QPalette, activity: str, card: QRect, right: int
) -> int:
    """The row's mark at the title's right end: "…" while an answer is on its way, a dot for
    an answer not seen yet. Returns where the title must end."""
    painter.save()
    color = palette.color(QPalette.ColorRole.Highlight)
    if activity == UNREAD:
        side = 8
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QRect(right - side, card.top() + 6 + (card.height() // 2 - side) // 2,
                                  side, side))  # fmt: skip
    else:
        side = painter.fontMetrics().horizontalAdvance("…") + 2
        painter.setPen(color)
        mark = QRect(right - side, card.top() + 6, side, card.height() // 2)
        painter.drawText(mark, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "…")
    painter.restore()
    return right - side - 6


class ConversationDelegate(QStyledItemDelegate):
    """Two lines per row: the title, then the date and model; a pin when pinned, and a mark
    when an answer is on its way or unread."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        palette: QPalette = option.palette
        card, selected = paint_row_card(painter, option)

        text_left = card.left() + _PADDING
        text_right = card.right() - _PADDING
        activity = index.data(ActivityRole)
        if activity:
            text_right = _paint_activity(painter, palette, activity, card, text_right)
        if index.data(PinnedRole):
            pin_side = 14
            icon("pin").paint(
                painter, QRect(text_right - pin_side, card.top() + 9, pin_side, pin_side)
            )
            text_right -= pin_side + 6

        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold if selected else QFont.Weight.Medium)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title_rect = QRect(text_left, card.top() + 6, text_right - text_left, card.height() // 2)
        title = painter.fontMetrics().elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )

        subtitle_font = QFont(option.font)
        subtitle_font.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.86))
        painter.setFont(subtitle_font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        subtitle_rect = QRect(
            text_left,
            card.top() + card.height() // 2,
            card.right() - _PADDING - text_left,
            card.height() // 2 - 6,
        )
        subtitle = painter.fontMetrics().elidedText(
            str(index.data(SubtitleRole)), Qt.TextElideMode.ElideRight, subtitle_rect.width()
        )
        painter.drawText(
            subtitle_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, subtitle
        )
        painter.restore()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("renameEditor")
        editor.setAccessibleName(translate("ConversationList", "Conversation title"))
        editor.setMaxLength(200)
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        card = option.rect.adjusted(6, 2, -6, -2)
        editor.setGeometry(
            card.left() + 6, card.top() + 4, card.width() - 12, card.height() // 2 + 2
        )
