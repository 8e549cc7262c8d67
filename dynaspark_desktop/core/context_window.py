"""What of a conversation goes with a question: the turns on its path, cut to the model's
context budget.

The path (the turns from the conversation's start to the question, oldest first) is read from
the history, not from what the window has loaded. When it does not fit the budget, the oldest
turns are left out first; the system prompt and the question itself always go. A question
and its answer go or stay together, and what is sent is always the latest turns without a
gap (a large old turn is not skipped to send an even older one).

Sizes are estimates, not a tokenizer's count (each model has its own): about four characters
a token for text in ASCII, one token a character beyond it (CJK text is about one token a
character; accented Latin text is overestimated, which only leaves more room), a few tokens a
message for its role, and a fixed cost for an image. The budget is the model's whole context
window, which also holds the answer: a part of it is kept free for that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

CHARS_PER_TOKEN = 4
# Role markers and separators a chat template adds around each message.
MESSAGE_OVERHEAD_TOKENS = 4
# What an image costs in the context: GPT-4o counts ~765 tokens for a 1024 px image,
# Gemini 258, LLaVA 576; rounded up, so an image never pushes a request over.
IMAGE_TOKENS = 1_000
# The part of the window kept for the answer: a quarter, at most this much.
MAX_ANSWER_RESERVE_TOKENS = 2_048
# No budget is taken below this (a setting of 10 tokens would send nothing but the question).
MIN_CONTEXT_TOKENS = 512


@dataclass(frozen=True)
class ContextTurn:
    """A question and its answer on the path, as the context needs them.

    ``image`` is whatever says where the question's image is (the history's stored image, or
    a turn in memory); None when it has none. Only answered turns are ever sent: a failed or
    stopped question has no answer to pair with.
    """

    question: str
    answer: str
    answered: bool = True
    image: Any = None

    def tokens(self) -> int:
        return estimate_tokens(self.question) + estimate_tokens(self.answer)


@dataclass(frozen=True)
class ContextWindow:
    """The earlier turns that go with a question, and how many there were."""

    turns: tuple[ContextTurn, ...]  # oldest first
    # Turns on the path before the question: every one, failed and stopped ones included
    # (those are never sent, budget or not).
    path_turns: int
    # The earlier turn whose image goes with the question when it has none of its own (the
    # latest one sent that has an image: the services keep no history, so a follow-up about
    # a picture carries it again); None otherwise.
    image_turn: ContextTurn | None = None
    # Older answered turns were left out: they did not fit the budget.
    truncated: bool = False

    @property
    def sent_turns(self) -> int:
        """Turns sent, the question included."""
        return len(self.turns) + 1

    @property
    def total_turns(self) -> int:
        """Turns of the path, the question included."""
        return self.path_turns + 1

    def messages(self, question: str) -> list[dict[str, Any]]:
        """The request's messages (without the system prompt, which providers send their
        own way): the turns sent, then the question."""
        messages: list[dict[str, Any]] = []
        for turn in self.turns:
            messages.append({"role": "user", "content": turn.question})
            messages.append({"role": "assistant", "content": turn.answer})
        messages.append({"role": "user", "content": question})
        return messages


def estimate_tokens(text: str) -> int:
    """Roughly how many tokens ``text`` takes as one message (see the module's notes)."""
    if text.isascii():
        count = -(-len(text) // CHARS_PER_TOKEN)
    else:
        # Characters beyond ASCII count about one each, the rest four to a token. Their
        # number, from the extra bytes UTF-8 takes for them (two for CJK, one for an
        # accented letter, three for an emoji), without a Python loop over the text.
        extra_bytes = len(text.encode("utf-8", "surrogatepass")) - len(text)
        beyond = min(len(text), (extra_bytes + 1) // 2)
        count = -(-(len(text) - beyond) // CHARS_PER_TOKEN) + beyond
    return count + MESSAGE_OVERHEAD_TOKENS


def input_budget(context_tokens: int) -> int:
    """What of a model's context window a request may fill (the rest is for the answer)."""
    window = max(MIN_CONTEXT_TOKENS, context_tokens)
    return window - min(window // 4, MAX_ANSWER_RESERVE_TOKENS)


def fit_context(
    path: Sequence[ContextTurn],
    question: str,
    *,
    context_tokens: int,
    system_prompt: str = "",
    question_has_image: bool = False,
) -> ContextWindow:
    """The latest turns of ``path`` (oldest first, the question not in it) that fit the
    model's ``context_tokens`` with the system prompt and the question."""
    answered = [turn for turn in path if turn.answered]
    return fit_latest(
        reversed(answered),
        len(path),
        question,
        context_tokens=context_tokens,
        system_prompt=system_prompt,
        question_has_image=question_has_image,
    )


def fit_latest(
    newest_first: Iterable[ContextTurn],
    path_turns: int,
    question: str,
    *,
    context_tokens: int,
    system_prompt: str = "",
    question_has_image: bool = False,
    question_images: int = 0,
) -> ContextWindow:
    """As :func:`fit_context`, from the path's answered turns newest first (of the
    ``path_turns`` turns on the path): read only until one does not fit, so a history can
    hand them out one by one without reading the rest of a long conversation.
    ``question_images``: how many images the question carries (each costs its tokens)."""
    question_images = max(question_images, 1 if question_has_image else 0)
    question_has_image = question_images > 0
    spent = estimate_tokens(question) + IMAGE_TOKENS * question_images
    if system_prompt.strip():
        spent += estimate_tokens(system_prompt)
    budget = input_budget(context_tokens)
    kept: list[ContextTurn] = []
    image_turn: ContextTurn | None = None
    truncated = False
    for turn in newest_first:
        cost = turn.tokens()
        takes_image = not question_has_image and image_turn is None and turn.image is not None
        if takes_image:
            cost += IMAGE_TOKENS
        if spent + cost > budget:
            truncated = True
            break
        spent += cost
        kept.append(turn)
        if takes_image:
            image_turn = turn
    kept.reverse()
    return ContextWindow(
        tuple(kept), max(path_turns, len(kept)), image_turn=image_turn, truncated=truncated
    )
