"""How an image comes to the message: chosen with the attach button, pasted, dropped on the
window, named on the command line, or taken from the screen (``screen_question``). Each is
checked, then prepared in a thread by the attachment controller; a refusal is told to the
user and nothing pending is lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QLabel, QMainWindow

    from dynaspark_desktop.ui.base.image_intake import ImageOffer
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.widgets.composer import Composer

IMAGE_FILE_FILTER = QT_TRANSLATE_NOOP(
    "AttachActions",
    "Images and documents (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm "
    "*.pgm *.tga *.pdf *.txt *.md *.markdown *.csv *.tsv *.json *.jsonl *.log *.xml *.yaml *.yml "
    "*.toml *.ini *.html *.py *.js *.ts *.java *.c *.h *.cpp *.go *.rs *.rb *.sh *.sql *.css);;"
    "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga);;"
    "PDF documents (*.pdf);;All files (*)",
)


class AttachActions(QObject):
    def __init__(
        self,
        attachments: AttachmentController,
        composer: Composer,
        offered: Callable[[], None],
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self._attachments = attachments
        self._composer = composer
        self._offered = offered  # an image is being prepared: the window's Send waits
        self._window = window
        self._drop_overlay: QLabel | None = None
        # Files that are not images: read as documents (see document_actions.py).
        from dynaspark_desktop.ui.window.document_actions import DocumentActions

        self.documents = DocumentActions(window.composer_area.document_chips, window)
        self.documents.changed.connect(offered)

    @property
    def preparing(self) -> bool:
        """An image is being prepared or a document read: Send waits."""
        return self._attachments.is_preparing or self.documents.is_reading

    @property
    def has_attachments(self) -> bool:
        return self._attachments.image is not None or bool(self.documents.documents)

    def choose_image_file(self) -> None:
        # Imported here: each Qt class costs start-up time, and this one is rarely needed.
        from PySide6.QtWidgets import QFileDialog

        from dynaspark_desktop.ui.base.file_dialogs import remembering, start_folder

        # open(), not exec(): a nested event loop inside the qasync loop is a trap.
        dialog = QFileDialog(
            self._window,
            translate("AttachActions", "Attach images or documents"),
            start_folder(),
            translate("AttachActions", IMAGE_FILE_FILTER),
        )
        dialog.setObjectName("attachDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(
            lambda paths: (
                remembering(lambda _first: self.attach_paths(paths))(paths[0]) if paths else None
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def attach_path(self, path: str) -> None:
        self.attach_paths([path])

    def attach_paths(self, paths: list[str]) -> None:
        from PySide6.QtCore import QUrl

        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(path) for path in paths])
        self.offer_mime(mime)

    def paste_from_clipboard(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from dynaspark_desktop.ui.base.image_intake import mime_has_image

        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime_has_image(mime):
            self.offer_mime(mime)
        elif mime is not None and mime.hasText():
            self._composer.setFocus()
            self._composer.insert_pasted_text(mime.text())

    def offer_mime(self, mime: QMimeData) -> None:
        """An image was dropped, pasted or chosen: check it, then prepare it in a thread."""
        # Imported on first use: not needed to paint the window.
        from dynaspark_desktop.ui.base.image_intake import IntakeRefused, offers_from_mime

        rest = self.documents.split_mime(mime)  # documents are read, the rest named
        if rest is None:
            return
        mime = rest
        try:
            offers = offers_from_mime(mime)
        except IntakeRefused as refusal:
            notices.warning(str(refusal))
            return
        if self._attachments.refuse_if_full(len(offers)):
            return  # too many for one message; those pending are kept and the user told why
        for offer in offers:
            self._attachments.offer(offer)
        self._offered()

    def offer_image(self, offer: ImageOffer) -> None:
        """Prepare ``offer`` in a thread as one more of the message's images (a screen region
        comes here too); refused, with the reason told, when the message has all it takes."""
        if self._attachments.offer(offer):
            self._offered()

    # -- drag and drop ----------------------------------------------------------------------

    def drag_entered(self, event: QDragEnterEvent) -> None:
        from dynaspark_desktop.ui.base.image_intake import mime_has_image

        mime = event.mimeData()
        # Accept anything file- or image-like, so a bad drop gets an explanation on release.
        if mime_has_image(mime) or mime.hasUrls():
            from dynaspark_desktop.ui.base.drop_plan import drop_hint, plan_drop

            event.acceptProposedAction()
            self._show_drop_overlay(True, drop_hint(plan_drop(mime)))
        else:
            event.ignore()

    def drag_left(self) -> None:
        self._show_drop_overlay(False)

    def dropped(self, event: QDropEvent) -> None:
        self._show_drop_overlay(False)
        event.acceptProposedAction()
        self.offer_mime(event.mimeData())

    def _show_drop_overlay(self, visible: bool, text: str = "") -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel

        central = self._window.centralWidget()
        if self._drop_overlay is None:
            if not visible:
                return
            self._drop_overlay = QLabel(
                translate("AttachActions", "Drop the image to attach it"), central
            )
            self._drop_overlay.setObjectName("dropOverlay")
            self._drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._drop_overlay.setWordWrap(True)  # a refused file's reason may be long
            self._drop_overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if visible:
            self._drop_overlay.setText(text or self._drop_overlay.text())
            self._drop_overlay.setGeometry(central.rect().adjusted(12, 12, -12, -12))
            self._drop_overlay.raise_()
        self._drop_overlay.setVisible(visible)
