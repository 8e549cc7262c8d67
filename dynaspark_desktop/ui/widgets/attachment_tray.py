"""The pending image, shown as a chip above the composer until it is sent or removed."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base.icons import set_icon
from dynaspark_desktop.ui.base.thumbnails import thumbnail_pixmap

_CHIP_THUMBNAIL_SIDE = 48


def _size_label(size: int) -> str:
    if size < 1024 * 1024:
        return translate("AttachmentTray", "{size} KB").format(size=max(1, round(size / 1024)))
    return translate("AttachmentTray", "{size} MB").format(size=f"{size / 1024 / 1024:.1f}")


class AttachmentTray(QFrame):
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.setAccessibleName(self.tr("Attached image"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(10)
        self.thumbnail = QLabel(objectName="attachmentThumbnail")
        self.thumbnail.setFixedSize(_CHIP_THUMBNAIL_SIDE, _CHIP_THUMBNAIL_SIDE)
        layout.addWidget(self.thumbnail)
        text_column = QVBoxLayout()
        text_column.setSpacing(0)
        self.name_label = QLabel(objectName="attachmentName")
        self.detail_label = QLabel(objectName="attachmentDetail")
        text_column.addWidget(self.name_label)
        text_column.addWidget(self.detail_label)
        layout.addLayout(text_column, 1)
        self.remove_button = QToolButton(objectName="removeAttachmentButton")
        self.remove_button.setIconSize(QSize(16, 16))
        self.remove_button.setToolTip(self.tr("Remove this image"))
        self.remove_button.setAccessibleName(self.tr("Remove attached image"))
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(self.removeRequested)
        layout.addWidget(self.remove_button)
        self._ready = False
        self.image: PreparedImage | None = None
        self.hide()

    def _make_ready(self) -> None:
        """Finish the chip on first use: Qt enums touched before the window's first paint
        would cost start-up time (PySide6 builds them all at once)."""
        if self._ready:
            return
        from PySide6.QtCore import Qt

        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # File names are shown as they are, never interpreted as markup.
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.layout().setAlignment(self.remove_button, Qt.AlignmentFlag.AlignTop)
        set_icon(self.remove_button, "close")
        self._ready = True

    def show_preparing(self, name: str) -> None:
        self._make_ready()
        self.image = None
        self.thumbnail.clear()
        self.thumbnail.setText("…")
        self.name_label.setText(name)
        self.detail_label.setText(self.tr("Preparing the image…"))
        # Removing stops the preparation: a file that takes long need not be waited for.
        self.remove_button.setEnabled(True)
        self.show()

    def show_image(self, image: PreparedImage) -> None:
        self._make_ready()
        self.image = image
        self.thumbnail.setPixmap(thumbnail_pixmap(image, _CHIP_THUMBNAIL_SIDE, keep=True))
        self.name_label.setText(image.filename)
        details = [f"{image.width}×{image.height}", _size_label(len(image.data))]
        if image.was_resized:
            details.append(
                self.tr("reduced from {width}×{height}").format(
                    width=image.original_width, height=image.original_height
                )
            )
        details.extend(image.notes)
        self.detail_label.setText(" · ".join(details))
        self.remove_button.setEnabled(True)
        self.setToolTip(self.tr("This image goes with your next message."))
        self.show()

    def clear(self) -> None:
        self.image = None
        self.thumbnail.clear()
        self.hide()
