"""The composer's placeholder, laid out once (``PlaceholderHint``), looks exactly like Qt's
own, which is laid out again at every paint; it shows only while the composer is empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFrame, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.widgets.composer import Composer

HINT = "Ask anything, or a longer hint that wraps over more than one line in a narrow composer"


def pixels(editor: QPlainTextEdit) -> QImage:
    QApplication.processEvents()
    return editor.viewport().grab().toImage()


# The windows the editors live in, kept until the end of the test run.
_holders: list[QWidget] = []


def editors(qtbot: QtBot, width: int) -> tuple[Composer, QPlainTextEdit]:
    """The composer and a plain Qt text edit of the same size and frame, side by side."""
    holder = QWidget()
    _holders.append(holder)
    qtbot.addWidget(holder)
    composer = Composer(holder)
    plain = QPlainTextEdit(holder)
    plain.setFrameShape(QFrame.Shape.NoFrame)
    for editor in (composer, plain):
        editor.setPlaceholderText(HINT)
        editor.setFixedSize(width, composer.height())
    plain.move(0, composer.height())
    # The focus on the window itself: no caret in either editor.
    holder.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    holder.show()
    qtbot.waitExposed(holder)
    holder.setFocus()
    return composer, plain


def test_the_placeholder_looks_like_qts_own_at_any_width(qtbot: QtBot) -> None:
    for width in (700, 260, 140):
        composer, plain = editors(qtbot, width)
        assert composer.placeholderText() == HINT
        shown = pixels(composer)
        assert shown == pixels(plain)
        assert shown != QPlainTextEdit.grab(composer).toImage()  # not a blank area
        # Resized: laid out again at the new width.
        for editor in (composer, plain):
            editor.setFixedWidth(width // 2)
        assert pixels(composer) == pixels(plain)


def test_the_placeholder_shows_only_while_the_composer_is_empty(qtbot: QtBot) -> None:
    composer, plain = editors(qtbot, 400)
    empty = pixels(composer)
    for editor in (composer, plain):
        editor.setPlainText("Hello")
    with_text = pixels(composer)
    assert with_text == pixels(plain)
    assert with_text != empty
    for editor in (composer, plain):
        editor.clear()
    assert pixels(composer) == empty


def test_a_new_placeholder_replaces_the_old(qtbot: QtBot) -> None:
    composer, plain = editors(qtbot, 400)
    for editor in (composer, plain):
        editor.setPlaceholderText("Something else entirely")
    assert composer.placeholderText() == "Something else entirely"
    assert pixels(composer) == pixels(plain)
