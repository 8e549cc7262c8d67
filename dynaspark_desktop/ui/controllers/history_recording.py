"""Saving a turn as it happens (HistoryController's part that ChatController uses as its
``TurnRecorder``): the question before it is sent, a retry or an edit, and the result.

A full or read-only disk never stops a chat: the question goes out unsaved and the user is
told once that nothing is being saved, where, and why.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any, TypeVar

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.controllers.history_jobs import HistoryJobs, HistoryUnavailableError

if TYPE_CHECKING:
    import concurrent.futures
    from collections.abc import Awaitable, Callable, Generator

    from dynaspark_desktop.storage import HistoryStore

log = logging.getLogger(__name__)

T = TypeVar("T")


class TurnRecording(HistoryJobs):
    def record_question(self, conversation: Conversation, turn: Turn) -> Awaitable[None]:
        """Start saving ``turn``'s question (and image) on the history's thread at once; the
        result, awaited before the request goes out, sets ``turn.message_id`` and, for a new
        chat, ``conversation.id``. It raises HistoryError when the question cannot be saved.

        The save starts here, not when awaited: it runs while the window shows the new turn
        and the turn's task gets going, so it rarely delays the request at all.
        """
        conversation_id = conversation.id
        system_prompt = conversation.system_prompt
        parameters = conversation.parameters
        image = turn.image if turn.image is not None and turn.image.data else None
        more_images = tuple(more for more in turn.more_images if more.data) if image else ()

        def save(store: HistoryStore) -> tuple[int, int]:
            target = conversation_id
            if target is None:
                target = store.create_conversation(turn.model, system_prompt=system_prompt).id
                if parameters is not None:  # set before the chat's first message
                    store.set_conversation_parameters(target, parameters)
            try:
                message = store.add_user_message(
                    target, turn.question, turn.model, image, more_images=more_images
                )
                store.add_documents(message.id, turn.documents)
            except Exception:
                if conversation_id is None:
                    _discard_empty_conversation(store, target)  # Retry creates it again
                raise
            # The composer's text went into this message: its draft is done with.
            store.clear_draft(conversation_id)
            return target, message.id

        try:
            future = self._submit(save)
        except HistoryUnavailableError:
            future = None  # no history: the chat still works, unsaved (told at start-up)
        return _QuestionSave(self, future, conversation, turn)

    def _question_saved(self) -> None:
        self._disk_failure_told = False
        self._refresh_after_send.start()

    async def record_retry(self, turn: Turn) -> None:
        """The question goes out again. A regenerated answer was kept aside (a sibling of
        the new one); an answer still on the turn (a stopped one, retried) is replaced."""
        message_id, model = turn.message_id, turn.model
        replaced, turn.answer_message_id = turn.answer_message_id, None
        if message_id is not None:
            await self._record_resend(
                lambda store: store.mark_retrying(message_id, model, replaced_answer_id=replaced)
            )

    async def record_edit(self, turn: Turn) -> None:
        """The rewritten question is a new version beside the original: the turn is that
        version from now on (its id), and its switcher counts it."""
        message_id, question = turn.message_id, turn.question
        if message_id is None:
            return
        edited = await self._record_resend(lambda store: store.edit_question(message_id, question))
        if edited is not None:
            versions = turn.question_version_ids or [message_id]
            turn.question_version_ids = [*versions, edited.id]
            turn.message_id = edited.id

    async def _record_resend(self, job: Callable[[HistoryStore], T]) -> T | None:
        """Save that a question goes out again (retried or edited) before it does."""
        try:
            return await self._call(job)
        except HistoryUnavailableError:
            return None
        except Exception as error:
            if not self.tell_disk_failure(error):
                raise
            # A full disk: the question goes out again all the same, unsaved.
            log.warning("Could not save the retry (disk failure): %s", error)
            return None

    def record_result(
        self, turn: Turn, *, unread: bool = False
    ) -> concurrent.futures.Future[Any] | None:
        """Save how ``turn`` ended, with its header's notes (context sent, fallback);
        ``unread``: it ended away from the screen (the sidebar's mark survives a restart).
        Returns the answer's save (its result: the answer's row or id), when one is queued."""
        message_id = turn.message_id
        if message_id is None:
            return None
        from dynaspark_desktop.storage.answer_measures import AnswerMeasures

        elapsed = turn.elapsed_seconds
        state = turn.state
        facts = turn.answer_facts()
        measures = AnswerMeasures.of(
            facts.tokens,
            facts.first_text_seconds,
            context_turns=facts.context_turns,
            fallback_note=facts.fallback_note,
        )
        if state is TurnState.ANSWERED:
            answer, model = turn.answer, turn.answered_by or turn.model
            # A generated picture is kept with its answer: the service's link dies in a day.
            picture = turn.picture
            image = picture.as_prepared_image() if picture and picture.data else None
            return self._save_answer(
                turn,
                lambda store: store.mark_answered(
                    message_id,
                    answer,
                    model,
                    elapsed,
                    image=image,
                    measures=measures,
                    unread=unread,
                ),
                translate("History", "save the answer"),
            )
        elif state is TurnState.FAILED:
            error = turn.error
            self._fire(
                lambda store: store.mark_failed(message_id, error, elapsed, unread=unread),
                translate("History", "save the error"),
            )
        elif state is TurnState.CANCELLED:
            partial, model = turn.answer, turn.answered_by or turn.model
            return self._save_answer(
                turn,
                lambda store: store.mark_cancelled(
                    message_id,
                    "",
                    elapsed,
                    partial_answer=partial,
                    model=model,
                    measures=measures,
                ),
                translate("History", "save that the answer was stopped"),
            )
        return None

    def mark_read(self, conversation_id: int) -> None:
        """The conversation is on screen: its unread mark goes, in the history too."""
        self._fire(
            lambda store: store.mark_read(conversation_id),
            translate("History", "mark as read"),
            refresh=False,
        )

    def _save_answer(
        self, turn: Turn, job: Callable[[HistoryStore], object], what: str
    ) -> concurrent.futures.Future[Any] | None:
        """Queue the answer's save; once saved, the turn knows its row (for the switcher,
        and for a Retry that replaces it), or, when it was regenerated meanwhile, the row
        goes to the version it became."""
        attempt = turn.started_at
        try:
            saving = self._submit(
                job, then=functools.partial(self._answer_saved, turn, attempt, what)
            )
        except HistoryUnavailableError:
            log.info("History unavailable; not saved: %s", what)
            return None
        self.refresh_conversations()
        return saving

    def _answer_saved(
        self, turn: Turn, attempt: float, what: str, done: concurrent.futures.Future[Any]
    ) -> None:
        self._fired(what, done)
        if done.cancelled() or done.exception() is not None:
            return
        saved = done.result()
        answer_id = saved if isinstance(saved, int) or saved is None else saved.id
        if answer_id is None:
            return
        if turn.started_at == attempt:
            turn.answer_message_id = answer_id
        elif None in turn.earlier_answer_ids:
            last = len(turn.earlier_answer_ids) - 1 - turn.earlier_answer_ids[::-1].index(None)
            turn.earlier_answer_ids[last] = answer_id


def _discard_empty_conversation(store: HistoryStore, conversation_id: int) -> None:
    """A new chat whose first question could not be saved: its conversation, just created,
    goes to the trash rather than stay in the sidebar as an empty "New chat"."""
    try:
        store.delete_conversation(conversation_id)
    except Exception:
        log.warning("Could not remove the empty conversation %s", conversation_id, exc_info=True)


class _QuestionSave:
    """A question's save, already running on the history's thread; awaiting it gives the
    result (without yielding to the event loop when the save is already done)."""

    def __init__(
        self,
        history: TurnRecording,
        future: concurrent.futures.Future[tuple[int, int]] | None,
        conversation: Conversation,
        turn: Turn,
    ) -> None:
        self._history = history
        self._future = future
        self._conversation = conversation
        self._turn = turn

    def __await__(self) -> Generator[Any, None, None]:
        return self._finish().__await__()

    async def _finish(self) -> None:
        from dynaspark_desktop.storage import HistoryError

        future = self._future
        if future is None:
            return
        try:
            if not future.done():
                import asyncio

                await asyncio.wrap_future(future)
            saved_in, message_id = future.result()
        except HistoryUnavailableError:
            return  # no history: the chat still works, unsaved (the user was told at start)
        except Exception as error:
            # A full or read-only disk: the question goes out all the same, unsaved (its
            # answer shows; the user is told nothing is being saved, and where, and why).
            if self._history.tell_disk_failure(error):
                log.warning("Question not saved (disk failure); sending it unsaved: %s", error)
                return
            if isinstance(error, HistoryError):
                raise HistoryError(
                    translate("History", "Your message could not be saved, so it was not sent.")
                    + f" {error}",
                    detail=error.detail,
                ) from error
            if isinstance(error, OSError):
                raise HistoryError(
                    translate(
                        "History", "Your message could not be saved, so it was not sent: {reason}."
                    ).format(reason=error.strerror or error),
                    detail=repr(error),
                ) from error
            raise
        self._conversation.id = saved_in
        self._turn.message_id = message_id
        self._history._question_saved()
