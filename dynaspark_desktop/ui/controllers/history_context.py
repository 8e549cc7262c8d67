"""Reading a request's context from the history (HistoryController's part that the chat
controller uses as its ``ContextSource``): the path to the question and its cut to the
model's budget, both on the history's thread, so the UI thread only gets the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.ui.controllers.history_jobs import HistoryJobs

if TYPE_CHECKING:
    import concurrent.futures

    from dynaspark_desktop.core.context_window import ContextWindow
    from dynaspark_desktop.storage import HistoryStore
    from dynaspark_desktop.storage.context_path import FitLatest


class ContextReading(HistoryJobs):
    def start_context_read(
        self, conversation_id: int, question_message_id: int | None, fit: FitLatest
    ) -> concurrent.futures.Future[ContextWindow]:
        """Queue ``fit`` of the path before the question, newest turn first, on the
        history's thread now: it runs after every write queued so far, so a question whose
        save was just queued (``question_message_id`` None: the conversation's latest) is
        read up to. Raises HistoryUnavailableError without a history; the future raises
        KeyError for an unknown question."""

        def read(store: HistoryStore) -> ContextWindow:
            return store.latest_context(conversation_id, question_message_id, fit)

        return self._submit(read)
