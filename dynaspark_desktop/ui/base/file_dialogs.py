"""File dialogs for export, import and attaching, opened with open() (never exec(): no
nested loop); each opens in the folder the last one was left in (the ``last_folder``
setting, which the app hands over with :func:`remember_folders_in`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog, QWidget

IMPORT_FILTER = QT_TRANSLATE_NOOP("FileDialogs", "Conversations (*.json *.zip);;All files (*)")
_FILTERS = {
    "markdown": (QT_TRANSLATE_NOOP("FileDialogs", "Markdown (*.md)"), ".md"),
    "json": (QT_TRANSLATE_NOOP("FileDialogs", "Conversation (*.json)"), ".json"),
    "archive": (QT_TRANSLATE_NOOP("FileDialogs", "Archive (*.zip)"), ".zip"),
}


class _FolderStore(Protocol):
    def get(self, name: str) -> Any: ...
    def set(self, name: str, value: Any) -> None: ...


# Where the last folder is kept (the app's settings); None: the home folder every time.
_folder_memory: _FolderStore | None = None


def remember_folders_in(store: _FolderStore) -> None:
    global _folder_memory
    _folder_memory = store


def start_folder() -> str:
    """The folder the last dialog was left in, while it still exists; else the home folder."""
    folder = _folder_memory.get("last_folder") if _folder_memory is not None else ""
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remembering(chosen: Callable[[str], None]) -> Callable[[str], None]:
    """``chosen``, after the chosen file's folder is remembered for the next dialog."""

    def remember_then_use(path: str) -> None:
        if _folder_memory is not None and path:
            _folder_memory.set("last_folder", str(Path(path).parent))
        chosen(path)

    return remember_then_use


def suggested_file_name(title: str, kind: str) -> str:
    """A file name from a conversation's title: safe on every system, never empty."""
    stem = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()[:60].strip()
    return (stem or translate("FileDialogs", "conversation")) + _FILTERS[kind][1]


def ask_save_path(
    parent: QWidget, caption: str, kind: str, file_name: str, chosen: Callable[[str], None]
) -> QFileDialog:
    # Imported here: the app hands its settings over (remember_folders_in) before the first
    # paint, and QFileDialog's first import builds its six enums (a few ms of start-up).
    from PySide6.QtWidgets import QFileDialog

    name_filter, suffix = _FILTERS[kind]
    dialog = QFileDialog(
        parent,
        caption,
        str(Path(start_folder()) / file_name),
        translate("FileDialogs", name_filter),
    )
    dialog.setObjectName("exportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.fileSelected.connect(remembering(chosen))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def ask_import_path(parent: QWidget, chosen: Callable[[str], None]) -> QFileDialog:
    from PySide6.QtWidgets import QFileDialog  # not at start-up (see ask_save_path)

    dialog = QFileDialog(
        parent,
        translate("FileDialogs", "Import conversations"),
        start_folder(),
        translate("FileDialogs", IMPORT_FILTER),
    )
    dialog.setObjectName("importDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(remembering(chosen))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
