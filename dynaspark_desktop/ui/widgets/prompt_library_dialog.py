"""Managing the prompt library: a window with a page for the saved prompts and one for the
assistants, each a list of names beside a form (name, text, and an assistant's model).

Names are checked as they are typed (``storage.prompts.name_problem``); Save stays off while
the name is refused, and the reason shows under it. Edits are never dropped: choosing another
entry, New or Close saves the one being edited first when it can be saved, and otherwise
stays on it. The dialog only emits what the user asks for; the window saves it and shows the
library read back (:meth:`PromptLibraryDialog.show_library`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.storage.prompts import (
    MAX_ASSISTANT_NAME_CHARS,
    MAX_PROMPT_NAME_CHARS,
    MAX_TEXT_CHARS,
    LibraryEntry,
    LibraryKind,
    PromptLibrary,
    name_problem,
    same_name,
)

if TYPE_CHECKING:
    from collections.abc import Sequence


class LibraryPage(QWidget):
    """One kind's list and form."""

    saveRequested = Signal(object, object)  # LibraryEntry, the name it replaces or None
    deleteRequested = Signal(object, str)  # LibraryKind, name

    def __init__(self, kind: LibraryKind, models: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.kind = kind
        prompts = kind is LibraryKind.PROMPT
        prefix = "prompt" if prompts else "assistant"
        self.setObjectName(f"{prefix}LibraryPage")
        self.entries: tuple[LibraryEntry, ...] = ()
        self.editing: str | None = None  # the name of the entry in the form; None: a new one
        self._loading = False
        self._dirty = False

        row = QHBoxLayout(self)
        column = QVBoxLayout()
        self.names = QListWidget(objectName=f"{prefix}Names")
        self.names.setAccessibleName(self.tr("Saved prompts") if prompts else self.tr("Assistants"))
        self.names.currentRowChanged.connect(self._row_chosen)
        column.addWidget(self.names, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"), objectName=f"{prefix}NewButton")
        self.new_button.setAccessibleName(
            self.tr("New prompt") if prompts else self.tr("New assistant")
        )
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton(self.tr("Delete"), objectName=f"{prefix}DeleteButton")
        self.delete_button.setAccessibleName(
            self.tr("Delete the prompt") if prompts else self.tr("Delete the assistant")
        )
        self.delete_button.clicked.connect(self._delete)
        self._delete_text = self.delete_button.text()
        self._confirming = False  # Delete pressed once: the second press deletes
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        column.addLayout(buttons)
        row.addLayout(column, 2)

        form = QFormLayout()
        self.name_field = QLineEdit(objectName=f"{prefix}NameField")
        self.name_field.setAccessibleName(self.tr("Name"))
        self.name_field.setMaxLength(MAX_PROMPT_NAME_CHARS if prompts else MAX_ASSISTANT_NAME_CHARS)
        self.name_field.setPlaceholderText(
            self.tr("e.g. tldr: then type /tldr in the message box")
            if prompts
            else self.tr("e.g. Maths tutor")
        )
        form.addRow(self.tr("Name"), self.name_field)
        self.problem = QLabel(objectName=f"{prefix}NameProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")
        form.addRow("", self.problem)
        self.text_field = QPlainTextEdit(objectName=f"{prefix}TextField")
        self.text_field.setAccessibleName(self.tr("Text") if prompts else self.tr("System prompt"))
        self.text_field.setPlaceholderText(
            self.tr("What /name puts in the message box")
            if prompts
            else self.tr("Instructions sent with every message of its chats")
        )
        form.addRow(self.tr("Text") if prompts else self.tr("System prompt"), self.text_field)
        self.model_field: QComboBox | None = None
        if not prompts:
            self.model_field = QComboBox(objectName="assistantModelField")
            self.model_field.setAccessibleName(self.tr("Model"))
            self.model_field.addItem(self.tr("The model chosen in the window"), "")
            for key, label in models:
                self.model_field.addItem(label, key)
            self.model_field.currentIndexChanged.connect(self._edited)
            form.addRow(self.tr("Model"), self.model_field)
        self.save_button = QPushButton(self.tr("Save"), objectName=f"{prefix}SaveButton")
        self.save_button.setAccessibleName(
            self.tr("Save the prompt") if prompts else self.tr("Save the assistant")
        )
        self.save_button.clicked.connect(self.save)
        form.addRow("", self.save_button)
        row.addLayout(form, 3)
        self.name_field.textChanged.connect(self._edited)
        self.text_field.textChanged.connect(self._edited)
        self.start_new()

    # -- what the library holds -------------------------------------------------------------

    def show_entries(self, entries: tuple[LibraryEntry, ...]) -> None:
        """Show the library read back; the entry being edited stays in the form."""
        self.entries = entries
        self._loading = True
        try:
            self.names.clear()
            self.names.addItems([entry.name for entry in entries])
            names = [entry.name for entry in entries]
            match = [n for n, name in enumerate(names) if same_name(name, self.editing or "")]
            self.names.setCurrentRow(match[0] if match else -1)
        finally:
            self._loading = False
        # (The entry being edited not listed: an older reading; the form stays as it is.)
        if match and not self._dirty:
            self._load(entries[match[0]])
        self._check()

    def _row_chosen(self, row: int) -> None:
        if self._loading or row < 0 or row >= len(self.entries):
            return
        entry = self.entries[row]
        if self.editing is not None and same_name(entry.name, self.editing):
            return
        if not self.commit_pending():
            self._select(self.editing)  # kept on the entry that cannot be saved yet
            return
        self._load(entry)

    def _select(self, name: str | None) -> None:
        self._loading = True
        try:
            names = [entry.name for entry in self.entries]
            self.names.setCurrentRow(names.index(name) if name in names else -1)
        finally:
            self._loading = False

    def _load(self, entry: LibraryEntry) -> None:
        self._loading = True
        try:
            self.editing = entry.name
            self.name_field.setText(entry.name)
            self.text_field.setPlainText(entry.text)
            if self.model_field is not None:
                index = self.model_field.findData(entry.model)
                if index < 0:
                    self.model_field.addItem(entry.model, entry.model)
                    index = self.model_field.count() - 1
                self.model_field.setCurrentIndex(index)
        finally:
            self._loading = False
        self._dirty = False
        self._check()

    # -- editing ----------------------------------------------------------------------------

    def start_new(self) -> None:
        if not self.commit_pending():
            return
        self._loading = True
        try:
            self.editing = None
            self.name_field.clear()
            self.text_field.clear()
            if self.model_field is not None:
                self.model_field.setCurrentIndex(0)
            self.names.setCurrentRow(-1)
        finally:
            self._loading = False
        self._dirty = False
        self._check()
        self.name_field.setFocus()

    def _edited(self) -> None:
        if not self._loading:
            self._dirty = True
            self._check()

    def current_entry(self) -> LibraryEntry:
        model = self.model_field.currentData() if self.model_field is not None else ""
        return LibraryEntry(
            self.kind,
            self.name_field.text(),
            self.text_field.toPlainText()[:MAX_TEXT_CHARS],
            model or "",
        )

    def problem_text(self) -> str | None:
        taken = [
            entry.name
            for entry in self.entries
            if self.editing is None or not same_name(entry.name, self.editing)
        ]
        return name_problem(self.kind, self.name_field.text(), taken)

    def _check(self) -> None:
        self._confirm_delete(False)
        problem = self.problem_text() if (self._dirty or self.editing is not None) else None
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.save_button.setEnabled(self._dirty and problem is None)
        self.delete_button.setEnabled(self.editing is not None)

    def save(self) -> bool:
        """Ask for the form to be saved; False when its name is refused (said under it)."""
        problem = self.problem_text()
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return False
        entry = self.current_entry()
        replacing, self.editing, self._dirty = self.editing, entry.name, False
        self._check()
        self.saveRequested.emit(entry, replacing)
        return True

    def save_failed(self, replacing: str | None) -> None:
        """The entry asked for was not saved (a notice says why): the form keeps it as the
        user left it, to be saved again."""
        self.editing, self._dirty = replacing, True
        self._select(replacing)
        self._check()

    def commit_pending(self) -> bool:
        """Save the form's unsaved edits if any; False when they cannot be (kept, shown)."""
        if not self._dirty:
            return True
        if not self.name_field.text() and not self.text_field.toPlainText():
            return True  # a new entry left empty: nothing to keep
        return self.save()

    def _confirm_delete(self, confirming: bool) -> None:
        self._confirming = confirming
        self.delete_button.setText(self.tr("Delete it?") if confirming else self._delete_text)

    def _delete(self) -> None:
        """The first press asks (the button says "Delete it?"), the second deletes."""
        if self.editing is None:
            return
        if not self._confirming:
            self._confirm_delete(True)
            return
        name, self._dirty = self.editing, False
        self.start_new()
        self.deleteRequested.emit(self.kind, name)


class PromptLibraryDialog(QDialog):
    saveRequested = Signal(object, object)
    deleteRequested = Signal(object, str)

    def __init__(
        self,
        library: PromptLibrary,
        models: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("promptLibraryDialog")
        self.setWindowTitle(self.tr("Prompts and assistants"))
        self.resize(720, 460)
        column = QVBoxLayout(self)
        explanation = QLabel(
            self.tr(
                "Saved prompts go into the message box: type / and the name, or choose one "
                "from the ⋯ menu. An assistant starts a new chat with its system prompt."
            )
        )
        explanation.setWordWrap(True)
        column.addWidget(explanation)
        self.tabs = QTabWidget(objectName="promptLibraryTabs")
        self.prompts = LibraryPage(LibraryKind.PROMPT)
        self.assistants = LibraryPage(LibraryKind.ASSISTANT, models)
        self.tabs.addTab(self.prompts, self.tr("Prompts"))
        self.tabs.addTab(self.assistants, self.tr("Assistants"))
        column.addWidget(self.tabs, 1)
        for page in (self.prompts, self.assistants):
            page.saveRequested.connect(self.saveRequested)
            page.deleteRequested.connect(self.deleteRequested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.show_library(library)

    def page(self, kind: LibraryKind) -> LibraryPage:
        return self.prompts if kind is LibraryKind.PROMPT else self.assistants

    def show_library(self, library: PromptLibrary) -> None:
        self.prompts.show_entries(library.prompts)
        self.assistants.show_entries(library.assistants)

    def reject(self) -> None:
        # Close and Esc keep what was typed: saved when it can be, else the dialog stays.
        if self.prompts.commit_pending() and self.assistants.commit_pending():
            super().reject()
