"""File dialogs for export and import, opened with open() (never exec(): no nested loop)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate

IMPORT_FILTER = QT_TRANSLATE_NOOP("FileDialogs", "Conversations (*.json *.zip);;All files (*)")
_FILTERS = {
    "markdown": (QT_TRANSLATE_NOOP("FileDialogs", "Markdown (*.md)"), ".md"),
    "json": (QT_TRANSLATE_NOOP("FileDialogs", "Conversation (*.json)"), ".json"),
    "archive": (QT_TRANSLATE_NOOP("FileDialogs", "Archive (*.zip)"), ".zip"),
}


def suggested_file_name(title: str, kind: str) -> str:
    """A file name from a conversation's title: safe on every system, never empty."""
    stem = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()[:60].strip()
    return (stem or translate("FileDialogs", "conversation")) + _FILTERS[kind][1]


def ask_save_path(
    parent: QWidget, caption: str, kind: str, file_name: str, chosen: Callable[[str], None]
) -> QFileDialog:
    name_filter, suffix = _FILTERS[kind]
    dialog = QFileDialog(
        parent,
        caption,
        str(Path.home() / file_name),
        translate("FileDialogs", name_filter),
    )
    dialog.setObjectName("exportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def ask_import_path(parent: QWidget, chosen: Callable[[str], None]) -> QFileDialog:
    dialog = QFileDialog(
        parent,
        translate("FileDialogs", "Import conversations"),
        str(Path.home()),
        translate("FileDialogs", IMPORT_FILTER),
    )
    dialog.setObjectName("importDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
