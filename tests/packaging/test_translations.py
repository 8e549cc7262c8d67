"""The translations: every message of the .ts sources translated, the placeholders of each
kept, and the compile with PySide6's own lrelease giving .qm files Qt loads."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "packaging"))

import translations  # noqa: E402

_HOLES = re.compile(r"\{\w*\}|%n")
# Names Russian keeps as they are.
SAME_IN_RUSSIAN = {"Markdown (*.md)", "Top P"}


def messages(language: str) -> list[ElementTree.Element]:
    return list(ElementTree.parse(translations.ts_file(language)).getroot().iter("message"))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_message_is_translated(language: str) -> None:
    assert messages(language), "no messages: run packaging/translations.py update"
    assert translations.unfinished(translations.ts_file(language)) == []


def test_russian_keeps_every_placeholder_and_has_three_plural_forms() -> None:
    for message in messages("ru"):
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None
        forms = translation.findall("numerusform")
        if message.get("numerus") == "yes":
            # Russian: one (1, 21), few (2-4, 22-24), many (5-20, 25…).
            assert len(forms) == 3, source
            texts = [form.text or "" for form in forms]
        else:
            texts = [translation.text or ""]
        for text in texts:
            assert sorted(_HOLES.findall(text)) == sorted(_HOLES.findall(source)), source
            assert text != source or source in SAME_IN_RUSSIAN, source


def test_the_compiled_translations_load_and_translate(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    written = translations.compile_all(tmp_path)
    assert sorted(path.name for path in written) == ["dynaspark_en.qm", "dynaspark_ru.qm"]
    russian = QTranslator()
    assert russian.load(str(tmp_path / "dynaspark_ru.qm"))
    assert russian.translate("Shortcuts", "New chat") == "Новый чат"
    exported = "Exported %n conversation(s) to {path}."
    assert russian.translate("ConversationNavigator", exported, "", 2) == (
        "Экспортировано %n разговора в {path}."
    )
    assert russian.translate("ConversationNavigator", exported, "", 5) == (
        "Экспортировано %n разговоров в {path}."
    )
    english = QTranslator()
    assert english.load(str(tmp_path / "dynaspark_en.qm"))
    assert english.translate("ConversationNavigator", exported, "", 1) == (
        "Exported %n conversation to {path}."
    )


def test_the_sources_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    """Every text the code marks is in the .ts (run packaging/translations.py update)."""
    import subprocess

    fresh = tmp_path / "fresh_ru.ts"
    listing = tmp_path / "sources.lst"
    listing.write_text("\n".join(str(path) for path in translations.python_sources()) + "\n")
    subprocess.run(
        [str(translations.qt_tool("lupdate")), "-silent", f"@{listing}", "-ts", str(fresh)],
        check=True,
    )
    in_code = {
        (context.findtext("name"), message.findtext("source"))
        for context in ElementTree.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    }
    in_ts = {
        (context.findtext("name"), message.findtext("source"))
        for context in ElementTree.parse(translations.ts_file("ru")).getroot().iter("context")
        for message in context.iter("message")
    }
    assert in_code - in_ts == set()
