"""The window in Russian: every text a user can see or hear (labels, buttons, tool tips,
placeholders, window titles, menu entries, accessible names and descriptions) is Russian,
in the main window with an answer and an error, and in the dialogs it opens.

A text fails when, with the names that stay as they are taken out (model ids, URLs, file
names, key names such as Ctrl), a Latin word is left: an English text that was not
translated, or a translation that forgot a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core import i18n
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.ui.base.translation import remove_translations
from dynaspark_desktop.ui.widgets.model_picker import KEY_ROLE
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, wait_until

# Names that stay as they are in a Russian interface.
ALLOWED_WORDS = {
    "Dynaspark", "Desktop", "API", "URL", "HTTP", "HTTPS", "JSON", "Markdown", "Gemini",
    "Ollama", "LM", "Studio", "OpenAI", "SOCKS", "TLS", "DNS", "PNG", "JPEG", "EPS", "PDF",
    "PostScript", "Cloudflare", "Ctrl", "Shift", "Enter", "Esc", "Tab", "Top", "imagine",
    "System", "KB", "MB", "localhost", "llama", "cpp", "Delete",
}  # fmt: skip
# Addresses, file names and typed syntax (provider:model, user:password@) stay as they are.
_URL = re.compile(
    r"\b(?:https?|socks[45]?)://\S*|\b[\w.-]+\.(?:json|zip|md|png|jpg|py)\b"
    r"|\b[A-Za-z][\w.-]*:[\w.-]+@?"
    # A folder's path, a command-line option.
    r"|(?<!\S)/\S+|(?<!\S)--[\w-]+"
)
_TAG = re.compile(r"<[^>]+>")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


@pytest.fixture
def russian_app(harness: Harness, data_dir: Path) -> Iterator[DesktopApp]:
    settings = Settings.load(data_dir)
    settings.set("language", "ru")
    try:
        app = harness.start_app()
        assert app.language == "ru"
        yield app
    finally:
        harness.close_all()
        remove_translations()


def names_kept(app: DesktopApp) -> set[str]:
    """The words of the names shown as they are: model ids, the presets' product names."""
    from dynaspark_desktop.providers.presets import PRESETS

    picker = app.window.header.model_picker
    names = [*Dynaspark.models, *(str(picker.itemData(i, KEY_ROLE)) for i in range(picker.count()))]
    names += [preset.label for preset in PRESETS if preset.id not in ("llamacpp", "custom")]
    words = set(ALLOWED_WORDS)
    for name in names:
        words.update(_LATIN_WORD.findall(name))
    return words


