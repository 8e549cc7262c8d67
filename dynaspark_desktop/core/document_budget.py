"""Whether a question's documents fit the model's context budget, and how to cut them so
they do (core/context_window.py: the same estimates the request is cut by).

The question, the system prompt and an attached image always go; the documents get what is
left. Earlier turns are dropped before the question's own documents (the context window
leaves out the oldest turns first), so only the question itself is weighed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from dynaspark_desktop.core.context_window import IMAGE_TOKENS, estimate_tokens, input_budget
from dynaspark_desktop.core.documents import AttachedDocument, question_with_documents

# Header, end marker and separators of each document's block, in tokens, rounded up.
_BLOCK_OVERHEAD_TOKENS = 40


@dataclass(frozen=True)
class DocumentFit:
    needed: int  # tokens the question with its documents takes (with the system prompt)
    budget: int  # tokens a request to this model may fill

    @property
    def fits(self) -> bool:
        return self.needed <= self.budget


def document_fit(
    question: str,
    documents: tuple[AttachedDocument, ...],
    *,
    context_tokens: int,
    system_prompt: str = "",
    has_image: bool = False,
) -> DocumentFit:
    needed = estimate_tokens(question_with_documents(question, documents))
    if system_prompt.strip():
        needed += estimate_tokens(system_prompt)
    if has_image:
        needed += IMAGE_TOKENS
    return DocumentFit(needed, input_budget(context_tokens))


def cut_to_fit(
    question: str,
    documents: tuple[AttachedDocument, ...],
    *,
    context_tokens: int,
    system_prompt: str = "",
    has_image: bool = False,
) -> tuple[AttachedDocument, ...]:
    """The documents cut (each by the same share of its text) so the question fits; a
    document left with no room at all keeps none of its text (its block says it was cut)."""
    fit = document_fit(
        question,
        documents,
        context_tokens=context_tokens,
        system_prompt=system_prompt,
        has_image=has_image,
    )
    if fit.fits or not documents:
        return documents
    bare = document_fit(
        question,
        (),
        context_tokens=context_tokens,
        system_prompt=system_prompt,
        has_image=has_image,
    ).needed
    room = max(0, fit.budget - bare - _BLOCK_OVERHEAD_TOKENS * len(documents))
    # Shared out evenly, smallest first: a short document is kept whole, and what it does
    # not use goes to the longer ones (a proportional cut would leave it a few words).
    tokens = [estimate_tokens(document.text) for document in documents]
    allowed = [0] * len(documents)
    left = len(documents)
    for index in sorted(range(len(documents)), key=tokens.__getitem__):
        allowed[index] = min(tokens[index], room // left)
        room -= allowed[index]
        left -= 1
    cut = tuple(
        document.cut_to(len(document.text) * allowed[index] // max(1, tokens[index]))
        for index, document in enumerate(documents)
    )
    # Estimates per character are not linear (mixed scripts): trim further until it fits.
    while not document_fit(
        question,
        cut,
        context_tokens=context_tokens,
        system_prompt=system_prompt,
        has_image=has_image,
    ).fits and any(document.text for document in cut):
        cut = tuple(document.cut_to(int(len(document.text) * 0.9)) for document in cut)
    return cut
