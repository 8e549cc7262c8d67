"""Translation of user-visible text, without Qt: the UI installs Qt's translator at start-up.

``core``, ``providers`` and ``storage`` may not import Qt, yet their messages (errors, notices,
import reports) reach the window. They call :func:`translate` with a context and an English
literal, which ``pyside6-lupdate`` finds in the source just as it finds ``self.tr()`` and
``QCoreApplication.translate()``; the UI installs ``QCoreApplication.translate`` with
:func:`install_translator` before anything can speak. Until then (plain pytest of ``core``,
the command line) the English text is returned as is.

Always pass literals (``translate("Errors", "The {model} model is busy.").format(...)``):
lupdate reads the source, so a computed string can never be translated. A text fixed at import
time is marked with :func:`QT_TRANSLATE_NOOP` and translated where it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _english(context: str, text: str) -> str:
    return text


_translator: Translator = _english


def install_translator(translator: Translator | None) -> None:
    """Route :func:`translate` through ``translator`` (``None``: back to English as written)."""
    global _translator
    _translator = translator or _english


def translate(context: str, text: str) -> str:
    """``text`` in the user's language; ``context`` groups it for the translator."""
    return _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for lupdate without translating it now (translate it where it is shown)."""
    return text
