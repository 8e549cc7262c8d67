"""File dialogs for export and import, opened with open() (never exec(): no nested loop)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

IMPORT_FILTER = "Conversations (*.json *.zip);;All files (*)"
_FILTERS = {
    "markdown": ("Markdown (*.md)", ".md"),
    "json": ("Conversation (*.json)", ".json"),
    "archive": ("Archive (*.zip)", ".zip"),
}


def suggested_file_name(title: str, kind: str) -> str:
    """A file name from a conversation's title: safe on every system, never empty."""
    stem = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()[:60].strip()
    return (stem or "conversation") + _FILTERS[kind][1]


def ask_save_path(
    parent: QWidget, caption: str, kind: str, file_name: str, chosen: Callable[[str], None]
) -> QFileDialog:
    name_filter, suffix = _FILTERS[kind]
    dialog = QFileDialog(parent, caption, str(Path.home() / file_name), name_filter)
    dialog.setObjectName("exportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def ask_import_path(parent: QWidget, chosen: Callable[[str], None]) -> QFileDialog:
    dialog = QFileDialog(parent, "Import conversations", str(Path.home()), IMPORT_FILTER)
    dialog.setObjectName("importDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
