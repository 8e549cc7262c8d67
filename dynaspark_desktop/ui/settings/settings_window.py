"""The Settings window: a list of pages on the left (General, Chat, Connections, Providers,
Data), the chosen page on the right. Non-modal, opened with ``open()``-like ``present()``;
every change applies at once, so it has only a Close button.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.settings.data_page import DataPage
from dynaspark_desktop.ui.settings.pages import ChatPage, ConnectionsPage, GeneralPage
from dynaspark_desktop.ui.settings.settings_style import settings_style, theme_is_dark

if TYPE_CHECKING:
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.provider_setup.providers_panel import ProvidersPanel

PAGES = ("general", "chat", "connections", "providers", "data")


class SettingsWindow(QDialog):
    def __init__(
        self,
        settings: Settings,
        *,
        data_dir: Path,
        history: HistoryController,
        providers_panel: ProvidersPanel | None,
        models: list[tuple[str, str]],
        model: str,
        default_endpoint: str,
        default_api: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsWindow")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setModal(False)
        self.resize(900, 620)
        self.settings = settings
        self.providers_panel = providers_panel
        self.page_list = QListWidget(objectName="settingsPageList")
        self.page_list.setAccessibleName(self.tr("Settings pages"))
        self.page_list.setFixedWidth(150)
        self.stack = QStackedWidget(objectName="settingsPages")
        self.general = GeneralPage(settings)
        self.chat = ChatPage(settings, models, model)
        self.connections = ConnectionsPage(settings, default_endpoint, default_api)
        self.providers = QWidget(objectName="providersPage")
        self._providers_layout = QVBoxLayout(self.providers)
        self._providers_layout.setContentsMargins(16, 16, 16, 8)
        # Scrolled rather than widening the window: the panel needs more than 600 px.
        providers_scroll = QScrollArea(objectName="providersScroll")
        providers_scroll.setWidgetResizable(True)
        providers_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        providers_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its controls
        providers_scroll.setWidget(self.providers)
        self.data = DataPage(data_dir, history)
        titles = (
            self.tr("General"),
            self.tr("Chat"),
            self.tr("Connections"),
            self.tr("Providers"),
            self.tr("Data"),
        )
        pages = (self.general, self.chat, self.connections, providers_scroll, self.data)
        for title, page in zip(titles, pages, strict=True):
            self.page_list.addItem(title)
            self.stack.addWidget(page)
        self.page_list.currentRowChanged.connect(self._page_chosen)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 10)
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addWidget(self.page_list)
        row.addWidget(self.stack, 1)
        outer.addLayout(row, 1)
        closing = QHBoxLayout()
        closing.setContentsMargins(0, 0, 14, 0)
        closing.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"), objectName="settingsCloseButton")
        self.close_button.setAccessibleName(self.tr("Close the settings"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        closing.addWidget(self.close_button)
        outer.addLayout(closing)
        self._restyle()
        end = settings.changed.connect("theme", lambda *_: self._restyle())
        self.destroyed.connect(lambda *_: end())
        self.page_list.setCurrentRow(0)

    def _restyle(self) -> None:
        self.setStyleSheet(settings_style(theme_is_dark(self.settings.get("theme"))))

    def show_page(self, name: str) -> None:
        """Show the page called ``name`` (one of PAGES)."""
        row = PAGES.index(name)
        if self.page_list.currentRow() == row:
            self._page_chosen(row)  # shown again: the providers panel may have left
        else:
            self.page_list.setCurrentRow(row)

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if PAGES[row] == "providers":
            self.adopt_providers_panel()
        elif PAGES[row] == "data":
            self.data.show_trash()

    def adopt_providers_panel(self) -> None:
        """Show the providers panel here (the providers window gives it up meanwhile)."""
        panel = self.providers_panel
        if panel is None or panel.parentWidget() is self.providers:
            return
        window = panel.window()
        if window is not self and isinstance(window, QDialog):
            window.hide()  # the "Models and providers" window, now without its content
        self._providers_layout.addWidget(panel, 1)
        panel.show()
        panel.refresh_key_states()

    def present(self, page: str | None = None) -> None:
        if page is not None:
            self.show_page(page)
        elif self.current_page() == "providers":
            self.adopt_providers_panel()
        self.show()
        from PySide6.QtWidgets import QApplication

        # Off screen (tests, screenshots) there is nothing to raise, and Qt warns if asked.
        if QApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()
        self.activateWindow()
