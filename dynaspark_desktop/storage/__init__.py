"""Persistence without Qt: the chat history (SQLite), its image files, backups, export/import.

Open one :class:`HistoryStore` per data directory at start-up and call it from a worker thread
(``asyncio.to_thread``); see ``history.py`` for the guarantees.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dynaspark_desktop.storage.history import INTERRUPTED_ERROR, HistoryStore
    from dynaspark_desktop.storage.import_reading import ImportCancelledError
    from dynaspark_desktop.storage.markdown_export import export_conversation_markdown
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
        import_archive,
        import_conversation_json,
        import_file,
    )

# The public names, each loaded from its module on first use: the window needs the history's
# models before its first paint, and that must not pull in export and import (zipfile, bz2,
# lzma, the import checks).
_EXPORTS = {
    "INTERRUPTED_ERROR": "history",
    "HistoryStore": "history",
    "ImportCancelledError": "import_reading",
    "HIGHLIGHT_END": "models",
    "HIGHLIGHT_START": "models",
    "ConversationDetails": "models",
    "ConversationPage": "models",
    "ConversationSnapshot": "models",
    "ConversationSummary": "models",
    "Draft": "models",
    "HistoryError": "models",
    "HistoryFromNewerVersionError": "models",
    "ImportFormatError": "models",
    "MovedAside": "models",
    "Role": "models",
    "SearchHit": "models",
    "StoredImage": "models",
    "StoredMessage": "models",
    "pair_turns": "models",
    "ImportReport": "transfer",
    "SkippedImport": "transfer",
    "export_all": "transfer",
    "export_conversation_json": "transfer",
    "export_conversation_markdown": "markdown_export",
    "import_archive": "transfer",
    "import_conversation_json": "transfer",
    "import_file": "transfer",
}
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
