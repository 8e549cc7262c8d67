"""The pending image: prepared in a worker thread, one at a time, never silently replaced.

The preparation can be abandoned at any moment (Remove, quitting): the window forgets it at
once, its late result is dropped, and a guard stops the decode itself at its next step. It
also stops by itself past a time limit, with a message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.errors import ImageError
from dynaspark_desktop.core.file_names import clean_filename
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.image_decoding import (
    PREPARE_TIME_LIMIT_SECONDS,
    DecodeGuard,
    PreparationCancelled,
)
from dynaspark_desktop.core.images import PreparedImage, default_pasted_filename, prepare_image
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.base.workers import SerialWorker

if TYPE_CHECKING:
    import asyncio

    from dynaspark_desktop.ui.base.image_intake import ImageOffer

log = logging.getLogger(__name__)


class AttachmentController(QObject):
    preparing = Signal(str)  # the name shown while the image is prepared
    prepared = Signal(object)  # a PreparedImage
    cleared = Signal()
    restored = Signal(object)  # a PreparedImage brought back from a saved draft

    def __init__(
        self,
        *,
        max_side: int,
        time_limit: float = PREPARE_TIME_LIMIT_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_side = max_side
        # The JPEG/WebP quality of what is sent (the image_quality setting).
        self.quality = 90
        # Seconds one preparation may take before it is stopped with a message.
        self.time_limit = time_limit
        self.image: PreparedImage | None = None
        self._preparing_name: str | None = None
        # The preparation under way: its guard stops it; only its result is wanted.
        self._guard: DecodeGuard | None = None
        self._task: asyncio.Task[None] | None = None
        self._tasks = BackgroundTasks()
        # An abandoned preparation is left to finish alone on its thread: the next one, or
        # quitting, never waits for it.
        self._worker = SerialWorker("prepare-image")

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
        name = clean_filename(offer.filename, fallback=translate("Attachments", "Pasted image"))
        guard = DecodeGuard(self.time_limit)
        self._preparing_name = name
        self._guard = guard
        self.preparing.emit(name)
        self._task = self._tasks.start(self._prepare(offer, guard), name="prepare-image")
        return True

    def refuse_if_occupied(self) -> bool:
        """True, after telling the user why, when an image is already pending."""
        if self.occupied_by is None:
            return False
        notices.warning(
            translate(
                "Attachments",
                "This message already has an image (“{name}”). The service takes one image "
                "per message: send this one first, or remove it (×) to use another.",
            ).format(name=self.occupied_by)
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
        """Drop the pending image, or abandon the one being prepared (at once, either way)."""
        self._abandon_preparation()
        self.image = None
        self.cleared.emit()

    async def shutdown(self) -> None:
        self._abandon_preparation()
        self._worker.stop()
        await self._tasks.cancel_all()

    def _abandon_preparation(self) -> None:
        if self._guard is None:
            return
        log.info("Preparing “%s” was abandoned", self._preparing_name)
        self._guard.cancel()  # the worker stops at its next step; its result is dropped
        if self._task is not None:
            self._task.cancel()  # the waiting ends now, not when the worker notices
        self._worker.abandon()
        self._guard = self._task = None
        self._preparing_name = None

    async def _prepare(self, offer: ImageOffer, guard: DecodeGuard) -> None:
        try:
            prepared = await self._worker.run(
                _prepare_offer, offer, self.max_side, guard, self.quality
            )
        except PreparationCancelled:
            return  # abandoned: the window has already forgotten it
        except ImageError as error:
            log.info("Image refused: %s", error)
            refusal = str(error)
        except Exception:
            log.exception("Preparing an image failed unexpectedly")
            refusal = translate(
                "Attachments", "The image could not be prepared; the details are in the log."
            )
        else:
            refusal = None
        if self._guard is not guard:
            return  # removed (or replaced) while it was prepared: the result is not wanted
        # Before any signal: listeners read is_preparing to update the window.
        self._guard = self._task = None
        self._preparing_name = None
        if refusal is not None:
            self.cleared.emit()
            notices.warning(refusal)
            return
        self.image = prepared
        self.prepared.emit(prepared)


def _prepare_offer(
    offer: ImageOffer, max_side: int, guard: DecodeGuard, quality: int = 90
) -> PreparedImage:
    """Runs in a worker thread: read, decode, fix up and encode the offered image, and decode
    its thumbnail for the chip (so the UI thread does not)."""
    from dynaspark_desktop.ui.base.thumbnails import decode_thumbnail

    if offer.path is not None:
        prepared = prepare_image(
            offer.path, filename=offer.filename, max_side=max_side, guard=guard, quality=quality
        )
    elif offer.data is not None:
        prepared = prepare_image(
            offer.data, filename=offer.filename, max_side=max_side, guard=guard, quality=quality
        )
    elif offer.qimage is not None:
        from dynaspark_desktop.ui.base.image_intake import qimage_to_png

        png = qimage_to_png(offer.qimage)
        name = offer.filename or default_pasted_filename("image/png")
        prepared = prepare_image(
            png, filename=name, max_side=max_side, guard=guard, quality=quality
        )
    else:
        raise ImageError(translate("Attachments", "There is no image in what was offered."))
    decode_thumbnail(prepared.thumbnail_png)
    return prepared
