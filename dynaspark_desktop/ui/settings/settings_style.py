"""The look of the Settings window, light or dark like the rest of the app (its colours are
``ui.base.style``'s; the Providers page adds the providers window's own sheet). Spin boxes,
lists and ticks keep the platform's look: a sheet that touches them loses their arrows and
tick marks unless it draws its own."""

from __future__ import annotations

from dynaspark_desktop.ui.base.style import palette_colors
from dynaspark_desktop.ui.provider_setup.providers_style import providers_dialog_style

_TEMPLATE = """
#settingsWindow, #settingsPageBody, #providersPage {{ background: {window}; color: {text}; }}
#settingsPages > QScrollArea, #settingsPages > QScrollArea > #qt_scrollarea_viewport {{
    background: {window}; border: none; }}
#settingsPageList {{
    background: {sidebar}; color: {text}; border: 1px solid transparent;
    border-right: 1px solid {border}; padding: 8px 6px; outline: none; font-size: 14px; }}
#settingsPageList::item {{ padding: 8px 12px; border-radius: 7px; margin: 1px 0; }}
#settingsPageList::item:selected {{ background: {user_bubble}; color: {text}; }}
#settingsPageList::item:hover:!selected {{ background: {stopped_bg}; }}
#settingsPageTitle {{ color: {text}; font-size: 19px; font-weight: 700; padding-bottom: 8px; }}
#settingHelp, #endpointOptionNote, #dataFolderPath, #trashCount {{
    color: {muted}; font-size: 12px; }}
#trashList {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 8px;
    padding: 4px; outline: none; }}
#trashList::item {{ padding: 4px 6px; border-radius: 6px; }}
#trashList::item:selected {{ background: {user_bubble}; color: {text}; }}
#settingProblem {{ color: {error_text}; font-size: 12px; }}
#settingsPageList:focus, #trashList:focus {{ border: 1px solid {focus}; }}
#settingsPageBody QLineEdit, #settingsPageBody QPlainTextEdit {{
    background: {surface}; color: {text}; border: 1px solid {border};
    border-radius: 7px; padding: 4px 8px; }}
#settingsPageBody QLineEdit:focus, #settingsPageBody QPlainTextEdit:focus {{
    border-color: {accent}; }}
#settingsPageBody QLineEdit[invalid="true"], #settingsPageBody QPlainTextEdit[invalid="true"] {{
    border-color: {error_text}; }}
#settingsPageBody QPushButton, #settingsCloseButton {{
    background: {surface}; color: {text}; border: 1px solid {border};
    border-radius: 7px; padding: 5px 14px; }}
#settingsPageBody QPushButton:hover, #settingsCloseButton:hover {{
    border-color: {accent}; color: {accent}; }}
#settingsPageBody QPushButton:disabled {{ color: {muted}; }}
#settingsPageBody QPushButton:focus, #settingsCloseButton:focus {{
    border: 2px solid {focus}; padding: 4px 13px; }}
#endpointTestResult, #proxyTestResult, #backupResult {{
    border-radius: 8px; padding: 6px 10px; }}
#endpointTestResult[state="ok"], #proxyTestResult[state="ok"], #backupResult[state="ok"] {{
    background: {stopped_bg}; color: {text}; }}
#endpointTestResult[state="error"], #proxyTestResult[state="error"],
#backupResult[state="error"] {{
    background: {error_bg}; border: 1px solid {error_border}; color: {error_text}; }}
#endpointTestResult[state="busy"], #proxyTestResult[state="busy"],
#backupResult[state="busy"] {{ background: {stopped_bg}; color: {muted}; }}
"""


def settings_style(dark: bool | None = None) -> str:
    return _TEMPLATE.format(**palette_colors(dark)) + providers_dialog_style(dark)


def theme_is_dark(theme: str) -> bool | None:
    """The ``theme`` setting as ``palette_colors`` takes it (None: as the system is)."""
    return {"dark": True, "light": False}.get(theme)
