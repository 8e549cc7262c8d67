"""The right side of "Models and providers": one provider's name, address, key and test.

Plain widgets: it shows what it is told and emits what the user did. Saving, the keyring and
the connection test belong to ``setup_controller.ProviderSetupController``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP, translate
from dynaspark_desktop.core.markdown.sanitize import MAX_SHORT_TEXT_SHOWN_CHARS, display_text
from dynaspark_desktop.core.secrets import KEY_FILE, KEYRING
from dynaspark_desktop.providers.concurrency import MAX_LIMIT, MIN_LIMIT
from dynaspark_desktop.providers.presets import Preset, ProviderConfig, base_url_problem
from dynaspark_desktop.providers.proxy import is_loopback_url
from dynaspark_desktop.providers.registry import ConnectionCheck
from dynaspark_desktop.ui.base.button_row import ButtonRow
from dynaspark_desktop.ui.base.style import set_style_property

MODELS_NAMED = 6  # model names shown after a successful test; the rest are counted

# Follows the keyring's refusal, which may already offer the file in a word.
KEY_FILE_QUESTION = QT_TRANSLATE_NOOP(
    "ProviderForm",
    "{reason}\n\nIf you agree, the key goes to secrets.json in the app's data folder, a "
    "file only your user account can read. It is not encrypted there: anyone who can sign "
    "in as you, or read a backup of your home folder, could read it. The app remembers "
    "your answer for other keys.",
)


def plain_label(object_name: str, *, selectable: bool = False) -> QLabel:
    """A word-wrapped label that never reads its text as markup (it may quote a server)."""
    label = QLabel(objectName=object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def describe_check(check: ConnectionCheck) -> str:
    """The test's outcome: the reason it failed, or the count and the first model names."""
    if not check.ok or not check.models:
        return check.message
    names = [model.display_name for model in check.models[:MODELS_NAMED]]
    rest = len(check.models) - len(names)
    listed = ", ".join(names)
    if rest:
        listed = translate("ProviderForm", "{names} and {count} more").format(
            names=listed, count=rest
        )
    return f"{check.message}\n{listed}"


