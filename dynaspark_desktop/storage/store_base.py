"""The plumbing every part of the history store shares: the connection, its lock,
transactions, and the image files rows point at."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.images import PreparedImage, extension_for
from dynaspark_desktop.storage.database import DATABASE_FILE_NAME
from dynaspark_desktop.storage.files import ImageFiles
from dynaspark_desktop.storage.models import HistoryError, MovedAside, StoredImage
from dynaspark_desktop.storage.rows import (
    ATTACHMENT_COLUMNS,
    THUMBNAIL_EXTENSION,
    attachment_values,
    image_from_row,
    prepared_from_stored,
)

IMAGES_FOLDER = "images"
BACKUPS_FOLDER = "backups"


class StoreBase:
    """A connection in autocommit mode, shared by threads one at a time under a lock."""

    def __init__(
        self,
        data_dir: Path,
        connection: sqlite3.Connection,
        *,
        moved_aside: MovedAside | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.data_dir = data_dir
        self.database_path = data_dir / DATABASE_FILE_NAME
        self.backups_dir = data_dir / BACKUPS_FOLDER
        self.moved_aside = moved_aside
        self._connection = connection
        self._lock = threading.RLock()
        self._clock = clock
        self._files = ImageFiles(data_dir / IMAGES_FOLDER)
        self._closed = False
        # Inside :meth:`batch`: the image files written so far, released if it rolls back.
        self._batch_images: list[tuple[str, str, str]] | None = None

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                # Closing the last connection checkpoints the log into the database file.
                self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs."""
        with self._lock:
            self._ensure_open()
            if self._batch_images is not None:  # already inside the batch's transaction
                yield self._connection
                return
            self._connection.execute("BEGIN")
            try:
                yield self._connection
            finally:
                self._end_transaction("COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Every write inside the block as one transaction: all of it is kept, or (on any
        error, a cancelled import included) none of it, image files included. The lock is
        held throughout: other threads' writes wait for the block to end."""
        with self._lock:
            self._ensure_open()
            if self._batch_images is not None:
                raise RuntimeError("batches do not nest")
            self._connection.execute("BEGIN IMMEDIATE")
            self._batch_images = []
            try:
                yield
            except BaseException:
                written, self._batch_images = self._batch_images, None
                self._end_transaction("ROLLBACK")
                self._release_images(written)
                raise
            self._batch_images = None
            self._connection.execute("COMMIT")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        if self._batch_images is not None:
            with self._savepoint() as connection:
                yield connection
            return
        with self._lock:
            self._ensure_open()
            # IMMEDIATE takes the write lock now rather than half-way through, so a busy
            # database makes us wait (busy_timeout) instead of failing mid-transaction.
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                self._end_transaction("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        """A write inside :meth:`batch`: undone alone on an error (a damaged conversation
        skipped), kept or undone with the batch otherwise."""
        with self._lock:
            self._connection.execute("SAVEPOINT write")
            try:
                yield self._connection
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK TO write")
                    self._connection.execute("RELEASE write")
                raise
            self._connection.execute("RELEASE write")

    def _end_transaction(self, statement: str) -> None:
        # Some errors (a full disk, an I/O error) make SQLite roll back on its own; ending
        # the transaction again would raise and hide the error that matters.
        if self._connection.in_transaction:
            self._connection.execute(statement)

    def _ensure_open(self) -> None:
        if self._closed:
            raise HistoryError(translate("History", "The chat history is closed."))

    # Images ------------------------------------------------------------------------------

    def _keep_image_files(self, image: PreparedImage) -> tuple[str, str]:
        """Write the image and its thumbnail (if new); returns their digests.

        Called before the transaction that references them, so a committed row always
        points at a complete file.
        """
        sha256 = self._files.store(image.data, extension_for(image.mime_type))
        thumbnail_sha256 = self._files.store(image.thumbnail_png, THUMBNAIL_EXTENSION)
        if self._batch_images is not None:
            self._batch_images.append((sha256, image.mime_type, thumbnail_sha256))
        return sha256, thumbnail_sha256

    def _attach(
        self,
        connection: sqlite3.Connection,
        owner_column: str,
        owner_id: int,
        image: PreparedImage,
        digests: tuple[str, str],
    ) -> None:
        assert owner_column in ("message_id", "draft_id")
        connection.execute(
            f"INSERT INTO attachments ({owner_column}, {ATTACHMENT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (owner_id, *attachment_values(image, *digests)),
        )

    def _release_images(self, candidates: Iterable[tuple[str, str, str]]) -> None:
        """Remove the files of images no row uses any more. Call after the commit.

        ``candidates`` holds (sha256, mime_type, thumbnail_sha256) of rows just deleted. A
        crash between the commit and this leaves an unused file behind, never a row
        pointing at a missing file.
        """
        with self._lock:
            for sha256, mime_type, thumbnail_sha256 in set(candidates):
                for digest, extension in (
                    (sha256, extension_for(mime_type)),
                    (thumbnail_sha256, THUMBNAIL_EXTENSION),
                ):
                    in_use = self._connection.execute(
                        "SELECT 1 FROM attachments WHERE sha256 = ?1 OR thumbnail_sha256 = ?1 "
                        "LIMIT 1",
                        (digest,),
                    ).fetchone()
                    if in_use is None:
                        self._files.remove(digest, extension)

    def read_image(self, image: StoredImage) -> PreparedImage:
        """The stored image as the composer and the provider use it (bytes and thumbnail)."""
        try:
            data = image.path.read_bytes()
            thumbnail = image.thumbnail_path.read_bytes()
        except OSError as error:
            raise HistoryError(
                translate("History", "The image “{name}” is missing from {folder}.").format(
                    name=image.filename, folder=self._files.root
                ),
                detail=repr(error),
            ) from error
        return prepared_from_stored(image, data, thumbnail)

    def _stored_images(
        self, connection: sqlite3.Connection, where: str, *args: object
    ) -> list[StoredImage]:
        rows = connection.execute(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE {where} ORDER BY id", args
        ).fetchall()
        return [image_from_row(row, self._files) for row in rows]
