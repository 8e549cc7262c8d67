"""The pending images, shown as chips above the composer until they are sent or removed,
with a note when the chosen model will not get them all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.core.images import PreparedImage

if TYPE_CHECKING:
    from dynaspark_desktop.ui.widgets.image_chip import ImageChip

# Several chips share the row: each is kept narrow enough for three in a 600 px window.
_SHARED_CHIP_WIDTH = 230

# (key, name, image): the image is None while it is prepared.
Attachment = tuple[int, str, PreparedImage | None]


class AttachmentTray(QFrame):
    removeRequested = Signal(int)  # the attachment's key
    viewRequested = Signal(object)  # a PreparedImage to see large

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.setAccessibleName(self.tr("Attached image"))
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(8, 6, 8, 6)
        self._column.setSpacing(4)
        self.note_label = QLabel(objectName="attachmentNote")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        self.chips: list[ImageChip] = []
        self._row: QHBoxLayout | None = None
        self._note = ""
        self.hide()

    def _make_ready(self) -> QHBoxLayout:
        """The chips' row, built on first use: Qt enums touched before the window's first
        paint would cost start-up time (PySide6 builds them all at once)."""
        if self._row is not None:
            return self._row
        from PySide6.QtWidgets import QScrollArea

        # Many images scroll sideways rather than widen the window.
        self._scroll = QScrollArea(objectName="attachmentChips")
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        row_widget = QWidget(objectName="attachmentChipRow")
        self._row = QHBoxLayout(row_widget)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(12)
        self._scroll.setWidget(row_widget)
        self._column.addWidget(self._scroll)
        self._column.addWidget(self.note_label)
        return self._row

    # The first chip's parts (what a message with one image shows).

    @property
    def thumbnail(self) -> QLabel:
        return self.chips[0].thumbnail

    @property
    def name_label(self) -> QLabel:
        return self.chips[0].name_label

    @property
    def detail_label(self) -> QLabel:
        return self.chips[0].detail_label

    @property
    def remove_button(self) -> QWidget:
        return self.chips[0].remove_button

    @property
    def image(self) -> PreparedImage | None:
        return self.chips[0].image if self.chips else None

    def show_attachments(self, attachments: Sequence[Attachment]) -> None:
        """Show ``attachments`` in order (a chip per one); none hides the tray."""
        if not attachments and self._row is None:
            return
        from dynaspark_desktop.ui.widgets.image_chip import ImageChip

        row = self._make_ready()
        keys = [key for key, _name, _image in attachments]
        for chip in [chip for chip in self.chips if chip.key not in keys]:
            self.chips.remove(chip)
            chip.hide()
            chip.deleteLater()
        by_key = {chip.key: chip for chip in self.chips}
        self.chips = []
        for key, name, image in attachments:
            chip = by_key.get(key)
            if chip is None:
                chip = ImageChip(key, self)
                chip.removeRequested.connect(self.removeRequested)
                chip.viewRequested.connect(self.viewRequested)
            if image is None:
                chip.show_preparing(name)
            elif chip.image is not image:
                chip.show_image(image)
            self.chips.append(chip)
        while row.count():
            row.takeAt(0)
        several = len(self.chips) > 1
        for chip in self.chips:
            chip.setMaximumWidth(_SHARED_CHIP_WIDTH if several else 16_777_215)
            row.addWidget(chip, 0 if several else 1)
            chip.show()
        if several:
            row.addStretch(1)
        self.setToolTip(
            self.tr("These images go with your next message.")
            if several
            else self.tr("This image goes with your next message.")
        )
        self._fit_height()
        self._show_note()
        self.setVisible(bool(self.chips))

    def _fit_height(self) -> None:
        from PySide6.QtCore import Qt

        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chip_height = max((chip.sizeHint().height() for chip in self.chips), default=0)
        scroll_bar = self._scroll.horizontalScrollBar().sizeHint().height()
        self._scroll.setFixedHeight(chip_height + (scroll_bar if len(self.chips) > 3 else 0))

    def set_note(self, note: str) -> None:
        """Say what the chosen model does with the images (empty: nothing to say)."""
        self._note = note
        self._show_note()

    def _show_note(self) -> None:
        self.note_label.setText(self._note)
        self.note_label.setVisible(bool(self._note) and bool(self.chips))

    def clear(self) -> None:
        self.show_attachments(())
