"""The app's look: its colours (light and dark) and the one style sheet drawn from them.

This is the one source of the app's colours; ``theme.py`` chooses which set is in use (the
``theme`` setting, or the system's scheme) and applies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QPainter, QPalette

if TYPE_CHECKING:
    from PySide6.QtGui import QColor, QRegion
    from PySide6.QtWidgets import QWidget

# The widest a conversation's turn is laid out (its text lines with it), and the composer
# under it; a wider window centres them.
MAX_READING_WIDTH = 900

_LIGHT = {
    "window": "#f7f7f9",
    "surface": "#ffffff",
    "text": "#1f2328",
    "muted": "#596070",
    "border": "#e3e5ea",
    "accent": "#6d5dfc",
    "accent_fg": "#5b4ae8",
    "accent_text": "#ffffff",
    "user_bubble": "#ebe8ff",
    "error_bg": "#fdecec",
    "error_border": "#f3b4b4",
    "error_text": "#8a1f1f",
    "stopped_bg": "#f1f2f4",
    "notice_bg": "#fff7e0",
    "notice_border": "#f2d38a",
    "drop_overlay": "rgba(109, 93, 252, 0.12)",
    "sidebar": "#f0f0f4",
    # The Stop button carries a white icon, so it is dark in both schemes.
    "stop": "#1f2328",
    # The grey of the icons (packaging/render_icons.py draws each in both schemes' grey).
    "icon": "#5f6368",
    "focus": "#6d5dfc",
    "info_bg": "#eef0f4",
    "info_border": "#d5d9e0",
    "scroll_handle": "#c3c7cf",
    "scroll_handle_hover": "#7d8490",
    "selection": "#d9d4ff",
    "link": "#5b4ae8",
    # A ring around an accent-coloured button (Send) in the text's colour.
    "focus_on_accent": "#1f2328",
}
_DARK = {
    "window": "#1b1c20",
    "surface": "#24252b",
    "text": "#e7e8ec",
    "muted": "#9ca3af",
    "border": "#33353d",
    "accent": "#6352f0",
    # Accent-coloured text and lines on the dark surfaces: lighter than the buttons' fill.
    "accent_fg": "#a89eff",
    "accent_text": "#ffffff",
    "user_bubble": "#343056",
    "error_bg": "#3a2224",
    "error_border": "#6b3338",
    "error_text": "#ffb4b4",
    "stopped_bg": "#2c2d33",
    "notice_bg": "#3a3322",
    "notice_border": "#6b5b2e",
    "drop_overlay": "rgba(139, 125, 255, 0.18)",
    "sidebar": "#18191c",
    "stop": "#4a4c56",
    "icon": "#c4c7cc",
    "focus": "#a89eff",
    "info_bg": "#2c2e36",
    "info_border": "#444754",
    "scroll_handle": "#4a4d58",
    "scroll_handle_hover": "#6b6f7d",
    "selection": "#463f86",
    "link": "#a89eff",
    "focus_on_accent": "#e7e8ec",
}

_TEMPLATE = """
QMainWindow {{ background: {window}; }}
#headerBar {{ background: {surface}; border-bottom: 1px solid {border}; }}
#appTitle {{ font-size: 15px; font-weight: 600; color: {text}; }}
#modelLabel {{ color: {muted}; }}
#systemPromptChip {{
    color: {accent_fg}; border: 1px solid {border}; border-radius: 10px; padding: 2px 10px;
    margin-right: 8px; font-size: 12px; }}
#systemPromptChip:hover {{ border-color: {accent_fg}; }}
#rateLimitLabel {{ color: {muted}; font-size: 12px; padding-right: 8px; }}
#modelPicker {{ padding: 4px 8px; }}
/* The window's background shows through the transcript: painting it again in each layer
   (frame, scroll area, viewport, column) cost a third of every transcript repaint. */
#transcript, #transcriptScroll, #transcriptScroll > QWidget, #transcriptContent {{
    background: transparent; }}
