"""Each conversation's draft: what is typed (and attached) in the composer and not sent yet.

Saved as the user types (after a pause), at once when an image or a document (once read)
comes or goes, and when the
user moves to another conversation; restored into the composer when a conversation opens,
unless the user already typed something there meanwhile (that is then kept, as the draft).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from collections.abc import Callable

    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.widgets.composer import Composer
    from dynaspark_desktop.ui.window.document_actions import DocumentActions

# Typing pauses this long before the draft is written (a crash loses at most this much).
DRAFT_SAVE_DELAY_MS = 400


class DraftKeeper(QObject):
    def __init__(
        self,
        composer: Composer,
        attachments: AttachmentController,
        history: HistoryController,
        current_id: Callable[[], int | None],
        documents: DocumentActions,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._composer = composer
        self._attachments = attachments
        self._documents = documents
        self._history = history
        self._current_id = current_id  # the shown conversation's, None for a new chat
        self._timer = QTimer(self, singleShot=True, interval=DRAFT_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        # Restoring a draft into the composer must not save it straight back.
        self._restoring = False
        self._keep_typed_input = False
        # The composer changed since its draft was last saved or restored.
        self._dirty = False

    def listen(self) -> None:
        """Follow the composer and the attached image (once the history can keep drafts)."""
        self._composer.textChanged.connect(self._text_changed)
        self._attachments.prepared.connect(self._image_changed)
        self._attachments.cleared.connect(self._image_changed)
        # Documents come, are read or go: saved at once too (reading was the slow part).
        self._documents.changed.connect(self._image_changed)

    def keep_typed_input(self) -> None:
        """The next draft restored must not overwrite what the user has typed (or dropped)
        by then: that becomes the conversation's draft instead."""
        self._keep_typed_input = True

    def leave(self) -> None:
        """Keep the draft of the conversation being left, as it is right now, and empty the
        composer for the next one (its own draft follows when the history has read it;
        anything typed in between is kept instead)."""
        self.save_now()
        self._keep_typed_input = False
        self._drop_unfinished_images()
        self.restore("", None, ())
        self._keep_typed_input = True

    def _drop_unfinished_images(self) -> None:
        """Images still being prepared belong to the conversation being left, whose draft
        cannot wait for them: they are dropped, with a word. Left in the tray they would
        become the next conversation's draft, in place of the one it had."""
        unfinished = [name for _key, name, image in self._attachments.listed() if image is None]
        self._restoring = True  # what is left is saved already: this is not an edit
        try:
            if unfinished:
                self._attachments.remove()
            # Documents still being read are the same: the draft keeps those read only.
            unfinished += self._documents.drop_readings()
        finally:
            self._restoring = False
        if not unfinished:
            return
        notices.warning(
            self.tr(
                "{names} was still being prepared when you left the conversation, and was not "
                "kept: attach it again there."
            ).format(names=", ".join(f"“{name}”" for name in unfinished))
        )

    async def restore_new_chat_draft(self) -> None:
        text, image, documents = await self._history.load_new_chat_draft()
        if self._current_id() is None:
            self.restore(text, image, documents)

    def restore(
        self,
        text: str,
        image: PreparedImage | list[PreparedImage] | None,
        documents: tuple[AttachedDocument, ...] = (),
    ) -> None:
        keep_typed, self._keep_typed_input = self._keep_typed_input, False
        composer = self._composer
        typed = composer.toPlainText() or self._attachments.occupied_by or self._documents.occupied
        if keep_typed and typed:
            self._dirty = True
            self.save_now()  # what the user typed is now this conversation's draft
            return
        from dynaspark_desktop.ui.window.overlong_drafts import bounded_draft

        text, notice, replace_saved = bounded_draft(text, self._history.data_dir)
        if notice is not None:
            notices.warning(notice, sticky=True)
        self._restoring = True
        try:
            composer.setPlainText(text)
            cursor = composer.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            composer.setTextCursor(cursor)
            self._attachments.restore(image)
            self._documents.restore(documents)
        finally:
            self._restoring = False
        self._timer.stop()
        self._dirty = replace_saved  # kept whole in a file: not again on every start
        self.save_now()

    def _text_changed(self) -> None:
        if not self._restoring:
            self._dirty = True
            self._timer.start()

    def _image_changed(self, *_: object) -> None:
        # An attached or removed image is saved at once: preparing it was the slow part.
        if not self._restoring:
            self._dirty = True
            self.save_now()

    def save_now(self) -> None:
        self._timer.stop()
        if not self._dirty or not self._history.available:
            return
        self._dirty = False
        self._history.save_draft(
            self._current_id(),
            self._composer.toPlainText(),
            self._attachments.images,
            self._documents.documents,
        )

    def save_if_pending(self) -> None:
        """At a quit: the draft as it is now, if typing had not paused long enough yet."""
        if self._timer.isActive():
            self.save_now()

    def after_send(self) -> None:
        """A message was sent: it took the composer's text, images and documents."""
        # The history clears the draft as it saves the question, so nothing typed before the
        # send may be written back later.
        self._timer.stop()
        self._dirty = False
        # The window empties the composer right after the chat's turnAdded, in the same call
        # (MainWindow.send_message): that emptying is not an edit of the draft.
        self._restoring = True
        QTimer.singleShot(0, self, self._end_send)

    def _end_send(self) -> None:
        self._restoring = False