class ProviderForm(QFrame):
    labelEdited = Signal(str)
    baseUrlEdited = Signal(str)
    keyEntered = Signal(str)
    forgetKeyRequested = Signal()
    fileConsentGiven = Signal()
    fileConsentDeclined = Signal()
    testRequested = Signal()
    concurrencyEdited = Signal(int)  # requests sent to it at once

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("providerForm")
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(6)
        self.title = plain_label("providerTitle")
        self.subtitle = plain_label("providerSubtitle")
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(10)

        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.label_field = QLineEdit(objectName="providerLabelField")
        self.label_field.setAccessibleName(self.tr("Name"))
        self.label_field.editingFinished.connect(
            lambda: self.labelEdited.emit(self.label_field.text())
        )
        form.addRow(self.tr("Name"), self.label_field)
        self.url_field = QLineEdit(objectName="baseUrlField")
        self.url_field.setAccessibleName(self.tr("Base URL"))
        self.url_field.setPlaceholderText("http://localhost:11434/v1")
        self.url_field.editingFinished.connect(self._url_finished)
        self.url_field.textChanged.connect(self._url_changed)
        form.addRow(self.tr("Base URL"), self.url_field)
        self.url_problem = plain_label("fieldProblem")
        self.url_problem.hide()
        form.addRow("", self.url_problem)

        key_row = QHBoxLayout()
        key_row.setSpacing(6)
        self.key_field = QLineEdit(objectName="apiKeyField")
        self.key_field.setAccessibleName(self.tr("API key"))
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.editingFinished.connect(self._key_finished)
        key_row.addWidget(self.key_field, 1)
        self.forget_key_button = QPushButton(self.tr("Forget"), objectName="forgetKeyButton")
        self.forget_key_button.setAutoDefault(False)
        self.forget_key_button.setToolTip(self.tr("Delete the saved key"))
        self.forget_key_button.clicked.connect(self.forgetKeyRequested)
        key_row.addWidget(self.forget_key_button)
        self.key_label = QLabel(self.tr("API key"))
        form.addRow(self.key_label, key_row)
        key_notes = QHBoxLayout()
        self.key_status = plain_label("keyStatus")
        key_notes.addWidget(self.key_status, 1)
        self.key_help = QLabel(objectName="keyHelpLink")
        # Rich text on purpose: our own link to the service's key page (escaped below).
        self.key_help.setTextFormat(Qt.TextFormat.RichText)
        self.key_help.setOpenExternalLinks(True)
        key_notes.addWidget(self.key_help, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("", key_notes)
        self.concurrency_field = QSpinBox(objectName="concurrencyField")
        self.concurrency_field.setRange(MIN_LIMIT, MAX_LIMIT)
        self.concurrency_field.setAccessibleName(self.tr("Requests at once"))
        self.concurrency_field.setToolTip(
            self.tr("How many answers this provider is asked for at once; more wait their turn")
        )
        self.concurrency_field.valueChanged.connect(self.concurrencyEdited)
        self.concurrency_default = plain_label("concurrencyDefault")
        concurrency_row = QHBoxLayout()
        concurrency_row.setSpacing(8)
        concurrency_row.addWidget(self.concurrency_field)
        concurrency_row.addWidget(self.concurrency_default, 1)
        form.addRow(self.tr("Requests at once"), concurrency_row)
        column.addLayout(form)
        self._rows = form

        self.consent_panel = QFrame(objectName="keyFileConsent")
        consent = QVBoxLayout(self.consent_panel)
        consent.setContentsMargins(12, 10, 12, 10)
        self.consent_text = plain_label("keyFileConsentText")
        consent.addWidget(self.consent_text)
        self.decline_file_button = QPushButton(
            self.tr("Don't store the key"), objectName="declineFile"
        )
        self.decline_file_button.clicked.connect(self.fileConsentDeclined)
        self.store_in_file_button = QPushButton(
            self.tr("Store in a private file"), objectName="allowFile"
        )
        self.store_in_file_button.clicked.connect(self.fileConsentGiven)
        for button in (self.decline_file_button, self.store_in_file_button):
            button.setAutoDefault(False)
        consent.addWidget(ButtonRow(self.decline_file_button, self.store_in_file_button))
        self.consent_panel.hide()
        column.addWidget(self.consent_panel)

        column.addSpacing(12)
        self.test_button = QPushButton(
            self.tr("Test connection"), objectName="testConnectionButton"
        )
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.testRequested)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        column.addLayout(test_row)
        self.check_result = plain_label("checkResult", selectable=True)
        self.check_result.hide()
        column.addWidget(self.check_result)
        self.note = plain_label("providerNote")
        column.addWidget(self.note)
        column.addStretch(1)
        self._key_is_saved = False
        self._key_missing_note = ""
        self._checking = False

    # -- what is shown ------------------------------------------------------------------------

    def show_server(self, config: ProviderConfig, chosen: Preset, *, draft: bool) -> None:
        """A configured server: everything editable."""
        self.title.setText(config.label)
        place = (
            self.tr("on this computer") if is_loopback_url(config.base_url) else self.tr("online")
        )
        kind = (
            self.tr("Custom server")
            if chosen.id == "custom"
            else self.tr("{name} preset").format(name=translate("Presets", chosen.label))
        )
        self.subtitle.setText(f"{kind} · {place}" if config.base_url else kind)
        for field in (self.label_field, self.url_field):
            field.setReadOnly(False)
        self.label_field.setText(config.label)
        self._show_address(config.base_url)
        self.show_url_problem(base_url_problem(config.base_url) if draft else None)
        self._show_key_row(True)
        if chosen.needs_key:
            self._key_missing_note = self.tr("Not set. This service needs one.")
        elif chosen.local:
            self._key_missing_note = self.tr("Not set. Servers on this computer usually need none.")
        else:
            self._key_missing_note = self.tr("Not set.")
        self._set_key_help(chosen.key_help_url)
        self.test_button.show()
        self.note.setText(
            self.tr("Not saved until it has a base URL.")
            if draft
            else self.tr("Changes are saved as you go.")
        )
        self.show_check(None)

    def _show_address(self, address: str) -> None:
        """From its start (a narrow field showed only its end), all of it in the tool tip."""
        self.url_field.setText(address)
        self.url_field.setCursorPosition(0)
        self.url_field.setToolTip(address)

    def show_builtin(self, title: str, address: str, note: str, *, key_allowed: bool) -> None:
        """A provider that comes with the app: shown, not editable (its key may be)."""
        self.title.setText(title)
        self.subtitle.setText(self.tr("Built in"))
        self.label_field.setText(title)
        self._show_address(address)
        for field in (self.label_field, self.url_field):
            field.setReadOnly(True)
        self.show_url_problem(None)
        self._show_key_row(key_allowed)
        self._key_missing_note = self.tr("Not set: the free shared key is used.")
        self._set_key_help("")
        self.test_button.hide()
        self.note.setText(note)
        self.show_check(None)

    def show_concurrency(self, limit: int, default: int) -> None:
        """The provider's requests at once, and its default (said beside it)."""
        self.concurrency_field.blockSignals(True)  # shown, not edited
        self.concurrency_field.setValue(limit)
        self.concurrency_field.blockSignals(False)
        self.concurrency_default.setText(self.tr("default: %n", "", default))

    def _show_key_row(self, visible: bool) -> None:
        for widget in (self.key_label, self.key_field, self.key_status, self.forget_key_button):
            widget.setVisible(visible)
        self.key_field.clear()
        self.consent_panel.hide()
        self.key_status.setText(self.tr("Looking for a saved key…"))
        self.forget_key_button.hide()

    def _set_key_help(self, url: str) -> None:
        self.key_help.setVisible(bool(url))
        if url:
            self.key_help.setText(
                f'<a href="{html.escape(url)}">{html.escape(self.tr("Get a key"))}</a>'
            )

    def set_key_state(self, location: str) -> None:
        """Where the key is: KEYRING, KEY_FILE, or none."""
        self._key_is_saved = location in (KEYRING, KEY_FILE)
        self.key_status.setText(
            {
                KEYRING: self.tr("Saved in the system keyring."),
                KEY_FILE: self.tr("Saved in a file only you can read."),
            }.get(location, self._key_missing_note)
        )
        set_style_property(self.key_status, "state", "saved" if self._key_is_saved else "")
        self.forget_key_button.setVisible(self._key_is_saved and self.key_field.isVisible())
        self.key_field.setPlaceholderText(
            self.tr("A key is saved; type a new one to replace it")
            if self._key_is_saved
            else self.tr("Paste the API key")
        )
        self.consent_panel.hide()

    def ask_file_consent(self, reason: str) -> None:
        self.key_status.setText(self.tr("Not saved yet."))
        self.consent_text.setText(self.tr(KEY_FILE_QUESTION).format(reason=reason))
        self.consent_panel.show()
        self.store_in_file_button.setFocus()

    def show_key_problem(self, message: str) -> None:
        self.consent_panel.hide()
        self.key_status.setText(message)
        set_style_property(self.key_status, "state", "error")

    def show_url_problem(self, problem: str | None) -> None:
        self.url_problem.setText(problem or "")
        self.url_problem.setVisible(bool(problem))
        self._update_test_button()

    def set_checking(self, address: str) -> None:
        self._checking = True
        self.test_button.setText(self.tr("Testing…"))
        self._update_test_button()
        self._show_result(self.tr("Connecting to {address}…").format(address=address), "busy")

    def show_check(self, check: ConnectionCheck | None) -> None:
        """The last test's outcome, or nothing (None)."""
        self._checking = False
        self.test_button.setText(self.tr("Test connection"))
        self._update_test_button()
        if check is None:
            self.check_result.hide()
            return
        self._show_result(describe_check(check), "ok" if check.ok else "error")

    def _show_result(self, text: str, state: str) -> None:
        # It may quote the server: neutralised, capped, long runs broken.
        self.check_result.setText(display_text(text, MAX_SHORT_TEXT_SHOWN_CHARS))
        set_style_property(self.check_result, "state", state)
        self.check_result.show()

    def _update_test_button(self) -> None:
        usable = base_url_problem(self.url_field.text()) is None
        self.test_button.setEnabled(usable and not self._checking)

    # -- what the user did --------------------------------------------------------------------

    @property
    def typed_key(self) -> str:
        return self.key_field.text().strip()

    def _url_changed(self, text: str) -> None:
        # Clear a stale complaint as soon as the address is fixed; a new one waits until
        # the user leaves the field (no scolding after every keystroke).
        if self.url_problem.isVisible() and base_url_problem(text) is None:
            self.show_url_problem(None)
        self._update_test_button()

    def _url_finished(self) -> None:
        if not self.url_field.isReadOnly():
            self.baseUrlEdited.emit(self.url_field.text())

    def _key_finished(self) -> None:
        key = self.typed_key
        if key:
            self.key_field.clear()
            self.key_status.setText(self.tr("Saving…"))
            self.keyEntered.emit(key)
