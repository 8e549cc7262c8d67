"""The left side of "Models and providers": the built-in providers and the user's servers,
under section headings, each row with its name and where it is."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from dynaspark_desktop.ui.provider_setup.provider_form import plain_label

ProviderIdRole = Qt.ItemDataRole.UserRole


LIST_WIDTH = 250  # beside the form
STACKED_HEIGHT = 170  # above it, when the window is narrow


class ProviderList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("providerList")
        self.setAccessibleName(self.tr("Providers"))
        self.setFixedWidth(LIST_WIDTH)
        self.setIconSize(QSize(0, 0))

    def set_stacked(self, stacked: bool) -> None:
        """Above the form (the width there is, a few rows high) or beside it."""
        if stacked:
            self.setMinimumWidth(0)
            self.setMaximumWidth(16777215)
            self.setFixedHeight(STACKED_HEIGHT)
        else:
            self.setFixedWidth(LIST_WIDTH)
            self.setMinimumHeight(0)
            self.setMaximumHeight(16777215)

    def selected_id(self) -> str:
        item = self.currentItem()
        return item.data(ProviderIdRole) if item is not None else ""

    def select(self, provider_id: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(ProviderIdRole) == provider_id:
                self.setCurrentRow(row)
                return

    def fill(
        self,
        builtin: Iterable[tuple[str, str]],
        servers: Iterable[tuple[str, str, str]],
        select: str,
        fallback: str,
    ) -> None:
        """Show the built-in providers (id, name) and the servers (id, name, where), and
        select ``select`` (``fallback`` when it is gone), without a selection signal between."""
        self.blockSignals(True)
        self.clear()
        self._add_section(self.tr("Built in"))
        for provider_id, label in builtin:
            self._add_row(provider_id, label, self.tr("Comes with the app"))
        self._add_section(self.tr("Your servers"))
        empty = True
        for provider_id, label, where in servers:
            self._add_row(provider_id, label, where)
            empty = False
        if empty:
            self._add_section(self.tr("None yet: add Ollama, LM Studio, OpenAI…"), hint=True)
        self.blockSignals(False)
        self.select(select)
        if self.currentItem() is None:
            self.select(fallback)

    def select_near(self, row: int) -> None:
        """Select the row at ``row``, or the nearest one above it (skipping headings)."""
        for candidate in range(min(row, self.count() - 1), -1, -1):
            if self.item(candidate).data(ProviderIdRole):
                self.setCurrentRow(candidate)
                return

    def _add_section(self, text: str, *, hint: bool = False) -> None:
        item = QListWidgetItem(self)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        label = plain_label("listHint" if hint else "listSection")
        label.setText(text if hint else text.upper())
        item.setSizeHint(label.sizeHint() + QSize(0, 8 if hint else 10))
        self.setItemWidget(item, label)

    def _add_row(self, provider_id: str, title: str, detail: str) -> None:
        item = QListWidgetItem(self)
        item.setData(ProviderIdRole, provider_id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {detail}")
        row = QWidget(objectName="providerRow")
        column = QVBoxLayout(row)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(1)
        for name, text in (("providerRowTitle", title), ("providerRowDetail", detail)):
            label = plain_label(name)
            label.setWordWrap(False)
            label.setText(text)
            column.addWidget(label)
        item.setSizeHint(row.sizeHint())
        self.setItemWidget(item, row)