/* Tab reaches the conversation (the arrows and Page Up/Down scroll it): a ring says so. */
#transcriptScroll {{ border: 1px solid transparent; }}
#transcriptScroll:focus {{ border-color: {focus}; }}
#emptyStateTitle, #emptyStateText {{
    qproperty-textFormat: PlainText; qproperty-alignment: AlignCenter; }}
#emptyStateTitle {{ color: {muted}; font-size: 22px; font-weight: 700; }}
#emptyStateText {{ color: {muted}; font-size: 14px; }}
#userBubble {{ background: {user_bubble}; border-radius: 14px; border: 2px solid transparent; }}
#userBubble[highlighted="true"] {{ border-color: {accent_fg}; }}
#answerBlock {{ background: {surface}; border: 1px solid {border}; border-radius: 12px; }}
#answerHeader {{ color: {muted}; font-size: 12px; font-weight: 600; }}
#fallbackNote {{ color: {muted}; font-size: 12px; font-style: italic; }}
#errorFrame[kind="error"] {{
    background: {error_bg}; border: 1px solid {error_border}; border-radius: 8px; }}
#errorFrame[kind="error"] #errorText {{ color: {error_text}; }}
#errorFrame[kind="stopped"] {{ background: {stopped_bg}; border-radius: 8px; }}
#errorFrame[kind="stopped"] #errorText {{ color: {muted}; }}
#retryButton, #tryOtherButton {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 7px;
    padding: 4px 14px; font-weight: 600; }}
#retryButton:hover, #tryOtherButton:hover {{ border-color: {accent_fg}; color: {accent_fg}; }}
#composerArea {{ background: {surface}; border-top: 1px solid {border}; }}
#composerFrame {{ background: {window}; border: 1px solid {border}; border-radius: 12px; }}
#composer {{ background: transparent; color: {text}; font-size: 14px; }}
#sendButton, #stopButton {{
    background: {accent}; color: {accent_text}; border: none; border-radius: 9px;
    padding: 7px 16px; font-weight: 600; }}
#sendButton:disabled {{ background: {border}; color: {muted}; }}
#stopButton {{ background: {stop}; color: #ffffff; }}
#attachButton {{ border: none; border-radius: 9px; padding: 6px; }}
#attachButton:hover {{ background: {border}; }}
#attachmentTray {{ background: {window}; border: 1px solid {border}; border-radius: 10px; }}
#attachmentName {{ font-weight: 600; color: {text}; }}
#attachmentDetail {{ color: {muted}; font-size: 12px; }}
#attachmentChips, #attachmentChipRow, #attachmentChip {{ background: transparent; border: none; }}
#attachmentNote {{ color: {text}; font-size: 12px; }}
#attachmentThumbnail:focus {{ border: 2px solid {accent_fg}; border-radius: 4px; }}
#documentChip {{ background: {window}; border: 1px solid {border}; border-radius: 10px; }}
#questionDocuments {{ color: {muted}; font-size: 12px; }}
#documentBadge {{ color: {muted}; font-size: 11px; font-weight: 700; }}
#noticeBar {{ background: {notice_bg}; border: 1px solid {notice_border}; border-radius: 8px; }}
#noticeBar[level="error"] {{ background: {error_bg}; border-color: {error_border}; }}
#noticeBar[level="info"], #noticeBar[level="progress"] {{
    background: {info_bg}; border-color: {info_border}; }}
#noticeText {{ color: {text}; }}
#sidebarSlot {{ background: {sidebar}; border-right: 1px solid {border}; }}
#sidebar {{ background: transparent; }}
#newChatButton {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 9px;
    padding: 7px 12px; font-weight: 600; text-align: left; }}
#newChatButton:hover {{ border-color: {accent_fg}; color: {accent_fg}; }}
#searchField {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 9px;
    padding: 5px 6px; }}
#searchField:focus {{ border-color: {accent_fg}; }}
#conversationList, #searchResults, #sidebarStack {{ background: transparent; border: none; }}
#sidebarStatus {{ color: {muted}; padding: 16px; }}
#renameEditor {{ border: 1px solid {accent}; border-radius: 6px; padding: 2px 4px; }}
#headerButton {{ border: none; border-radius: 8px; padding: 5px; }}
#headerButton:hover {{ background: {border}; }}
#headerButton::menu-indicator {{ image: none; width: 0; }}
#jumpToLatest {{
    background: {surface}; color: {accent_fg}; border: 1px solid {border}; border-radius: 14px;
    padding: 5px 14px; font-weight: 600; }}
