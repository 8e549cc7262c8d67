"""The prompt library as the window sees it (HistoryController's part): the saved prompts and
assistants kept in memory for the composer's ``/`` popup and the menus, each change written
on the history's one thread and announced with ``libraryChanged``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.controllers.history_jobs import HistoryJobs, HistoryUnavailableError

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    # Not at start-up: the storage modules load on the history's thread, after the first paint.
    from dynaspark_desktop.storage import HistoryStore
    from dynaspark_desktop.storage.prompts import LibraryEntry, LibraryKind, PromptLibrary

log = logging.getLogger(__name__)


class LibraryJobs(HistoryJobs):
    # Declared on HistoryController: PySide6 misorders a signal declared on a mixin.
    libraryChanged: SignalInstance

    @property
    def library(self) -> PromptLibrary:
        """The library as last read (empty until :meth:`reload_library` has answered)."""
        from dynaspark_desktop.storage.prompts import PromptLibrary

        return getattr(self, "_library", None) or PromptLibrary()

    async def reload_library(self) -> PromptLibrary:
        """Read the library again (after the writes queued so far) and announce it."""
        from dynaspark_desktop.storage.prompts import PromptLibrary

        try:
            library = await self._call(lambda store: store.prompt_library())
        except HistoryUnavailableError:
            library = PromptLibrary()
        self._library = library
        self.libraryChanged.emit(library)
        return library

    async def save_library_entry(self, entry: LibraryEntry, replacing: str | None) -> str | None:
        """Add or change an entry; None when it was saved, else why not (a name taken
        meanwhile, the history unavailable, a disk problem), also said on the notice bar."""

        def save(store: HistoryStore) -> None:
            store.save_library_entry(entry, replacing=replacing)

        return await self._change(save)

    async def delete_library_entry(self, kind: LibraryKind, name: str) -> str | None:
        return await self._change(lambda store: store.delete_library_entry(kind, name))

    async def _change(self, job: Callable[[HistoryStore], object]) -> str | None:
        from dynaspark_desktop.core.errors import UserFacingError

        try:
            await self._call(job)
        except HistoryUnavailableError:
            problem = translate(
                "PromptLibrary", "The chat history is not open, so the library cannot be saved."
            )
        except UserFacingError as error:  # a name refused, the history closed
            problem = str(error)
        except KeyError:
            problem = translate("PromptLibrary", "It was deleted meanwhile.")
        except Exception as error:
            log.exception("Saving the prompt library failed")
            problem = translate("PromptLibrary", "The library could not be saved: {error}").format(
                error=error
            )
        else:
            problem = None
        if problem is not None:
            notices.warning(problem)
        await self.reload_library()
        return problem
