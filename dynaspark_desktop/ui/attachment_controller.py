"""The pending image: prepared in a worker thread, one at a time, never silently replaced."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.errors import ImageError
from dynaspark_desktop.core.images import PreparedImage, default_pasted_filename, prepare_image
from dynaspark_desktop.ui.tasks import BackgroundTasks

if TYPE_CHECKING:
    from dynaspark_desktop.ui.image_intake import ImageOffer

log = logging.getLogger(__name__)


class AttachmentController(QObject):
    preparing = Signal(str)  # the name shown while the image is prepared
    prepared = Signal(object)  # a PreparedImage
    failed = Signal(str)  # a message for the user
    cleared = Signal()
    restored = Signal(object)  # a PreparedImage brought back from a saved draft

    def __init__(self, *, max_side: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.max_side = max_side
        self.image: PreparedImage | None = None
        self._preparing_name: str | None = None
        self._tasks = BackgroundTasks()

    @property
    def is_preparing(self) -> bool:
        return self._preparing_name is not None

    @property
    def occupied_by(self) -> str | None:
        """The name of the image already pending (or being prepared), if any."""
        if self.image is not None:
            return self.image.filename
        return self._preparing_name

    def offer(self, offer: ImageOffer) -> bool:
        """Start preparing ``offer``; False (with a ``failed`` message) when one is pending."""
        if self.refuse_if_occupied():
            return False
        name = offer.filename or "Pasted image"
        self._preparing_name = name
        self.preparing.emit(name)
        self._tasks.start(self._prepare(offer), name="prepare-image")
        return True

    def refuse_if_occupied(self) -> bool:
        """True, after telling the user why, when an image is already pending."""
        if self.occupied_by is None:
            return False
        self.failed.emit(
            f"This message already has an image (“{self.occupied_by}”). The service takes "
            "one image per message: send this one first, or remove it (×) to use another."
        )
        return True

    def take(self) -> PreparedImage | None:
        image, self.image = self.image, None
        if image is not None:
            self.cleared.emit()
        return image

    def restore(self, image: PreparedImage | None) -> None:
        """Show a saved draft's image (already prepared) as the pending one, or none."""
        if self.is_preparing:
            return  # the image being prepared now wins: the user just chose it
        self.image = image
        if image is None:
            self.cleared.emit()
        else:
            self.restored.emit(image)

    def remove(self) -> None:
        if self.is_preparing:
            return
        self.image = None
        self.cleared.emit()

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()

    async def _prepare(self, offer: ImageOffer) -> None:
        import asyncio  # lazily: the window paints before asyncio is loaded

        try:
            image = await asyncio.to_thread(_prepare_offer, offer, self.max_side)
        except ImageError as error:
            log.info("Image refused: %s", error)
            refusal = str(error)
        except Exception:
            log.exception("Preparing an image failed unexpectedly")
            refusal = "The image could not be prepared; the details are in the log."
        else:
            refusal = None
        finally:
            # Before any signal: listeners read is_preparing to update the window.
            self._preparing_name = None
        if refusal is not None:
            self.cleared.emit()
            self.failed.emit(refusal)
            return
        self.image = image
        self.prepared.emit(image)


def _prepare_offer(offer: ImageOffer, max_side: int) -> PreparedImage:
    """Runs in a worker thread: read, decode, fix up and encode the offered image."""
    if offer.path is not None:
        return prepare_image(offer.path, filename=offer.filename, max_side=max_side)
    if offer.data is not None:
        return prepare_image(offer.data, filename=offer.filename, max_side=max_side)
    if offer.qimage is not None:
        from dynaspark_desktop.ui.image_intake import qimage_to_png

        png = qimage_to_png(offer.qimage)
        name = offer.filename or default_pasted_filename("image/png")
        return prepare_image(png, filename=name, max_side=max_side)
    raise ImageError("There is no image in what was offered.")
