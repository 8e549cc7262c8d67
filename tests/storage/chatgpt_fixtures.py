"""ChatGPT data exports built from the format's public description: ``conversations.json``
is a list of conversations, each with title, create_time, update_time, current_node and a
``mapping`` of nodes ``{id, message | null, parent, children}``."""

from __future__ import annotations

from typing import Any


def message(
    node_id: str,
    role: str,
    text: str | None,
    created: float | None,
    *,
    content_type: str = "text",
    model: str | None = None,
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if model:
        metadata["model_slug"] = model
    parts = [] if text is None else [text]
    content: dict[str, Any] = {"content_type": content_type, "parts": parts}
    if content_type == "code":  # code carries its text whole, with its language
        content = {"content_type": "code", "language": "unknown", "text": text or ""}
    return {
        "id": node_id,
        "author": {"role": role, "name": None, "metadata": {}},
        "create_time": created,
        "update_time": None,
        "content": content,
        "status": "finished_successfully",
        "end_turn": True,
        "weight": 1.0,
        "metadata": metadata,
        "recipient": "all",
    }


def conversation(
    title: str,
    nodes: list[tuple[str, str | None, dict[str, Any] | None]],
    current_node: str,
    *,
    conversation_id: str = "6f1c2d3e-0000-4000-8000-000000000001",
    created: float = 1_700_000_000.0,
) -> dict[str, Any]:
    """``nodes``: (id, parent id, message or None), parents first; children are derived."""
    mapping: dict[str, Any] = {
        node_id: {"id": node_id, "message": body, "parent": parent, "children": []}
        for node_id, parent, body in nodes
    }
    for node_id, parent, _body in nodes:
        if parent is not None and parent in mapping:
            mapping[parent]["children"].append(node_id)
    return {
        "title": title,
        "create_time": created,
        "update_time": created + 600,
        "mapping": mapping,
        "moderation_results": [],
        "current_node": current_node,
        "plugin_ids": None,
        "conversation_id": conversation_id,
        "id": conversation_id,
    }


def branched_conversation() -> dict[str, Any]:
    """A root, a hidden system message, a question edited once (two branches) and an answer
    regenerated once on the second branch; the chosen path goes through the edit and the
    regenerated answer."""
    t = 1_700_000_000.0
    return conversation(
        "Lighthouse trip",
        [
            ("root", None, None),
            ("sys", "root", message("sys", "system", "", t)),
            ("q1", "sys", message("q1", "user", "Where is the lighthouse?", t + 1)),
            ("a1", "q1", message("a1", "assistant", "On the cliffs.", t + 2, model="gpt-4o")),
            ("q2", "a1", message("q2", "user", "How tall is it?", t + 3)),
            ("a2", "q2", message("a2", "assistant", "About 30 m.", t + 4, model="gpt-4o")),
            ("q2b", "a1", message("q2b", "user", "How old is it?", t + 5)),
            ("a2b", "q2b", message("a2b", "assistant", "From 1850.", t + 6, model="gpt-4o")),
            ("a2c", "q2b", message("a2c", "assistant", "Built in 1852.", t + 7, model="gpt-4o")),
        ],
        "a2c",
    )
