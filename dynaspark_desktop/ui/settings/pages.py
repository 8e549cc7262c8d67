"""The General, Chat and Connections pages: fields made from the declarations (``fields``),
and the few controls that are not one setting (default parameters, the endpoint's Test)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.endpoint_check import endpoint_problem
from dynaspark_desktop.ui.settings.fields import SettingField

if TYPE_CHECKING:
    from dynaspark_desktop.providers.endpoint_check import EndpointCheck


_PAGE_WIDTH = 900


class SettingsPage(QScrollArea):
    """A titled page: a form of labelled rows, scrolled when the window is small."""

    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Tab goes to the page's controls, not to the page (which had no focus ring); the
        # page scrolls to the control that has the focus by itself.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(objectName="settingsPageBody")
        self._column = QVBoxLayout(body)
        self._column.setContentsMargins(20, 16, 20, 16)
        heading = QLabel(title, objectName="settingsPageTitle")
        self._column.addWidget(heading)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setVerticalSpacing(14)
        self._column.addLayout(self.form)
        self._column.addStretch(1)
        # At most a readable width, however wide the window (the page keeps to the left):
        # the whole page is capped, so wrapped help measures the width it is given.
        body.setMaximumWidth(_PAGE_WIDTH)
        self.setWidget(body)
        self.fields: dict[str, SettingField] = {}

    def add_field(self, field: SettingField) -> SettingField:
        self.fields[field.setting.name] = field
        self.form.addRow(field.label if field.setting.type is not bool else "", field)
        return field

    def add_row(self, label: str, widget: QWidget) -> None:
        if isinstance(widget, QPushButton | QComboBox):
            # A button or a list keeps its own width (the row does not stretch it).
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(widget)
            row.addStretch(1)
            widget = holder
        self.form.addRow(label, widget)


def button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    made = QPushButton(text, objectName=name)
    made.setAccessibleName(text)
    made.setAutoDefault(False)
    made.clicked.connect(slot)
    return made


def status_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.hide()
    return label


class GeneralPage(SettingsPage):
    def __init__(self, settings: Settings) -> None:
        super().__init__(self.tr("General"), "generalPage")
        system = self.tr("Same as the system")
        self.add_field(
            SettingField(
                settings,
                "theme",
                self.tr("Theme"),
                choice_labels={
                    "system": system,
                    "light": self.tr("Light"),
                    "dark": self.tr("Dark"),
                },
            )
        )
        self.add_field(SettingField(settings, "text_zoom", self.tr("Text size"), suffix=" %"))
        self.add_field(
            SettingField(
                settings,
                "send_key",
                self.tr("Send with"),
                choice_labels={
                    "enter": self.tr("Enter (Shift+Enter for a new line)"),
                    "ctrl_enter": self.tr("Ctrl+Enter (Enter for a new line)"),
                },
            )
        )
        # Applied at once: every text on screen is said again in it (base/retranslation.py).
        self.add_field(
            SettingField(
                settings,
                "language",
                self.tr("Language"),
                choice_labels={"": system, "en": "English", "ru": "Русский"},
            )
        )


class ChatPage(SettingsPage):
    parametersRequested = Signal()
    modelChosen = Signal(str)

    def __init__(self, settings: Settings, models: list[tuple[str, str]], model: str) -> None:
        super().__init__(self.tr("Chat"), "chatPage")
        self.model_choice = QComboBox(objectName="setting_model")
        self.model_choice.setAccessibleName(self.tr("Default model"))
        self.show_models(models, model)
        self.model_choice.activated.connect(
            lambda index: self.modelChosen.emit(self.model_choice.itemData(index))
        )
        self.add_row(self.tr("Default model"), self.model_choice)
        self.parameters_button = button(
            self.tr("Default parameters…"), "defaultParametersButton", self.parametersRequested.emit
        )
        self.add_row(self.tr("Parameters"), self.parameters_button)
        self.add_field(
            SettingField(
                settings,
                "default_system_prompt",
                self.tr("System prompt for new chats"),
                multiline=True,
                placeholder=self.tr("None"),
            )
        )
        self.add_field(
            SettingField(
                settings,
                "max_image_side",
                self.tr("Largest image side"),
                suffix=self.tr(" px", "the unit after a number of pixels"),
            )
        )
        self.add_field(SettingField(settings, "image_quality", self.tr("Image quality")))

    def show_models(self, models: list[tuple[str, str]], model: str) -> None:
        """Offer ``models`` (key, what is shown) with ``model`` chosen."""
        blocked = self.model_choice.blockSignals(True)
        self.model_choice.clear()
        for key, shown in models:
            self.model_choice.addItem(shown, key)
        index = self.model_choice.findData(model)
        if index < 0:
            self.model_choice.addItem(model, model)
            index = self.model_choice.count() - 1
        self.model_choice.setCurrentIndex(index)
        self.model_choice.blockSignals(blocked)


class ConnectionsPage(SettingsPage):
    testRequested = Signal(str)  # the web endpoint typed (empty: the built-in one)
    proxyEdited = Signal(str)
    proxyTestRequested = Signal()

    def __init__(self, settings: Settings, default_endpoint: str, default_api: str) -> None:
        super().__init__(self.tr("Connections"), "connectionsPage")
        self.default_endpoint = default_endpoint
        endpoint = self.add_field(
            SettingField(
                settings,
                "endpoint",
                self.tr("Dynaspark web endpoint"),
                check=endpoint_problem,
                placeholder=default_endpoint,
            )
        )
        row = QHBoxLayout()
        self.test_button = button(self.tr("Test"), "testEndpointButton", self._test)
        self.restore_button = button(
            self.tr("Restore default"), "restoreEndpointButton", self._restore
        )
        row.addWidget(self.test_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        endpoint.layout().addLayout(row)
        self.test_result = status_label("endpointTestResult")
        endpoint.layout().addWidget(self.test_result)
        self.endpoint_note = QLabel(objectName="endpointOptionNote")
        self.endpoint_note.setWordWrap(True)
        self.endpoint_note.hide()
        endpoint.layout().addWidget(self.endpoint_note)
        self.add_field(
            SettingField(
                settings,
                "api_endpoint",
                self.tr("Dynaspark API address"),
                check=endpoint_problem,
                placeholder=default_api,
            )
        )
        self.proxy_field = QLineEdit(objectName="settingsProxyField")
        self.proxy_field.setAccessibleName(self.tr("Proxy"))
        self.proxy_field.setPlaceholderText(self.tr("No proxy, e.g. socks5://127.0.0.1:1080"))
        self.proxy_field.editingFinished.connect(
            lambda: self.proxyEdited.emit(self.proxy_field.text())
        )
        proxy = QWidget()
        proxy_column = QVBoxLayout(proxy)
        proxy_column.setContentsMargins(0, 0, 0, 0)
        proxy_column.addWidget(self.proxy_field)
        proxy_row = QHBoxLayout()
        self.proxy_test_button = button(
            self.tr("Test"), "testProxyButton", self.proxyTestRequested.emit
        )
        self.proxy_test_button.setAccessibleName(self.tr("Test the proxy"))
        proxy_row.addWidget(self.proxy_test_button)
        proxy_row.addStretch(1)
        proxy_column.addLayout(proxy_row)
        self.proxy_result = status_label("proxyTestResult")
        proxy_column.addWidget(self.proxy_result)
        proxy_help = QLabel(
            self.tr(
                "For online services; never used for servers on this computer. Its Test asks "
                "the web endpoint above through it."
            ),
            objectName="settingHelp",
        )
        proxy_help.setWordWrap(True)
        proxy_column.insertWidget(1, proxy_help)
        self.add_row(self.tr("Proxy"), proxy)
        seconds = self.tr(" s", "the unit after a number of seconds")
        self.add_field(
            SettingField(settings, "request_timeout", self.tr("Answer time-out"), suffix=seconds)
        )
        self.add_field(
            SettingField(settings, "read_idle_timeout", self.tr("Pause time-out"), suffix=seconds)
        )

    def show_endpoint_option(self, url: str) -> None:
        """Say that the command line's --endpoint rules this run over the setting."""
        self.endpoint_note.setText(
            self.tr(
                "This run sends to {url}, given with --endpoint when the app started; the "
                "address set here applies when it starts without it."
            ).format(url=url)
        )
        self.endpoint_note.show()

    def _test(self) -> None:
        field = self.fields["endpoint"]
        url = field.value().strip()
        problem = endpoint_problem(url)
        if problem is not None:
            field.save(url)  # refused: the field says why, under it
            self.test_result.hide()
            return
        self.testRequested.emit(url)

    def _restore(self) -> None:
        field = self.fields["endpoint"]
        field.save("")
        field.show_saved()  # also over a refused address the setting never took
        self.test_result.hide()

    def show_result(self, label: QLabel, check: EndpointCheck | None, text: str = "") -> None:
        """A check's outcome under its button (None: it is running, or ``text`` says why
        it did not start)."""
        if check is None:
            state = "busy" if not text else "error"
            label.setText(text or self.tr("Testing… (the free service can take a minute)"))
        else:
            state = "ok" if check.ok else "error"
            label.setText(check.message)
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)
        label.show()
