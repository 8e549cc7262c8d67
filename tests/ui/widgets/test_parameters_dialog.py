"""The Parameters window on its own: what it offers, what it keeps, how it is named."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.parameters import (
    DYNASPARK_API,
    OPENAI_COMPATIBLE,
    WEB_ENDPOINT,
    ChatParameters,
    accepted,
)
from dynaspark_desktop.ui.widgets.parameters_dialog import ParametersDialog


def test_values_a_provider_does_not_take_are_kept_and_unticked_ones_cleared(
    qtbot: QtBot,
) -> None:
    values = ChatParameters(temperature=0.5, max_tokens=300, seed=9)
    dialog = ParametersDialog(accepted(DYNASPARK_API), values, "Dynaspark API", own_values=True)
    qtbot.addWidget(dialog)
    assert "max_tokens" not in dialog.fields
    assert dialog.ticks["temperature"].isChecked()
    assert not dialog.fields["top_p"].isEnabled()
    dialog.ticks["seed"].setChecked(False)
    dialog.set_value("top_p", 0.8)
    saved: list[tuple[ChatParameters, bool]] = []
    dialog.parametersSaved.connect(lambda chosen, as_defaults: saved.append((chosen, as_defaults)))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert saved == [(ChatParameters(temperature=0.5, top_p=0.8, max_tokens=300), False)]


def test_every_control_is_named_for_automation_and_screen_readers(qtbot: QtBot) -> None:
    dialog = ParametersDialog(
        accepted(OPENAI_COMPATIBLE), ChatParameters(), "Local", own_values=False
    )
    qtbot.addWidget(dialog)
    controls = [
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QAbstractSpinBox),
    ]
    assert len(controls) >= 2 * 6 + 1
    for control in controls:
        assert control.objectName(), control
        assert control.accessibleName(), control.objectName()
    restore = dialog.findChild(QAbstractButton, "parametersUseDefaults")
    assert restore is not None
    assert not restore.isEnabled()  # nothing of its own to drop


def test_a_provider_that_takes_none_gets_a_sentence_and_no_fields(qtbot: QtBot) -> None:
    dialog = ParametersDialog(
        accepted(WEB_ENDPOINT), ChatParameters(temperature=1.0), "Dynaspark (web)",
        own_values=True,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.findChildren(QAbstractSpinBox) == []
    assert dialog.explanation.text().startswith("Dynaspark (web) takes no parameters")
