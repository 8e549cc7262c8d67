"""The language chosen at start-up, the translators installed for it, and a source
checkout's translation compiled when missing or older than its .ts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import QApplication

from dynaspark_desktop.core import i18n
from dynaspark_desktop.ui.base import translation


@pytest.fixture
def clean_translators(qapp: QApplication) -> Iterator[None]:
    yield
    translation.remove_translations()


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("ru", "en_US", "ru"),
        ("en", "ru_RU", "en"),
        ("", "ru_RU", "ru"),
        ("", "en_GB", "en"),
        ("", "de_DE", "en"),  # a language the app does not speak: English
        ("fr", "ru_RU", "ru"),  # an unknown setting (hand-edited) follows the system
    ],
)
def test_the_language_follows_the_setting_then_the_system(
    setting: str, system: str, expected: str
) -> None:
    assert translation.choose_language(setting, QLocale(system)) == expected


def test_russian_is_installed_for_qt_and_the_qt_free_code(clean_translators: None) -> None:
    assert translation.install_translations("ru") == "ru"
    assert QCoreApplication.translate("Shortcuts", "New chat") == "Новый чат"
    assert i18n.translate("HttpErrors", "Check the proxy setting.") == (
        "Проверьте настройку прокси."
    )
    # Qt's own (qtbase_ru.qm): the standard buttons.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    # Dates in Russian: the sidebar's month names come from QLocale's default.
    assert QLocale().toString(QDate(2026, 11, 22), "d MMM") == "22 нояб."
    translation.remove_translations()
    assert i18n.translate("HttpErrors", "Check the proxy setting.") == "Check the proxy setting."
    assert QCoreApplication.translate("Shortcuts", "New chat") == "New chat"


def test_english_gets_its_plural_forms(clean_translators: None) -> None:
    assert translation.install_translations("en") == "en"
    text = "Exported %n conversation(s) to {path}."
    one = QCoreApplication.translate("ConversationNavigator", text, "", 1)
    many = QCoreApplication.translate("ConversationNavigator", text, "", 3)
    assert (one, many) == (
        "Exported 1 conversation to {path}.",
        "Exported 3 conversations to {path}.",
    )


def test_a_missing_or_stale_translation_is_compiled_from_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources, compiled = tmp_path / "resources", tmp_path / "package"
    sources.mkdir()
    shutil.copy(translation.SOURCE_TRANSLATIONS / "dynaspark_ru.ts", sources)
    monkeypatch.setattr(translation, "SOURCE_TRANSLATIONS", sources)
    monkeypatch.setattr(translation, "PACKAGE_TRANSLATIONS", compiled)
    qm = translation.app_translation("ru")
    assert qm == compiled / "dynaspark_ru.qm"
    assert qm.stat().st_size > 1000
    # An edited source: compiled again.
    os.utime(qm, (1, 1))
    translation.app_translation("ru")
    assert qm.stat().st_mtime > 1
    # No source (an installed package): the shipped .qm as it is, or none.
    assert translation.app_translation("xx") is None
