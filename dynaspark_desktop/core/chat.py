"""The conversation shown in the window: turns, their states, and what each request sends."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.documents import AttachedDocument, question_with_documents
from dynaspark_desktop.core.generated_images import GeneratedPicture
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.imagine import is_imagine
from dynaspark_desktop.core.parameters import ChatParameters

# Sent when the user attaches an image and types nothing: the endpoint needs some text, and
# the transcript shows this text so nothing is sent that the user cannot see.
IMAGE_ONLY_PROMPT = "Describe this image."
IMAGES_ONLY_PROMPT = "Describe these images."


def image_only_prompt(count: int) -> str:
    """What is asked of ``count`` images sent without a word."""
    return IMAGE_ONLY_PROMPT if count <= 1 else IMAGES_ONLY_PROMPT


DOCUMENT_ONLY_PROMPT = "Summarize the attached document."

_turn_ids = itertools.count(1)


def question_or_default(text: str, *, images: int) -> str:
    """The question typed, or (none typed) the one the transcript shows for the attachments:
    ``images`` pictures, or documents only."""
    return text or (image_only_prompt(images) if images else DOCUMENT_ONLY_PROMPT)


class TurnState(Enum):
    SENT = "sent"  # a user turn whose answer is pending
    ANSWERED = "answered"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class AnswerFacts:
    """What an answer's header says besides its text, kept with each version of it."""

    model: str
    state: TurnState
    elapsed_seconds: float = 0.0
    first_text_seconds: float | None = None
    tokens: int | None = None  # the server's count, else the pieces streamed
    # The turns its request carried of the path's (see Turn.context_turns), and which
    # models failed before the one that answered (see Turn.fallback_note).
    context_turns: tuple[int, int] | None = None
    fallback_note: str = ""

    def tokens_per_second(self) -> float | None:
        if self.first_text_seconds is None or not self.tokens or self.tokens < 2:
            return None
        streaming_time = self.elapsed_seconds - self.first_text_seconds
        return self.tokens / streaming_time if streaming_time > 0 else None


