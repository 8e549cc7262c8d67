"""Persistence without Qt: the chat history (SQLite), its image files, backups, export/import.

Open one :class:`HistoryStore` per data directory at start-up and call it from a worker thread
(``asyncio.to_thread``); see ``history.py`` for the guarantees.
"""

from dynaspark_desktop.storage.history import INTERRUPTED_ERROR, HistoryStore
from dynaspark_desktop.storage.import_reading import ImportCancelledError
from dynaspark_desktop.storage.models import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    ConversationDetails,
    ConversationPage,
    ConversationSnapshot,
    ConversationSummary,
    Draft,
    HistoryError,
    HistoryFromNewerVersionError,
    ImportFormatError,
    MovedAside,
    Role,
    SearchHit,
    StoredImage,
    StoredMessage,
    pair_turns,
)
from dynaspark_desktop.storage.transfer import (
    ImportReport,
    SkippedImport,
    export_all,
    export_conversation_json,
    export_conversation_markdown,
    import_archive,
    import_conversation_json,
    import_file,
)

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "INTERRUPTED_ERROR",
    "ConversationDetails",
    "ConversationPage",
    "ConversationSnapshot",
    "ConversationSummary",
    "Draft",
    "HistoryError",
    "HistoryFromNewerVersionError",
    "HistoryStore",
    "ImportCancelledError",
    "ImportFormatError",
    "ImportReport",
    "MovedAside",
    "Role",
    "SearchHit",
    "SkippedImport",
    "StoredImage",
    "StoredMessage",
    "export_all",
    "export_conversation_json",
    "export_conversation_markdown",
    "import_archive",
    "import_conversation_json",
    "import_file",
    "pair_turns",
]
