"""The look of "Models and providers", light or dark like the rest of the app.

Kept apart from ``ui.base.style`` (the main window's sheet): the dialog sets this sheet on itself,
so its rules apply to it alone. The colours match the main window's palette. Check boxes and
the model picker keep the platform's look: a sheet that touches them loses their tick mark
and drop-down arrow unless it draws its own images.
"""

from __future__ import annotations

from dynaspark_desktop.ui.base.style import palette_colors, system_prefers_dark

# Colours the dialog needs beyond the app's palette (ui.base.style), which it shares.
_EXTRA_LIGHT = {
    "field_border": "#d5d8df",
    "accent_hover": "#5b4be8",
    "ok_bg": "#e9f7ef",
    "ok_border": "#a9dcbd",
    "ok_text": "#1d6b3b",
}
_EXTRA_DARK = {
    "field_border": "#43464f",
    "accent_hover": "#9d91ff",
    "ok_bg": "#1f3328",
    "ok_border": "#2f5a40",
    "ok_text": "#9fe0b5",
}

_TEMPLATE = """
#providersDialog {{ background: {window}; color: {text}; }}
#providersTabs::pane {{ border: none; }}
#providersTabs QTabBar::tab {{
    background: transparent; color: {muted}; padding: 6px 14px; margin-right: 4px;
    border: none; border-bottom: 2px solid transparent; font-weight: 600; }}
#providersTabs QTabBar::tab:selected {{ color: {text}; border-bottom-color: {accent_fg}; }}
#providerList, #fallbackList {{
    background: {surface}; border: 1px solid {border}; border-radius: 10px; padding: 4px;
    outline: none; }}
#providerList::item {{ border-radius: 7px; margin: 1px 2px; }}
#providerList::item:selected, #fallbackList::item:selected {{
    background: {selected}; color: {text}; }}
#providerList::item:hover:!selected {{ background: {window}; }}
#fallbackList::item {{ padding: 6px 8px; border-radius: 6px; }}
#listSection {{
    color: {muted}; font-size: 11px; font-weight: 700; padding: 8px 10px 0 10px; }}
#listHint {{ color: {muted}; font-size: 12px; padding: 2px 10px; }}
#providerRow, #providerRow QLabel {{ background: transparent; }}
#providerRowTitle {{ color: {text}; font-weight: 600; }}
#providerRowDetail {{ color: {muted}; font-size: 12px; }}
#providerForm {{ background: {surface}; border: 1px solid {border}; border-radius: 10px; }}
#providerForm QLabel, #fallbackPage QLabel {{ background: transparent; }}
#providerTitle {{ color: {text}; font-size: 19px; font-weight: 700; }}
#providerSubtitle, #providerNote, #pageHint {{ color: {muted}; font-size: 12px; }}
#pageHeading {{ color: {text}; font-size: 14px; font-weight: 700; }}
#providerForm QLineEdit, #proxyField {{
    background: {surface}; color: {text}; border: 1px solid {field_border};
    border-radius: 7px; padding: 5px 8px; }}
#providerForm QLineEdit:focus, #proxyField:focus {{ border-color: {accent_fg}; }}
#providerForm QLineEdit[readOnly="true"] {{ background: {window}; color: {muted}; }}
#fieldProblem {{ color: {error_text}; font-size: 12px; }}
#keyStatus {{ color: {muted}; font-size: 12px; }}
#keyStatus[state="saved"] {{ color: {ok_text}; }}
#keyStatus[state="error"] {{ color: {error_text}; }}
#keyHelpLink {{ font-size: 12px; }}
#keyFileConsent {{
    background: {notice_bg}; border: 1px solid {notice_border}; border-radius: 8px; }}
#keyFileConsentText {{ color: {text}; }}
#checkResult {{ border-radius: 8px; padding: 8px 10px; }}
#checkResult[state="ok"] {{
    background: {ok_bg}; border: 1px solid {ok_border}; color: {ok_text}; }}
#checkResult[state="error"] {{
    background: {error_bg}; border: 1px solid {error_border}; color: {error_text}; }}
#checkResult[state="busy"] {{ background: {busy_bg}; color: {muted}; }}
#providersPanel QPushButton {{
    background: {surface}; color: {text}; border: 1px solid {field_border};
    border-radius: 7px; padding: 5px 14px; }}
#providersPanel QPushButton:hover {{ border-color: {accent_fg}; color: {accent_fg}; }}
#providersPanel QPushButton:disabled {{ color: {muted}; border-color: {border}; }}
#providersPanel #testConnectionButton, #providersPanel #allowFile {{
    background: {accent}; color: {accent_text}; border: none; font-weight: 600; }}
#providersPanel #testConnectionButton:hover, #providersPanel #allowFile:hover {{
    background: {accent_hover}; color: {accent_text}; }}
#providersPanel #testConnectionButton:disabled {{ background: {border}; color: {muted}; }}
#providersPanel QPushButton:focus {{ border: 2px solid {focus}; padding: 4px 13px; }}
#providersPanel #testConnectionButton:focus, #providersPanel #allowFile:focus {{
    border: 2px solid {focus_on_accent}; padding: 3px 12px; }}
#providerList:focus, #fallbackList:focus {{ border-color: {focus}; }}
#providersTabs QTabBar::tab:focus {{
    color: {text}; border: 2px solid {focus}; border-radius: 6px; padding: 4px 12px; }}
#addProviderButton::menu-indicator {{ subcontrol-position: right center; right: 8px; }}
#addProviderButton {{ padding-right: 24px; }}
"""


def providers_dialog_style(dark: bool | None = None) -> str:
    dark = system_prefers_dark() if dark is None else dark
    colors = palette_colors(dark)
    colors.update(_EXTRA_DARK if dark else _EXTRA_LIGHT)
    # A selected server row and a running test use the tints of the user's bubble and of a
    # stopped answer.
    colors["selected"] = colors["user_bubble"]
    colors["busy_bg"] = colors["stopped_bg"]
    return _TEMPLATE.format(**colors)
