"""One field per setting, made from its declaration (core.setting_list): a tick for a bool, a
list for a setting with choices, a spin box for a number with a range, a line for text.

A change is saved at once (``settings.set``, which announces it); a value the setting does not
take is shown under the field with the reason, and never saved. A field follows the setting
too, so a change made elsewhere (the picker, a shortcut) shows here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.setting_list import setting_named
from dynaspark_desktop.core.settings import Settings

# Why a typed value cannot be saved (a sentence), or None when it can.
Check = Callable[[str], str | None]
Editor = QCheckBox | QComboBox | QSpinBox | QDoubleSpinBox | QLineEdit | QPlainTextEdit


class SettingField(QWidget):
    def __init__(
        self,
        settings: Settings,
        name: str,
        label: str,
        *,
        choice_labels: dict[Any, str] | None = None,
        suffix: str = "",
        check: Check | None = None,
        multiline: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setting = setting_named(name)
        self.label = label
        self._check = check
        self.setObjectName(f"settingField_{name}")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        self.editor: Editor = self._make_editor(choice_labels, suffix, multiline, placeholder)
        self.editor.setObjectName(f"setting_{name}")
        self.editor.setAccessibleName(label)
        description = translate("Settings", self.setting.description)
        self.editor.setAccessibleDescription(description)
        self.editor.setToolTip(description)
        self._place(column)
        self.help = QLabel(description, objectName="settingHelp")
        self.help.setWordWrap(True)
        column.addWidget(self.help)
        self.problem = QLabel(objectName="settingProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        column.addWidget(self.problem)
        self._show(settings.get(name))
        self._connect_editor()
        end = settings.changed.connect(name, lambda _name, value: self._show(value))
        self.destroyed.connect(lambda *_: end())

    # -- making ---------------------------------------------------------------------------

    def _make_editor(
        self, choice_labels: dict[Any, str] | None, suffix: str, multiline: bool, placeholder: str
    ) -> Editor:
        setting = self.setting
        if setting.type is bool:
            return QCheckBox(self.label)
        if setting.choices is not None:
            combo = QComboBox()
            for value in setting.choices:
                combo.addItem((choice_labels or {}).get(value, str(value)), value)
            return combo
        if setting.type in (int, float) and setting.minimum is not None:
            spin: QSpinBox | QDoubleSpinBox
            if setting.type is int:
                spin = QSpinBox()
                spin.setRange(int(setting.minimum), int(setting.maximum or 2**31 - 1))
            else:
                spin = QDoubleSpinBox()
                spin.setDecimals(1)
                spin.setRange(setting.minimum, setting.maximum or 1e9)
            spin.setSuffix(suffix)
            # Saved once the edit is over (Enter, Tab, the arrows), not at each digit.
            spin.setKeyboardTracking(False)
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
            return spin
        if multiline:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setPlaceholderText(placeholder)
            text.setFixedHeight(110)
            return text
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        return line

    def _place(self, column: QVBoxLayout) -> None:
        """Text fields take the width there is (the page keeps it readable); the others
        their own."""
        from PySide6.QtCore import Qt

        if isinstance(self.editor, QLineEdit | QPlainTextEdit):
            column.addWidget(self.editor)
        else:
            column.addWidget(self.editor, 0, Qt.AlignmentFlag.AlignLeft)

    def _connect_editor(self) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.toggled.connect(self.save)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda index: self.save(editor.itemData(index)))
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.valueChanged.connect(self.save)
        elif isinstance(editor, QLineEdit):
            editor.editingFinished.connect(lambda: self.save(editor.text()))
            editor.textEdited.connect(lambda text: self._show_problem(self._problem(text)))
        else:
            # Saved a moment after typing stops (not at every key): one write per pause.
            self._pause = QTimer(self, singleShot=True, interval=600)
            self._pause.timeout.connect(lambda: self.save(editor.toPlainText()))
            editor.textChanged.connect(self._pause.start)

    # -- values ---------------------------------------------------------------------------

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return editor.value()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return editor.toPlainText()

    def _problem(self, value: Any) -> str | None:
        if isinstance(value, str):
            if self._check is not None:
                problem = self._check(value)
                if problem is not None:
                    return problem
            valid = self.setting.valid
            if valid is not None and not valid(value):
                return self.tr("This value is not accepted (it may be too long).")
        return None

    def save(self, value: Any) -> bool:
        """Save ``value`` if the setting takes it (True), else show why (False)."""
        if isinstance(value, str):
            value = value.strip() if isinstance(self.editor, QLineEdit) else value
        problem = self._problem(value)
        if problem is None:
            try:
                self.settings.set(self.setting.name, value)
            except ValueError:
                problem = self.tr("This value is not accepted.")
        self._show_problem(problem)
        return problem is None

    def _show_problem(self, problem: str | None) -> None:
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        if bool(self.editor.property("invalid")) != (problem is not None):
            self.editor.setProperty("invalid", problem is not None)
            self.editor.style().unpolish(self.editor)
            self.editor.style().polish(self.editor)

    def show_saved(self) -> None:
        """Show the saved value again, whatever was typed, and no problem."""
        self._show_problem(None)
        editor = self.editor
        if isinstance(editor, QLineEdit):
            editor.setText(self.settings.get(self.setting.name))
        else:
            self._show(self.settings.get(self.setting.name))

    def _show(self, value: Any) -> None:
        """Show the saved value (without saving it again)."""
        editor = self.editor
        if value == self.value() and not isinstance(editor, QLineEdit):
            return
        blocked = editor.blockSignals(True)
        try:
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                index = editor.findData(value)
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                editor.setValue(value)
            elif isinstance(editor, QLineEdit):
                if not editor.hasFocus() or editor.text().strip() == value:
                    editor.setText(value)
            elif editor.toPlainText() != value:
                editor.setPlainText(value)
        finally:
            editor.blockSignals(blocked)
