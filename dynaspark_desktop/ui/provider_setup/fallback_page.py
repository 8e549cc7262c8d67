"""The "Fallback and proxy" page of "Models and providers": the ordered list of models to try
when the chosen one fails for a passing reason, and the proxy for online services.

Plain widgets: the dialog tells it what is saved and hears what the user changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.redaction import redact_url
from dynaspark_desktop.providers.base import ModelRef
from dynaspark_desktop.ui.base.button_row import ButtonRow
from dynaspark_desktop.ui.base.wrapped_check import wrapped_check
from dynaspark_desktop.ui.provider_setup.provider_form import plain_label

KeyRole = Qt.ItemDataRole.UserRole


class FallbackPage(QWidget):
    autoFallbackToggled = Signal(bool)
    fallbackModelsEdited = Signal(list)  # the keys, in order
    proxyEdited = Signal(str)
    proxyFileConsentGiven = Signal()
    proxyFileConsentDeclined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fallbackPage")
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(6)

        column.addWidget(self._heading(self.tr("When a model fails")))
        self.auto_fallback = QCheckBox(objectName="autoFallbackCheck")
        self.auto_fallback.toggled.connect(self.autoFallbackToggled)
        # Wrapped: a long one-line tick box widened the page past a narrow window.
        text = self.tr(
            "Try the next model in this list when the chosen one is busy, rate-limited or "
            "cannot be reached"
        )
        column.addWidget(wrapped_check(self.auto_fallback, text))
        explain = plain_label("pageHint")
        explain.setText(
            self.tr(
                "Models are tried from the top. An answer that has begun is never switched "
                "over; the transcript says which model answered."
            )
        )
        column.addWidget(explain)

        rows = QHBoxLayout()
        self.fallback_list = QListWidget(objectName="fallbackList")
        self.fallback_list.setAccessibleName(self.tr("Fallback models, in order"))
        self.fallback_list.currentRowChanged.connect(self._update_buttons)
        rows.addWidget(self.fallback_list, 1)
        buttons = QVBoxLayout()
        self.up_button = self._button(self.tr("Move up"), "fallbackUp", lambda: self._move(-1))
        self.down_button = self._button(self.tr("Move down"), "fallbackDown", lambda: self._move(1))
        self.remove_button = self._button(self.tr("Remove"), "fallbackRemove", self._remove)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        rows.addLayout(buttons)
        column.addLayout(rows, 1)
        self.empty_hint = plain_label("pageHint")
        self.empty_hint.setText(self.tr("The list is empty: only the chosen model is asked."))
        column.addWidget(self.empty_hint)

        adding = QHBoxLayout()
        self.model_picker = QComboBox(objectName="fallbackModelPicker")
        self.model_picker.setEditable(True)
        self.model_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As wide as the row leaves it, not as its longest model key (a narrow window).
        self.model_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_picker.setMinimumContentsLength(12)
        self.model_picker.lineEdit().setPlaceholderText(
            self.tr("provider:model, e.g. ollama:llama3.2")
        )
        self.model_picker.lineEdit().returnPressed.connect(self._add)
        self.model_picker.setAccessibleName(self.tr("Model to add"))
        adding.addWidget(self.model_picker, 1)
        self.add_button = self._button(self.tr("Add to list"), "fallbackAdd", self._add)
        adding.addWidget(self.add_button)
        column.addLayout(adding)
        self.model_problem = plain_label("fieldProblem")
        self.model_problem.hide()
        column.addWidget(self.model_problem)

        column.addSpacing(16)
        column.addWidget(self._heading(self.tr("Proxy")))
        self.proxy_field = QLineEdit(objectName="proxyField")
        self.proxy_field.setAccessibleName(self.tr("Proxy"))
        self.proxy_field.setPlaceholderText(self.tr("No proxy, e.g. socks5://127.0.0.1:1080"))
        self.proxy_field.editingFinished.connect(
            lambda: self.proxyEdited.emit(self.proxy_field.text())
        )
        column.addWidget(self.proxy_field)
        self.proxy_problem = plain_label("fieldProblem")
        self.proxy_problem.hide()
        column.addWidget(self.proxy_problem)
        column.addWidget(self._proxy_consent_panel())
        proxy_hint = plain_label("pageHint")
        proxy_hint.setText(
            self.tr(
                "For online services only: http://, https://, socks5:// or socks4://, with "
                "user:password@ if the proxy asks (the password as it is, with no %-encoding; "
                "it is kept in the system keyring, like API keys). Servers on this computer "
                "are always reached directly."
            )
        )
        column.addWidget(proxy_hint)
        self._describe: Callable[[ModelRef], str] = lambda ref: ref.key
        self._known_providers: set[str] = set()
        self._update_buttons()

    def _proxy_consent_panel(self) -> QFrame:
        """Asks before the proxy password goes to a file, when no keyring can take it."""
        self.proxy_consent_panel = QFrame(objectName="proxyFileConsent")
        panel = QVBoxLayout(self.proxy_consent_panel)
        panel.setContentsMargins(12, 10, 12, 10)
        self.proxy_consent_text = plain_label("proxyFileConsentText")
        panel.addWidget(self.proxy_consent_text)
        decline = self._button(
            self.tr("Don't store the password"), "declineProxyFile", self._decline_file
        )
        allow = self._button(self.tr("Store in a private file"), "allowProxyFile", self._allow_file)
        for button in (decline, allow):
            button.setAccessibleName(button.text())
        self.allow_proxy_file_button = allow
        panel.addWidget(ButtonRow(decline, allow))
        self.proxy_consent_panel.hide()
        return self.proxy_consent_panel

    def _heading(self, text: str) -> QLabel:
        heading = plain_label("pageHeading")
        heading.setText(text)
        return heading

    def _button(self, text: str, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAutoDefault(False)
        button.clicked.connect(action)
        return button

    # -- what is shown ------------------------------------------------------------------------

    def set_providers(
        self, describe: Callable[[ModelRef], str], provider_ids: Iterable[str]
    ) -> None:
        """How to name a model for people, and which providers exist (to check additions)."""
        self._describe = describe
        self._known_providers = set(provider_ids)
        self.set_fallback_models(self.fallback_models)

    def set_suggestions(self, keys: Iterable[str]) -> None:
        typed = self.model_picker.currentText()
        self.model_picker.clear()
        self.model_picker.addItems(list(dict.fromkeys(keys)))
        self.model_picker.setCurrentText(typed)

    def set_auto_fallback(self, enabled: bool) -> None:
        self.auto_fallback.blockSignals(True)
        self.auto_fallback.setChecked(enabled)
        self.auto_fallback.blockSignals(False)

    def set_fallback_models(self, keys: Iterable[str]) -> None:
        row = self.fallback_list.currentRow()
        self.fallback_list.clear()
        for key in keys:
            try:
                text = self._describe(ModelRef.parse(key))
            except ValueError:
                text = key
            item = QListWidgetItem(text)
            item.setData(KeyRole, key)
            item.setToolTip(key)
            self.fallback_list.addItem(item)
        self.fallback_list.setCurrentRow(min(row, self.fallback_list.count() - 1))
        self._update_buttons()

    def set_proxy(self, proxy: str) -> None:
        # Shown redacted: the password stays "***" unless the user types a new one.
        self.proxy_field.setText(redact_url(proxy))
        self.show_proxy_problem(None)

    def show_proxy_problem(self, problem: str | None) -> None:
        self.proxy_problem.setText(problem or "")
        self.proxy_problem.setVisible(bool(problem))

    def ask_proxy_file_consent(self, reason: str) -> None:
        self.proxy_consent_text.setText(
            self.tr(
                "{reason}\n\nIf you agree, the proxy password goes to secrets.json in the "
                "app's data folder, a file only your user account can read. It is not "
                "encrypted there. The app remembers your answer for API keys too."
            ).format(reason=reason)
        )
        self.proxy_consent_panel.show()
        self.allow_proxy_file_button.setFocus()

    def _allow_file(self) -> None:
        self.proxy_consent_panel.hide()
        self.proxyFileConsentGiven.emit()

    def _decline_file(self) -> None:
        self.proxy_consent_panel.hide()
        self.proxyFileConsentDeclined.emit()

    @property
    def fallback_models(self) -> list[str]:
        return [
            self.fallback_list.item(row).data(KeyRole) for row in range(self.fallback_list.count())
        ]

    # -- what the user did --------------------------------------------------------------------

    def _update_buttons(self) -> None:
        row, count = self.fallback_list.currentRow(), self.fallback_list.count()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.empty_hint.setVisible(count == 0)

    def _move(self, step: int) -> None:
        keys = self.fallback_models
        row = self.fallback_list.currentRow()
        if not 0 <= row + step < len(keys) or row < 0:
            return
        keys[row], keys[row + step] = keys[row + step], keys[row]
        self.set_fallback_models(keys)
        self.fallback_list.setCurrentRow(row + step)
        self.fallbackModelsEdited.emit(keys)

    def _remove(self) -> None:
        row = self.fallback_list.currentRow()
        if row < 0:
            return
        keys = self.fallback_models
        del keys[row]
        self.set_fallback_models(keys)
        self.fallbackModelsEdited.emit(keys)

    def _add(self) -> None:
        key = self.model_picker.currentText().strip()
        problem = self._problem_with(key)
        self.model_problem.setText(problem or "")
        self.model_problem.setVisible(bool(problem))
        if problem:
            return
        keys = [*self.fallback_models, key]
        self.set_fallback_models(keys)
        self.fallback_list.setCurrentRow(len(keys) - 1)
        self.model_picker.setCurrentText("")
        self.fallbackModelsEdited.emit(keys)

    def _problem_with(self, key: str) -> str | None:
        if not key:
            return self.tr("Choose a model, or type one as provider:model.")
        try:
            ref = ModelRef.parse(key)
        except ValueError:
            return self.tr("Write the model as provider:model, e.g. ollama:llama3.2.")
        if ref.provider_id not in self._known_providers:
            return self.tr("No provider called “{name}” is set up.").format(name=ref.provider_id)
        if key in self.fallback_models:
            return self.tr("That model is in the list already.")
        return None
