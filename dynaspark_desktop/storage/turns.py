"""Saved messages as the window's turns: run in the history's worker thread (it reads files)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from dynaspark_desktop.core.chat import AnswerFacts, Turn, TurnState
from dynaspark_desktop.core.errors import ImageError
from dynaspark_desktop.core.generated_images import (
    GeneratedPicture,
    caption_details,
    display_bytes,
)
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.storage.models import StoredImage, StoredMessage, pair_turns
from dynaspark_desktop.storage.rows import prepared_from_stored

log = logging.getLogger(__name__)


def turns_from_messages(
    messages: tuple[StoredMessage, ...] | list[StoredMessage],
    answers: Mapping[int, tuple[StoredMessage, ...]] | None = None,
    question_versions: Mapping[int, tuple[int, ...]] | None = None,
) -> list[Turn]:
    """One Turn per saved question of a path, with its answer on that path, oldest first.

    ``answers`` and ``question_versions`` (a page's) give each turn its other answers and
    its question's versions, for the switchers. An image keeps only its thumbnail in memory
    (a long conversation may hold hundreds of images); ``Turn.image_path`` says where the
    full bytes are for a request that needs them.
    """
    turns: list[Turn] = []
    for question, answer in pair_turns(messages):
        stored_image = question.image
        # The answer on the path is the one shown, with its own state and timing (the
        # question's are its latest attempt's, which may be another answer's).
        timed = answer if answer is not None and answer.elapsed_ms is not None else question
        turn = Turn(
            question=question.text,
            image=_thumbnail_only(stored_image) if stored_image is not None else None,
            model=question.model,
            state=answer.state if answer is not None else question.state,
            answer=answer.text if answer is not None else "",
            answered_by=answer.model if answer is not None else "",
            error=question.error
            if answer is None or answer.state is not TurnState.ANSWERED
            else "",
            elapsed_seconds=(timed.elapsed_ms or 0) / 1000,
            message_id=question.id,
            answer_message_id=answer.id if answer is not None else None,
            image_path=stored_image.path if stored_image is not None else None,
            picture=_picture(answer) if answer is not None and answer.image else None,
            more_images=[_thumbnail_only(more) for more in question.attachments[1:]],
            more_image_paths=[more.path for more in question.attachments[1:]],
            documents=question.documents,
        )
        if answer is not None and answer.first_text_ms is not None:
            turn.first_text_seconds = answer.first_text_ms / 1000
            turn.completion_tokens = turn.pieces = answer.tokens or 0
        if answer is not None:
            turn.context_turns, turn.fallback_note = answer.context_turns, answer.fallback_note
        _add_versions(turn, answer, (answers or {}).get(question.id, ()))
        turn.question_version_ids = list((question_versions or {}).get(question.id, ()))
        turns.append(turn)
    return turns


def _add_versions(
    turn: Turn, shown: StoredMessage | None, answers: tuple[StoredMessage, ...]
) -> None:
    """The question's other answers, in order, around the one on the path (``shown``)."""
    for number, answer in enumerate(answers):
        if shown is not None and answer.id == shown.id:
            turn.current_answer_index = number
            continue
        turn.earlier_answers.append((answer.text, answer.model))
        turn.earlier_answer_ids.append(answer.id)
        turn.earlier_answer_facts.append(_facts(answer))
    if turn.current_answer_index == len(turn.earlier_answers):
        turn.current_answer_index = None  # the newest: where a new answer goes too


def _facts(answer: StoredMessage) -> AnswerFacts:
    return AnswerFacts(
        model=answer.model,
        state=answer.state,
        elapsed_seconds=(answer.elapsed_ms or 0) / 1000,
        first_text_seconds=None if answer.first_text_ms is None else answer.first_text_ms / 1000,
        tokens=answer.tokens,
        context_turns=answer.context_turns,
        fallback_note=answer.fallback_note,
    )


def _thumbnail_only(image: StoredImage) -> PreparedImage:
    try:
        thumbnail = image.thumbnail_path.read_bytes()
    except OSError:
        # The transcript shows a blank thumbnail; sending it again will say what is missing.
        log.warning("The thumbnail of %s is missing (%s)", image.filename, image.thumbnail_path)
        thumbnail = b""
    return prepared_from_stored(image, b"", thumbnail)


def _picture(answer: StoredMessage) -> GeneratedPicture:
    """A generated picture (the answer's own image) as the transcript shows it: a copy of
    display size, read here in the worker thread; the file stays on disk until needed."""
    image = answer.image
    assert image is not None
    try:
        display = display_bytes(image.path.read_bytes(), image.width, image.height)
    except (OSError, ImageError) as error:
        # The transcript says the picture is missing; the rest of the turn still shows.
        log.warning("The generated picture %s cannot be shown (%s)", image.path, error)
        display = b""
    prompt, seed = caption_details(answer.text)
    return GeneratedPicture(
        prompt=prompt,
        model=answer.model,
        seed=seed,
        width=image.width,
        height=image.height,
        mime_type=image.mime_type,
        filename=image.filename,
        display=display,
        path=image.path,
    )
