"""Reading ChatGPT's own data export (``conversations.json``) into a neutral tree.

The export is a list of conversations, each with ``title``, ``create_time``, ``update_time``,
``current_node`` (the message shown last, which picks the branch on screen) and ``mapping``:
``{node id: {id, message | null, parent, children}}``, where a message is ``{author: {role},
content: {content_type, parts}, create_time, metadata}``. Every edit and regeneration is a
branch of that tree.

An export is untrusted: each conversation is read on its own, with caps on how many there
are, how many nodes each holds and how long a text may be; parent links are followed with
cycle detection. A conversation that cannot be used is left out with a reason; one that can
is read as far as it goes, and what was left out of it is said (``problems``). Parsing needs
no store: :func:`read_export` yields :class:`ImportedTree` values (every node with its parent
and the chosen path), which ``chatgpt_import`` stores.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.timestamps import is_sane_time
from dynaspark_desktop.storage.import_reading import stop_if_cancelled
from dynaspark_desktop.storage.models import Role

MAX_CONVERSATIONS = 50_000
MAX_NODES = 100_000  # in one conversation
MAX_TEXT_CHARS = 2_000_000  # one message's text; a longer one is cut
MAX_TITLE_CHARS = 500
MAX_ID_CHARS = 200
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT}


@dataclass(frozen=True)
class ImportedNode:
    """One node of the tree. ``role`` None: nothing to show (the root, a tool's output, a
    hidden or empty message); it still links its children to its parent."""

    id: str
    parent: str | None
    role: Role | None
    text: str
    created: float | None
    model: str = ""


@dataclass(frozen=True)
class ImportedTree:
    """A conversation as a tree: ``nodes`` parents first, ``chosen_path`` the ids from the
    root to the node shown last (``current_node``)."""

    source_id: str  # the export's conversation id ("" when it has none)
    title: str
    created: float | None
    updated: float | None
    system_prompt: str
    nodes: tuple[ImportedNode, ...]
    chosen_path: tuple[str, ...]
    problems: tuple[str, ...] = ()  # what was left out of it, as phrases

    def node(self, node_id: str) -> ImportedNode:
        return self._by_id()[node_id]

    def _by_id(self) -> dict[str, ImportedNode]:
        return {node.id: node for node in self.nodes}

    def shown_path(self) -> list[ImportedNode]:
        """The chosen path's nodes that carry something to show, root first."""
        by_id = self._by_id()
        return [by_id[node_id] for node_id in self.chosen_path if by_id[node_id].role]


@dataclass(frozen=True)
class UnusableConversation:
    """A conversation of the export that could not be read at all."""

    title: str
    problem: str  # a phrase: "has no “mapping”"


def is_chatgpt_export(document: Any) -> bool:
    """A top-level list of objects with a ``mapping`` (empty lists are not)."""
    return (
        isinstance(document, list)
        and bool(document)
        and any(
            isinstance(item, dict) and isinstance(item.get("mapping"), dict) for item in document
        )
    )


def read_export(
    document: list[Any], cancel: threading.Event | None = None
) -> Iterator[ImportedTree | UnusableConversation]:
    """Each conversation of the export, in its order (at most :data:`MAX_CONVERSATIONS`)."""
    for index, item in enumerate(document):
        stop_if_cancelled(cancel)
        if index >= MAX_CONVERSATIONS:
            yield UnusableConversation(
                translate("ChatGptImport", "{count} more conversations").format(
                    count=f"{len(document) - index:,}"
                ),
                translate("ChatGptImport", "are beyond the {cap} one import takes").format(
                    cap=f"{MAX_CONVERSATIONS:,}"
                ),
            )
            return
        yield read_conversation(item, index)


