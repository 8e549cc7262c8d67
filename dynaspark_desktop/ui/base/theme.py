"""Which colours are in use: the ``theme`` setting (system, light or dark) and, while it is
"system", the system's own scheme, both followed live.

The colours themselves are in ``style.py``; here one is chosen and applied: the
application's palette (dialogs, file dialogs, menus, text fields), the icons, and a
``changed`` signal for what draws in the scheme's colours itself (the window's style
sheet and background, rendered answers, the model list).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from dynaspark_desktop.ui.base.icons import refresh_icons
from dynaspark_desktop.ui.base.style import qt_palette, system_prefers_dark, use_dark

log = logging.getLogger(__name__)

THEME_CHOICES = ("system", "light", "dark")


class Theme(QObject):
    """The scheme in use; ``changed`` after another one has been applied."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Read while the application's palette is still the system's (ours replaces it).
        self._system_dark = system_prefers_dark()
        self._choice = "system"
        self._dark: bool | None = None
        self._following_system = False

    @property
    def dark(self) -> bool:
        return self._dark if self._dark is not None else self._system_dark

    @property
    def choice(self) -> str:
        return self._choice

    def set_choice(self, choice: str) -> None:
        """Use ``choice`` (a value of the ``theme`` setting); an unknown one is "system"."""
        self._choice = choice if choice in THEME_CHOICES else "system"
        self._apply()

    def follow_system(self) -> None:
        """Follow the system's scheme from now on (after the first paint: the signal's
        argument is a Qt enum, and the first one touched costs start-up ~15 ms)."""
        if self._following_system:
            return
        self._following_system = True
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self._system_scheme_changed(hints.colorScheme())

    def _system_scheme_changed(self, scheme: object) -> None:
        from PySide6.QtCore import Qt

        if scheme == Qt.ColorScheme.Unknown:
            return  # the system does not say: keep what its palette said at start-up
        self._system_dark = scheme == Qt.ColorScheme.Dark
        self._apply()

    def _apply(self) -> None:
        dark = self._system_dark if self._choice == "system" else self._choice == "dark"
        if dark == self._dark:
            return
        self._dark = dark
        use_dark(dark)
        QGuiApplication.setPalette(qt_palette(dark))
        refresh_icons()
        log.info("Colours: %s (theme setting %r)", "dark" if dark else "light", self._choice)
        self.changed.emit()


_theme: Theme | None = None


def app_theme() -> Theme:
    """The application's one Theme (made on first use, after QApplication exists)."""
    global _theme
    if _theme is None:
        _theme = Theme(QGuiApplication.instance())
    return _theme
