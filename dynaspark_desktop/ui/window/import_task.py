"""An import as the user sees it: a notice while it runs, with Cancel, then what it added.

The import itself runs on the history's worker thread (see ``HistoryController``); this
holds the ``threading.Event`` that stops it. Cancel, a quit (the history's close sets every
running import's event) and a cancelled task all set it; the worker checks it between chunks
read, archive members and messages, and rolls the whole import back, so a cancelled import
adds nothing.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dynaspark_desktop.ui.base import notices

if TYPE_CHECKING:
    from pathlib import Path

    from dynaspark_desktop.storage import ImportReport
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController

log = logging.getLogger(__name__)


class ImportTask(QObject):
    """Runs imports one call of :meth:`run` at a time, each with its own Cancel."""

    def __init__(self, parent: QObject, history: HistoryController) -> None:
        super().__init__(parent)
        self._history = history
        self._running: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self._running is not None

    def cancel(self) -> None:
        """Stop the import under way (if any): it ends as soon as its current step does."""
        if self._running is not None:
            log.info("Import cancelled by the user")
            self._running.set()

    async def run(self, path: Path) -> ImportReport | None:
        """Import ``path``; returns what was added, or None when it was cancelled (and then
        nothing was added). Errors other than a cancel reach the caller as before."""
        from dynaspark_desktop.storage import ImportCancelledError

        cancel = threading.Event()
        self._running = cancel
        # Kept on the bar, with its Cancel, until the import ends: another notice in the
        # meantime shows for a while, then gives the bar back (see the notices module).
        under_way = notices.progress(
            self.tr("Importing conversations…"), action=(self.tr("Cancel import"), self.cancel)
        )
        try:
            # A conversation already there but changed since comes in as a copy so titled.
            copy_title = self.tr("{title} (imported)")
            return await self._history.import_file(path, cancel, copy_title=copy_title)
        except ImportCancelledError:
            log.info("Import of %s cancelled; nothing was added", path.name)
            notices.info(self.tr("Import cancelled: nothing was added."))
            return None
        except BaseException:
            # The task awaiting it was cancelled (a quit): the worker must stop too.
            cancel.set()
            raise
        finally:
            self._running = None
            notices.end(under_way)
