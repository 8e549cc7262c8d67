"""The app's language: chosen from the ``language`` setting (empty: the system's), its
compiled translation and Qt's own (``qtbase_xx.qm``: the buttons of standard dialogs)
installed in the Qt application, and ``core.i18n`` routed through Qt's translator.

Installed at start-up, before any widget exists: every text is translated where it is made.
A change of the setting while the app runs (:func:`switch_language`) installs the new
translators and says every text on screen again in the new language (``retranslation.py``).

The compiled ``dynaspark_xx.qm`` ships in the package (``dynaspark_desktop/translations/``,
built by ``setup.py``'s build step from ``resources/translations/*.ts``). In a source
checkout a missing or older ``.qm`` is compiled from the ``.ts`` on demand with PySide6's
``lrelease``, so an edited translation shows on the next start.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dynaspark_desktop.core import i18n

if TYPE_CHECKING:
    from dynaspark_desktop.ui.base.retranslation import ShownTexts

log = logging.getLogger(__name__)

ENGLISH = "en"
# The languages the app is translated to, besides English (the language of the source).
TRANSLATED = ("ru",)
PACKAGE_TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SOURCE_TRANSLATIONS = Path(__file__).resolve().parents[3] / "resources" / "translations"

# The installed translators: Qt keeps only a pointer, so Python must keep them alive.
_installed: list[QTranslator] = []
# The language the installed translators speak.
_language = ENGLISH


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the setting's if it names one the app has, else the system
    locale's first UI language the app has, else English."""
    if setting == ENGLISH or setting in TRANSLATED:
        return setting
    locale = system if system is not None else QLocale.system()
    for name in locale.uiLanguages():
        language = name.replace("-", "_").split("_")[0].lower()
        if language == ENGLISH or language in TRANSLATED:
            return language
    return ENGLISH


def install_translations(setting: str) -> str:
    """Install the translators for the chosen language; return the language shown."""
    app = QCoreApplication.instance()
    remove_translations()
    language = choose_language(setting)
    if app is None:
        return ENGLISH
    _use_locale_of(language)
    # English too: its .qm holds the plural forms ("1 conversation", "2 conversations").
    qm = app_translation(language)
    own = QTranslator(app)
    if qm is None or not own.load(str(qm)):
        log.warning("No translation into %r found; the app speaks English", language)
        return ENGLISH
    _install(app, own)
    i18n.install_translator(_qt_translate)
    if language != ENGLISH:
        # Qt's own: the standard buttons, the file dialog, the text fields' context menus.
        qt_own = QTranslator(app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", qt_folder):
            _install(app, qt_own)
        else:  # standard dialogs' buttons stay English; the app's own text is translated
            log.info("Qt's own translation into %r is not in %s", language, qt_folder)
    log.info("Language: %s", language)
    global _language
    _language = language
    return language


def switch_language(setting: str) -> str:
    """Install the language ``setting`` chooses while the app runs, and say every text on
    screen again in it; return the language shown."""
    import time

    from dynaspark_desktop.ui.base.retranslation import retranslate_all

    started = time.perf_counter()
    old = _language
    language = install_translations(setting)
    if language != old:
        shown = _shown_texts(old)
        if shown is not None:
            changed = retranslate_all(shown)
            took = time.perf_counter() - started
            log.info("%d texts said again in %s in %.0f ms", changed, language, took * 1000)
    return language


def _shown_texts(language: str) -> ShownTexts | None:
    """The texts ``language`` shows, traced back to their messages (None: no catalog)."""
    from dynaspark_desktop.ui.base.retranslation import shown_texts

    # Every translation holds every message with its English source.
    translated = language if language != ENGLISH else TRANSLATED[0]
    catalog = app_translation(translated)
    if catalog is None:
        return None
    catalogs = [catalog]
    qt_own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qt_own /= f"qtbase_{translated}.qm"
    if qt_own.is_file():
        catalogs.append(qt_own)
    return shown_texts(language, tuple(catalogs), app_translation(ENGLISH))


def _use_locale_of(language: str) -> None:
    """Dates and numbers in ``language``: the system's locale when it speaks it (its own
    formats), else the language's own."""
    system = QLocale.system()
    if QLocale(language).language() == system.language():
        QLocale.setDefault(system)
    else:
        QLocale.setDefault(QLocale(language))


def remove_translations() -> None:
    """Back to English as written (the tests switch languages within one process)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    i18n.install_translator(None)
    QLocale.setDefault(QLocale.system())
    global _language
    _language = ENGLISH


def app_translation(language: str) -> Path | None:
    """The compiled translation into ``language``: the package's, or (in a source checkout)
    compiled now from ``resources/translations`` when missing or older than its source."""
    name = f"dynaspark_{language}"
    shipped = PACKAGE_TRANSLATIONS / f"{name}.qm"
    source = SOURCE_TRANSLATIONS / f"{name}.ts"
    if source.is_file() and (
        not shipped.is_file() or shipped.stat().st_mtime < source.stat().st_mtime
    ):
        compile_translation(source, shipped)
    return shipped if shipped.is_file() else None


def compile_translation(source: Path, target: Path) -> bool:
    """Compile one ``.ts`` into a ``.qm`` with PySide6's ``lrelease``; whether it worked."""
    import subprocess  # a source checkout's first start only

    lrelease = lrelease_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(target)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("Could not compile %s: %s", source.name, error)
        return False
    return True


def lrelease_path() -> Path:
    """PySide6's own ``lrelease`` (shipped in PySide6-Essentials)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return folder / name


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)


def _qt_translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
