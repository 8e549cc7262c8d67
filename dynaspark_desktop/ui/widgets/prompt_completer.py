"""The composer's ``/name`` popup: typing ``/`` at the start of a word lists the saved prompts
whose names fit what follows it, narrowed as the user types; ↑/↓ move, Enter or Tab (or a
click) replaces the ``/name`` with the prompt's text, Esc closes it and leaves the text as
typed.

The composer keeps the focus throughout: the popup is a child of the window that takes no
focus, and the keys it answers to are taken from the composer by an event filter only while
it shows (so Enter sends and Esc stops an answer as usual otherwise). Nothing runs while no
prompt is saved, and nothing at rest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from dynaspark_desktop.storage.prompts import LibraryEntry
    from dynaspark_desktop.ui.widgets.composer import Composer

# "/name" just before the cursor, at the start of a word (after a space or the line's start).
_TYPED_NAME = re.compile(r"(?<!\S)/([\w.-]*)$")
_LOOK_BACK = 64  # characters before the cursor: a prompt's name is at most 40
_VISIBLE_ROWS = 8
# Rows listed at most (the rest are reached by typing more): filling the list is the cost of
# a keystroke while it shows, about 25 µs a row.
_MAX_ROWS = 50
_SHOWN_TEXT_CHARS = 80


def matching(prompts: tuple[LibraryEntry, ...], typed: str) -> list[LibraryEntry]:
    """The prompts whose names start with ``typed`` (case ignored), then those that hold it."""
    wanted = typed.casefold()
    starts = [entry for entry in prompts if entry.name.casefold().startswith(wanted)]
    holds = [entry for entry in prompts if wanted in entry.name.casefold()[1:]]
    return starts + [entry for entry in holds if entry not in starts]


class PromptCompleter(QObject):
    def __init__(self, composer: Composer) -> None:
        super().__init__(composer)
        self.composer = composer
        self.prompts: tuple[LibraryEntry, ...] = ()
        self.shown: list[LibraryEntry] = []
        self._start = -1  # where the "/" typed is, while the popup shows
        self._dismissed = -1  # the "/" whose popup Esc closed: not shown again for it
        self._inserting = False
        self.popup = QListWidget(composer.window(), objectName="promptCompleter")
        self.popup.setAccessibleName(self.tr("Saved prompts"))
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setUniformItemSizes(True)
        self.popup.setMouseTracking(True)
        self.popup.hide()
        self.popup.itemClicked.connect(self._clicked)
        self.popup.itemEntered.connect(self.popup.setCurrentItem)
        composer.installEventFilter(self)
        composer.textChanged.connect(self.update)
        composer.cursorPositionChanged.connect(self.update)

    @property
    def is_open(self) -> bool:
        return self.popup.isVisible()

    def set_prompts(self, prompts: tuple[LibraryEntry, ...]) -> None:
        self.prompts = prompts
        self.update()

    # -- following the composer -------------------------------------------------------------

    def update(self) -> None:
        """Show, narrow or close the popup for what is typed before the cursor."""
        if not self.prompts or self._inserting:
            self.close()
            return
        cursor = self.composer.textCursor()
        typed = self._typed_name(cursor.block().text(), cursor.positionInBlock())
        if typed is None or cursor.hasSelection():
            self._dismissed = -1
            self.close()
            return
        start = cursor.position() - len(typed) - 1
        if start == self._dismissed:
            return
        self.shown = matching(self.prompts, typed)[:_MAX_ROWS]
        if not self.shown:
            self.close()
            return
        self._start = start
        self._fill()

    @staticmethod
    def _typed_name(line: str, column: int) -> str | None:
        before = line[max(0, column - _LOOK_BACK) : column]
        match = _TYPED_NAME.search(before)
        if match is None or (match.start() == 0 and column > len(before)):
            return None  # no "/name" here, or one glued to a word further back
        return match.group(1)

    def _fill(self) -> None:
        popup = self.popup
        chosen = popup.currentItem().data(Qt.ItemDataRole.UserRole) if popup.count() else None
        popup.clear()
        for entry in self.shown:
            first_line = " ".join(entry.text.split())[:_SHOWN_TEXT_CHARS]
            item = QListWidgetItem(f"/{entry.name}    {first_line}")
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            item.setToolTip(entry.text[:600])
            popup.addItem(item)
        names = [entry.name for entry in self.shown]
        popup.setCurrentRow(names.index(chosen) if chosen in names else 0)
        self._place()
        popup.show()
        popup.raise_()

    def _place(self) -> None:
        """Above the cursor's line (the composer is at the window's foot), inside the window."""
        window, popup = self.popup.parentWidget(), self.popup
        rows = min(len(self.shown), _VISIBLE_ROWS)
        margins = popup.contentsMargins()
        height = popup.sizeHintForRow(0) * rows + margins.top() + margins.bottom() + 2
        width = min(460, window.width() - 16)
        caret = self.composer.cursorRect()
        corner = self.composer.viewport().mapTo(window, QPoint(caret.left(), caret.top()))
        x = max(8, min(corner.x() - 8, window.width() - width - 8))
        y = corner.y() - height - 4
        if y < 8:  # no room above: below the line
            y = corner.y() + caret.height() + 4
        popup.setGeometry(x, y, width, height)

    def close(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
            self.popup.clear()  # the next "/" starts at the top
        self._start = -1

    # -- choosing ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.popup.isVisible():
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.close()
        elif kind == QEvent.Type.Resize:  # the window's size changed: still by the caret
            self._place()
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            key = event.key()  # type: ignore[attr-defined]
            if key not in _KEYS or event.modifiers() not in _PLAIN:  # type: ignore[attr-defined]
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # the composer's, not the window's (Esc stops an answer)
                return True
            self._key(event)  # type: ignore[arg-type]
            return True
        return False

    def _key(self, event: QKeyEvent) -> None:
        key, popup = event.key(), self.popup
        if key == Qt.Key.Key_Escape:
            self._dismissed = self._start
            self.close()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            popup.setCurrentRow((popup.currentRow() + step) % popup.count())
        else:
            self.choose(popup.currentRow())

    def _clicked(self, item: QListWidgetItem) -> None:
        self.choose(self.popup.row(item))

    def choose(self, row: int) -> bool:
        """Replace the ``/name`` typed with the text of the prompt at ``row``; False (and a
        notice) when the composer cannot take it, the text then left as typed."""
        if not 0 <= row < len(self.shown) or self._start < 0:
            return False
        entry = self.shown[row]
        composer = self.composer
        cursor = composer.textCursor()
        end = cursor.position()
        cursor.setPosition(self._start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        kept = len(composer.toPlainText()) - (end - self._start)
        refusal = composer.refusal(entry.text, already=kept)
        self.close()
        if refusal is not None:
            notices.warning(refusal + " " + self.tr("What you typed is unchanged."))
            return False
        self._inserting = True
        try:
            composer.setTextCursor(cursor)
            composer.insertPlainText(entry.text)  # one step for Undo
        finally:
            self._inserting = False
        # A "/word" at the end of the text inserted is the prompt's, not a new one typed.
        after = composer.textCursor()
        typed = self._typed_name(after.block().text(), after.positionInBlock())
        self._dismissed = after.position() - len(typed) - 1 if typed is not None else -1
        composer.setFocus()
        return True


_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Tab,
        Qt.Key.Key_Escape,
    }
)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
