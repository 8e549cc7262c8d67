"""The app's translations: ``update`` the ``.ts`` sources from the code, ``compile`` them.

    python packaging/translations.py update    # lupdate: new texts in, vanished ones out
    python packaging/translations.py compile   # lrelease: resources/translations/*.ts -> .qm
    python packaging/translations.py check     # exit 1 while a message is untranslated

``update`` runs PySide6's ``lupdate`` over every ``.py`` of the package into
``resources/translations/dynaspark_<lang>.ts``: translations already made are kept (a text
that moved keeps its translation), texts no longer in the code are dropped (``-no-obsolete``).
New texts arrive as ``type="unfinished"``: translate them (Qt Linguist: ``pyside6-linguist``,
or by hand in the XML), then ``check``. English has a ``.ts`` too, with only the plural
messages (``-pluralonly``): the source says "%n file(s)", the English ``.qm`` says "1 file".

``compile`` writes the ``.qm`` files into the package (``dynaspark_desktop/translations/``,
not in git); ``setup.py`` does the same when the package is built, and the app compiles a
missing or stale one on demand in a source checkout.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dynaspark_desktop"
SOURCES = ROOT / "resources" / "translations"
COMPILED = PACKAGE / "translations"
# The languages translated in full; English (the source language) only for its plurals.
LANGUAGES = ("ru",)
PLURAL_ONLY = ("en",)


def qt_tool(name: str) -> Path:
    """PySide6's own ``lupdate`` or ``lrelease`` (in PySide6-Essentials)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def ts_file(language: str) -> Path:
    return SOURCES / f"dynaspark_{language}.ts"


def python_sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def update() -> None:
    """Bring every ``.ts`` up to date with the code (lupdate)."""
    SOURCES.mkdir(parents=True, exist_ok=True)
    # lupdate takes a list file (@file) for long argument lists; paths relative to the .ts.
    listing = SOURCES / ".sources.lst"
    listing.write_text("\n".join(str(path) for path in python_sources()) + "\n", encoding="utf-8")
    try:
        for language in (*LANGUAGES, *PLURAL_ONLY):
            extra = ["-pluralonly"] if language in PLURAL_ONLY else []
            subprocess.run(
                [
                    str(qt_tool("lupdate")),
                    "-silent",
                    "-no-obsolete",
                    "-locations",
                    "relative",
                    "-source-language",
                    "en",
                    "-target-language",
                    language,
                    *extra,
                    f"@{listing}",
                    "-ts",
                    str(ts_file(language)),
                ],
                check=True,
            )
    finally:
        listing.unlink(missing_ok=True)
    for language in (*LANGUAGES, *PLURAL_ONLY):
        waiting = len(unfinished(ts_file(language)))
        print(f"{ts_file(language).relative_to(ROOT)}: {waiting} to translate")


def compile_all(target: Path = COMPILED) -> list[Path]:
    """Compile every ``.ts`` into ``target`` (lrelease); the ``.qm`` files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(SOURCES.glob("dynaspark_*.ts")):
        qm = target / f"{source.stem}.qm"
        subprocess.run(
            [str(qt_tool("lrelease")), "-silent", str(source), "-qm", str(qm)], check=True
        )
        written.append(qm)
    return written


def unfinished(ts: Path) -> list[str]:
    """The source texts in ``ts`` still waiting for a translation."""
    waiting = []
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") in ("unfinished", "obsolete"):
            waiting.append(source)
            continue
        forms = translation.findall("numerusform")
        texts = [form.text for form in forms] if forms else [translation.text]
        if not all(text and text.strip() for text in texts):
            waiting.append(source)
    return waiting


def check() -> int:
    missing = 0
    for language in (*LANGUAGES, *PLURAL_ONLY):
        waiting = unfinished(ts_file(language))
        for source in waiting:
            print(f"{language}: untranslated: {source!r}")
        missing += len(waiting)
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "compile", "check"))
    command = parser.parse_args(argv).command
    if command == "update":
        update()
    elif command == "compile":
        for qm in compile_all():
            print(qm.relative_to(ROOT))
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
