"""A ChatGPT conversation (``chatgpt_export.ImportedTree``) as the history's tree.

Every branch comes in: each kept node names its parent, and the shown path ends where the
export's ``current_node`` does. The history holds questions and answers only, so:

- a node with nothing to show (the root, a system or tool message, a hidden one) is left
  out, and its children hang on its nearest kept ancestor;
- a node that speaks for the same side as the node it hangs on (an answer continued after a
  tool's output, two questions in a row) is joined to it, texts separated by a blank line;
- an answer with no question above it gets an empty question;
- a question with no answer under it is kept as one that got none.
"""

from __future__ import annotations

import dataclasses
import time

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.storage.chatgpt_export import ImportedTree
from dynaspark_desktop.storage.models import ConversationSnapshot, MessageSnapshot, Role

NO_ANSWER = QT_TRANSLATE_NOOP("Import", "The ChatGPT export holds no answer to this question.")


def snapshot_of_tree(
    tree: ImportedTree, uid: str, now: float | None = None
) -> ConversationSnapshot:
    """The conversation with every branch; ``uid`` is the history's id for it."""
    now = time.time() if now is None else now
    created = tree.created or next((n.created for n in tree.nodes if n.created), None) or now
    messages: list[MessageSnapshot] = []
    # Each node's index among ``messages``: its own, the one it was joined to, or (for a
    # node left out) its nearest kept ancestor's. None: nothing kept above it.
    index_of: dict[str, int | None] = {}
    for node in tree.nodes:  # parents first
        above = index_of.get(node.parent) if node.parent is not None else None
        if node.role is None:
            index_of[node.id] = above
            continue
        if above is not None and messages[above].role is node.role:
            joined = messages[above]
            messages[above] = dataclasses.replace(joined, text=f"{joined.text}\n\n{node.text}")
            index_of[node.id] = above
            continue
        when = node.created or (messages[above].created if above is not None else created)
        if node.role is Role.ASSISTANT and above is None:
            above = len(messages)
            messages.append(_message(above, Role.USER, "", "", None, when))
        index_of[node.id] = len(messages)
        messages.append(_message(len(messages), node.role, node.text, node.model, above, when))
    answered = {m.parent for m in messages if m.role is Role.ASSISTANT}
    messages = [
        dataclasses.replace(
            m, state=TurnState.FAILED, error=translate("Import", NO_ANSWER), finished=None
        )
        if m.role is Role.USER and m.position not in answered
        else m
        for m in messages
    ]
    leaf = index_of.get(tree.chosen_path[-1]) if tree.chosen_path else None
    return ConversationSnapshot(
        title=tree.title,
        created=created,
        updated=max(tree.updated or created, created),
        model="",
        system_prompt=tree.system_prompt,
        pinned=False,
        messages=tuple(messages),
        uid=uid,
        branched=True,
        current_leaf=leaf,
    )


def _message(
    position: int, role: Role, text: str, model: str, parent: int | None, when: float
) -> MessageSnapshot:
    return MessageSnapshot(
        position=position,
        role=role,
        text=text,
        model=model,
        state=TurnState.ANSWERED,
        error="",
        created=when,
        finished=when,
        elapsed_ms=None,
        parent=parent,
    )
