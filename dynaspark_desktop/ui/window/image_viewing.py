"""Opening an image large: an attached one (the tray's chips), one sent with a question, or
a generated picture. The file is read and decoded in a worker thread, under the app's
decoding limits (core/image_viewing.py); what cannot be shown is said in the viewer. Copy
puts the decoded image on the clipboard; Save writes the file as it is, from a dialog opened
in the last folder used."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from dynaspark_desktop.core.image_decoding import DecodeGuard
    from dynaspark_desktop.core.image_viewing import ViewablePixels
    from dynaspark_desktop.ui.widgets.image_viewer import ImageViewer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewedImage:
    """What to show: its bytes in memory, else the file that holds them."""

    name: str
    data: bytes = b""
    path: Path | None = None


class ImageViewing(QObject):
    def __init__(self, parent_window: QWidget) -> None:
        super().__init__(parent_window)
        self._parent_window = parent_window
        self._tasks = BackgroundTasks()
        self.viewer: ImageViewer | None = None  # the one open (a new one replaces it)

    def open(self, source: ViewedImage) -> ImageViewer:
        from PySide6.QtCore import Qt

        from dynaspark_desktop.ui.widgets.image_viewer import ImageViewer

        if self.viewer is not None:
            self.viewer.close()
        viewer = ImageViewer(source.name, self._parent_window)
        viewer.setWindowModality(Qt.WindowModality.WindowModal)
        screen = self._parent_window.window().size()
        # Wide enough for its buttons and the image's whole name (the buttons' longer words
        # in some languages left a narrow window's viewer "bi…" of "bicycle.jpg").
        whole_bar = viewer.minimumSizeHint().width() + viewer.name_label.sizeHint().width()
        available = self._parent_window.window().screen().availableGeometry().width()
        width = max(480, int(screen.width() * 0.85), min(whole_bar, available))
        viewer.resize(width, max(360, int(screen.height() * 0.85)))
        viewer.copyRequested.connect(lambda: self._copy(viewer))
        viewer.saveRequested.connect(lambda: self._choose_file(source))
        from dynaspark_desktop.core.image_decoding import DecodeGuard

        # Closed before its image is decoded (a huge one takes seconds): the decode stops at
        # its next read, rather than hold hundreds of MB for a viewer that is gone.
        guard = DecodeGuard()
        viewer.destroyed.connect(lambda: (guard.cancel(), self._forget(viewer)))
        self.viewer = viewer
        viewer.show()
        self._tasks.start(self._load(source, viewer, guard), name="view-image")
        return viewer

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()

    def _forget(self, viewer: object) -> None:
        if self.viewer is viewer:
            self.viewer = None

    async def _load(self, source: ViewedImage, viewer: ImageViewer, guard: DecodeGuard) -> None:
        import asyncio

        from dynaspark_desktop.core.errors import ImageError
        from dynaspark_desktop.core.image_decoding import PreparationCancelled

        try:
            image, note = await asyncio.to_thread(_decode, source, guard)
        except PreparationCancelled:
            log.info("The image viewer was closed before %s was decoded", source.name)
            return
        except ImageError as error:
            log.info("The image viewer could not show %s: %s", source.name, error)
            message = str(error)
        except Exception:
            log.exception("The image viewer failed on %s", source.name)
            message = translate(
                "ImageViewing", "The image could not be shown; the details are in the log."
            )
        else:
            if self.viewer is viewer:
                viewer.show_image(image, note)
            return
        if self.viewer is viewer:
            viewer.show_message(message)

    def _copy(self, viewer: ImageViewer) -> None:
        from PySide6.QtGui import QGuiApplication

        if viewer.image.isNull():
            return
        QGuiApplication.clipboard().setImage(viewer.image)
        notices.info(translate("ImageViewing", "The image is on the clipboard."))

    def _choose_file(self, source: ViewedImage) -> None:
        from PySide6.QtWidgets import QFileDialog

        from dynaspark_desktop.ui.base.file_dialogs import remembering, start_folder

        parent = self.viewer if self.viewer is not None else self._parent_window
        suffix = Path(source.name).suffix
        dialog = QFileDialog(
            parent,
            translate("ImageViewing", "Save the image"),
            str(Path(start_folder()) / source.name),
            translate("ImageViewing", "Image (*{suffix});;All files (*)").format(suffix=suffix),
        )
        dialog.setObjectName("saveImageDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if suffix:
            dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.fileSelected.connect(
            remembering(
                lambda path: self._tasks.start(self.save(source, Path(path)), name="save-image")
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def save(self, source: ViewedImage, path: Path) -> None:
        """Write the image's file, unchanged, to ``path``."""
        import asyncio

        try:
            await asyncio.to_thread(_write, source, path)
        except OSError as error:
            log.warning("Could not save %s as %s: %r", source.name, path, error)
            notices.warning(
                translate("ImageViewing", "Could not save the image as {name}: {reason}.").format(
                    name=path.name, reason=error.strerror or error
                )
            )
            return
        notices.info(translate("ImageViewing", "Saved the image as {path}.").format(path=path))


def _source_bytes(source: ViewedImage) -> bytes:
    from dynaspark_desktop.core.images import read_image_file

    if source.data:
        return source.data
    if source.path is None:
        raise FileNotFoundError(source.name)
    return read_image_file(source.path)  # capped; an ImageError names what is wrong


def _decode(source: ViewedImage, guard: DecodeGuard) -> tuple[QImage, str]:
    """Runs in a worker thread: the image as a QImage (not a GUI object), and a note when it
    is shown reduced; ``guard`` stops it."""
    from PySide6.QtGui import QImage

    from dynaspark_desktop.core.image_viewing import pixels_for_viewing

    pixels: ViewablePixels = pixels_for_viewing(_source_bytes(source), source.name, guard)
    image = QImage(
        pixels.rgba, pixels.width, pixels.height, pixels.width * 4, QImage.Format.Format_RGBA8888
    ).copy()  # its own pixels: the bytes object goes with this thread's frame
    note = ""
    if (pixels.width, pixels.height) != (pixels.full_width, pixels.full_height):
        note = translate(
            "ImageViewing", "{width}×{height}, shown reduced to {shown_width}×{shown_height}"
        ).format(
            width=pixels.full_width,
            height=pixels.full_height,
            shown_width=pixels.width,
            shown_height=pixels.height,
        )
    return image, note


def _write(source: ViewedImage, path: Path) -> None:
    from dynaspark_desktop.core.atomic_write import atomic_output
    from dynaspark_desktop.core.errors import ImageError

    try:
        data = _source_bytes(source)
    except ImageError as error:
        raise OSError(str(error)) from error
    with atomic_output(path) as output:
        output.write(data)
