"""A list view whose changed rows repaint alone.

Qt's ``QListView.dataChanged`` repaints the whole viewport for any change, one row's
included (measured on the sidebar: a conversation's "generating" mark, set as a message is
sent, repainted all 680 px of the list and every row in it, inside the paint that shows the
message's first words). The sidebar's rows all have one height and a change never moves
them, so repainting the changed rows' rectangles is the same picture.

Qt's own handling is kept where it does more than repaint: while an item is being edited
(the editor takes the new data) and while an accessibility client listens (it is told
which rows changed).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QListView

AnyIndex = QModelIndex | QPersistentModelIndex
# More changed rows than this (a list's worth and more) repaint the whole viewport, as Qt
# does, instead of being looked at one by one.
MAX_ROWS_ONE_BY_ONE = 100


class RowListView(QListView):
    """A ``QListView`` (uniform rows) that repaints only the rows a model change touches."""

    def dataChanged(
        self, top_left: AnyIndex, bottom_right: AnyIndex, roles: Sequence[int] = ()
    ) -> None:
        model = self.model()
        if (
            model is None
            or not top_left.isValid()
            or not bottom_right.isValid()
            or top_left.parent() != bottom_right.parent()
            or self.state() == QAbstractItemView.State.EditingState
            or QAccessible.isActive()
        ):
            super().dataChanged(top_left, bottom_right, list(roles))
            return
        viewport = self.viewport()
        if bottom_right.row() - top_left.row() >= MAX_ROWS_ONE_BY_ONE:
            viewport.update()
            return
        shown = viewport.rect()
        for row in range(top_left.row(), bottom_right.row() + 1):
            rect = self.visualRect(model.index(row, top_left.column(), top_left.parent()))
            if rect.intersects(shown):
                viewport.update(rect)
