"""The "Keyboard shortcuts" sheet (F1, Ctrl+/): written from the shortcut table, so it can
never list a key the window does not bind. Opened with ``open()``; Esc or Close closes it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.ui.window.shortcuts import CONTEXT, SHORTCUTS, groups, key_text, shown_keys


class ShortcutsSheet(QDialog):
    def __init__(self, send_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsSheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.resize(520, 600)
        column = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Tab moves between the parts of the window, the arrow keys and Enter work in"
                " every list, and Esc closes menus, dialogs and the search."
            ),
            objectName="shortcutsIntro",
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.table = QTreeWidget(objectName="shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setAccessibleDescription(self.tr("Each action with the keys that do it"))
        self.table.setColumnCount(2)
        self._label_columns()
        self.table.setRootIsDecorated(False)
        # Rows with room to read, keys clear of the edge (colours stay the app style's).
        self.table.setStyleSheet("QTreeView::item { padding: 3px 6px; }")
        self.table.setItemsExpandable(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        column.addWidget(self.table, 1)
        self._key_items: dict[str, QTreeWidgetItem] = {}
        self._fill()
        self.show_send_key(send_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("shortcutsCloseButton")
        close.setAccessibleName(self.tr("Close the keyboard shortcuts"))
        column.addWidget(buttons)

    def _label_columns(self) -> None:
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Keys")])

    def retranslate(self) -> None:
        """The language changed: the rows made again in it (labels and buttons follow by
        themselves: base/retranslation.py)."""
        self._label_columns()
        self.table.clear()
        self._key_items.clear()
        self._fill()
        self.show_send_key(self._send_key)

    def _fill(self) -> None:
        font = self.table.font()
        font.setBold(True)
        for group in groups():
            heading = QTreeWidgetItem([QCoreApplication.translate(CONTEXT, group), ""])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setFont(0, font)
            heading.setFirstColumnSpanned(True)
            self.table.addTopLevelItem(heading)
            for row in SHORTCUTS:
                if row.group != group:
                    continue
                item = QTreeWidgetItem([QCoreApplication.translate(CONTEXT, row.description), ""])
                item.setData(0, Qt.ItemDataRole.UserRole, row.id)
                heading.addChild(item)
                self._key_items[row.id] = item
                self._set_keys(item, row.keys)
            heading.setExpanded(True)
        self.table.setCurrentItem(self.table.topLevelItem(0).child(0))

    def _set_keys(self, item: QTreeWidgetItem, keys: tuple[str, ...]) -> None:
        text = key_text(keys)
        item.setText(1, text)
        # A screen reader reads the row as one: "New chat: Ctrl+N".
        for column in (0, 1):
            item.setData(column, Qt.ItemDataRole.AccessibleTextRole, f"{item.text(0)}: {text}")

    def show_send_key(self, send_key: str) -> None:
        """Show the keys that send and start a line under the ``send_key`` setting."""
        self._send_key = send_key
        for row in SHORTCUTS:
            if not row.bound:
                self._set_keys(self._key_items[row.id], shown_keys(row, send_key))

    def keys_shown(self, shortcut_id: str) -> str:
        return self._key_items[shortcut_id].text(1)