def read_conversation(item: Any, index: int = 0) -> ImportedTree | UnusableConversation:
    fallback_title = translate("ChatGptImport", "Conversation {number}").format(number=index + 1)
    if not isinstance(item, dict):
        return UnusableConversation(
            fallback_title, translate("ChatGptImport", "is not a conversation object")
        )
    title = _short_text(item.get("title"), MAX_TITLE_CHARS) or fallback_title
    mapping = item.get("mapping")
    if not isinstance(mapping, dict):
        return UnusableConversation(
            title, translate("ChatGptImport", "has no “mapping” of messages")
        )
    if len(mapping) > MAX_NODES:
        return UnusableConversation(
            title,
            translate("ChatGptImport", "has more than {cap} messages").format(cap=f"{MAX_NODES:,}"),
        )
    problems: list[str] = []
    raw_nodes: dict[str, tuple[str | None, dict[str, Any] | None]] = {}
    damaged = 0
    for key, raw in mapping.items():
        node_id = raw.get("id", key) if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not _is_id(node_id) or node_id != key:
            damaged += 1
            continue
        parent = raw.get("parent")
        message = raw.get("message")
        raw_nodes[node_id] = (
            parent if _is_id(parent) else None,
            message if isinstance(message, dict) else None,
        )
    if damaged:
        problems.append(
            _counted(
                damaged,
                translate("ChatGptImport", "1 damaged node"),
                translate("ChatGptImport", "{count} damaged nodes"),
            )
        )
    nodes, unreachable, unreadable, assets = _ordered_nodes(raw_nodes)
    if unreachable:
        problems.append(
            _counted(
                unreachable,
                translate("ChatGptImport", "1 message not linked to the conversation"),
                translate("ChatGptImport", "{count} messages not linked to the conversation"),
            )
        )
    if not nodes:
        return UnusableConversation(
            title, translate("ChatGptImport", "has no messages that can be read")
        )
    by_id = {node.id: node for node in nodes}
    path, path_problem = _chosen_path(item.get("current_node"), by_id, nodes)
    if path_problem:
        problems.append(path_problem)
    system_prompt = ""
    for node_id in path:
        message = raw_nodes[node_id][1]
        if message is not None and _role_of(message) == "system":
            system_prompt = _message_text(message)[0] or system_prompt
    if unreadable:
        problems.append(
            _counted(
                unreadable,
                translate("ChatGptImport", "1 message in a form this app cannot show"),
                translate("ChatGptImport", "{count} messages in a form this app cannot show"),
            )
        )
    if assets:
        problems.append(
            _counted(
                assets,
                translate("ChatGptImport", "1 picture or file they held"),
                translate("ChatGptImport", "{count} pictures or files they held"),
            )
        )
    return ImportedTree(
        source_id=_short_text(item.get("conversation_id") or item.get("id"), MAX_ID_CHARS),
        title=title,
        created=_time(item.get("create_time")),
        updated=_time(item.get("update_time")),
        system_prompt=system_prompt,
        nodes=tuple(nodes),
        chosen_path=tuple(path),
        problems=tuple(problems),
    )


def _ordered_nodes(
    raw_nodes: dict[str, tuple[str | None, dict[str, Any] | None]],
) -> tuple[list[ImportedNode], int, int, int]:
    """The nodes reachable from a root (a node without a parent in the mapping), parents
    first; how many were not (in a cycle); how many had content that cannot be read; and
    how many pictures or files they held."""
    children: dict[str | None, list[str]] = {}
    for node_id, (parent, _message) in raw_nodes.items():
        key = parent if parent in raw_nodes else None
        children.setdefault(key, []).append(node_id)
    ordered: list[ImportedNode] = []
    queue = list(reversed(children.get(None, ())))  # popped from the end: first root first
    seen: set[str] = set()
    unreadable = left_out_assets = 0
    while queue:
        node_id = queue.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        parent, message = raw_nodes[node_id]
        node, readable, assets = _node(node_id, parent if parent in raw_nodes else None, message)
        ordered.append(node)
        unreadable += not readable
        left_out_assets += assets
        queue.extend(reversed(children.get(node_id, ())))
    return ordered, len(raw_nodes) - len(seen), unreadable, left_out_assets


