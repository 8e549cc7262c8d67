"""Send: what the composer's Enter and the Send button do with what the composer and the
tray hold. Each check that refuses leaves everything in place and says why; the composer
and the tray are emptied only once the question is in the transcript, so nothing is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from dynaspark_desktop.ui.base.notice_bar import NoticeBar
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.widgets.composer import Composer
    from dynaspark_desktop.ui.window.attach_actions import AttachActions
    from dynaspark_desktop.ui.window.compare_presenter import ComparePresenter
    from dynaspark_desktop.ui.window.turn_actions import TurnActions


class SendingWindow(Protocol):
    """The main window, as far as sending needs it (no import: the window imports us)."""

    chat: ChatController
    attachments: AttachmentController
    attach_actions: AttachActions
    turn_actions: TurnActions
    composer: Composer
    notice_bar: NoticeBar
    compare: ComparePresenter | None

    def current_model(self) -> str: ...
    def send_message(self) -> None: ...
    def _has_something_to_send(self) -> bool: ...


def send_message(window: SendingWindow) -> None:
    if window.chat.shown_busy or not window._has_something_to_send():
        return
    if window.attachments.is_preparing:
        notices.info(
            QCoreApplication.translate(
                "MainWindow", "The image is still being prepared; send again in a moment."
            )
        )
        return
    if window.turn_actions.editing:
        window.turn_actions.send_edit()
        return
    image, text = window.attachments.image, window.composer.toPlainText()
    from dynaspark_desktop.providers.image_generation import imagine_problem

    problem = imagine_problem(text, has_image=image is not None)
    if problem is not None:
        notices.warning(problem)  # the message stays, to be corrected
        return
    documents = window.attach_actions.documents  # still reading, too long: the user is told
    if not documents.ready_to_send(text, has_image=bool(image), send=window.send_message):
        return
    if window.compare is not None and window.compare.take_send(documents):
        return  # compare mode: the question goes to several models
    more_images = window.attachments.images[1:]
    turn = window.chat.send(
        text, image, window.current_model(), documents.documents, more_images=more_images
    )
    if turn is not None:
        # Only now, with the turn in the transcript, is the input cleared: nothing is lost.
        window.attachments.take()
        documents.take()
        window.composer.clear()
        window.notice_bar.hide_unless_sticky()
