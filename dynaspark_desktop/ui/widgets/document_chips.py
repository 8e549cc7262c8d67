"""The documents pending for the next message, one chip each (name, pages, size), laid out
in as many columns as fit, above the composer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

from dynaspark_desktop.core.documents import PDF, AttachedDocument, document_details
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.base.icons import set_icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

_CHIP_WIDTH = 230


class DocumentChip(QFrame):
    removeRequested = Signal(int)

    def __init__(self, key: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="documentChip")
        from PySide6.QtCore import Qt

        self.key = key
        self.setFixedWidth(_CHIP_WIDTH)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.setSpacing(6)
        self.badge = QLabel(objectName="documentBadge")
        row.addWidget(self.badge)
        column = QVBoxLayout()
        column.setSpacing(0)
        self.name_label = ElidedLabel(objectName="attachmentName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label = ElidedLabel(objectName="attachmentDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.name_label)
        column.addWidget(self.detail_label)
        row.addLayout(column, 1)
        self.remove_button = QToolButton(objectName="removeDocumentButton")
        self.remove_button.setIconSize(QSize(14, 14))
        self.remove_button.setAutoRaise(True)
        set_icon(self.remove_button, "close")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.key))
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_entry(self, name: str, document: AttachedDocument | None) -> None:
        self.name_label.setText(name)
        self.setAccessibleName(
            translate("DocumentChips", "Attached document {name}").format(name=name)
        )
        self.remove_button.setToolTip(translate("DocumentChips", "Remove this document"))
        self.remove_button.setAccessibleName(
            translate("DocumentChips", "Remove {name}").format(name=name)
        )
        if document is None:
            self.badge.setText("…")
            self.detail_label.setText(translate("DocumentChips", "Reading…"))
            self.setToolTip("")
            return
        self.badge.setText("PDF" if document.kind == PDF else "TXT")
        details = document_details(document)
        self.detail_label.setText(details)
        self.setToolTip(
            translate(
                "DocumentChips", "{name}: {details}. Its text goes with your next message."
            ).format(name=name, details=details)
        )


class DocumentChips(QFrame):
    """Shows the pending documents; Remove on a chip asks for it (``removeRequested``)."""

    removeRequested = Signal(int)  # a PendingDocument's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="documentChips")
        self.setAccessibleName(self.tr("Attached documents"))
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self.chips: list[DocumentChip] = []
        self._columns = 0
        self.hide()

    def show_entries(self, entries: Sequence[tuple[int, str, AttachedDocument | None]]) -> None:
        """One chip per (key, name, document or None while it is read), in order; chips are
        reused by key, so nothing flickers while documents are read."""
        by_key = {chip.key: chip for chip in self.chips}
        chips = []
        for key, name, document in entries:
            chip = by_key.pop(key, None)
            if chip is None:
                chip = DocumentChip(key, self)
                chip.removeRequested.connect(self.removeRequested)
            chip.show_entry(name, document)
            chips.append(chip)
        for gone in by_key.values():
            gone.hide()
            gone.deleteLater()
        self.chips = chips
        self._columns = 0
        self._lay_out()
        self.setVisible(bool(chips))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        columns = max(1, (self.width() + 6) // (_CHIP_WIDTH + 6))
        if columns == self._columns:
            return
        self._columns = columns
        for chip in self.chips:
            self._grid.removeWidget(chip)
        for index, chip in enumerate(self.chips):
            self._grid.addWidget(chip, index // columns, index % columns)
            chip.show()
        self._grid.setColumnStretch(columns, 1)
