"""A generated picture in the transcript: fitted to the answer's width with its aspect kept,
and its actions (Copy image, Save image as…).

Memory: the widget keeps one pixmap of exactly the size shown, in device pixels (crisp on a
HiDPI screen, and no larger than that). It is decoded from the picture's display copy,
which ``core.generated_images`` bounds, and again only when the shown size changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.ui.transcript.message_actions import action_button

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QPaintEvent, QResizeEvent

    from dynaspark_desktop.core.generated_images import GeneratedPicture

# A picture is never shown taller than this (logical pixels): a tall one would otherwise
# take more than a screen and push the conversation away.
MAX_SHOWN_HEIGHT = 560


class PictureView(QWidget):
    """The picture at the largest size that fits the width, up to its own size; a click
    opens it large (``clicked``)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generatedPicture")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Click to see the picture large"))
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._picture: GeneratedPicture | None = None
        self._pixmap = QPixmap()
        self._broken = False

    def set_picture(self, picture: GeneratedPicture) -> None:
        if picture is self._picture:
            return
        self._picture = picture
        self._pixmap = QPixmap()
        self._broken = not picture.display
        self.setAccessibleName(self.tr("Generated image: {prompt}").format(prompt=picture.prompt))
        self.updateGeometry()
        self._fit()

    @property
    def broken(self) -> bool:
        """The picture cannot be shown (its file is gone, or it no longer decodes)."""
        return self._broken

    def pixmap(self) -> QPixmap:
        """What is painted: the picture at the shown size, in device pixels."""
        return self._pixmap

    def shown_size(self, width: int) -> QSize:
        """The logical size the picture takes in ``width``: aspect kept, never enlarged."""
        picture = self._picture
        if picture is None or self._broken or width <= 0:
            return QSize(0, 0)
        scale = min(width / picture.width, MAX_SHOWN_HEIGHT / picture.height, 1.0)
        return QSize(max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.shown_size(width).height()

    def sizeHint(self) -> QSize:
        picture = self._picture
        natural = picture.width if picture is not None else 0
        return self.shown_size(natural)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Decode a pixmap for the size now shown, unless the one held already is it."""
        picture = self._picture
        shown = self.shown_size(self.width())
        if picture is None or shown.isEmpty():
            return
        ratio = self.devicePixelRatioF()
        device = QSize(round(shown.width() * ratio), round(shown.height() * ratio))
        if self._pixmap.size() == device:
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(picture.display))
        reader = QImageReader(buffer)
        reader.setScaledSize(device)
        image = reader.read()
        if image.isNull():
            # Checked when it arrived, so only a damaged file on disk gets here.
            self._broken = True
            self._pixmap = QPixmap()
            self.updateGeometry()
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self._pixmap = pixmap
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if _is_click(self, event) and not self._broken:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._pixmap.isNull():
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)


def _is_click(widget: QWidget, event: QMouseEvent) -> bool:
    return event.button() == Qt.MouseButton.LeftButton and widget.rect().contains(
        event.position().toPoint()
    )


class PictureBlock(QWidget):
    """The picture and its actions, in the answer's place."""

    copyRequested = Signal()
    saveRequested = Signal()
    viewRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pictureBlock")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(4)
        self.view = PictureView(self)
        self.view.clicked.connect(self.viewRequested)
        column.addWidget(self.view)
        self.missing_label = QLabel(objectName="pictureMissing")
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setWordWrap(True)
        self.missing_label.setText(
            self.tr(
                "The picture's file is missing from the history folder or damaged, so it "
                "cannot be shown."
            )
        )
        self.missing_label.hide()
        column.addWidget(self.missing_label)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        self.copy_button = action_button(
            self.tr("Copy image"), self.tr("Copy the picture to the clipboard")
        )
        self.copy_button.clicked.connect(self.copyRequested)
        self.save_button = action_button(
            self.tr("Save image as…"), self.tr("Save the picture as a file")
        )
        self.save_button.clicked.connect(self.saveRequested)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        column.addLayout(actions)

    def set_picture(self, picture: GeneratedPicture) -> None:
        self.view.set_picture(picture)
        self.missing_label.setVisible(self.view.broken)
        self.view.setVisible(not self.view.broken)
        # Copy and Save work from the file, which may be fine even if the display copy is not.
        available = bool(picture.data) or picture.path is not None
        self.copy_button.setEnabled(available)
        self.save_button.setEnabled(available)
