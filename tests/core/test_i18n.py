"""core.i18n: English until a translator is installed, then every text goes through it."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core import i18n


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.install_translator(None)


def test_english_as_written_until_a_translator_is_installed():
    assert i18n.translate("Errors", "The service is busy.") == "The service is busy."


def test_an_installed_translator_gets_the_context_and_the_text():
    seen: list[tuple[str, str]] = []

    def shout(context: str, text: str) -> str:
        seen.append((context, text))
        return text.upper()

    i18n.install_translator(shout)
    assert i18n.translate("Errors", "busy") == "BUSY"
    assert seen == [("Errors", "busy")]
    i18n.install_translator(None)
    assert i18n.translate("Errors", "busy") == "busy"


def test_the_noop_marker_leaves_the_text_for_later():
    i18n.install_translator(lambda context, text: "translated")
    assert i18n.QT_TRANSLATE_NOOP("Errors", "later") == "later"