#jumpToLatest:hover {{ border-color: {accent_fg}; }}
#answerActionButton {{ color: {muted}; border: none; border-radius: 6px; padding: 2px 8px; }}
#answerActionButton:hover {{ background: {border}; color: {text}; }}
#answerVersionButton {{
    color: {muted}; border: none; border-radius: 6px; padding: 0 6px; font-size: 15px;
    font-weight: 600; }}
#answerVersionButton:hover {{ background: {border}; color: {text}; }}
#answerVersionButton:disabled {{ color: {border}; }}
#answerVersionPosition {{ color: {muted}; font-size: 12px; font-weight: 600; }}
#comparePane {{ background: {surface}; border: 1px solid {border}; border-radius: 12px; }}
#comparePane[chosen="true"] {{ border: 2px solid {accent_fg}; }}
#compareModelName {{ color: {text}; font-weight: 700; }}
#compareStatus {{ color: {muted}; font-size: 12px; }}
#compareQuestion {{ color: {text}; }}
#compareAddButton::menu-indicator {{ image: none; width: 0; }}
#compareTitle {{ color: {text}; font-size: 15px; font-weight: 700; }}
#compareNote {{ color: {muted}; font-style: italic; }}
#compareNote[kind="error"] {{ color: {error_text}; font-style: normal; }}
#compareScroll, #compareColumns {{ background: transparent; border: none; }}
#compareContinueButton, #compareStopButton, #compareCloseButton, #compareAddButton,
#compareBarClose {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 7px;
    padding: 4px 12px; font-weight: 600; }}
#compareContinueButton {{ color: {accent_fg}; }}
#compareContinueButton:hover, #compareStopButton:hover, #compareCloseButton:hover,
#compareAddButton:hover, #compareBarClose:hover {{ border-color: {accent_fg}; color: {accent_fg}; }}
#compareContinueButton:disabled {{ color: {muted}; }}
#compareButton {{ border: none; border-radius: 9px; padding: 6px 8px; color: {muted};
    font-weight: 600; }}
#compareButton:hover {{ background: {border}; color: {text}; }}
#compareButton:checked {{ background: {user_bubble}; color: {accent_fg}; }}
#compareBar {{ background: {window}; border: 1px solid {border}; border-radius: 10px; }}
#compareBarLabel {{ color: {muted}; font-weight: 600; }}
#compareChip {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 11px;
    padding: 2px 10px; }}
#compareChip:hover {{ border-color: {error_border}; color: {error_text}; }}
#noticeActionButton {{
    background: {surface}; color: {accent_fg}; border: 1px solid {border}; border-radius: 7px;
    padding: 3px 12px; font-weight: 600; }}
QMenu {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 8px;
    padding: 4px; }}
QMenu::item {{ padding: 6px 22px 6px 14px; border-radius: 6px; }}
QMenu::item:selected {{ background: {selection}; color: {text}; }}
QMenu::item:disabled {{ color: {muted}; }}
QMenu::separator {{ height: 1px; background: {border}; margin: 4px 8px; }}
/* The composer's /name popup (widgets/prompt_completer.py): drawn as the menus are. */
#promptCompleter {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 8px;
    padding: 4px; outline: none; }}
#promptCompleter::item {{ padding: 5px 10px; border-radius: 6px; }}
#promptCompleter::item:selected {{ background: {selection}; color: {text}; }}
/* Plain buttons in dialogs: no floppy disk or red cross, whatever the desktop's theme. */
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QToolTip {{ background: {surface}; color: {text}; border: 1px solid {border}; padding: 4px; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; border: none; }}
QScrollBar::handle:vertical {{
    background: {scroll_handle}; min-height: 32px; border-radius: 4px; margin: 2px 3px; }}
