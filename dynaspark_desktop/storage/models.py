"""What the history store hands out: plain, immutable records, safe to pass between threads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.core.documents import AttachedDocument
from dynaspark_desktop.core.errors import UserFacingError
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.parameters import ChatParameters

if TYPE_CHECKING:
    from dynaspark_desktop.core.images import PreparedImage

# Search snippets mark the matched words with these two control characters. They never occur
# in text people type, survive HTML escaping unchanged, and the UI swaps them for its own
# highlighting after escaping (so highlighting can never inject markup).
HIGHLIGHT_START = "\u0002"
HIGHLIGHT_END = "\u0003"
# Why a history file was set aside when it holds nothing at all.
EMPTY_FILE_REASON = "the file is empty (0 bytes)"


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class HistoryError(UserFacingError):
    """The history could not be read or written; the message says what the user can do."""


class HistoryFromNewerVersionError(HistoryError):
    """The database was written by a newer version of the app; this one must not touch it."""


class ImportFormatError(HistoryError):
    """A file offered for import is not a conversation this app exported."""


@dataclass(frozen=True)
class StoredImage:
    """An image attached to a message or a draft, kept once on disk under its SHA-256."""

    sha256: str
    mime_type: str
    filename: str
    width: int
    height: int
    byte_size: int
    original_width: int
    original_height: int
    thumbnail_sha256: str
    notes: tuple[str, ...]
    path: Path
    thumbnail_path: Path


@dataclass(frozen=True)
class ConversationSummary:
    """One sidebar row: just what the list shows, so 5,000 of them load in milliseconds."""

    id: int
    title: str
    updated: float  # seconds since the epoch (UTC)
    model: str
    pinned: bool
    # An answer arrived while the conversation was not on screen, not seen since.
    unread: bool = False


@dataclass(frozen=True)
class ConversationDetails:
    id: int
    title: str
    created: float
    updated: float
    model: str
    system_prompt: str
    pinned: bool
    deleted: float | None  # when it went to the trash, or None


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    # Creation order within the conversation: unique, and rising along every path from the
    # root (a parent is always older than its children). Not a depth: siblings differ.
    position: int
    role: Role
    text: str
    model: str  # the model asked (user) or the model that answered (assistant)
    state: TurnState  # an answer is always ANSWERED; a question carries the turn's state
    error: str
    created: float
    finished: float | None  # when the answer, failure or stop arrived
    elapsed_ms: int | None  # how long the request took
    attachments: tuple[StoredImage, ...] = ()
    # A question's documents (storage/document_rows.py), their texts read with them.
    documents: tuple[AttachedDocument, ...] = ()
    # The message this one follows in the conversation's tree: a question's parent is the
    # answer (or failed question) before it, None for a first question; an answer's parent
    # is its question. Siblings share a parent: regenerated answers, edited questions.
    parent_id: int | None = None
    # An answer's tokens (the server's count, else the pieces streamed) and the wait for its
    # first text, when it was streamed.
    tokens: int | None = None
    first_text_ms: int | None = None
    # An answer's notes (``AnswerNotes``): the turns its request carried, of the path's, when
    # the oldest were left out, and which models failed before the one that answered.
    context_sent: int | None = None
    context_total: int | None = None
    fallback_note: str = ""

    @property
    def context_turns(self) -> tuple[int, int] | None:
        sent, total = self.context_sent, self.context_total
        if sent is None or total is None or not 0 <= sent < total:
            return None
        return sent, total

    @property
    def image(self) -> StoredImage | None:
        return self.attachments[0] if self.attachments else None


@dataclass(frozen=True)
class ConversationPage:
    """A run of consecutive messages, oldest first, and whether earlier ones exist."""

    conversation: ConversationDetails
    messages: tuple[StoredMessage, ...]
    has_earlier: bool
    # For each question on the page (by id): every answer it has had, oldest first (the
    # one on the shown path among them), and its sibling questions' ids (its edits, itself
    # included, oldest first). Filled by the paths the tree knows (see ``tree.py``).
    answers: dict[int, tuple[StoredMessage, ...]] = field(default_factory=dict)
    question_versions: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # More of the path lies after the page (a branch read in parts: see load_branch).
    has_later: bool = False

    @property
    def first_position(self) -> int | None:
        """Pass this as ``before`` to load the page above this one."""
        return self.messages[0].position if self.messages else None


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int
    conversation_title: str
    role: Role
    created: float
    # Text around the match; matched words sit between HIGHLIGHT_START and HIGHLIGHT_END.
    snippet: str


@dataclass(frozen=True)
class Draft:
    text: str
    image: StoredImage | None
    updated: float
    more_images: tuple[StoredImage, ...] = ()  # attached after ``image``, in order
    documents: tuple[AttachedDocument, ...] = ()  # read, with their texts


@dataclass(frozen=True)
class MovedAside:
    """A damaged database that was set aside at start-up (the window tells the user)."""

    path: Path
    companion_paths: tuple[Path, ...]  # its -wal / -shm files, moved along with it
    reason: str
    latest_backup: Path | None
    original_path: Path | None = None  # where it was (and the new history now is)

    def user_message(self) -> str:
        text = (
            translate("History", "Your chat history file was empty, so a new one was started.")
            if self.reason == EMPTY_FILE_REASON
            else translate(
                "History", "Your chat history file was damaged, so a new one was started."
            )
        )
        text += " " + translate("History", "The old file was kept at {path}.").format(
            path=self.path
        )
        if self.latest_backup is not None and self.original_path is not None:
            text += " " + translate(
                "History",
                "The most recent backup is {backup}: to go back to it, quit the app and copy it "
                "to {path}.",
            ).format(backup=self.latest_backup, path=self.original_path)
        elif self.latest_backup is not None:
            backup = translate("History", "The most recent backup is {backup}.")
            text += " " + backup.format(backup=self.latest_backup)
        elif self.original_path is not None:
            text += " " + translate(
                "History",
                "If you have a copy of your history elsewhere, quit the app and copy it to {path}.",
            ).format(path=self.original_path)
        return text


@dataclass(frozen=True)
class ImageSnapshot:
    """An image with its bytes, for export and import."""

    data: bytes
    mime_type: str
    filename: str
    width: int
    height: int
    original_width: int
    original_height: int
    thumbnail_png: bytes
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, prepared: PreparedImage) -> ImageSnapshot:
        """A prepared image, as an export holds it."""
        return cls(
            data=prepared.data,
            mime_type=prepared.mime_type,
            filename=prepared.filename,
            width=prepared.width,
            height=prepared.height,
            original_width=prepared.original_width,
            original_height=prepared.original_height,
            thumbnail_png=prepared.thumbnail_png,
            notes=prepared.notes,
        )


@dataclass(frozen=True)
class MessageSnapshot:
    position: int
    role: Role
    text: str
    model: str
    state: TurnState
    error: str
    created: float
    finished: float | None
    elapsed_ms: int | None
    images: tuple[ImageSnapshot, ...] = ()
    documents: tuple[AttachedDocument, ...] = ()  # a question's, with their texts
    # The index (in ``ConversationSnapshot.messages``) of this message's parent, which comes
    # before it; None for a first question. Read only when the snapshot is ``branched``.
    parent: int | None = None
    tokens: int | None = None
    first_text_ms: int | None = None
    context_sent: int | None = None
    context_total: int | None = None
    fallback_note: str = ""


@dataclass(frozen=True)
class ConversationSnapshot:
    """A whole conversation with every field and image, independent of database ids."""

    title: str
    created: float
    updated: float
    model: str
    system_prompt: str
    pinned: bool
    messages: tuple[MessageSnapshot, ...] = field(default_factory=tuple)
    # Its stable id, kept across export and import ("" for one that has none: a new one).
    uid: str = ""
    # Its own sampling parameters; None: it follows the defaults for new chats.
    parameters: ChatParameters | None = None
    # False: the messages are one line, each following the one before (an export made before
    # conversations were trees). True: each message's ``parent`` says where it hangs.
    branched: bool = False
    # The index of the message the shown path ends at; None: the last message.
    current_leaf: int | None = None

    def as_tree(self) -> ConversationSnapshot:
        """The same conversation with every parent link and the shown path's end spelt out:
        a line of messages (an export made before trees) and the tree it is compare equal."""
        if self.branched and self.current_leaf is not None:
            return self
        messages = self.messages
        if not self.branched:
            messages = tuple(
                dataclasses.replace(message, parent=index - 1 if index else None)
                for index, message in enumerate(messages)
            )
        leaf = self.current_leaf
        if leaf is None and messages:
            leaf = len(messages) - 1
        return dataclasses.replace(self, messages=messages, branched=True, current_leaf=leaf)

    def shown_path(self) -> tuple[MessageSnapshot, ...]:
        """The messages from the root to ``current_leaf``: the conversation as shown."""
        if not self.messages:
            return ()
        leaf = self.current_leaf if self.current_leaf is not None else len(self.messages) - 1
        if not self.branched:
            return self.messages[: leaf + 1]
        path: list[MessageSnapshot] = []
        node: int | None = leaf
        while node is not None and 0 <= node < len(self.messages) and len(path) <= leaf:
            path.append(self.messages[node])
            node = self.messages[node].parent
        return tuple(reversed(path))


def pair_turns(
    messages: tuple[StoredMessage, ...] | list[StoredMessage],
) -> list[tuple[StoredMessage, StoredMessage | None]]:
    """Group messages of one path into (question, answer or None) pairs, the shape of
    ``core.chat.Turn``.

    An answer whose question is not in ``messages`` (cut off by paging) is left out.
    """
    turns: list[tuple[StoredMessage, StoredMessage | None]] = []
    for message in messages:
        if message.role is Role.USER:
            turns.append((message, None))
        elif turns and turns[-1][1] is None and _answers(message, turns[-1][0]):
            turns[-1] = (turns[-1][0], message)
    return turns


def _answers(answer: StoredMessage, question: StoredMessage) -> bool:
    if answer.parent_id is not None:
        return answer.parent_id == question.id
    return question.position + 1 == answer.position  # a record made without its parent