def _node(
    node_id: str, parent: str | None, message: dict[str, Any] | None
) -> tuple[ImportedNode, bool, int]:
    """The node, whether its content could be read (a node that cannot is kept as a link
    between its parent and its children), and how many pictures or files it left out."""
    if message is None:
        return ImportedNode(node_id, parent, None, "", None), True, 0
    created = _time(message.get("create_time"))
    role = _SHOWN_ROLES.get(_role_of(message))
    metadata = message.get("metadata")
    hidden = isinstance(metadata, dict) and metadata.get("is_visually_hidden_from_conversation")
    if role is None or hidden:
        return ImportedNode(node_id, parent, None, "", created), True, 0
    text, readable, assets = _message_text(message)
    if not readable or not text.strip():
        return ImportedNode(node_id, parent, None, "", created), readable, assets
    model = metadata.get("model_slug") if isinstance(metadata, dict) else None
    node = ImportedNode(node_id, parent, role, text, created, _short_text(model, MAX_ID_CHARS))
    return node, True, assets


def _role_of(message: Mapping[str, Any]) -> str:
    author = message.get("author")
    role = author.get("role") if isinstance(author, dict) else None
    return role if isinstance(role, str) else ""


# Content that is not text for people: tools' workings, reasoning, browsing pages.
_HIDDEN_CONTENT = {
    "execution_output",
    "tether_browsing_display",
    "tether_quote",
    "thoughts",
    "reasoning_recap",
    "user_editable_context",
    "system_error",
}


def _message_text(message: Mapping[str, Any]) -> tuple[str, bool, int]:
    """The text a message shows, whether its content could be read at all, and how many
    pictures or files it held (pointers to files the import does not bring in)."""
    content = message.get("content")
    if not isinstance(content, dict):
        return "", False, 0
    kind = content.get("content_type")
    if kind in _HIDDEN_CONTENT:
        return "", True, 0
    if kind == "code" and isinstance(content.get("text"), str):
        return f"```\n{_capped(content['text'])}\n```", True, 0
    parts = content.get("parts")
    if not isinstance(parts, list):
        return "", False, 0
    texts = [part for part in parts if isinstance(part, str)]
    assets = len(parts) - len(texts)
    text = _capped("\n\n".join(text for text in texts if text))
    # An unknown kind of content is readable only when it has text.
    readable = kind in ("text", "multimodal_text") or bool(text.strip())
    return text, readable, assets


def _chosen_path(
    current: Any, by_id: dict[str, ImportedNode], nodes: list[ImportedNode]
) -> tuple[list[str], str]:
    """Root-first ids up to ``current_node``; without a usable one, the latest branch."""
    problem = ""
    if not (_is_id(current) and current in by_id):
        problem = translate(
            "ChatGptImport", "no usable “current_node”, so its latest branch is shown"
        )
        current = _latest_leaf(nodes)
    path: list[str] = []
    seen: set[str] = set()
    node_id: str | None = current
    while node_id is not None and node_id in by_id and node_id not in seen:
        seen.add(node_id)
        path.append(node_id)
        node_id = by_id[node_id].parent
    path.reverse()
    return path, problem


def _latest_leaf(nodes: list[ImportedNode]) -> str:
    """From the first root, the last child at each step (ChatGPT adds new branches last)."""
    children: dict[str | None, list[str]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node.id)
    node_id = nodes[0].id
    while children.get(node_id):
        node_id = children[node_id][-1]
    return node_id


def _time(value: Any) -> float | None:
    return float(value) if is_sane_time(value) else None


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS


def _short_text(value: Any, most: int) -> str:
    if not isinstance(value, str):
        return ""
    line = " ".join(value.split())
    return _valid_text(line[:most])


def _capped(text: str) -> str:
    return _valid_text(text[:MAX_TEXT_CHARS])


def _valid_text(text: str) -> str:
    """Without lone surrogates (JSON may escape half a character; SQLite cannot keep it)."""
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def _counted(number: int, one: str, many: str) -> str:
    """``one`` for 1, else ``many`` with the count (Russian counts with a colon: no plural)."""
    return one if number == 1 else many.format(count=f"{number:,}")
