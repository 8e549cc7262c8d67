"""Compare mode: one question asked of two to four models at the same time.

The question is saved once; each model's answer is saved under it as it ends, a sibling of
the others in the conversation's tree (``storage/tree.py``), so each is searchable, exported
and reachable later with the answer switcher. "Continue with this one" makes an answer the
conversation's chosen branch (remembered); until then the first answer saved is the one
shown. Each column streams through the chat's own machinery: its provider's slots
(``providers.concurrency``), the shared frame budget (``answer_stream.follow_stream``), the
context read from the history (``request_context``). A model that fails or cannot see the
question's image ends its own column only.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.core.chat import Conversation, Turn, TurnState, question_or_default
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.ui.base.tasks import BackgroundTasks
from dynaspark_desktop.ui.controllers import turn_steps
from dynaspark_desktop.ui.controllers.answer_stream import follow_stream
from dynaspark_desktop.ui.controllers.request_context import (
    PendingContext,
    begin_request_context,
    request_context,
)

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

    import aiohttp

    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.core.images import PreparedImage
    from dynaspark_desktop.providers.base import StreamItem
    from dynaspark_desktop.providers.compare_plan import PlannedColumn
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController

log = logging.getLogger(__name__)


@dataclass(eq=False)
class CompareColumn:
    """One model's answer: its attempt (``turn``: state, timings, tokens, the text once it
    ended), why it was not asked (``skipped``), and its saved row once saved."""

    model: str
    name: str
    turn: Turn
    skipped: str = ""
    parts: list[str] = field(default_factory=list)
    task: asyncio.Task[Any] | None = None
    answer_id: int | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()


@dataclass(eq=False)
class CompareRun:
    """One compared question: the conversation it was asked in, the question as saved, and
    a column per model."""

    conversation: Conversation
    question: Turn
    columns: list[CompareColumn]
    chosen_id: int | None = None  # the answer continued with ("Continue with this one")
    first_answer_id: int | None = None  # shown until one is chosen
    task: asyncio.Task[Any] | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def belongs_to(self, conversation: Conversation) -> bool:
        if self.conversation is conversation:
            return True
        return conversation.id is not None and conversation.id == self.conversation.id


class CompareRequests(QObject):
    runStarted = Signal(object)  # a CompareRun
    # A column's state changed (queued, streaming, ended, saved): (the run, its index).
    columnChanged = Signal(object, int)
    # A piece of a column's answer arrived: (the run, the column's index, the text).
    columnGrew = Signal(object, int, str)
    runEnded = Signal(object)  # every column has ended

    def __init__(
        self,
        chat: ChatController,
        history: HistoryController | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._chat = chat
        self._history = history
        self._tasks = BackgroundTasks()
        self.runs: list[CompareRun] = []  # those still streaming
        self._closed = False

    def run_of(self, conversation: Conversation) -> CompareRun | None:
        """The compared question still streaming in ``conversation``, if any."""
        return next((run for run in self.runs if run.belongs_to(conversation)), None)

    def start(
        self,
        conversation: Conversation,
        text: str,
        image: PreparedImage | None,
        planned: Sequence[PlannedColumn],
        *,
        more_images: Sequence[PreparedImage] = (),
        documents: tuple[AttachedDocument, ...] = (),
    ) -> CompareRun | None:
        """Ask each planned model ``text`` (with ``image``, ``more_images`` and ``documents``)
        at once. None when nothing can be sent: the app is closing, the conversation is busy,
        or no model is asked."""
        text = text.strip()
        asked = [column for column in planned if not column.skipped]
        if self._closed or not (text or image or documents) or not asked:
            return None
        if self.run_of(conversation) is not None or self._chat.shown_busy:
            return None
        more = list(more_images) if image is not None else []
        question = Turn(
            question=question_or_default(text, images=len(more) + (image is not None)),
            image=image,
            model=asked[0].model,
            more_images=more,
            documents=documents,
        )
        recorder = self._history
        saving = recorder.record_question(conversation, question) if recorder else None
        columns: list[CompareColumn] = []
        pending: dict[int, PendingContext] = {}
        for index, plan in enumerate(planned):
            turn = Turn(
                question=question.question,
                image=image,
                model=plan.model,
                more_images=list(more),
                documents=documents,
            )
            column = CompareColumn(plan.model, plan.name, turn, plan.skipped)
            if plan.skipped:
                turn.fail(plan.skipped)
            else:
                # Queued behind the question's save on the history's thread, one per model:
                # each model's context window cuts the path its own way.
                pending[index] = begin_request_context(
                    conversation,
                    turn,
                    context_tokens=self._chat.context_tokens_for(plan.model),
                    source=self._chat.context_source,
                )
            columns.append(column)
        run = CompareRun(conversation, question, columns)
        self.runs.append(run)
        run.task = self._tasks.start(self._run(run, saving, pending), name="compare")
        self.runStarted.emit(run)
        return run

    def stop(self, run: CompareRun, index: int | None = None) -> None:
        """Stop one column's answer (``index``), or every column's."""
        for number, column in enumerate(run.columns):
            if (index is None or number == index) and column.task is not None:
                column.task.cancel()
        if index is None and run.task is not None and not any(c.task for c in run.columns):
            run.task.cancel()  # still saving the question: nothing was sent yet

    def choose(self, run: CompareRun, index: int) -> bool:
        """Continue with column ``index``'s answer: it becomes the conversation's chosen
        branch (the others stay as its siblings). False while it is not saved."""
        answer_id = run.columns[index].answer_id
        if answer_id is None:
            return False
        run.chosen_id = answer_id
        if self._history is not None:
            self._history.choose_branch(answer_id)
        return True

    async def shutdown(self) -> None:
        self._closed = True
        await self._tasks.cancel_all()

    # -- the run ------------------------------------------------------------------------------

    async def _run(
        self,
        run: CompareRun,
        saving: Awaitable[None] | None,
        pending: dict[int, PendingContext],
    ) -> None:
        import asyncio

        try:
            try:
                if saving is not None:
                    await saving
            except UserFacingError as error:
                for index, column in enumerate(run.columns):
                    if not column.skipped:
                        column.turn.fail(str(error))
                        self.columnChanged.emit(run, index)
                return
            session = await self._chat.session()
            catalog = self._chat.catalog
            if catalog is not None:
                await catalog.ready()
            for index, context in pending.items():
                column = run.columns[index]
                column.turn.message_id = run.question.message_id
                column.turn.started_at = time.monotonic()
                column.task = self._tasks.start(
                    self._column(run, index, context, session), name=f"compare-{index}"
                )
            tasks = [column.task for column in run.columns if column.task is not None]
            await asyncio.gather(*tasks, return_exceptions=True)
            self._record_failure_if_none_answered(run)
        except asyncio.CancelledError:
            # Stopped (or the app quits) before the columns started: they end as stopped.
            self._end_unstarted(run, lambda turn: turn.stop(""))
            raise
        except Exception:
            log.exception("A comparison failed before its answers were asked for")
            message = translate(
                "CompareRequests",
                "Something went wrong inside the app; the details are in the log.",
            )
            self._end_unstarted(run, lambda turn: turn.fail(message))
        finally:
            if run in self.runs:
                self.runs.remove(run)
            if not self._closed:
                self.runEnded.emit(run)

    def _end_unstarted(self, run: CompareRun, end: Callable[[Turn], None]) -> None:
        for index, column in enumerate(run.columns):
            if column.task is None and column.turn.pending:
                end(column.turn)
                if not self._closed:
                    self.columnChanged.emit(run, index)

    async def _column(
        self,
        run: CompareRun,
        index: int,
        pending: PendingContext,
        session: aiohttp.ClientSession,
    ) -> None:
        import asyncio

        column = run.columns[index]
        turn, parts, chat = column.turn, column.parts, self._chat
        try:
            context = await request_context(pending)
            if context.window.truncated:
                turn.context_sent(context.window.sent_turns, context.window.total_turns)
            messages, images = context.messages, context.images
            conversation = run.conversation
            parameters = conversation.parameters or chat.default_parameters

            def open_stream(key: str) -> AsyncIterator[StreamItem]:
                return turn_steps.slotted_stream(
                    chat,
                    session,
                    key,
                    messages,
                    images,
                    conversation.system_prompt,
                    parameters,
                    lambda queued: self._queued(run, index, queued),
                )

            def grow(text: str) -> None:
                turn.text_arrived()
                parts.append(text)
                if self._closed:
                    return
                self.columnGrew.emit(run, index, text)
                if turn.pieces == 1:
                    self.columnChanged.emit(run, index)  # "receiving", with the first words

            # The model asked, and no other: a fallback would answer for another model.
            await follow_stream(turn, [column.model], open_stream, grow, chat.rateLimitSeen)
            turn.finish(turn_steps.answer_from(parts))
        except asyncio.CancelledError:
            turn.stop(turn_steps.answer_from(parts))
            log.info("Compared answer of %s stopped", column.model)
        except UserFacingError as error:
            turn.fail(str(error), answer=turn_steps.answer_from(parts))
            log.warning(
                "Compared answer of %s failed: %s (%s)",
                column.model,
                error,
                error.detail or "no detail",
            )
        except Exception as error:
            turn.fail(
                translate(
                    "CompareRequests",
                    "Something went wrong inside the app; the details are in the log.",
                )
            )
            log.exception("Compared answer of %s failed unexpectedly", column.model, exc_info=error)
        finally:
            turn.elapsed_seconds = time.monotonic() - turn.started_at
            turn.queued = False
            self._save(run, index)
            if not self._closed:
                self.columnChanged.emit(run, index)

    def _queued(self, run: CompareRun, index: int, queued: bool) -> None:
        turn = run.columns[index].turn
        if turn.queued is queued:
            return
        turn.queued = queued
        if not queued:
            turn.started_at = time.monotonic()
        if not self._closed:
            self.columnChanged.emit(run, index)

    # -- saving -------------------------------------------------------------------------------

    def _save(self, run: CompareRun, index: int) -> None:
        """Save a column's answer (a stopped one too, with what arrived) as a sibling of the
        others; a failure is shown in its column only (see _record_failure_if_none_answered)."""
        turn = run.columns[index].turn
        if self._history is None or turn.message_id is None or turn.state is TurnState.FAILED:
            return
        if turn.state is TurnState.CANCELLED and not turn.answer:
            return
        saving = self._history.record_result(turn)
        if saving is None:
            return
        import asyncio

        # Its callbacks run on the loop (the UI thread), in the order the saves finish.
        asyncio.wrap_future(saving).add_done_callback(lambda done: self._saved(run, index, done))

    def _saved(self, run: CompareRun, index: int, done: asyncio.Future[Any]) -> None:
        if done.cancelled() or done.exception() is not None:
            return  # told and logged by the history
        saved = done.result()
        answer_id = saved if isinstance(saved, int) or saved is None else saved.id
        if answer_id is None:
            return
        run.columns[index].answer_id = answer_id
        if run.first_answer_id is None:
            run.first_answer_id = answer_id  # shown until the user chooses
        elif self._history is not None:
            # A later sibling makes itself its question's shown child: the one shown stays
            # the chosen answer, or the first saved, in the tree as on screen.
            self._history.choose_branch(run.chosen_id or run.first_answer_id)
        if not self._closed:
            self.columnChanged.emit(run, index)

    def _record_failure_if_none_answered(self, run: CompareRun) -> None:
        """Every model failed: the question is saved as failed (it reads so when reopened),
        with the first failure's message."""
        asked = [column for column in run.columns if not column.skipped]
        if self._history is None or any(
            column.turn.state is not TurnState.FAILED for column in asked
        ):
            return
        if asked and asked[0].turn.message_id is not None:
            self._history.record_result(asked[0].turn)
