"""The language changes while the app runs: chosen in the Settings window, it applies at
once, without a restart. Started in English, switched to Russian, every visible text of
the main window (with an answer and an error) and of the Settings window is Russian; back
to English, every text is the English it was before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.ui.base.qm_file import read_qm
from dynaspark_desktop.ui.base.retranslation import ShownTexts
from dynaspark_desktop.ui.base.translation import app_translation, remove_translations
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, wait_until
from tests.ui.test_russian_window import names_kept, problems_in, visible_texts


def _texts(top: QWidget) -> set[tuple[str, str]]:
    return {(where, text) for where, text in visible_texts(top) if text}


def _choose(harness: Harness, choice: QComboBox, language: str) -> None:
    """Choose ``language`` in the Settings window, as a click does: while the app's loop runs."""

    async def click() -> None:
        choice.setCurrentIndex(choice.findData(language))

    harness.run(click())


def _settle(qtbot: QtBot) -> None:
    """What the event loop does next: Qt's own widgets take the LanguageChange event, and
    the rows a list made again let go of their old widgets."""
    qtbot.wait(20)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_language_chosen_in_settings_applies_at_once(
    harness: Harness, data_dir: Path, qtbot: QtBot
) -> None:
    Settings.load(data_dir).set("language", "en")
    try:
        app = harness.start_app()
        window = app.window
        assert app.language == "en"

        async def converse() -> None:
            window.composer.setPlainText("Привет")
            window.composer.sendRequested.emit()
            await wait_until(lambda: not app.chat.busy)
            harness.server.queue(Behaviour(kind="raw", status=503, body="Unavailable"))
            window.composer.setPlainText("А теперь?")
            window.composer.sendRequested.emit()
            await wait_until(lambda: not app.chat.busy)

        harness.run(converse())
        app.settings_presenter.open_settings("providers")  # its panel too
        settings_window = app.settings_presenter.settings_window
        assert settings_window is not None
        assert settings_window.isVisible()
        settings_window.show_page("data")  # the trash counted
        trash = settings_window.data.trash_label
        harness.run(wait_until(lambda: trash.text().startswith("The trash is empty.")))
        settings_window.show_page("general")
        window.keys.actions["shortcuts"].trigger()  # made, then kept for the next F1
        sheet = window.keys.sheet
        assert sheet is not None
        sheet.close()
        first_row = sheet.table.topLevelItem(0).child(0)
        assert first_row.text(0) == "New chat"
        english_window, english_settings = _texts(window), _texts(settings_window)

        choice = settings_window.findChild(QComboBox, "setting_language")
        jump = window.transcript.jump_button
        assert jump is not None
        jump_right = jump.geometry().right()
        window.keys.actions["copyLastAnswer"].trigger()  # a notice on screen
        assert window.notice_bar.text == "The last answer is on the clipboard."
        _choose(harness, choice, "ru")
        assert window.notice_bar.text == "Последний ответ скопирован в буфер обмена."
        assert app.language == "ru"
        _settle(qtbot)
        allowed = names_kept(app)
        problems = problems_in(window, allowed) + problems_in(settings_window, allowed)
        assert not problems, "still English:\n" + "\n".join(problems)
        assert settings_window.windowTitle() == "Настройки"
        # Made of two sentences (no one text to look up): counted again in the new language.
        harness.run(wait_until(lambda: trash.text().startswith("Корзина пуста.")))
        assert sheet.table.topLevelItem(0).child(0).text(0) == "Новый чат"
        assert " или " in sheet.keys_shown("shortcuts")  # "F1 or Ctrl+/"
        # "↓ К последнему" whole, where "↓ Latest" ended.
        assert jump.width() >= jump.sizeHint().width()
        assert jump.geometry().right() == jump_right
        send = window.send_button  # Send and Stop fitted to their new texts
        assert send.width() >= send.sizeHint().width()
        # The composer's hint is drawn (not a text Qt holds): said again too.
        assert window.composer.hint.startswith("Спросите")

        _choose(harness, choice, "en")
        assert app.language == "en"
        _settle(qtbot)
        assert window.composer.hint.startswith("Ask anything")
        for before, now in ((english_window, window), (english_settings, settings_window)):
            after = _texts(now)
            assert not before - after, "not English as before:\n" + "\n".join(
                f"{where}: {text!r}" for where, text in sorted(before - after)
            )
            russian = {text for _where, text in after if re.search("[а-яА-Я]", text)}
            # Only the chat's title (the question's) is Russian.
            assert all("Привет" in text for text in russian), russian
    finally:
        harness.close_all()
        remove_translations()


def test_a_shown_text_leads_back_to_its_message() -> None:
    """Templates keep their values; plural counts are read back; unknown texts stay."""
    catalog = app_translation("ru")
    assert catalog is not None
    shown = ShownTexts([(text, m) for m in read_qm(catalog) for text in m.translations])
    origin = shown.origin("Работает: сервер ответил за 0.4 с.", set)
    assert origin is not None
    assert origin.source == "It works: the endpoint answered in {seconds:.1f} s."
    assert origin.values == {"seconds": "0.4"}
    assert origin.in_current_language() == "It works: the endpoint answered in 0.4 s."
    plural = shown.origin("Экспортировано 3 разговора в /tmp/a.zip.", set)
    assert plural is not None
    assert plural.count == 3
    assert plural.values == {"path": "/tmp/a.zip"}
    assert shown.origin("llama3.2:3b", set) is None


def test_a_damaged_catalog_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    """A cut or garbled .qm gives the messages before the damage, and no exception."""
    catalog = app_translation("ru")
    assert catalog is not None
    whole = read_qm(catalog)
    data = catalog.read_bytes()
    cut = tmp_path / "cut.qm"
    cut.write_bytes(data[: len(data) // 2])
    assert 0 < len(read_qm(cut)) < len(whole)
    garbled = tmp_path / "garbled.qm"
    garbled.write_bytes(data[:16] + b"\x69\xff\xff\xff\xff" + b"\x42" * 64)
    assert read_qm(garbled) == []
    assert read_qm(tmp_path / "missing.qm") == []
