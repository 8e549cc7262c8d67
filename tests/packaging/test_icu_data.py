"""The bundle's ICU data, trimmed to what Qt uses: Qt answers exactly as with the full data
(collation, case mapping, time-zone names, codecs, boundaries), the file is smaller."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from tests.packaging.support import load_script

icu_data = load_script("icu_data")

QT_LIBRARIES = Path(PySide6.__file__).resolve().parent / "Qt" / "lib"
# What Qt asks ICU for, printed one answer a line.
PROBE = r"""
from PySide6.QtCore import (QCollator, QDateTime, QLocale, QStringDecoder, QTextBoundaryFinder,
    QTimeZone)
for name, words in (("de_DE", ["Äpfel", "Zebra", "apfel", "Ärger"]), ("sv_SE", ["ö", "z", "å"]),
                    ("zh_CN", ["中", "国", "人", "阿"]), ("ja_JP", ["カ", "か", "あ", "ア"])):
    collator = QCollator(QLocale(name))
    print(sorted(words, key=collator.sortKey))
print(QLocale("tr_TR").toUpper("istanbul i"), QLocale("de_DE").toUpper("straße"),
      QLocale("lt_LT").toLower("ÌĮ"), QLocale("el_GR").toUpper("άλφα"))
when = QDateTime.fromSecsSinceEpoch(1_700_000_000)
for zone in (b"Europe/Berlin", b"Asia/Tokyo", b"America/New_York", b"Pacific/Chatham"):
    for language in ("fr_FR", "ja_JP", "ar_EG", "fa_IR", "bn_BD", "zh_TW"):
        for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName):
            print(QTimeZone(zone).displayName(when, kind, QLocale(language)))
# Every locale Qt knows: mostly a GMT format in the locale's own digits (غرينتش+٥:٣٠).
every = QLocale.matchingLocales(QLocale.Language.AnyLanguage, QLocale.Script.AnyScript,
    QLocale.Country.AnyTerritory)
kolkata = QTimeZone(b"Asia/Kolkata")
print(" ".join(kolkata.displayName(when, QTimeZone.NameType.ShortName, l) for l in every))
print(QLocale("ru_RU").toString(1234567.5, "f", 1), QLocale("ja_JP").nativeLanguageName())
for codec in ("Shift_JIS", "windows-1251", "EUC-KR", "GBK", "Big5", "KOI8-R", "gb18030"):
    print(codec, QStringDecoder(codec).isValid())
finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, "สวัสดีครับ hello 你好世界")
boundaries = []
while (position := finder.toNextBoundary()) != -1:
    boundaries.append(position)
print(boundaries)
"""

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's ICU library"),
    pytest.mark.skipif(
        bool(icu_data.missing_tools()), reason="needs icu-devtools and a C compiler"
    ),
    pytest.mark.timeout(180),
]


def test_the_locale_bundles_kept_are_those_whose_digits_differ_from_their_parents() -> None:
    defaults = {"ar": "arab", "ar_DZ": "latn", "ar_EG": "arab", "de": "latn", "ur_IN": "arabext"}
    # ar_EG would fall back to ar's digits anyway; de's are root's; ur stays as ur_IN's parent.
    assert icu_data.locales_to_keep(defaults) == {"ar", "ar_DZ", "ur_IN", "ur"}


def _answers(library_folder: Path | None) -> str:
    environment = dict(os.environ)
    if library_folder is not None:
        # Searched before Qt's RUNPATH ($ORIGIN): this libicudata replaces the wheel's.
        environment["LD_LIBRARY_PATH"] = str(library_folder)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stderr == ""
    return result.stdout


def test_qt_answers_the_same_with_the_trimmed_data(tmp_path: Path) -> None:
    original = next(QT_LIBRARIES.glob("libicudata.so.*"))
    copy = tmp_path / original.name
    shutil.copyfile(original, copy)
    before, after = icu_data.trim(copy)
    assert before == original.stat().st_size
    assert after < 0.5 * before  # display names, break iterators, locale formats
    full = _answers(None)
    assert "Äpfel" in full
    assert "gb18030 True" in full  # the probe's codecs exist with the full data
    assert "غرينتش+٥:٣٠" in full  # and Arabic digits where the locale has them
    assert _answers(tmp_path) == full
