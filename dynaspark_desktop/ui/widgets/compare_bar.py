"""Compare mode's strip above the composer: the models the next question goes to (two to
four, each a chip that removes it), "Add model" with the models the catalog lists, and a
hint. ``CompareToggle`` is the button beside the composer that shows and hides it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
)

from dynaspark_desktop.providers.compare_plan import MAX_COMPARED, MIN_COMPARED

# A chip shows this much of a model's name (its tooltip the whole).
CHIP_CHARS = 24
# Narrower than this, the strip leaves out its "Compare:" label to make room for chips.
LABEL_MIN_WIDTH = 700


@dataclass(frozen=True)
class ComparableModel:
    key: str
    name: str
    provider: str
    sees_images: bool = False


class CompareToggle(QToolButton):
    def __init__(self) -> None:
        super().__init__(objectName="compareButton")
        self.setText(self.tr("Compare"))
        self.setCheckable(True)
        self.setAccessibleName(self.tr("Compare models"))
        self.setToolTip(
            self.tr("Ask two to four models at once and see their answers side by side")
        )


class CompareBar(QFrame):
    # The models chosen now (keys, in order), after the user added or removed one.
    modelsChanged = Signal(list)
    closeRequested = Signal()

    def __init__(self) -> None:
        super().__init__(objectName="compareBar")
        self._available: list[ComparableModel] = []
        self.models: list[str] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 6, 6, 6)
        self._row.setSpacing(6)
        self.label = QLabel(self.tr("Compare:"), objectName="compareBarLabel")
        self._row.addWidget(self.label)
        self._chips: list[QPushButton] = []
        self.add_button = QToolButton(objectName="compareAddButton")
        self.add_button.setText(self.tr("+ Add"))
        self.add_button.setAccessibleName(self.tr("Add a model to compare"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self.add_button)
        self._menu.aboutToShow.connect(self._fill_menu)
        self.add_button.setMenu(self._menu)
        self._row.addWidget(self.add_button)
        self._row.addStretch(1)
        self.hint = QLabel(objectName="compareStatus")
        self._row.addWidget(self.hint)
        self.close_button = QToolButton(objectName="compareBarClose")
        self.close_button.setText("×")
        self.close_button.setAccessibleName(self.tr("Stop comparing"))
        self.close_button.setToolTip(self.tr("Stop comparing: the next message goes to one model"))
        self.close_button.clicked.connect(self.closeRequested)
        self._row.addWidget(self.close_button)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setVisible(event.size().width() >= LABEL_MIN_WIDTH)

    def set_available(self, models: Sequence[ComparableModel]) -> None:
        self._available = list(models)
        self._show_chips()

    def set_models(self, keys: Sequence[str]) -> None:
        self.models = list(dict.fromkeys(keys))[:MAX_COMPARED]
        self._show_chips()

    def name_of(self, key: str) -> str:
        """The model's name; with its provider's when another chosen model has that name."""
        found = next((model for model in self._available if model.key == key), None)
        if found is None:
            return key.split(":", 1)[-1]
        same = [m for m in self._available if m.name == found.name and m.key in self.models]
        return f"{found.name} · {found.provider}" if len(same) > 1 else found.name

    def _show_chips(self) -> None:
        for chip in self._chips:
            self._row.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for position, key in enumerate(self.models):
            name = self.name_of(key)
            shown = name if len(name) <= CHIP_CHARS else name[: CHIP_CHARS - 1] + "…"
            chip = QPushButton(f"{shown}  ×", objectName="compareChip")
            chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            chip.setAccessibleName(self.tr("Remove {model} from the comparison").format(model=name))
            chip.setToolTip(self.tr("Remove {model}").format(model=name))
            chip.clicked.connect(lambda _checked=False, key=key: self._remove(key))
            self._row.insertWidget(1 + position, chip)
            self._chips.append(chip)
        self.add_button.setEnabled(len(self.models) < MAX_COMPARED)
        # Said only while it matters: the strip is tight in a narrow window.
        self.hint.setText(self.tr("Choose two to four models"))
        self.hint.setVisible(len(self.models) < MIN_COMPARED)

    def _fill_menu(self) -> None:
        self._menu.clear()
        provider = None
        for model in self._available:
            if model.key in self.models:
                continue
            if model.provider != provider:
                provider = model.provider
                self._menu.addSection(provider)
            text = model.name + (self.tr(" (sees images)") if model.sees_images else "")
            action = self._menu.addAction(text)
            action.triggered.connect(lambda _checked=False, key=model.key: self._add(key))
        if self._menu.isEmpty():
            self._menu.addAction(self.tr("No other model is available")).setEnabled(False)

    def _add(self, key: str) -> None:
        if key not in self.models and len(self.models) < MAX_COMPARED:
            self.set_models([*self.models, key])
            self.modelsChanged.emit(list(self.models))

    def _remove(self, key: str) -> None:
        self.set_models([model for model in self.models if model != key])
        self.modelsChanged.emit(list(self.models))