@dataclass
class Turn:
    """One question and (once it arrives) its answer."""

    question: str
    image: PreparedImage | None
    model: str
    id: int = field(default_factory=lambda: next(_turn_ids))
    state: TurnState = TurnState.SENT
    answer: str = ""
    answered_by: str = ""
    error: str = ""
    # The failure is passing trouble (rate limit, 5xx, time-out, no connection): another
    # model may answer, and ``alternative_model`` names the one to offer ("Try with …").
    retryable: bool = False
    alternative_model: str = ""
    # Set when automatic fallback had a later model answer: who failed, and why.
    fallback_note: str = ""
    started_at: float = field(default_factory=time.monotonic)
    elapsed_seconds: float = 0.0
    # Streaming: seconds from sending to the first piece of text, how many pieces came, and
    # the tokens the server counted (when it says).
    first_text_seconds: float | None = None
    pieces: int = 0
    completion_tokens: int | None = None
    # Waiting for a free slot of its provider (other answers from it come first).
    queued: bool = False
    # The question's other answers (text, model), oldest first: those it had before it was
    # regenerated, and (loaded from the history) those after the one on the shown path.
    earlier_answers: list[tuple[str, str]] = field(default_factory=list)
    # Their rows in the history (None: not saved, or not known yet), and what their headers
    # say (None: unknown), in the same order.
    earlier_answer_ids: list[int | None] = field(default_factory=list)
    earlier_answer_facts: list[AnswerFacts | None] = field(default_factory=list)
    # Where the current answer sits among all of them (None: after the others, the newest).
    current_answer_index: int | None = None
    # The question's versions (its edits) in the history, itself included, oldest first;
    # empty while it has only one.
    question_version_ids: list[int] = field(default_factory=list)
    # The question's row in the history, once saved (None: not saved yet, or no history).
    message_id: int | None = None
    answer_message_id: int | None = None  # the saved answer's row, for turns loaded back
    # A turn loaded from the history keeps only its image's thumbnail in memory
    # (``image.data`` is empty); the full bytes are read from here when a request needs them.
    image_path: Path | None = None
    # The question's images after the first (``image``), in the order attached: a provider
    # that reads several gets them all, one that reads one gets ``image``. Loaded from the
    # history, each keeps only its thumbnail, its file in ``more_image_paths``.
    more_images: list[PreparedImage] = field(default_factory=list)
    more_image_paths: list[Path | None] = field(default_factory=list)
    # The answer to an ``/imagine`` question: the picture (``answer`` holds its caption).
    picture: GeneratedPicture | None = None
    # (turns sent, turns on the path), the question counted in both, when the oldest turns
    # were left out to fit the model's context budget; None when the whole path went.
    context_turns: tuple[int, int] | None = None
    # Documents attached to the question: their text goes before it (see sent_question).
    documents: tuple[AttachedDocument, ...] = ()

    def sent_question(self) -> str:
        """The question as the request carries it: its documents' blocks, then the text."""
        return question_with_documents(self.question, self.documents)

    @property
    def images(self) -> list[PreparedImage]:
        """Every image of the question, the first first."""
        return [] if self.image is None else [self.image, *self.more_images]

    @property
    def asks_for_picture(self) -> bool:
        """An ``/imagine`` question: answered by an image service, not a chat model."""
        return is_imagine(self.question)

    @property
    def pending(self) -> bool:
        return self.state is TurnState.SENT

    @property
    def streaming(self) -> bool:
        """Text is arriving: the answer is shown as it grows."""
        return self.state is TurnState.SENT and self.pieces > 0

    # -- state changes (the chat controller drives them; each sets what belongs together) --

    def restart(self, model: str | None = None) -> None:
        """Send the question again, perhaps to ``model``: everything the last attempt
        brought (answer, picture, error, fallback note, timings) is cleared."""
        self.state = TurnState.SENT
        self.error = ""
        self.retryable = False
        self.alternative_model = ""
        self.fallback_note = ""
        self.answer = ""
        self.answered_by = ""
        self.picture = None
        self.pieces = 0
        self.first_text_seconds = None
        self.completion_tokens = None
        self.context_turns = None
        self.queued = False
        self.model = model or self.model
        self.started_at = time.monotonic()

    def keep_answer_aside(self) -> None:
        """Keep the current answer (if any) in ``earlier_answers``, in its place among them,
        before it is replaced; the new answer will come after them all."""
        if self.answer:
            where = self.current_answer_index
            if where is None or not 0 <= where <= len(self.earlier_answers):
                where = len(self.earlier_answers)
            self.earlier_answers.insert(where, (self.answer, self.answered_by or self.model))
            self.earlier_answer_ids.insert(where, self.answer_message_id)
            self.earlier_answer_facts.insert(where, self.answer_facts())
            self.answer_message_id = None
        self.current_answer_index = None

    def rewrite(self, question: str) -> None:
        """The question was edited to be sent again: a new version of it, whose answers are
        its own (the original's stay with the original, in the history)."""
        self.question = question
        self.earlier_answers = []
        self.earlier_answer_ids = []
        self.earlier_answer_facts = []
        self.current_answer_index = None
        self.answer_message_id = None

    def answer_facts(self) -> AnswerFacts:
        """The current answer's header facts, as kept with it."""
        return AnswerFacts(
            model=self.answered_by or self.model,
            state=self.state,
            elapsed_seconds=self.elapsed_seconds,
            first_text_seconds=self.first_text_seconds,
            tokens=self.completion_tokens or (self.pieces if self.first_text_seconds else None),
            context_turns=self.context_turns,
            fallback_note=self.fallback_note,
        )

    def make_answer_current(self, index: int) -> bool:
        """Answer version ``index`` (0 = oldest) becomes the current one: the turn's answer,
        model, state and measures are that version's (what is copied, regenerated and sent
        as context), and the one it was joins the others in its place. False, changing
        nothing, when it already is or cannot be (an answer on its way, a picture, a version
        whose facts are unknown)."""
        others = len(self.earlier_answers)
        current = self.current_answer_index
        if current is None or not 0 <= current <= others:
            current = others
        if (
            index == current
            or not 0 <= index <= others
            or self.pending
            or self.picture is not None
            or not self.answer
            or not len(self.earlier_answer_ids) == len(self.earlier_answer_facts) == others
        ):
            return False
        versions = list(
            zip(
                self.earlier_answers,
                self.earlier_answer_ids,
                self.earlier_answer_facts,
                strict=True,
            )
        )
        versions.insert(
            current,
            (
                (self.answer, self.answered_by or self.model),
                self.answer_message_id,
                self.answer_facts(),
            ),
        )
        (text, _model), message_id, facts = versions.pop(index)
        if facts is None:
            return False
        self.earlier_answers = [version[0] for version in versions]
        self.earlier_answer_ids = [version[1] for version in versions]
        self.earlier_answer_facts = [version[2] for version in versions]
        self.current_answer_index = index
        self.answer, self.answered_by, self.answer_message_id = text, facts.model, message_id
        self.state, self.error, self.retryable = facts.state, "", False
        self.fallback_note, self.context_turns = facts.fallback_note, facts.context_turns
        self.elapsed_seconds = facts.elapsed_seconds
        self.first_text_seconds = facts.first_text_seconds
        self.completion_tokens = facts.tokens
        self.pieces = facts.tokens or 0
        return True

    @property
    def answer_count(self) -> int:
        """The answers there are to switch between: the others and the current one."""
        return len(self.earlier_answers) + 1

    def answer_version_id(self, index: int) -> int | None:
        """The history's row of answer version ``index`` (0 = oldest), if known."""
        current = self.current_answer_index
        if current is None or not 0 <= current <= len(self.earlier_answers):
            current = len(self.earlier_answers)
        if index == current:
            return self.answer_message_id
        other = index if index < current else index - 1
        if 0 <= other < len(self.earlier_answer_ids):
            return self.earlier_answer_ids[other]
        return None

    def context_sent(self, sent: int, total: int) -> None:
        """The request went with ``sent`` of the ``total`` turns of the path to it."""
        self.context_turns = (sent, total) if sent < total else None

    def text_arrived(self) -> None:
        """A piece of the answer arrived: count it, and time the first."""
        if self.first_text_seconds is None:
            self.first_text_seconds = time.monotonic() - self.started_at
        self.pieces += 1

    def answering(self, model: str, fallback_note: str = "") -> None:
        """``model`` answers; ``fallback_note`` says which models failed before it."""
        self.answered_by = model
        if fallback_note:
            self.fallback_note = fallback_note

    def finish(self, answer: str) -> None:
        """The whole answer arrived (answered by the model asked, unless noted otherwise)."""
        self.answer = answer
        self.answered_by = self.answered_by or self.model
        self.state = TurnState.ANSWERED

    def finish_with_picture(self, picture: GeneratedPicture) -> None:
        """An ``/imagine`` question got its picture: the caption is the answer's text."""
        self.picture = picture
        self.answer = picture.caption()
        self.answered_by = picture.model
        self.state = TurnState.ANSWERED

    def stop(self, answer: str) -> None:
        """The user stopped the answer: what arrived (``answer``) is kept, shown as stopped."""
        self.answer = answer
        self.answered_by = self.answered_by or self.model
        self.state = TurnState.CANCELLED

    def fail(self, error: str, *, retryable: bool = False, answer: str | None = None) -> None:
        """The request failed with ``error`` (a sentence for the user). ``answer`` is what
        arrived before it broke (None: the answer is left as it is)."""
        if answer is not None:
            self.answer = answer
        self.state = TurnState.FAILED
        self.error = error
        self.retryable = retryable

    def tokens_per_second(self) -> float | None:
        """The rate text arrived at, once it has finished arriving (None when not streamed)."""
        if self.first_text_seconds is None or self.pieces < 2:
            return None
        streaming_time = self.elapsed_seconds - self.first_text_seconds
        if streaming_time <= 0:
            return None
        return (self.completion_tokens or self.pieces) / streaming_time


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    # Its id in the history; None for a new chat not saved yet (or when there is no history).
    id: int | None = None
    # Sent with every question, the way the model's provider supports it.
    system_prompt: str = ""
    # Its own sampling parameters; None: the defaults for new chats apply.
    parameters: ChatParameters | None = None

    def add(self, turn: Turn) -> Turn:
        self.turns.append(turn)
        return turn

    def find(self, turn_id: int) -> Turn | None:
        return next((turn for turn in self.turns if turn.id == turn_id), None)

    def request_for(self, turn: Turn) -> tuple[list[dict[str, Any]], Turn | None]:
        """The messages to send for ``turn``, and the turn whose image goes with them.

        Context is every earlier answered exchange (failed or stopped ones are left out: their
        questions have no answer to pair with). The image is the turn's own or, failing that,
        the latest earlier one: the service keeps no history, so a follow-up question about a
        picture must carry the picture again.
        """
        messages: list[dict[str, Any]] = []
        image_turn: Turn | None = None
        for earlier in self.turns:
            if earlier is turn:
                break
            if earlier.state is TurnState.ANSWERED:
                messages.append({"role": "user", "content": earlier.question})
                messages.append({"role": "assistant", "content": earlier.answer})
                if earlier.image is not None:
                    image_turn = earlier
        messages.append({"role": "user", "content": turn.question})
        return messages, turn if turn.image is not None else image_turn
