"""The conversation shown in the window: turns, their states, and what each request sends."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from dynaspark_desktop.core.generated_images import GeneratedPicture
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.imagine import is_imagine

# Sent when the user attaches an image and types nothing: the endpoint needs some text, and
# the transcript shows this text so nothing is sent that the user cannot see.
IMAGE_ONLY_PROMPT = "Describe this image."

_turn_ids = itertools.count(1)


class TurnState(Enum):
    SENT = "sent"  # a user turn whose answer is pending
    ANSWERED = "answered"
    FAILED = "failed"
    CANCELLED = "cancelled"


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
    # Answers this question had before it was regenerated or edited (text, model), kept in
    # memory until the conversation is left, so the user can look back at them.
    earlier_answers: list[tuple[str, str]] = field(default_factory=list)
    # The question's row in the history, once saved (None: not saved yet, or no history).
    message_id: int | None = None
    answer_message_id: int | None = None  # the saved answer's row, for turns loaded back
    # A turn loaded from the history keeps only its image's thumbnail in memory
    # (``image.data`` is empty); the full bytes are read from here when a request needs them.
    image_path: Path | None = None
    # The answer to an ``/imagine`` question: the picture (``answer`` holds its caption).
    picture: GeneratedPicture | None = None

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
        self.queued = False
        self.model = model or self.model
        self.started_at = time.monotonic()

    def keep_answer_aside(self) -> None:
        """Keep the current answer (if any) in ``earlier_answers`` before it is replaced."""
        if self.answer:
            self.earlier_answers.append((self.answer, self.answered_by or self.model))

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