def untranslated(text: str, allowed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are not names kept as they are."""
    bare = _URL.sub(" ", _TAG.sub(" ", text))
    return [word for word in _LATIN_WORD.findall(bare) if word not in allowed]


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text ``widget`` shows or gives to a screen reader."""
    name = widget.objectName() or type(widget).__name__
    if widget.isWindow():
        yield f"{name}.windowTitle", widget.windowTitle()
    yield f"{name}.toolTip", widget.toolTip()
    yield f"{name}.accessibleName", widget.accessibleName()
    yield f"{name}.accessibleDescription", widget.accessibleDescription()
    if isinstance(widget, QLabel):
        yield f"{name}.text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield f"{name}.text", widget.text()
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield f"{name}.placeholder", widget.placeholderText()
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"{name}.tab{index}", widget.tabText(index)
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            tip = widget.itemData(index, Qt.ItemDataRole.ToolTipRole)
            yield f"{name}.item{index}.toolTip", tip if isinstance(tip, str) else ""
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                value = index.data(role)
                yield f"{name}.row{row}.{role.name}", value if isinstance(value, str) else ""
    for action in widget.actions():
        yield f"{name}.action", action.text()
        yield f"{name}.action.toolTip", action.toolTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from texts_of(menu)


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    yield from texts_of(top)
    # Hidden ones too: the buttons shown on hover, the rows shown when needed.
    for child in top.findChildren(QWidget):
        if not child.isWindow():
            yield from texts_of(child)
    for button in top.findChildren(QToolButton):
        menu = button.menu()
        if menu is not None:
            yield from texts_of(menu)


def problems_in(top: QWidget, allowed: set[str]) -> list[str]:
    found = []
    for where, text in visible_texts(top):
        words = untranslated(text, allowed) if text else []
        if words:
            found.append(f"{where}: {text!r} ({', '.join(words)})")
    return found


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_every_visible_text_of_the_russian_window_is_russian(
    russian_app: DesktopApp, harness: Harness, qtbot: QtBot
) -> None:
    app = russian_app
    window = app.window
    # The translator is Qt's, also for the code without Qt.
    assert i18n.translate("Navigator", "Conversation deleted.") == "Разговор удалён."
    assert QCoreApplication.translate("Shortcuts", "New chat") == "Новый чат"

    async def converse() -> None:
        await ask_in_russian(qtbot, app, "Привет! Как дела?")
        harness.server.queue(Behaviour(kind="raw", status=503, body="Unavailable"))
        await ask_in_russian(qtbot, app, "А теперь?")
        await wait_until(lambda: app.navigator is not None and app.navigator.current_id)

    harness.run(converse())
    allowed = names_kept(app)
    answered, failed = window.transcript.turn_widgets
    assert answered.copy_button.isVisible()
    assert failed.retry_button.isVisible()
    assert "недоступен" in failed.error_label.text()
    # Copy says so on its button; the last answer copied by key, in the notice bar.
    answered.copy_button.click()
    assert answered.copy_button.text() == "Скопировано ✓"
    window.keys.actions["copyLastAnswer"].trigger()
    qtbot.waitUntil(lambda: window.findChild(QWidget, "noticeBar").isVisible())
    problems = problems_in(window, allowed)

    # The dialogs the ⋯ menu opens: settings (every page), providers, system prompt,
    # parameters, the keyboard shortcuts.
    menu = window.header.menu_button.menu()
    for entry in (
        "Настройки…",
        "Модели и провайдеры…",
        "Системный промпт разговора…",
        "Параметры разговора…",
        "Сочетания клавиш",
    ):
        (action,) = [action for action in menu.actions() if action.text() == entry]
        action.trigger()
        qtbot.waitUntil(lambda: _open_dialog() is not None)
        dialog = _open_dialog()
        assert dialog is not None
        problems += problems_in(dialog, allowed)
        dialog.close()
        qtbot.waitUntil(lambda: _open_dialog() is None)

    # The parameters of a model that takes them (the Dynaspark API's): every row.
    picker = window.header.model_picker
    api_models = [
        str(picker.itemData(index, KEY_ROLE))
        for index in range(picker.count())
        if str(picker.itemData(index, KEY_ROLE)).startswith("dynaspark-api:")
    ]
    assert api_models
    window.select_model(api_models[0])
    (parameters,) = [action for action in menu.actions() if action.text() == "Параметры разговора…"]
    parameters.trigger()
    qtbot.waitUntil(lambda: _open_dialog() is not None)
    dialog = _open_dialog()
    assert dialog is not None
    assert len(dialog.findChildren(QAbstractButton)) > 6  # the parameters, not the note
    problems += problems_in(dialog, allowed)
    dialog.close()

    assert not problems, "untranslated:\n" + "\n".join(problems)


async def ask_in_russian(qtbot: QtBot, app: DesktopApp, text: str) -> None:
    # Typed as a paste would put it: QTest types only what a US keyboard has.
    app.window.composer.setPlainText(text)
    qtbot.keyClick(app.window.composer, Qt.Key.Key_Return)
    await wait_until(lambda: not app.chat.busy)


def _open_dialog() -> QWidget | None:
    from PySide6.QtWidgets import QDialog

    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    return shown[0] if shown else None


def test_the_untranslated_check_finds_english(russian_app: DesktopApp) -> None:
    """The check itself: English is caught, names and Russian pass."""
    allowed = names_kept(russian_app)
    assert untranslated("Send message", allowed) == ["Send", "message"]
    assert untranslated("Отправить (Ctrl+Enter) · https://example.com/v1 · a.json", allowed) == []
    assert untranslated("Dynaspark Desktop", allowed) == []
