"""The app's keyboard shortcuts: ONE table, from which the window binds its keys
(``window_keys.WindowKeys``), the "Keyboard shortcuts" sheet is written
(``shortcuts_sheet``) and the README's list is checked (``tests/ui/test_keyboard.py``).

A row names its keys as Qt's portable key sequences ("Ctrl+N"); its description is marked
for translation here and translated where it is shown. The rows the composer handles itself
(Enter sends, Shift+Enter starts a line) are listed with ``bound=False``: the sheet shows
them, the window binds nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from dynaspark_desktop.core.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Shortcuts"  # the translation context of the descriptions and group names


@dataclass(frozen=True)
class Shortcut:
    id: str  # the action's objectName is ``id + "Action"``
    keys: tuple[str, ...]  # portable key sequences; the first is the one shown first
    description: str  # English, marked for translation: translate(CONTEXT, description)
    group: str  # English, marked for translation too
    bound: bool = True  # False: handled by the widget with the focus (the composer)
    application_wide: bool = False  # works in every window of the app, not only the main one


_CHATS = QT_TRANSLATE_NOOP("Shortcuts", "Conversations")
_WRITING = QT_TRANSLATE_NOOP("Shortcuts", "Writing")
_ANSWERS = QT_TRANSLATE_NOOP("Shortcuts", "Answers")
_WINDOW = QT_TRANSLATE_NOOP("Shortcuts", "Window")

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("newChat", ("Ctrl+N",), QT_TRANSLATE_NOOP("Shortcuts", "New chat"), _CHATS),
    Shortcut("search", ("Ctrl+F",), QT_TRANSLATE_NOOP("Shortcuts", "Search all messages"), _CHATS),
    Shortcut(
        "toggleSidebar",
        ("Ctrl+B",),
        QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the conversations"),
        _CHATS,
    ),
    Shortcut(
        "focusComposer",
        ("Ctrl+L",),
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the message box"),
        _WRITING,
    ),
    Shortcut(
        "focusModelPicker",
        ("Ctrl+M",),
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the model picker; again: the next model"),
        _WRITING,
    ),
    Shortcut(
        "attach",
        ("Ctrl+O",),
        QT_TRANSLATE_NOOP("Shortcuts", "Attach images or documents"),
        _WRITING,
    ),
    Shortcut(
        "prompts", ("Ctrl+P",), QT_TRANSLATE_NOOP("Shortcuts", "Insert a saved prompt"), _WRITING
    ),
    Shortcut(
        "compare",
        ("Ctrl+Shift+K",),
        QT_TRANSLATE_NOOP("Shortcuts", "Compare models: ask several at once, or stop comparing"),
        _WRITING,
    ),
    Shortcut(
        "paste", ("Ctrl+V",), QT_TRANSLATE_NOOP("Shortcuts", "Paste an image or text"), _WRITING
    ),
    Shortcut(
        "askAboutScreen",
        ("Ctrl+Shift+S",),
        QT_TRANSLATE_NOOP("Shortcuts", "Ask about the screen: attach a region of it"),
        _WRITING,
    ),
    # The composer's keys: which one sends follows the send_key setting (see shown_keys).
    Shortcut(
        "send", ("Enter",), QT_TRANSLATE_NOOP("Shortcuts", "Send the message"), _WRITING, False
    ),
    Shortcut(
        "newLine", ("Shift+Enter",), QT_TRANSLATE_NOOP("Shortcuts", "New line"), _WRITING, False
    ),
    Shortcut(
        "stop",
        ("Esc",),
        QT_TRANSLATE_NOOP("Shortcuts", "Stop the answer, or cancel editing a question"),
        _ANSWERS,
    ),
    Shortcut(
        "regenerate",
        ("Ctrl+R",),
        QT_TRANSLATE_NOOP("Shortcuts", "Regenerate the last answer"),
        _ANSWERS,
    ),
    Shortcut(
        "editLastQuestion",
        ("Ctrl+E",),
        QT_TRANSLATE_NOOP("Shortcuts", "Edit the last question"),
        _ANSWERS,
    ),
    Shortcut(
        "copyLastAnswer",
        ("Ctrl+Shift+C",),
        QT_TRANSLATE_NOOP("Shortcuts", "Copy the last answer"),
        _ANSWERS,
    ),
    Shortcut("settings", ("Ctrl+,",), QT_TRANSLATE_NOOP("Shortcuts", "Settings"), _WINDOW),
    Shortcut(
        "zoomIn", ("Ctrl++", "Ctrl+="), QT_TRANSLATE_NOOP("Shortcuts", "Larger text"), _WINDOW
    ),
    Shortcut("zoomOut", ("Ctrl+-",), QT_TRANSLATE_NOOP("Shortcuts", "Smaller text"), _WINDOW),
    Shortcut("zoomReset", ("Ctrl+0",), QT_TRANSLATE_NOOP("Shortcuts", "Text at 100%"), _WINDOW),
    Shortcut(
        "shortcuts",
        ("F1", "Ctrl+/"),
        QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts"),
        _WINDOW,
    ),
    Shortcut("quit", ("Ctrl+Q",), QT_TRANSLATE_NOOP("Shortcuts", "Quit"), _WINDOW, True, True),
)

SEND_KEYS = {"enter": ("Enter",), "ctrl_enter": ("Ctrl+Enter",)}
NEW_LINE_KEYS = {"enter": ("Shift+Enter",), "ctrl_enter": ("Enter", "Shift+Enter")}


def shortcut(shortcut_id: str) -> Shortcut:
    return next(row for row in SHORTCUTS if row.id == shortcut_id)


def shown_keys(row: Shortcut, send_key: str = "enter") -> tuple[str, ...]:
    """The keys to show for ``row``: Send's and New line's follow the ``send_key`` setting."""
    if row.id == "send":
        return SEND_KEYS.get(send_key, row.keys)
    if row.id == "newLine":
        return NEW_LINE_KEYS.get(send_key, row.keys)
    return row.keys


def key_text(keys: tuple[str, ...]) -> str:
    """Keys as the platform writes them ("Ctrl+N"), alternatives joined: for the sheet and
    for the controls' descriptions ("Shortcut: Ctrl+N"), which the window sets at start-up
    (so the sheet's dialog module is not imported until the sheet is asked for)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QKeySequence

    native = QKeySequence.SequenceFormat.NativeText
    shown = [QKeySequence(sequence).toString(native) for sequence in keys]
    # The context as a literal (not CONTEXT): lupdate reads only literals.
    return QCoreApplication.translate("Shortcuts", " or ").join(shown)


def groups() -> list[str]:
    """The groups, in the table's order."""
    return list(dict.fromkeys(row.group for row in SHORTCUTS))
