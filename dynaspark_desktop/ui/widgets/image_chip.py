"""One attached image above the composer: its thumbnail (click it to see the image large),
its name and size, and × to remove it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.base.icons import set_icon
from dynaspark_desktop.ui.base.thumbnails import thumbnail_pixmap

CHIP_THUMBNAIL_SIDE = 48


def size_label(size: int) -> str:
    if size < 1024 * 1024:
        return translate("AttachmentTray", "{size} KB").format(size=max(1, round(size / 1024)))
    return translate("AttachmentTray", "{size} MB").format(size=f"{size / 1024 / 1024:.1f}")


class ClickableThumbnail(QLabel):
    """A thumbnail that opens the image: a click, or Enter/Space once focused (Tab)."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class ImageChip(QFrame):
    """One attachment; ``key`` names it in the signals (the controller's entry)."""

    removeRequested = Signal(int)
    viewRequested = Signal(object)  # the PreparedImage

    def __init__(self, key: int, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.key = key
        self.image: PreparedImage | None = None
        self.setObjectName("attachmentChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.thumbnail = ClickableThumbnail(objectName="attachmentThumbnail")
        self.thumbnail.setFixedSize(CHIP_THUMBNAIL_SIDE, CHIP_THUMBNAIL_SIDE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.clicked.connect(self._view)
        layout.addWidget(self.thumbnail)
        text_column = QVBoxLayout()
        text_column.setSpacing(0)
        # Elided: several chips share the row, and a long name must not widen the window.
        self.name_label = ElidedLabel(objectName="attachmentName")
        self.detail_label = ElidedLabel(objectName="attachmentDetail")
        for label in (self.name_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
            label.setMinimumWidth(40)
            text_column.addWidget(label)
        layout.addLayout(text_column, 1)
        self.remove_button = QToolButton(objectName="removeAttachmentButton")
        self.remove_button.setIconSize(QSize(16, 16))
        self.remove_button.setAutoRaise(True)
        set_icon(self.remove_button, "close")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.key))
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_preparing(self, name: str) -> None:
        from PySide6.QtCore import Qt

        self.image = None
        self.thumbnail.clear()
        self.thumbnail.setText("…")
        self.thumbnail.unsetCursor()
        self.thumbnail.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to open yet
        self._name(name)
        self.detail_label.setText(translate("AttachmentTray", "Preparing the image…"))
        # Removing stops the preparation: a file that takes long need not be waited for.
        self.remove_button.setEnabled(True)

    def show_image(self, image: PreparedImage) -> None:
        from PySide6.QtCore import Qt

        self.image = image
        self.thumbnail.setPixmap(thumbnail_pixmap(image, CHIP_THUMBNAIL_SIDE, keep=True))
        self.thumbnail.setCursor(Qt.CursorShape.PointingHandCursor)
        self.thumbnail.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.thumbnail.setToolTip(translate("AttachmentTray", "Click to see the image large"))
        self.thumbnail.setAccessibleName(
            translate("AttachmentTray", "View “{name}”").format(name=image.filename)
        )
        self._name(image.filename)
        details = [f"{image.width}×{image.height}", size_label(len(image.data))]
        if image.was_resized:
            details.append(
                translate("AttachmentTray", "reduced from {width}×{height}").format(
                    width=image.original_width, height=image.original_height
                )
            )
        details.extend(image.notes)
        self.detail_label.setText(" · ".join(details))
        self.detail_label.setToolTip(self.detail_label.text())
        self.remove_button.setEnabled(True)

    def _name(self, name: str) -> None:
        self.name_label.setText(name)
        self.name_label.setToolTip(name)
        self.remove_button.setToolTip(translate("AttachmentTray", "Remove this image"))
        self.remove_button.setAccessibleName(
            translate("AttachmentTray", "Remove “{name}”").format(name=name)
        )

    def _view(self) -> None:
        if self.image is not None:
            self.viewRequested.emit(self.image)
