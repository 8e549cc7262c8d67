"""The pending images: each prepared in a worker thread, in order, never silently replaced.

A message may carry several images (up to :data:`MOST_IMAGES`); each preparation can be
abandoned at any moment (its ×, quitting): the window forgets it at once, its late result is
dropped, and a guard stops the decode itself at its next step. It also stops by itself past a
time limit, with a message.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
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
    from collections.abc import Sequence

    from dynaspark_desktop.ui.base.image_intake import ImageOffer

log = logging.getLogger(__name__)

# Images one message may carry: vision APIs take several, but each costs tokens and upload.
MOST_IMAGES = 10

_entry_keys = itertools.count(1)


@dataclass(eq=False)
class Attached:
    """One attachment of the message being written: ``image`` is None while it is prepared."""

    name: str
    image: PreparedImage | None = None
    key: int = 0
    guard: DecodeGuard | None = None
    task: asyncio.Task[None] | None = None


class AttachmentController(QObject):
    preparing = Signal(str)  # the name shown while an image is prepared
    prepared = Signal(object)  # a PreparedImage
    cleared = Signal()  # one or all went (removed, refused, sent)
    restored = Signal(object)  # a PreparedImage brought back from a saved draft
    changed = Signal()  # the attachments (see ``attached``) changed: the tray shows them

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
        # In the order attached; the first is what a one-image provider gets.
        self.attached: list[Attached] = []
        self._tasks = BackgroundTasks()
        # An abandoned preparation is left to finish alone on its thread: the next one, or
        # quitting, never waits for it.
        self._worker = SerialWorker("prepare-image")

    @property
    def images(self) -> list[PreparedImage]:
        """The images ready to send, in order."""
        return [entry.image for entry in self.attached if entry.image is not None]

    @property
    def image(self) -> PreparedImage | None:
        """The first image ready (what a provider that reads one gets)."""
        return next(iter(self.images), None)

    @property
    def is_preparing(self) -> bool:
        return any(entry.image is None for entry in self.attached)

    @property
    def occupied_by(self) -> str | None:
        """The name of the first image pending (or being prepared), if any."""
        return self.attached[0].name if self.attached else None

    def listed(self) -> list[tuple[int, str, PreparedImage | None]]:
        """(key, name, image or None while prepared) of each, in order: what the tray shows."""
        return [(entry.key, entry.name, entry.image) for entry in self.attached]

    def offer(self, offer: ImageOffer) -> bool:
        """Start preparing ``offer``; False (with a message) when the message is full."""
        if self.refuse_if_full():
            return False
        name = clean_filename(offer.filename, fallback=translate("Attachments", "Pasted image"))
        entry = Attached(name, key=next(_entry_keys), guard=DecodeGuard(self.time_limit))
        self.attached.append(entry)
        self.preparing.emit(name)
        self.changed.emit()
        entry.task = self._tasks.start(self._prepare(offer, entry), name="prepare-image")
        return True

    def refuse_if_full(self, adding: int = 1) -> bool:
        """True, after telling the user why, when ``adding`` more would be too many."""
        if len(self.attached) + adding <= MOST_IMAGES:
            return False
        notices.warning(
            translate(
                "Attachments",
                "A message takes at most {most} images; this one has {count}. Send these "
                "first, or remove some (×) to add others.",
            ).format(most=MOST_IMAGES, count=len(self.attached))
        )
        return True

    def take(self) -> list[PreparedImage]:
        """The images ready, handed over to be sent; the tray empties."""
        images = self.images
        self.attached = [entry for entry in self.attached if entry.image is None]
        if images:
            self.cleared.emit()
            self.changed.emit()
        return images

    def restore(self, image: PreparedImage | Sequence[PreparedImage] | None) -> None:
        """Show a saved draft's images (already prepared) as the pending ones, or none."""
        if self.is_preparing:
            return  # the image being prepared now wins: the user just chose it
        images = [image] if isinstance(image, PreparedImage) else list(image or ())
        self.attached = [Attached(each.filename, each, next(_entry_keys)) for each in images]
        if images:
            for each in images:
                self.restored.emit(each)
        else:
            self.cleared.emit()
        self.changed.emit()

    def remove(self, key: int | None = None) -> None:
        """Drop the attachment ``key`` (None: all), abandoning a preparation at once."""
        going = [entry for entry in self.attached if key is None or entry.key == key]
        for entry in going:
            self._abandon_preparation(entry)
        self.attached = [entry for entry in self.attached if entry not in going]
        self.cleared.emit()
        self.changed.emit()

    async def shutdown(self) -> None:
        for entry in self.attached:
            self._abandon_preparation(entry)
        self._worker.stop()
        await self._tasks.cancel_all()

    def _abandon_preparation(self, entry: Attached) -> None:
        if entry.guard is None:
            return
        log.info("Preparing “%s” was abandoned", entry.name)
        entry.guard.cancel()  # the worker stops at its next step; its result is dropped
        if entry.task is not None:
            entry.task.cancel()  # the waiting ends now, not when the worker notices
        if not any(other.guard for other in self.attached if other is not entry):
            self._worker.abandon()  # no later preparation waits behind it on the thread
        entry.guard = entry.task = None

    async def _prepare(self, offer: ImageOffer, entry: Attached) -> None:
        guard = entry.guard
        assert guard is not None
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
        if entry.guard is not guard or entry not in self.attached:
            return  # removed while it was prepared: the result is not wanted
        # Before any signal: listeners read is_preparing to update the window.
        entry.guard = entry.task = None
        if refusal is not None:
            self.attached.remove(entry)
            self.cleared.emit()
            self.changed.emit()
            notices.warning(refusal)
            return
        entry.image = prepared
        self.changed.emit()
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
