"""The app's look: one style sheet, in a light and a dark variant that follow the system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QPainter, QPalette

if TYPE_CHECKING:
    from PySide6.QtGui import QColor, QRegion
    from PySide6.QtWidgets import QWidget

_LIGHT = {
    "window": "#f7f7f9",
    "surface": "#ffffff",
    "text": "#1f2328",
    "muted": "#6b7280",
    "border": "#e3e5ea",
    "accent": "#6d5dfc",
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
}
_DARK = {
    "window": "#1b1c20",
    "surface": "#24252b",
    "text": "#e7e8ec",
    "muted": "#9ca3af",
    "border": "#33353d",
    "accent": "#8b7dff",
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
}

_TEMPLATE = """
QMainWindow {{ background: {window}; }}
#headerBar {{ background: {surface}; border-bottom: 1px solid {border}; }}
#appTitle {{ font-size: 15px; font-weight: 600; color: {text}; }}
#modelLabel {{ color: {muted}; }}
#systemPromptChip {{
    color: {accent}; border: 1px solid {border}; border-radius: 10px; padding: 2px 10px;
    margin-right: 8px; font-size: 12px; }}
#systemPromptChip:hover {{ border-color: {accent}; }}
#rateLimitLabel {{ color: {muted}; font-size: 12px; padding-right: 8px; }}
#modelPicker {{ min-width: 210px; padding: 4px 8px; }}
/* The window's background shows through the transcript: painting it again in each layer
   (frame, scroll area, viewport, column) cost a third of every transcript repaint. */
#transcript, #transcriptScroll, #transcriptScroll > QWidget, #transcriptContent {{
    background: transparent; }}
#emptyStateTitle, #emptyStateText {{
    qproperty-textFormat: PlainText; qproperty-alignment: AlignCenter; }}
#emptyStateTitle {{ color: {muted}; font-size: 22px; font-weight: 700; }}
#emptyStateText {{ color: {muted}; font-size: 14px; }}
#userBubble {{ background: {user_bubble}; border-radius: 14px; border: 2px solid transparent; }}
#userBubble[highlighted="true"] {{ border-color: {accent}; }}
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
#retryButton:hover, #tryOtherButton:hover {{ border-color: {accent}; color: {accent}; }}
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
#noticeBar {{ background: {notice_bg}; border: 1px solid {notice_border}; border-radius: 8px; }}
#noticeBar[level="error"] {{ background: {error_bg}; border-color: {error_border}; }}
#noticeText {{ color: {text}; }}
#sidebarSlot {{ background: {sidebar}; border-right: 1px solid {border}; }}
#sidebar {{ background: transparent; }}
#newChatButton {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 9px;
    padding: 7px 12px; font-weight: 600; text-align: left; }}
#newChatButton:hover {{ border-color: {accent}; color: {accent}; }}
#searchField {{
    background: {surface}; color: {text}; border: 1px solid {border}; border-radius: 9px;
    padding: 5px 6px; }}
#searchField:focus {{ border-color: {accent}; }}
#conversationList, #searchResults, #sidebarStack {{ background: transparent; border: none; }}
#sidebarStatus {{ color: {muted}; padding: 16px; }}
#renameEditor {{ border: 1px solid {accent}; border-radius: 6px; padding: 2px 4px; }}
#headerButton {{ border: none; border-radius: 8px; padding: 5px; }}
#headerButton:hover {{ background: {border}; }}
#headerButton::menu-indicator {{ image: none; width: 0; }}
#jumpToLatest {{
    background: {surface}; color: {accent}; border: 1px solid {border}; border-radius: 14px;
    padding: 5px 14px; font-weight: 600; }}
#jumpToLatest:hover {{ border-color: {accent}; }}
#answerActionButton {{ color: {muted}; border: none; border-radius: 6px; padding: 2px 8px; }}
#answerActionButton:hover {{ background: {border}; color: {text}; }}
#answerVersionButton {{
    color: {muted}; border: none; border-radius: 6px; padding: 0 6px; font-size: 15px;
    font-weight: 600; }}
#answerVersionButton:hover {{ background: {border}; color: {text}; }}
#answerVersionButton:disabled {{ color: {border}; }}
#answerVersionPosition {{ color: {muted}; font-size: 12px; font-weight: 600; }}
#noticeActionButton {{
    background: {surface}; color: {accent}; border: 1px solid {border}; border-radius: 7px;
    padding: 3px 12px; font-weight: 600; }}
#dropOverlay {{
    background: {drop_overlay}; border: 2px dashed {accent}; border-radius: 16px;
    color: {accent}; font-size: 18px; font-weight: 600; }}
"""


def system_prefers_dark() -> bool:
    # Read from the palette, which follows the system's light or dark setting, rather than
    # styleHints().colorScheme(): that returns a Qt enum, and the first Qt enum touched
    # makes PySide6 build the whole namespace's enums (~15 ms) before the first paint.
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def palette_colors(dark: bool | None = None) -> dict[str, str]:
    """The app's colours, light or dark (None: as the system is set)."""
    return dict(_DARK if (system_prefers_dark() if dark is None else dark) else _LIGHT)


def style_sheet(dark: bool | None = None) -> str:
    return _TEMPLATE.format(**palette_colors(dark))


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
