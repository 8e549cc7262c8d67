"""The "Prompts and assistants" window on its own: edits are never dropped, names are
checked as they are typed, every control is named."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListWidget, QPlainTextEdit
from pytestqt.qtbot import QtBot

from dynaspark_desktop.storage.prompts import LibraryEntry, LibraryKind, PromptLibrary
from dynaspark_desktop.ui.widgets.prompt_library_dialog import PromptLibraryDialog

PROMPT = LibraryKind.PROMPT
LIBRARY = PromptLibrary(
    prompts=(LibraryEntry(PROMPT, "fix", "Fix it."), LibraryEntry(PROMPT, "tldr", "Shorter.")),
    assistants=(LibraryEntry(LibraryKind.ASSISTANT, "Tutor", "Be patient.", "m1"),),
)


def _dialog(qtbot: QtBot) -> tuple[PromptLibraryDialog, list[tuple[LibraryEntry, str | None]]]:
    dialog = PromptLibraryDialog(LIBRARY, [("m1", "Model one")])
    qtbot.addWidget(dialog)
    saved: list[tuple[LibraryEntry, str | None]] = []
    dialog.saveRequested.connect(lambda entry, replacing: saved.append((entry, replacing)))
    return dialog, saved


def test_choosing_another_entry_saves_the_edits_first(qtbot: QtBot) -> None:
    dialog, saved = _dialog(qtbot)
    page = dialog.prompts
    page.names.setCurrentRow(0)
    page.text_field.setPlainText("Fix the grammar.")
    page.names.setCurrentRow(1)
    assert saved == [(LibraryEntry(PROMPT, "fix", "Fix the grammar."), "fix")]
    assert page.name_field.text() == "tldr"


def test_an_edit_that_cannot_be_saved_keeps_the_form_and_the_window(qtbot: QtBot) -> None:
    dialog, saved = _dialog(qtbot)
    dialog.open()
    page = dialog.prompts
    page.names.setCurrentRow(0)
    page.name_field.setText("TLDR")  # the other's name
    page.text_field.setPlainText("Typed, not to be lost.")
    assert "already a prompt named" in page.problem.text()
    page.names.setCurrentRow(1)
    assert page.names.currentRow() == 0  # stayed on it
    assert page.text_field.toPlainText() == "Typed, not to be lost."
    dialog.reject()  # Close or Esc
    assert dialog.isVisible()
    assert saved == []


def test_an_assistant_keeps_its_model(qtbot: QtBot) -> None:
    dialog, saved = _dialog(qtbot)
    page = dialog.assistants
    page.names.setCurrentRow(0)
    assert page.model_field is not None
    assert page.model_field.currentData() == "m1"
    page.model_field.setCurrentIndex(0)  # the model chosen in the window
    page.save_button.click()
    assert saved == [(LibraryEntry(LibraryKind.ASSISTANT, "Tutor", "Be patient.", ""), "Tutor")]


def test_every_control_is_named_for_automation_and_screen_readers(qtbot: QtBot) -> None:
    dialog, _saved = _dialog(qtbot)
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QListWidget, QComboBox)
    controls = [
        child
        for kind in kinds
        for child in dialog.findChildren(kind)
        if child.parent() is not None
        and "qt_" not in child.objectName()
        and child.objectName() not in ("", "qt_tabwidget_tabbar")
    ]
    assert len(controls) >= 14
    for control in controls:
        assert control.accessibleName(), control.objectName()