QScrollBar::handle:horizontal {{
    background: {scroll_handle}; min-width: 32px; border-radius: 4px; margin: 3px 2px; }}
QScrollBar::handle:hover {{ background: {scroll_handle_hover}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
/* Focus rings: every control the keyboard reaches shows where it is, in both schemes. */
QToolButton:focus, QPushButton:focus, QComboBox:focus, QCheckBox:focus,
#headerButton:focus, #attachButton:focus, #answerActionButton:focus,
#answerVersionButton:focus, #retryButton:focus, #tryOtherButton:focus,
#noticeActionButton:focus, #newChatButton:focus, #jumpToLatest:focus,
#systemPromptChip:focus, #compareButton:focus, #compareChip:focus,
#compareContinueButton:focus, #compareStopButton:focus, #compareCloseButton:focus,
#compareAddButton:focus, #compareBarClose:focus {{ border: 2px solid {focus}; }}
#sendButton:focus, #stopButton:focus {{ border: 2px solid {focus_on_accent}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus,
QDoubleSpinBox:focus {{ border: 2px solid {focus}; }}
#composer:focus {{ border: none; }}
QListView:focus, QTreeView:focus, #conversationList:focus, #searchResults:focus {{
    border: 1px solid {focus}; }}
#dropOverlay {{
    background: {drop_overlay}; border: 2px dashed {accent}; border-radius: 16px;
    color: {accent_fg}; font-size: 18px; font-weight: 600; }}
"""


# The scheme in use, once theme.py has chosen one (None: as the system is set).
_chosen_dark: bool | None = None


def system_prefers_dark() -> bool:
    # Read from the palette, which follows the system's light or dark setting, rather than
    # styleHints().colorScheme(): that returns a Qt enum, and the first Qt enum touched
    # makes PySide6 build the whole namespace's enums (~15 ms) before the first paint.
    # (Only meaningful before theme.py sets the app's own palette.)
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def use_dark(dark: bool | None) -> None:
    """Record the scheme in use (theme.py; None: as the system is set)."""
    global _chosen_dark
    _chosen_dark = dark


def is_dark() -> bool:
    """Whether the dark colours are in use."""
    return system_prefers_dark() if _chosen_dark is None else _chosen_dark


def color_scheme() -> str:
    """ "dark" or "light": the scheme rendered answers (core/markdown) are drawn in."""
    return "dark" if is_dark() else "light"


def palette_colors(dark: bool | None = None) -> dict[str, str]:
    """The app's colours, light or dark (None: those in use)."""
    return dict(_DARK if (is_dark() if dark is None else dark) else _LIGHT)


def style_sheet(dark: bool | None = None) -> str:
    return _TEMPLATE.format(**palette_colors(dark))


def qt_palette(dark: bool | None = None) -> QPalette:
    """A QPalette of the app's colours: what the style sheet does not reach (dialogs, file
    dialogs, menus of plain widgets, text fields) is drawn in the same scheme."""
    from PySide6.QtGui import QColor

    colors = palette_colors(dark)
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    for name, key in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "surface"),
        (role.AlternateBase, "window"),
        (role.Text, "text"),
        (role.Button, "surface"),
        (role.ButtonText, "text"),
        (role.ToolTipBase, "surface"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "accent"),
        (role.HighlightedText, "accent_text"),
        (role.Link, "link"),
        (role.LinkVisited, "link"),
        (role.Mid, "border"),
        (role.Midlight, "border"),
        (role.Light, "surface"),
        (role.Dark, "border"),
        (role.Shadow, "border"),
        (role.BrightText, "accent_text"),
    ):
        palette.setColor(name, QColor(colors[key]))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, name, QColor(colors["muted"]))
    return palette


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on (``#id[name="value"]``): the widget only
    takes the matching rules after a re-polish."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fill_region(widget: QWidget, region: QRegion, color: QColor) -> None:
    """Fill ``region`` of ``widget`` (in a paint event) with ``color``: its rectangles, not
    its bounding box, since Qt leaves out of a paint region what opaque children cover."""
    painter = QPainter(widget)
    for rect in region:
        painter.fillRect(rect, color)
    painter.end()
