"""Moving between the branches of the shown conversation: a question's versions (its edits)
and an answer's (its regenerations).

The history keeps the conversation as a tree and remembers which branch is shown. Switching
a version asks it to show that branch (``HistoryController.load_branch``, on the history's
thread) and replaces, in the shown conversation, the turns below the switch with that
branch's: the switched question's turn and all after it, or (for an answer) the turns after
its own. The transcript follows through ``tailReplaced``.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.tasks import BackgroundTasks, LatestTask

if TYPE_CHECKING:
    import concurrent.futures

    from dynaspark_desktop.core.chat import Conversation, Turn
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import (
        BranchPart,
        HistoryController,
    )

log = logging.getLogger(__name__)


class Branching(QObject):
    # The shown conversation's last turns (their ids) gave way to another branch's turns
    # (oldest first, possibly none).
    tailReplaced = Signal(list, list)
    # Whether more of the branch switched to follows the turns shown (it is read in parts:
    # load_later reads the next one).
    laterAvailable = Signal(bool)

    def __init__(
        self, chat: ChatController, history: HistoryController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._chat = chat
        self._history = history
        self._tasks = BackgroundTasks()
        # A quicker second click wins: the slower first switch never lands after it.
        self._switching = LatestTask(self._tasks, "switch-branch")
        # The conversation whose branch is read in parts, and the last message read of it.
        self._later: tuple[Conversation, int] | None = None
        self._reading_later = False
        chat.turnAdded.connect(self._turn_added)

    def switch_question(self, turn_id: int, message_id: int) -> None:
        """Show question version ``message_id`` in place of turn ``turn_id``'s question."""
        turn = self._chat.conversation.find(turn_id)
        if turn is None or message_id == turn.message_id or not self._may_replace(turn, 0):
            return
        self._start(turn_id, message_id, 0)

    def answer_chosen(self, turn_id: int, index: int) -> None:
        """The reader moved turn ``turn_id``'s answer switcher to version ``index``: that
        answer's branch is shown from now on (remembered), with its own later turns."""
        turn = self._chat.conversation.find(turn_id)
        if turn is None:
            return
        message_id = turn.answer_version_id(index)
        if message_id is None or not self._may_replace(turn, 1):
            return  # not saved (yet): browsing still shows it, nothing to remember
        self._start(turn_id, message_id, 1, index)

    def _start(
        self, turn_id: int, message_id: int, after: int, answer_index: int | None = None
    ) -> None:
        from dynaspark_desktop.ui.controllers.history_controller import HistoryUnavailableError

        try:
            loading = self._history.load_branch(message_id)  # the choice is saved first
        except HistoryUnavailableError:
            return
        conversation = self._chat.conversation
        self._switching.bind(self._switch(conversation, turn_id, loading, after, answer_index))

    def _may_replace(self, turn: Turn, after: int) -> bool:
        turns = self._chat.conversation.turns
        later = turns[turns.index(turn) + after :]
        if any(other.pending for other in later):
            notices.info(
                self.tr("Wait for the answer, or stop it, before switching to another version.")
            )
            return False
        return True

    async def _switch(
        self,
        conversation: Conversation,
        turn_id: int,
        loading: concurrent.futures.Future[BranchPart],
        after: int,
        answer_index: int | None = None,
    ) -> None:
        import asyncio

        from dynaspark_desktop.ui.controllers.history_controller import HistoryUnavailableError

        try:
            # Shielded: a newer switch or the quit cancels the showing, never the saving.
            part = await asyncio.shield(asyncio.wrap_future(loading))
        except HistoryUnavailableError:
            return
        except KeyError:
            log.info("That version no longer exists")
            return
        except Exception:
            log.exception("Switching to another version failed")
            notices.warning(self.tr("That version could not be read from the history."))
            return
        turn = conversation.find(turn_id)
        if conversation is not self._chat.conversation or turn is None:
            return  # another conversation is shown now, or this turn went meanwhile
        turns = part.turns
        self._read_in_parts(conversation, part)
        start = conversation.turns.index(turn) + after
        if answer_index is not None and turn.make_answer_current(answer_index):
            # What the reader chose is the turn's answer now: copied, regenerated, sent.
            self._chat.turnChanged.emit(turn)
        if after == 0 and turns:
            # The switched turn becomes the other version in place: its widget shows it
            # (a new widget would cost the UI thread far more than updating this one).
            _become(turn, turns[0])
            self._chat.turnChanged.emit(turn)
            start, turns = start + 1, turns[1:]
        old = conversation.turns[start:]
        if [t.message_id for t in old] == [t.message_id for t in turns]:
            return  # the same turns (an answer without later turns of its own)
        conversation.turns[start:] = turns
        self.tailReplaced.emit([t.id for t in old], turns)

    def _read_in_parts(self, conversation: Conversation, part: BranchPart) -> None:
        last_id = part.last_message_id
        self._later = (conversation, last_id) if part.has_later and last_id is not None else None
        self.laterAvailable.emit(self._later is not None)

    def read_after(self, conversation: Conversation, last_message_id: int) -> None:
        """``conversation`` was opened at a search hit far above its end: the rest of its
        path follows in parts after ``last_message_id``, as the reader scrolls down."""
        self._later = (conversation, last_message_id)
        self.laterAvailable.emit(True)

    def load_later(self) -> None:
        """The reader nears the end of what is shown of a branch read in parts: its next
        part is read and shown after it."""
        if self._later is None or self._reading_later:
            return
        conversation, after = self._later
        last = conversation.turns[-1] if conversation.turns else None
        if (
            conversation is not self._chat.conversation
            or last is None
            or after not in (last.message_id, last.answer_message_id)
        ):
            self._later = None  # another conversation, or a turn was sent after the part
            self.laterAvailable.emit(False)
            return
        self._reading_later = True
        self._tasks.start(self._show_later(conversation, after), name="branch-later")

    async def _show_later(self, conversation: Conversation, after: int) -> None:
        try:
            part = await self._history.load_later(after)
        except Exception:
            log.exception("Reading the rest of the branch failed")
            notices.warning(self.tr("The rest of this version could not be read."))
            return
        finally:
            self._reading_later = False
        if conversation is not self._chat.conversation or self._later != (conversation, after):
            return  # another conversation, or another switch, meanwhile
        self._read_in_parts(conversation, part)
        conversation.turns.extend(part.turns)
        self.tailReplaced.emit([], part.turns)

    def _turn_added(self, turn: Turn) -> None:
        """A question was sent below a branch read only in part: it was saved after the
        branch's end, so the rest of the branch comes in before it, all of it."""
        later, self._later = self._later, None
        if later is None or later[0] is not self._chat.conversation:
            return
        self.laterAvailable.emit(False)
        self._tasks.start(self._show_rest_before(later[0], later[1], turn), name="branch-rest")

    async def _show_rest_before(self, conversation: Conversation, after: int, turn: Turn) -> None:
        try:
            part = await self._history.load_later(after, limit=None)
        except Exception:
            log.exception("Reading the rest of the branch failed")
            return
        rest = part.turns
        # The question itself was saved before this read (the history's thread runs jobs in
        # order), as the end of the path: it is on screen already.
        if (
            rest
            and rest[-1].question == turn.question
            and turn.message_id
            in (
                None,
                rest[-1].message_id,
            )
        ):
            rest = rest[:-1]
        turns = conversation.turns
        at = next((index for index, shown in enumerate(turns) if shown is turn), None)
        if conversation is not self._chat.conversation or at is None or not rest:
            return
        turns[at:at] = rest
        # Shown again whole (an answer on its way shows what has arrived, and goes on).
        self._chat.show_conversation(conversation)

    async def shutdown(self) -> None:
        await self._tasks.cancel_all()


def _become(turn: Turn, other: Turn) -> None:
    """``turn`` (keeping its id, hence its widget) shows ``other`` from now on."""
    for field in dataclasses.fields(other):
        if field.name != "id":
            setattr(turn, field.name, getattr(other, field.name))
