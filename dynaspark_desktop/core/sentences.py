"""Messages that end with exactly one full stop, however the text quoted in them ended
("try again later.." when a server's own sentence was put before ours)."""

from __future__ import annotations

# A sentence that ends in one of these keeps its own mark.
_OWN_ENDINGS = ("?", "!", "…")


def sentence(text: str) -> str:
    """``text`` ending with exactly one full stop (or with its own ? ! …)."""
    text = text.rstrip()
    trimmed = text.rstrip(".").rstrip()
    if not trimmed:
        return ""
    if trimmed.endswith(_OWN_ENDINGS):
        return trimmed
    return trimmed + "."


def clause(text: str) -> str:
    """``text`` without its closing full stops: quoted inside a sentence of ours."""
    return text.rstrip().rstrip(".").rstrip() or text.strip()


def sentences(*parts: str) -> str:
    """The non-empty ``parts``, each made a sentence, joined by spaces."""
    return " ".join(filter(None, (sentence(part) for part in parts)))
