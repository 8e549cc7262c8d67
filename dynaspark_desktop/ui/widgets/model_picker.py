"""The model picker's list: models grouped under their provider, image-capable ones marked,
and a provider that cannot be reached shown with the reason.

Group headings and reasons are disabled rows, so neither the mouse nor the arrow keys can
pick them. The chosen model always stays in the list, even while its provider is loading
or down: the picker never changes the user's choice on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.markdown.sanitize import (
    MAX_SHORT_TEXT_SHOWN_CHARS,
    MAX_TITLE_SHOWN_CHARS,
    display_text,
)
from dynaspark_desktop.providers.base import ModelInfo
from dynaspark_desktop.providers.model_choice import ProviderGroup
from dynaspark_desktop.providers.model_keys import model_name, provider_of
from dynaspark_desktop.ui.base.icons import icon

KEY_ROLE = Qt.ItemDataRole.UserRole
_REASON_CHARS = 64  # a reason longer than this is cut in the list; the tooltip has it all
_INDENT = "   "


def fill_model_picker(picker: QComboBox, groups: Sequence[ProviderGroup], current: str) -> None:
    """Rebuild ``picker``'s rows from ``groups`` and keep ``current`` selected (quietly)."""
    model = QStandardItemModel(picker)
    heading_colour = picker.palette().placeholderText().color()
    listed = False
    for group in groups:
        model.appendRow(_heading(group, heading_colour))
        if group.problem and not group.models:
            model.appendRow(_note(group.problem, heading_colour))
        for info in group.models:
            key = group.key_for(info)
            listed = listed or key == current
            model.appendRow(_model_row(key, info, group.label))
        if not listed and _belongs_to(current, group):
            # The chosen model is not (or not yet) listed: keep it, say so.
            state = (
                translate("ModelPicker", "loading")
                if group.loading
                else translate("ModelPicker", "not available now")
            )
            model.appendRow(_model_row(current, None, group.label, note=state))
            listed = True
    if not listed and current:
        model.appendRow(
            _model_row(current, None, "", note=translate("ModelPicker", "provider not set up"))
        )
    blocked = picker.blockSignals(True)
    try:
        picker.setModel(model)
        picker.setCurrentIndex(max(0, picker.findData(current, KEY_ROLE)))
    finally:
        picker.blockSignals(blocked)


def _belongs_to(key: str, group: ProviderGroup) -> bool:
    return provider_of(key) == group.provider_id


def _heading(group: ProviderGroup, colour: QColor) -> QStandardItem:
    text = group.label
    if group.loading:
        text += translate("ModelPicker", " · loading…")
    elif group.problem and not group.models:
        text += translate("ModelPicker", " · unavailable")
    item = QStandardItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    font = QFont()
    font.setBold(True)
    item.setFont(font)
    item.setForeground(colour)
    # A problem quotes the server: neutralised and capped, as everywhere text is shown.
    problem = display_text(group.problem, MAX_SHORT_TEXT_SHOWN_CHARS)
    item.setToolTip(problem or group.label)
    item.setData(
        translate("ModelPicker", "{provider}: unavailable, {problem}").format(
            provider=group.label, problem=problem
        )
        if problem
        else group.label,
        Qt.ItemDataRole.AccessibleTextRole,
    )
    return item


def _note(reason: str, colour: QColor) -> QStandardItem:
    shown = reason if len(reason) <= _REASON_CHARS else reason[: _REASON_CHARS - 1] + "…"
    item = QStandardItem(_INDENT + display_text(shown, _REASON_CHARS))
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(colour)
    item.setToolTip(display_text(reason, MAX_SHORT_TEXT_SHOWN_CHARS))
    return item


def _model_row(key: str, info: ModelInfo | None, provider: str, *, note: str = "") -> QStandardItem:
    # A name a server listed: neutralised and capped for display (the key stays as it is).
    name = display_text(
        info.display_name if info is not None else model_name(key), MAX_TITLE_SHOWN_CHARS
    )
    sees_images = info is not None and info.image_input
    item = QStandardItem(icon("image") if sees_images else icon("blank"), name)
    item.setData(key, KEY_ROLE)
    what = (
        translate("ModelPicker", "understands images")
        if sees_images
        else translate("ModelPicker", "text only")
    )
    if info is None:
        what = note
    item.setToolTip(f"{name} ({provider}): {what}" if provider else f"{name}: {what}")
    item.setData(f"{name}, {provider}, {what}", Qt.ItemDataRole.AccessibleTextRole)
    if note:
        item.setText(f"{name} ({note})")
    return item
