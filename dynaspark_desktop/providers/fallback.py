"""Trying the next model when one fails for a passing reason.

A fallback list is an ordered sequence of candidates (typically ``base.ModelRef``). The
first is asked; on a *retryable* failure (rate limit, 5xx, time-out, no connection) before
any text arrived, the next one is asked, and so on. Once text has arrived the answer is
that model's: a later failure is raised as it is (the UI keeps what arrived).

The UI uses it like this::

    ask = lambda ref: registry.stream(session, ref, request)  # one request, each model
    async for item in stream_with_fallback(chain, ask):
        if isinstance(item, Answering):    # once, before the answer: who answers, who failed
            show_model(item.candidate, item.failures)
        else:
            ...                            # as for ChatProvider.stream_chat
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from dynaspark_desktop.core.errors import AllModelsFailedError, UserFacingError
from dynaspark_desktop.core.i18n import translate

T = TypeVar("T")
Item = TypeVar("Item")


@dataclass(frozen=True)
class Answering(Generic[T]):
    """The candidate that answers, and the ones that failed before it (in order)."""

    candidate: T
    failures: tuple[tuple[T, UserFacingError], ...] = ()


def should_fall_back(error: BaseException) -> bool:
    """True when another model may well answer: the error is passing trouble."""
    return isinstance(error, UserFacingError) and error.retryable


def next_candidate(candidates: Sequence[T], failed: T, error: BaseException) -> T | None:
    """The candidate to try after ``failed`` failed with ``error``; None when there is none
    or the error is not one another model could get round."""
    if not should_fall_back(error) or failed not in candidates:
        return None
    index = list(candidates).index(failed) + 1
    return candidates[index] if index < len(candidates) else None


def fallback_chain(preferred: T, others: Iterable[T]) -> list[T]:
    """``preferred`` first, then ``others`` in order, each once."""
    chain = [preferred]
    for candidate in others:
        if candidate not in chain:
            chain.append(candidate)
    return chain


async def stream_with_fallback(
    candidates: Sequence[T],
    open_stream: Callable[[T], AsyncIterator[Item]],
    *,
    describe: Callable[[T], str] = str,
) -> AsyncIterator[Item | Answering[T]]:
    """Yield ``Answering`` then the items of the first candidate that answers.

    Items that are not text (a rate-limit note) are held back until the first text, so a
    candidate that fails before saying anything leaves no trace in the answer. Raises the
    error itself when one candidate was tried, or ``AllModelsFailedError`` naming each.
    """
    if not candidates:
        raise ValueError("a fallback list needs at least one candidate")
    failures: list[tuple[T, UserFacingError]] = []
    for candidate in candidates:
        stream = open_stream(candidate)
        held: list[Item] = []
        started = False
        try:
            async for item in stream:
                if not started and not isinstance(item, str):
                    held.append(item)
                    continue
                if not started:
                    started = True
                    yield Answering(candidate, tuple(failures))
                    for early in held:
                        yield early
                yield item
            if not started:
                yield Answering(candidate, tuple(failures))
                for early in held:
                    yield early
            return
        except UserFacingError as error:
            if started:
                raise
            failures.append((candidate, error))
            if not should_fall_back(error):
                break
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
    if len(failures) == 1:
        raise failures[0][1]
    reasons = " ".join(f"{describe(candidate)}: {error}" for candidate, error in failures)
    raise AllModelsFailedError(
        translate("Fallback", "No model could answer.") + " " + reasons,
        failures=[(describe(candidate), error) for candidate, error in failures],
    )
