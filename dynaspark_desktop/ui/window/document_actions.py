"""How documents come to the message: dropped, pasted or chosen with the attach button (the
files that are not images, see ui/base/drop_plan.py), read by the document controller,
shown as chips above the composer, and taken with the message sent.

Before sending, the documents are checked against the model's context budget: when they do
not fit, the user chooses to send them cut to fit, or to remove them (nothing is lost: the
message and its documents stay until then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QMimeData, QObject, Signal

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow

    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.ui.controllers.document_controller import DocumentController
    from dynaspark_desktop.ui.widgets.document_chips import DocumentChips


class SendingWindow(Protocol):
    """What of the main window the budget check reads (not imported: it imports this)."""

    chat: Any

    def current_model(self) -> str: ...


class DocumentActions(QObject):
    changed = Signal()  # documents were added, read or removed: the window's Send follows

    def __init__(self, chips: DocumentChips, window: QMainWindow) -> None:
        super().__init__(window)
        self._window: SendingWindow = window  # type: ignore[assignment]
        self.chips = chips
        self._controller: DocumentController | None = None  # made on first use

    @property
    def controller(self) -> DocumentController:
        if self._controller is None:
            # Imported here: the readers are not needed until a document comes.
            from dynaspark_desktop.ui.controllers.document_controller import DocumentController

            self._controller = DocumentController(parent=self)
            self.chips.removeRequested.connect(self._controller.remove)
            self._controller.changed.connect(self._show)
        return self._controller

    @property
    def is_reading(self) -> bool:
        return self._controller is not None and self._controller.is_reading

    @property
    def documents(self) -> tuple[AttachedDocument, ...]:
        return () if self._controller is None else self._controller.documents

    def take(self) -> tuple[AttachedDocument, ...]:
        return () if self._controller is None else self._controller.take()

    @property
    def occupied(self) -> bool:
        """Whether a document is pending (read or being read)."""
        return self._controller is not None and bool(self._controller.entries)

    def restore(self, documents: tuple[AttachedDocument, ...]) -> None:
        """A saved draft's documents become the pending ones (none: the tray empties)."""
        if documents or self._controller is not None:
            self.controller.restore(documents)

    def drop_readings(self) -> list[str]:
        """Abandon the documents still being read; their file names."""
        return [] if self._controller is None else self._controller.drop_readings()

    def split_mime(self, mime: QMimeData) -> QMimeData | None:
        """Offer the documents in ``mime`` and tell what is refused; what is left for the
        image intake is returned (None: nothing is)."""
        from dynaspark_desktop.ui.base.drop_plan import images_only, plan_drop

        plan = plan_drop(mime)
        if plan is None:
            return mime  # raw image data or a link: the image intake's
        for refusal in plan.refused:
            notices.warning(refusal)
        for path in plan.documents:
            if not self.controller.offer(path):
                break
        if not plan.images:
            return None
        return images_only(mime, plan)

    def _show(self) -> None:
        self.chips.show_entries(
            [(entry.key, entry.name, entry.document) for entry in self.controller.entries]
        )
        self.changed.emit()

    def ready_to_send(self, text: str, *, has_image: bool, send: Callable[[], None]) -> bool:
        """Whether the message may go now: no document is still being read, and the
        documents fit the model's context budget. When they do not, the user is told by how
        much and offered to send them cut to fit (``send`` again), or to remove some."""
        if self.controller.is_reading:
            notices.info(self.tr("A document is still being read; send again in a moment."))
            return False
        documents = self.controller.documents
        if not documents:
            return True
        from dynaspark_desktop.core.document_budget import cut_to_fit, document_fit

        chat = self._window.chat
        limits = {
            "context_tokens": chat.context_tokens_for(self._window.current_model()),
            "system_prompt": chat.conversation.system_prompt,
            "has_image": has_image,
        }
        fit = document_fit(text, documents, **limits)
        if fit.fits:
            return True

        def send_cut() -> None:
            cut = cut_to_fit(text, self.controller.documents, **limits)
            for entry, document in zip(list(self.controller.entries), cut, strict=False):
                self.controller.replace(entry.key, document)
            send()

        notices.warning(
            self.tr(
                "The attached documents are too long for this model: about {needed:,} tokens "
                "where it takes {budget:,}. Send them cut to fit, or remove some (×) or choose "
                "a model with a larger context."
            ).format(needed=fit.needed, budget=fit.budget),
            action=(self.tr("Send cut to fit"), send_cut),
            sticky=True,
        )
        return False
