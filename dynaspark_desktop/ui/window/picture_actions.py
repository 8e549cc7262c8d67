"""Copy image and Save image as… for generated pictures; a click on a picture or on a
question's image opens it large (``image_viewing.py``).

The file is read (a picture loaded from the history keeps it on disk) and decoded for the
clipboard in a worker thread; the save dialog is opened with ``open()``, never ``exec()``,
which would nest an event loop inside the qasync loop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import extension_for
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from dynaspark_desktop.core.generated_images import GeneratedPicture
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.transcript.transcript import Transcript

log = logging.getLogger(__name__)


class PictureActions(QObject):
    def __init__(
        self, chat: ChatController, dialog_parent: QWidget, transcript: Transcript | None = None
    ) -> None:
        super().__init__(dialog_parent)
        self._chat = chat
        self._dialog_parent = dialog_parent
        self._transcript = transcript  # to say "Copied ✓" on the picture's button
        self._tasks = BackgroundTasks()
        from dynaspark_desktop.ui.window.image_viewing import ImageViewing

        self.viewing = ImageViewing(dialog_parent)

    def view_attachment(self, image: PreparedImage) -> None:
        """An attached image's thumbnail was clicked: see it large."""
        from dynaspark_desktop.ui.window.image_viewing import ViewedImage

        self.viewing.open(ViewedImage(image.filename, image.data))

    def run(self, turn_id: int, action: str) -> None:
        """A picture's button was pressed: ``action`` is "copy", "save" or "view"; or a
        question's image was clicked: "view-image-<index>"."""
        from dynaspark_desktop.ui.window.image_viewing import ViewedImage

        turn = self._chat.conversation.find(turn_id)
        if turn is not None and action.startswith("view-image-"):
            index = int(action.removeprefix("view-image-"))
            if 0 <= index < len(turn.images):
                image = turn.images[index]
                paths = [turn.image_path, *turn.more_image_paths]
                path = paths[index] if index < len(paths) else None
                self.viewing.open(ViewedImage(image.filename, image.data, path))
            return
        picture = turn.picture if turn is not None else None
        if picture is None:
            return
        if action == "view":
            self.viewing.open(ViewedImage(picture.filename, picture.data, picture.path))
        if action == "copy":
            self._tasks.start(self._copy(picture, turn_id), name="copy-picture")
        elif action == "save":
            self._choose_file(picture)

    async def shutdown(self) -> None:
        await self.viewing.shutdown()
        await self._tasks.cancel_all()

    async def _copy(self, picture: GeneratedPicture, turn_id: int) -> None:
        import asyncio

        from PySide6.QtGui import QGuiApplication

        try:
            data = await _file_bytes(picture)
            # A QImage (unlike a QPixmap) may be made off the UI thread.
            image = await asyncio.to_thread(_decode, data)
        except OSError as error:
            self._tell_failure(translate("PictureActions", "copy the picture"), error)
            return
        if image.isNull():
            notices.warning(
                translate("PictureActions", "The picture's file is damaged; it was not copied.")
            )
            return
        QGuiApplication.clipboard().setImage(image)
        self._show_copied(turn_id)

    def _show_copied(self, turn_id: int) -> None:
        """ "Copied ✓" on the picture's Copy button (a notice if it has gone meanwhile)."""
        from dynaspark_desktop.ui.base.copied_feedback import show_copied

        widget = self._transcript.widget_for(turn_id) if self._transcript is not None else None
        block = widget.picture_block if widget is not None else None
        if block is not None:
            show_copied(block.copy_button)
        else:
            notices.info(translate("PictureActions", "The picture is on the clipboard."))

    def _choose_file(self, picture: GeneratedPicture) -> None:
        from PySide6.QtWidgets import QFileDialog

        extension = extension_for(picture.mime_type)
        suggested = str(Path.home() / picture.filename)
        dialog = QFileDialog(
            self._dialog_parent,
            translate("PictureActions", "Save the picture"),
            suggested,
            translate("PictureActions", "Image (*{extension});;All files (*)").format(
                extension=extension
            ),
        )
        dialog.setObjectName("savePictureDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(extension.lstrip("."))
        dialog.fileSelected.connect(
            lambda path: self._tasks.start(self.save(picture, Path(path)), name="save-picture")
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def save(self, picture: GeneratedPicture, path: Path) -> None:
        """Write the picture's file, unchanged, to ``path`` (the dialog's choice)."""
        import asyncio

        try:
            data = await _file_bytes(picture)
            await asyncio.to_thread(_write, path, data)
        except OSError as error:
            self._tell_failure(
                translate("PictureActions", "save the picture as {name}").format(name=path.name),
                error,
            )
            return
        notices.info(translate("PictureActions", "Saved the picture as {path}.").format(path=path))

    def _tell_failure(self, what: str, error: OSError) -> None:
        log.warning("Could not %s: %r", what, error)
        notices.warning(
            translate("PictureActions", "Could not {what}: {reason}.").format(
                what=what, reason=error.strerror or error
            )
        )


async def _file_bytes(picture: GeneratedPicture) -> bytes:
    import asyncio

    if picture.data:
        return picture.data
    if picture.path is None:
        raise FileNotFoundError("the picture was never saved")
    return await asyncio.to_thread(picture.path.read_bytes)


def _write(path: Path, data: bytes) -> None:
    from dynaspark_desktop.core.atomic_write import atomic_output

    # Whole or not at all: a picture saved over an older file never leaves a torn one.
    with atomic_output(path) as output:
        output.write(data)


def _decode(data: bytes) -> QImage:
    from PySide6.QtGui import QImage

    from dynaspark_desktop.core.errors import ImageError
    from dynaspark_desktop.core.generated_images import as_png

    # Pillow reads every format; Qt is handed PNG, the one format it decodes by itself.
    try:
        return QImage.fromData(as_png(data), "PNG")
    except ImageError:
        return QImage()  # null: "the picture's file is damaged"
