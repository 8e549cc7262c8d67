"""The words around a turn: the line above an answer, the wait before it, elapsed times,
copying a message."""

from __future__ import annotations

from dynaspark_desktop.core.chat import AnswerFacts, Turn, TurnState
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.providers.model_keys import model_name

# After this long without an answer, say the free service may be waking up.
WAKING_HINT_AFTER_SECONDS = 8.0


def joined_facts(parts: list[str]) -> str:
    """``parts`` as one line, "a · b · c", whose wrapped lines never start with the "·":
    it is bound to the part before it (a no-break space), the break comes after it."""
    return "\u00a0· ".join(parts)


def answer_summary(turn: Turn) -> str:
    """The line above an answer: the model, and when it is done how long it took (and, when
    streamed, the wait for the first text and the rate)."""
    if turn.asks_for_picture:
        return picture_summary(turn)
    model = model_name(turn.answered_by or turn.model)
    if turn.state is TurnState.SENT:
        if turn.queued:
            return translate("TurnText", "{model} · queued").format(model=model)
        return (
            translate("TurnText", "{model} · receiving…").format(model=model)
            if turn.streaming
            else model
        )
    if turn.state is not TurnState.ANSWERED and not turn.answer:
        return model
    parts = [model]
    rate = turn.tokens_per_second()
    if turn.first_text_seconds is not None and rate is not None:
        parts.append(
            translate("TurnText", "first text {time}").format(
                time=unbroken_elapsed(turn.first_text_seconds)
            )
        )
    parts.append(unbroken_elapsed(turn.elapsed_seconds))
    if rate is not None:
        parts.append(translate("TurnText", "{rate} tokens/s").format(rate=f"{rate:.0f}"))
    if turn.state is TurnState.CANCELLED:
        parts.append(translate("TurnText", "stopped"))
    return joined_facts(parts)


def version_summary(facts: AnswerFacts | None, model: str) -> str:
    """The line above another version of an answer, from the facts kept with it."""
    if facts is None:
        return translate("TurnText", "{model} · earlier answer").format(model=model_name(model))
    parts = [model_name(facts.model)]
    rate = facts.tokens_per_second()
    if facts.first_text_seconds is not None and rate is not None:
        parts.append(
            translate("TurnText", "first text {time}").format(
                time=unbroken_elapsed(facts.first_text_seconds)
            )
        )
    if facts.elapsed_seconds:
        parts.append(unbroken_elapsed(facts.elapsed_seconds))
    if rate is not None:
        parts.append(translate("TurnText", "{rate} tokens/s").format(rate=f"{rate:.0f}"))
    if facts.state is TurnState.CANCELLED:
        parts.append(translate("TurnText", "stopped"))
    return joined_facts([*parts, translate("TurnText", "earlier answer")])


def picture_summary(turn: Turn) -> str:
    """The line above a generated picture: what made it, from what, and how big it is."""
    picture = turn.picture
    if picture is None:
        return translate("TurnText", "Dynaspark API · image")
    parts = [f"“{picture.prompt}”"] if picture.prompt else []
    parts.append(model_name(picture.model))
    if picture.seed is not None:
        parts.append(translate("TurnText", "seed {seed}").format(seed=picture.seed))
    parts.append(f"{picture.width}×{picture.height}")
    if turn.elapsed_seconds:
        parts.append(format_elapsed(turn.elapsed_seconds))
    return joined_facts(parts)


def waiting_message(elapsed: float, *, asks_for_picture: bool, queued: bool = False) -> str:
    """What the answer's place says while nothing has come ``elapsed`` seconds after sending
    (``queued``: the request waits for its turn, other answers from the provider first)."""
    if queued:
        return translate("TurnText", "Queued: other answers from this provider come first…")
    if elapsed < WAKING_HINT_AFTER_SECONDS:
        waiting = (
            translate("TurnText", "Waiting for the picture… {time}")
            if asks_for_picture
            else translate("TurnText", "Waiting for the answer… {time}")
        )
        return waiting.format(time=format_elapsed(elapsed))
    return translate(
        "TurnText",
        "Waking the server… {time}\n"
        "The free service sleeps when idle and can take up to a minute to answer.",
    ).format(time=format_elapsed(elapsed))


def format_elapsed(seconds: float) -> str:
    if seconds < 10:
        return translate("TurnText", "{seconds} s").format(seconds=f"{seconds:.1f}")
    if seconds < 60:
        return translate("TurnText", "{seconds} s").format(seconds=f"{seconds:.0f}")
    return translate("TurnText", "{minutes} min {seconds} s").format(
        minutes=int(seconds // 60), seconds=f"{int(seconds % 60):02d}"
    )


def unbroken_elapsed(seconds: float) -> str:
    """``format_elapsed`` for a line of facts: a wrap never parts "0.4" from its "s"."""
    return format_elapsed(seconds).replace(" ", "\u00a0")


def copy_message(text: str, *, as_markdown: bool) -> None:
    """Put a message on the clipboard as its Markdown source or as plain text."""
    from PySide6.QtGui import QGuiApplication

    from dynaspark_desktop.core.markdown import markdown_source, markdown_to_plain_text

    copied = markdown_source(text) if as_markdown else markdown_to_plain_text(text)
    QGuiApplication.clipboard().setText(copied)
