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
collator = QCollator(QLocale("de_DE"))
print(sorted(["Äpfel", "Zebra", "apfel", "Ärger"], key=collator.sortKey))
print(QLocale("tr_TR").toUpper("istanbul i"), QLocale("de_DE").toUpper("straße"))
when = QDateTime.fromSecsSinceEpoch(1_700_000_000)
for zone, language in ((b"Europe/Berlin", "fr_FR"), (b"Asia/Tokyo", "ja_JP")):
    print(QTimeZone(zone).displayName(when, QTimeZone.NameType.LongName, QLocale(language)))
print(QLocale("ru_RU").toString(1234567.5, "f", 1), QLocale("ja_JP").nativeLanguageName())
print(QStringDecoder("Shift_JIS").isValid(), QStringDecoder("windows-1251").isValid())
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
    assert after < before - 8_000_000  # the display-name trees are most of it
    full = _answers(None)
    assert "Äpfel" in full
    assert "True True" in full  # the probe's codecs exist with the full data
    assert _answers(tmp_path) == full
