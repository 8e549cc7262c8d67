"""An image seen large: zoom (the wheel, Ctrl+plus/minus, Fit, 100%), Copy and Save; Esc
closes. The viewer only shows: the window decodes the image in a thread and answers its
``copyRequested`` and ``saveRequested``."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.ui.base.elided_label import ElidedLabel

ZOOM_STEP = 1.25
MIN_ZOOM = 0.02
MAX_ZOOM = 16.0
# Above this many pixels, scaling is drawn without smoothing: the picture follows the wheel.
_SMOOTH_LIMIT_PIXELS = 16_000_000


class _Canvas(QWidget):
    """The image at the viewer's zoom; the wheel zooms it, a drag moves it."""

    wheeled = Signal(float)  # steps: positive zooms in
    dragged = Signal(QPoint)  # how far the pointer moved while pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewerCanvas")
        self.image = QImage()
        self.zoom = 1.0
        self._grabbed_at: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._grabbed_at = event.globalPosition().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._grabbed_at is not None:
            now = event.globalPosition().toPoint()
            self.dragged.emit(now - self._grabbed_at)
            self._grabbed_at = now

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._grabbed_at = None

    def sizeHint(self) -> QSize:
        if self.image.isNull():
            return QSize(0, 0)
        return QSize(
            max(1, round(self.image.width() * self.zoom)),
            max(1, round(self.image.height() * self.zoom)),
        )

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.wheeled.emit(steps)
            event.accept()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.image.isNull():
            return
        painter = QPainter(self)
        pixels = self.image.width() * self.image.height()
        painter.setRenderHint(
            QPainter.RenderHint.SmoothPixmapTransform, pixels < _SMOOTH_LIMIT_PIXELS
        )
        painter.drawImage(self.rect(), self.image)
        painter.end()


class ImageViewer(QDialog):
    copyRequested = Signal()
    saveRequested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle(self.tr("{name} — image").format(name=name))
        self.setAccessibleName(self.tr("Image viewer: {name}").format(name=name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._fit = True
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.name_label = ElidedLabel(name)
        self.name_label.setObjectName("imageViewerName")
        bar.addWidget(self.name_label, 1)
        self.zoom_out_button = self._button("zoomOutButton", "−", self.tr("Zoom out (Ctrl+−)"))
        self.zoom_label = QLabel(objectName="imageViewerZoom")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._button("zoomInButton", "+", self.tr("Zoom in (Ctrl++)"))
        self.fit_button = self._button(
            "fitButton", self.tr("Fit"), self.tr("Fit the window (Ctrl+0)")
        )
        self.actual_button = self._button(
            "actualSizeButton", "100%", self.tr("Actual size (Ctrl+1)")
        )
        self.copy_button = self._button(
            "copyImageButton", self.tr("Copy"), self.tr("Copy the image (Ctrl+C)")
        )
        self.save_button = self._button(
            "saveImageButton", self.tr("Save…"), self.tr("Save the image as a file (Ctrl+S)")
        )
        self.close_button = self._button(
            "closeViewerButton", self.tr("Close"), self.tr("Close (Esc)")
        )
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        for button in (
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
            self.copy_button,
            self.save_button,
            self.close_button,
        ):
            bar.addWidget(button)
        column.addLayout(bar)
        self.canvas = _Canvas()
        self.canvas.wheeled.connect(lambda steps: self.zoom_by(ZOOM_STEP**steps))
        self.canvas.dragged.connect(self._pan)
        self.scroll = QScrollArea(objectName="imageViewerScroll")
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label = QLabel(objectName="imageViewerMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message_label)
        self.pages.addWidget(self.scroll)
        column.addWidget(self.pages, 1)
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit)
        self.actual_button.clicked.connect(lambda: self.set_zoom(1.0))
        self.copy_button.clicked.connect(self.copyRequested)
        self.save_button.clicked.connect(self.saveRequested)
        self.close_button.clicked.connect(self.close)
        keys = QKeySequence.StandardKey
        for sequence, slot in (
            (QKeySequence(keys.ZoomIn), lambda: self.zoom_by(ZOOM_STEP)),
            (QKeySequence("Ctrl+="), lambda: self.zoom_by(ZOOM_STEP)),
            (QKeySequence(keys.ZoomOut), lambda: self.zoom_by(1 / ZOOM_STEP)),
            (QKeySequence("Ctrl+0"), self.fit),
            (QKeySequence("Ctrl+1"), lambda: self.set_zoom(1.0)),
            (QKeySequence(keys.Copy), self.copy_button.click),
            (QKeySequence(keys.Save), self.save_button.click),
        ):
            QShortcut(sequence, self, activated=slot)
        self.show_message(self.tr("Opening “{name}”…").format(name=name))

    def _button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        return button

    @property
    def image(self) -> QImage:
        return self.canvas.image

    @property
    def zoom(self) -> float:
        return self.canvas.zoom

    def show_message(self, text: str) -> None:
        """Loading, or why the image cannot be shown (Copy and Zoom wait for an image)."""
        self.message_label.setText(text)
        self.pages.setCurrentWidget(self.message_label)
        self._enable_image_actions(False)

    def show_image(self, image: QImage, note: str = "") -> None:
        self.canvas.image = image
        self.pages.setCurrentWidget(self.scroll)
        self._enable_image_actions(True)
        if note:
            self.name_label.setToolTip(note)
        self.fit()

    def _enable_image_actions(self, enabled: bool) -> None:
        for button in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
            self.copy_button,
        ):
            button.setEnabled(enabled)

    def fit(self) -> None:
        """The whole image in the window (never enlarged past its own size)."""
        self._fit = True
        if self.canvas.image.isNull():
            return
        room = self.scroll.viewport().size()
        image = self.canvas.image
        scale = min(room.width() / image.width(), room.height() / image.height(), 1.0)
        self._apply_zoom(scale)

    def _pan(self, moved: QPoint) -> None:
        for bar, by in (
            (self.scroll.horizontalScrollBar(), moved.x()),
            (self.scroll.verticalScrollBar(), moved.y()),
        ):
            bar.setValue(bar.value() - by)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.canvas.zoom * factor)

    def set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        if self.canvas.image.isNull():
            return
        self.canvas.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.canvas.resize(self.canvas.sizeHint())
        self.canvas.update()
        self.zoom_label.setText(f"{round(self.canvas.zoom * 100)}%")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()
