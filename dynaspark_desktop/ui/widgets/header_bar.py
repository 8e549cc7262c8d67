"""The bar above the conversation: sidebar toggle, the app's name, the model picker, ⋯ menu."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from dynaspark_desktop import APP_NAME
from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.base.icons import icon, set_icon
from dynaspark_desktop.ui.widgets.header_fit import fit_header

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QResizeEvent

    from dynaspark_desktop.providers.model_choice import ProviderGroup


def _header_button(icon_name: str, tooltip: str, accessible_name: str) -> QToolButton:
    button = QToolButton(objectName="headerButton")
    set_icon(button, icon_name)
    button.setIconSize(QSize(20, 20))
    button.setToolTip(tooltip)
    button.setAccessibleName(accessible_name)
    return button


class HeaderBar(QFrame):
    # The user picked a model (not emitted when the picker follows a conversation).
    modelChosen = Signal(str)
    refreshRequested = Signal()  # ask every provider for its models again
    systemPromptRequested = Signal()
    parametersRequested = Signal()

    def __init__(
        self,
        models: list[str],
        vision_models: list[str],
        model: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("headerBar")
        self._models = models
        self._vision_models = vision_models
        self._groups: Sequence[ProviderGroup] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 12, 8)
        row.setSpacing(6)
        self.sidebar_button = _header_button(
            "sidebar",
            self.tr("Show or hide the conversations (Ctrl+B)"),
            self.tr("Show or hide the conversations"),
        )
        row.addWidget(self.sidebar_button)
        self.logo = QLabel()
        self.logo.setPixmap(icon("app").pixmap(22, 22))
        row.addWidget(self.logo)
        self.title_label = QLabel(APP_NAME, objectName="appTitle")
        row.addWidget(self.title_label)
        row.addStretch(1)
        # Shown while the conversation has a system prompt; a click opens it.
        self.system_prompt_button = QToolButton(objectName="systemPromptChip")
        self.system_prompt_button.setText(self.tr("System prompt"))
        self.system_prompt_button.setToolTip(
            self.tr("This conversation has a system prompt: edit it")
        )
        self.system_prompt_button.setAccessibleName(self.tr("Edit the system prompt"))
        self.system_prompt_button.clicked.connect(self.systemPromptRequested)
        self.system_prompt_button.hide()
        row.addWidget(self.system_prompt_button)
        # Shown while the conversation sends parameters (its own or the defaults).
        self.parameters_button = QToolButton(objectName="parametersChip")
        self.parameters_button.setText(self.tr("Parameters"))
        self.parameters_button.setAccessibleName(self.tr("Edit the parameters"))
        self.parameters_button.clicked.connect(self.parametersRequested)
        self.parameters_button.hide()
        row.addWidget(self.parameters_button)
        # The Dynaspark API's allowance ("42 of 100 requests left this hour, resets 14:00"),
        # shown while one of its models is chosen.
        self.rate_label = ElidedLabel(objectName="rateLimitLabel")
        self.rate_label.setAccessibleName(self.tr("Requests left"))
        self.rate_label.hide()
        row.addWidget(self.rate_label)
        model_label = ElidedLabel(self.tr("Model"), objectName="modelLabel")
        self.model_label = model_label
        row.addWidget(model_label)
        self.model_picker = QComboBox(objectName="modelPicker")
        self.model_picker.setAccessibleName(self.tr("Model"))
        self.model_picker.setToolTip(self.tr("The model your next message goes to"))
        for name in models:
            sees_images = name in vision_models
            self.model_picker.addItem(icon("image") if sees_images else icon("blank"), name, name)
        model_label.setBuddy(self.model_picker)
        self.select_model(model)
        row.addWidget(self.model_picker)
        self.refresh_button = _header_button(
            "refresh",
            self.tr("Ask every provider for its models again"),
            self.tr("Refresh the models"),
        )
        self.refresh_button.clicked.connect(self.refreshRequested)
        row.addWidget(self.refresh_button)
        self.menu_button = _header_button(
            "menu",
            self.tr("More: providers, system prompt, export, import"),
            self.tr("More actions"),
        )
        row.addWidget(self.menu_button)
        self.model_picker.currentIndexChanged.connect(
            lambda _index: self.modelChosen.emit(self.current_model())
        )
        # What is shown when there is room (see header_fit), and the allowance's ⋯ entry.
        self._wants_system_prompt = False
        self._wants_parameters = False
        self._allowance_entry: QAction | None = None
        self.model_picker.currentIndexChanged.connect(lambda _index: self._fit())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Fit the bar to its width: what does not fit is hidden (see header_fit)."""
        fit_header(
            self.layout(),
            self.width(),
            (self.sidebar_button, self.refresh_button, self.menu_button),
            (
                (self.title_label, True),
                (self.logo, True),
                (self.model_label, True),
                (self.parameters_button, self._wants_parameters),
                (self.system_prompt_button, self._wants_system_prompt),
            ),
            self.model_picker,
            (self.rate_label, bool(self.rate_label.text())),
        )
        self._sync_allowance_entry()

    def _sync_allowance_entry(self) -> None:
        """The allowance in the ⋯ menu while the bar has no room for all of it."""
        text = self.rate_label.text()
        cut = bool(text) and (self.rate_label.isHidden() or self.rate_label.is_elided)
        menu = self.menu_button.menu()
        if self._allowance_entry is None and cut and menu is not None:
            self._allowance_entry = entry = menu.addAction(text)
            entry.setObjectName("allowanceAction")
            entry.setEnabled(False)
            menu.removeAction(entry)
            menu.insertAction(menu.actions()[0] if menu.actions() else None, entry)
        if self._allowance_entry is not None:
            self._allowance_entry.setText(text)
            self._allowance_entry.setVisible(cut)

    def finish_setup(self) -> None:
        """Tooltips and accessible text per model: they need Qt's enums, so they are set
        after the first paint (touching one before costs start-up time)."""
        from PySide6.QtCore import Qt

        for index, name in enumerate(self._models):
            sees_images = name in self._vision_models
            self.model_picker.setItemData(
                index,
                (
                    self.tr("{name}: understands images")
                    if sees_images
                    else self.tr("{name}: text only")
                ).format(name=name),
                Qt.ItemDataRole.ToolTipRole,
            )
            self.model_picker.setItemData(
                index,
                (
                    self.tr("{name}, accepts images")
                    if sees_images
                    else self.tr("{name}, text only")
                ).format(name=name),
                Qt.ItemDataRole.AccessibleTextRole,
            )
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._fit()

    def texts_changed(self) -> None:
        """The language changed: the bar fitted again to its texts' new widths."""
        self._fit()

    def current_model(self) -> str:
        return str(self.model_picker.currentData())

    def show_groups(self, groups: Sequence[ProviderGroup]) -> None:
        """The models of every provider, grouped (the catalog changed)."""
        from dynaspark_desktop.ui.widgets.model_picker import fill_model_picker

        self._groups = groups
        fill_model_picker(self.model_picker, groups, self.current_model())

    def restyle(self) -> None:
        """The theme changed: the models' picture icons in its grey."""
        if self._groups is not None:
            self.show_groups(self._groups)
            return
        for index in range(self.model_picker.count()):
            if self.model_picker.itemData(index) in self._vision_models:
                self.model_picker.setItemIcon(index, icon("image"))

    def show_provider(self, label: str) -> None:
        """Name the chosen model's provider beside the picker."""
        self.model_label.setText(label or self.tr("Model"))
        self._fit()

    def show_system_prompt(self, has_prompt: bool) -> None:
        self._wants_system_prompt = has_prompt
        self._fit()

    def show_parameters(self, values: dict[str, float | int], *, own: bool) -> None:
        """Show the chip while parameters are set, naming them in its tooltip."""
        listed = ", ".join(f"{name} {value:g}" for name, value in values.items())
        if own:
            tip = self.tr("This conversation's parameters: {values}. Click to change them.")
        else:
            tip = self.tr("The defaults for new chats: {values}. Click to change them.")
        self.parameters_button.setToolTip(tip.format(values=listed))
        self._wants_parameters = bool(values)
        self._fit()

    def show_rate_limit(self, text: str) -> None:
        self.rate_label.setText(text)
        self._fit()

    def select_model(self, model: str, *, remember: bool = True) -> None:
        """Show ``model``; ``remember=False`` when following a conversation (opening one is
        not the user's choice of a new default, so ``modelChosen`` stays quiet)."""
        index = self.model_picker.findData(model)
        blocked = self.model_picker.blockSignals(not remember)
        try:
            if index < 0 and model:
                # A model no provider lists (yet): keep it, rather than pick another.
                from dynaspark_desktop.core.markdown.sanitize import (
                    MAX_TITLE_SHOWN_CHARS,
                    display_text,
                )
                from dynaspark_desktop.providers.model_keys import model_name

                # The name may be one a server listed once: shown neutralised and capped.
                shown = display_text(model_name(model), MAX_TITLE_SHOWN_CHARS)
                self.model_picker.addItem(icon("blank"), shown, model)
                index = self.model_picker.count() - 1
            self.model_picker.setCurrentIndex(max(0, index))
        finally:
            self.model_picker.blockSignals(blocked)
