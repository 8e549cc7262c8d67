"""Messages and the flattening of a conversation into one prompt string.

The Dynaspark web endpoint takes no message history, so the conversation is flattened into a
single ``user_input`` exactly as ``shared/dynaspark-api.md`` section 3 prescribes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dynaspark_desktop.core.errors import EmptyConversationError

ChatMessage = Mapping[str, Any]


def message_text(message: ChatMessage) -> str:
    """The text of a message whose content is a string or a list of typed parts."""
    content = message.get("content", "")
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    texts: list[str] = []
    for part in content:
        if isinstance(part, Mapping) and part.get("type") == "text":
            text = part.get("text")
            if isinstance(text, str):
                texts.append(text)
    # Parts are joined with nothing between them: they are fragments of one message.
    return "".join(texts)


def flatten_conversation(messages: Sequence[ChatMessage]) -> str:
    """Flatten ``messages`` into the single prompt the web endpoint expects.

    One message: its text alone. Several: ``Role: text`` lines for every non-blank message and
    a final ``Assistant:`` line. Empty: an error, never a request.
    """
    if not messages:
        raise EmptyConversationError("There is nothing to send: the conversation is empty.")
    if len(messages) == 1:
        return message_text(messages[0])
    lines = [
        f"{_role_label(message)}: {text}"
        for message in messages
        if (text := message_text(message)).strip()
    ]
    lines.append("Assistant:")
    return "\n".join(lines)


def _role_label(message: ChatMessage) -> str:
    role = str(message.get("role", "user"))
    return role[:1].upper() + role[1:]
