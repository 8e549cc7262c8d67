"""Reading a request's context from the history (HistoryController's part that the chat
controller uses as its ``ContextSource``): the path to the question and its cut to the
model's budget, both on the history's thread, so the UI thread only gets the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.ui.controllers.history_jobs import HistoryJobs

if TYPE_CHECKING:
    from dynaspark_desktop.core.context_window import ContextWindow
    from dynaspark_desktop.storage import HistoryStore
    from dynaspark_desktop.storage.context_path import FitLatest


class ContextReading(HistoryJobs):
    async def read_context(
        self,
        conversation_id: int,
        question_message_id: int,
        fit: FitLatest,
    ) -> ContextWindow:
        """``fit`` applied to the path before the question, newest turn first, read in the
        history's thread after every write queued so far (the question's own save
        included). Raises HistoryUnavailableError without a history, KeyError for an
        unknown question."""

        def read(store: HistoryStore) -> ContextWindow:
            return store.latest_context(conversation_id, question_message_id, fit)

        return await self._call(read)
