"""The shown conversation's sampling parameters: a small window, opened with ``open()``.

It offers only what the chosen model's provider takes (``core.parameters``); for a provider
that takes none (the Dynaspark web endpoint) it says so instead. Each parameter has a tick:
unticked, it is left to the model. Values of parameters this provider does not take (a max
tokens set for another server) are kept as they were.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.parameters import ChatParameters, ParameterSpec

# What a spin box can hold (Qt's are 32-bit): seeds above it are rare enough to go without.
_LARGEST_SPIN_INT = 2**31 - 1


class ParametersDialog(QDialog):
    # The values for this conversation, and whether they are also the defaults for new chats.
    parametersSaved = Signal(object, bool)
    # Back to the defaults for new chats (the conversation keeps no values of its own).
    defaultsRestored = Signal()

    def __init__(
        self,
        specs: tuple[ParameterSpec, ...],
        values: ChatParameters,
        provider: str,
        *,
        own_values: bool,
        for_defaults: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("parametersDialog")
        self.setWindowTitle(self.tr("Parameters"))
        self.setAccessibleName(self.tr("Parameters"))
        self.setMinimumWidth(420)
        self._values = values
        self._specs = specs
        self.ticks: dict[str, QCheckBox] = {}
        self.fields: dict[str, QSpinBox | QDoubleSpinBox] = {}
        column = QVBoxLayout(self)
        self.explanation = QLabel(objectName="parametersExplanation")
        self.explanation.setWordWrap(True)
        column.addWidget(self.explanation)
        if not specs:
            self.explanation.setText(
                self.tr(
                    "{provider} takes no parameters: its models answer with their own "
                    "settings, so there is nothing to set here. Choose a model of the "
                    "Dynaspark API or of an OpenAI-compatible server to set the temperature "
                    "and the others."
                ).format(provider=provider)
            )
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.setObjectName("parametersButtons")
            _name(
                buttons, QDialogButtonBox.StandardButton.Close, "parametersClose", self.tr("Close")
            )
            buttons.rejected.connect(self.reject)
            column.addWidget(buttons)
            self.buttons = buttons
            self.as_defaults = None
            self.finished.connect(self.deleteLater)
            return
        whose = (
            self.tr("This conversation's own values.")
            if own_values
            else self.tr("This conversation uses the defaults for new chats.")
        )
        self.explanation.setText(
            self.tr(
                "Sent to {provider} with every message of this conversation. An unticked "
                "parameter is left to the model. {whose}"
            ).format(provider=provider, whose=whose)
            if not for_defaults
            else self.tr(
                "Sent with every message of a chat that has no parameters of its own, to the "
                "models that take them. An unticked parameter is left to the model."
            )
        )
        grid = QGridLayout()
        for row, spec in enumerate(specs):
            self._add_row(grid, row, spec)
        column.addLayout(grid)
        self.as_defaults = QCheckBox(self.tr("Use these for new chats too"))
        self.as_defaults.setObjectName("parametersAsDefaults")
        self.as_defaults.setAccessibleName(self.tr("Use these parameters for new chats too"))
        column.addWidget(self.as_defaults)
        self.as_defaults.setVisible(not for_defaults)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.setObjectName("parametersButtons")
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText(self.tr("Use the defaults"))
        restore.setObjectName("parametersUseDefaults")
        restore.setAccessibleName(self.tr("Use the defaults for new chats in this conversation"))
        restore.setEnabled(own_values)
        restore.setVisible(not for_defaults)
        restore.clicked.connect(self._restore_defaults)
        _name(buttons, QDialogButtonBox.StandardButton.Save, "parametersSave", self.tr("Save"))
        _name(
            buttons, QDialogButtonBox.StandardButton.Cancel, "parametersCancel", self.tr("Cancel")
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.buttons = buttons
        self.finished.connect(self.deleteLater)

    def _labels(self) -> dict[str, tuple[str, str]]:
        """Each parameter's label and what it does (a tooltip)."""
        return {
            "temperature": (
                self.tr("Temperature"),
                self.tr("Higher: more varied answers; lower: more focused and repeatable."),
            ),
            "top_p": (
                self.tr("Top P"),
                self.tr("Only the likeliest words that make up this share are considered."),
            ),
            "max_tokens": (
                self.tr("Max tokens"),
                self.tr("The longest answer, in tokens (about ¾ of a word each)."),
            ),
            "presence_penalty": (
                self.tr("Presence penalty"),
                self.tr("Above 0: the model moves on to new topics more readily."),
            ),
            "frequency_penalty": (
                self.tr("Frequency penalty"),
                self.tr("Above 0: the model repeats the same words less."),
            ),
            "seed": (
                self.tr("Seed"),
                self.tr("The same seed and question give the same answer, where supported."),
            ),
        }

    def _add_row(self, grid: QGridLayout, row: int, spec: ParameterSpec) -> None:
        label, hint = self._labels().get(spec.name, (spec.name, ""))
        tick = QCheckBox(label)
        tick.setObjectName(f"parameterSet_{spec.name}")
        tick.setAccessibleName(self.tr("Set {parameter}").format(parameter=label))
        tick.setToolTip(hint)
        field: QSpinBox | QDoubleSpinBox
        if spec.integer:
            field = QSpinBox()
            field.setRange(int(spec.minimum), int(min(spec.maximum, _LARGEST_SPIN_INT)))
            field.setSingleStep(int(spec.step))
        else:
            field = QDoubleSpinBox()
            field.setDecimals(2)
            field.setRange(spec.minimum, spec.maximum)
            field.setSingleStep(spec.step)
        field.setObjectName(f"parameter_{spec.name}")
        field.setAccessibleName(label)
        field.setToolTip(hint)
        field.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        value = getattr(self._values, spec.name)
        tick.setChecked(value is not None)
        if value is not None:
            field.setValue(spec.clamp(value))  # type: ignore[arg-type]
        else:
            field.setValue(_default_shown(spec))  # type: ignore[arg-type]
        field.setEnabled(value is not None)
        tick.toggled.connect(field.setEnabled)
        grid.addWidget(tick, row, 0)
        grid.addWidget(field, row, 1)
        self.ticks[spec.name] = tick
        self.fields[spec.name] = field

    def set_value(self, name: str, value: float) -> None:
        """Tick ``name`` and set it (what a user does with the mouse and keys)."""
        self.ticks[name].setChecked(True)
        self.fields[name].setValue(value)  # type: ignore[arg-type]

    def chosen(self) -> ChatParameters:
        """The values as set: shown ones from the fields, the others as they were."""
        changes: dict[str, float | int | None] = {}
        for name, tick in self.ticks.items():
            changes[name] = self.fields[name].value() if tick.isChecked() else None
        return dataclasses.replace(self._values, **changes)  # type: ignore[arg-type]

    def _save(self) -> None:
        as_defaults = self.as_defaults is not None and self.as_defaults.isChecked()
        self.parametersSaved.emit(self.chosen(), as_defaults)
        self.accept()

    def _restore_defaults(self) -> None:
        self.defaultsRestored.emit()
        self.accept()


def _name(
    buttons: QDialogButtonBox, which: QDialogButtonBox.StandardButton, name: str, label: str
) -> None:
    button = buttons.button(which)
    button.setObjectName(name)
    button.setAccessibleName(label)


def _default_shown(spec: ParameterSpec) -> float | int:
    """What an unticked field shows: the usual default of each parameter."""
    usual = {"temperature": 1.0, "top_p": 1.0, "max_tokens": 1024, "seed": 0}
    return spec.clamp(usual.get(spec.name, 0.0))
