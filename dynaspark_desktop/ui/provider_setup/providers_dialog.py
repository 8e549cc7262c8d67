"""The "Models and providers" window: the providers panel (``providers_panel``) with a Close
button.

Non-modal: the main window keeps one and calls :meth:`ProvidersDialog.present` to show it.
The panel may be shared with the Settings window's Providers page (one panel, one set-up
controller): showing it here takes it back. What the panel offers is reached through the
dialog as if it were its own (``dialog.form``, ``dialog.keysChanged``, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dynaspark_desktop.providers.base import SessionFactory
from dynaspark_desktop.ui.provider_setup.providers_panel import ProvidersPanel
from dynaspark_desktop.ui.provider_setup.providers_style import providers_dialog_style

if TYPE_CHECKING:
    from dynaspark_desktop.core.secrets import SecretStore
    from dynaspark_desktop.core.settings import Settings


class ProvidersDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        session_factory: SessionFactory | None = None,
        parent: QWidget | None = None,
        *,
        panel: ProvidersPanel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("providersDialog")
        self.setWindowTitle(self.tr("Models and providers"))
        self.setModal(False)
        self.setStyleSheet(providers_dialog_style())
        self.resize(860, 580)
        self.panel = panel or ProvidersPanel(settings, secret_store, session_factory)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(14, 14, 14, 12)
        closing = QHBoxLayout()
        closing.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"), objectName="closeDialogButton")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        closing.addWidget(self.close_button)
        self._outer.addLayout(closing)
        self.adopt_panel()

    def __getattr__(self, name: str) -> Any:
        # Only for names the dialog does not have: the panel's parts and signals.
        if name == "panel":
            raise AttributeError(name)
        return getattr(self.panel, name)

    def adopt_panel(self) -> None:
        """Take the panel back (the Settings window may have shown it meanwhile)."""
        if self.panel.parentWidget() is not self:
            self._outer.insertWidget(0, self.panel, 1)
            self.panel.show()

    def present(self) -> None:
        """Show the dialog (or bring it forward), with the keys' places read afresh."""
        self.adopt_panel()
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.refresh_key_states()
