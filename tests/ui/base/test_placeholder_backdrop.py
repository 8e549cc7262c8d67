"""The composer's hint drawn once, as its viewport's background: it looks exactly as Qt's own
placeholder, a paint of the caret's rectangle draws no text (Qt laid the hint out again at
every blink), and it goes away with the first character and comes back when emptied."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPicture, QRegion
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.style import palette_colors, style_sheet
from dynaspark_desktop.ui.widgets.composer import Composer


def _composer_in_frame(qtbot: QtBot, dark: bool, width: int) -> tuple[QFrame, Composer]:
    """The composer as the window has it: in its frame, under the app's style sheet; it
    takes no focus, so that no caret shows in the pictures."""
    frame = QFrame(objectName="composerFrame")
    frame.setStyleSheet(style_sheet(dark))
    composer = Composer()
    composer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    QVBoxLayout(frame).addWidget(composer)
    qtbot.addWidget(frame)
    frame.resize(width, 90)
    frame.show()
    qtbot.waitExposed(frame)
    return frame, composer


def _grab(frame: QFrame) -> QImage:
    QApplication.processEvents()
    return frame.grab().toImage()


def _draws_text(composer: Composer, text: str) -> bool:
    """Whether painting the caret's rectangle of the viewport draws ``text`` as text (a
    QPicture records each text item drawn, with its characters)."""
    picture = QPicture()
    caret = composer.cursorRect().adjusted(-2, -2, 2, 2)
    composer.viewport().render(picture, QPoint(), QRegion(caret))
    recorded = bytes(picture.data())
    return any(text.encode(codec) in recorded for codec in ("utf-16-le", "utf-16-be", "utf-8"))


@pytest.mark.parametrize(("dark", "width"), [(False, 600), (True, 600), (False, 340)])
def test_the_backdrop_looks_as_qts_placeholder(qtbot: QtBot, dark: bool, width: int) -> None:
    frame, composer = _composer_in_frame(qtbot, dark, width)
    drawn_by_qt = _grab(frame)
    composer.set_background_color(palette_colors(dark)["window"])
    drawn_once = _grab(frame)
    assert composer.placeholderText() == ""  # Qt no longer draws it
    # The hint shows (the text area is not one colour), at the same pixels as Qt drew it
    # (340 px: wrapped onto a second line as Qt wraps it).
    assert drawn_once == drawn_by_qt
    viewport = composer.viewport()
    origin = viewport.mapTo(frame, QPoint(0, 0))
    colours = {
        drawn_once.pixelColor(origin + QPoint(x, y)).name()
        for x in range(0, viewport.width(), 3)
        for y in range(0, viewport.height(), 3)
    }
    assert len(colours) > 2


def test_a_blink_draws_no_text(qtbot: QtBot) -> None:
    _frame, composer = _composer_in_frame(qtbot, False, 600)
    hint = composer.hint[:12]
    assert _draws_text(composer, hint)  # Qt's placeholder: laid out and drawn at each paint
    composer.set_background_color(palette_colors(False)["window"])
    assert not _draws_text(composer, hint)
    # The fill is opaque, so a blink repaints the viewport alone (see test_caret_paint).
    assert composer.viewport().palette().brush(composer.viewport().backgroundRole()).isOpaque()


def test_the_hint_goes_with_the_first_character_and_comes_back(qtbot: QtBot) -> None:
    frame, composer = _composer_in_frame(qtbot, False, 600)
    composer.set_background_color(palette_colors(False)["window"])
    # Typed into once first: the composer fits its height to the style sheet's font then.
    composer.insertPlainText("x")
    composer.clear()
    with_hint = _grab(frame)

    composer.insertPlainText(" ")  # a blank: nothing visible, the hint must be gone
    typed = _grab(frame)
    viewport = composer.viewport()
    origin = viewport.mapTo(frame, QPoint(0, 0))
    colours = {
        typed.pixelColor(origin + QPoint(x, y)).name()
        for x in range(0, viewport.width(), 2)
        for y in range(0, viewport.height(), 2)
    }
    assert colours == {palette_colors(False)["window"]}

    composer.clear()
    assert _grab(frame) == with_hint


def test_a_send_shows_the_hint_again_without_rendering_it_again(qtbot: QtBot) -> None:
    """Emptying the composer (a send) brings back the same rendered hint, not a new one:
    rendering it was part of the way from Send to the first painted word. A change of look
    while text is typed still renders it anew."""
    frame, composer = _composer_in_frame(qtbot, False, 600)
    composer.set_background_color(palette_colors(False)["window"])
    # Typed into once first: the composer fits its height to the style sheet's font then.
    composer.insertPlainText("x")
    composer.clear()
    viewport = composer.viewport()

    def backdrop_key() -> int:
        brush = viewport.palette().brush(viewport.backgroundRole())
        assert not brush.texture().isNull()  # the hint's pixmap is the background
        return brush.texture().cacheKey()

    shown = backdrop_key()
    composer.insertPlainText("A question")
    assert viewport.palette().brush(viewport.backgroundRole()).texture().isNull()
    composer.clear()
    assert backdrop_key() == shown
    with_hint = _grab(frame)

    composer.insertPlainText("Another")
    composer.set_background_color("#336699")  # while typed: rendered again once emptied
    composer.clear()
    assert backdrop_key() != shown
    assert _grab(frame) != with_hint


def test_the_hint_is_drawn_again_for_a_new_size_font_and_colour(qtbot: QtBot) -> None:
    frame, composer = _composer_in_frame(qtbot, False, 600)
    composer.set_background_color(palette_colors(False)["window"])
    viewport = composer.viewport()

    def hint_pixels() -> int:
        """How many pixels of the viewport are not the background colour."""
        image = _grab(frame)
        origin = viewport.mapTo(frame, QPoint(0, 0))
        background = image.pixelColor(origin + QPoint(viewport.width() - 2, 2))
        return sum(
            image.pixelColor(origin + QPoint(x, y)) != background
            for x in range(viewport.width())
            for y in range(viewport.height())
        )

    wide = hint_pixels()
    frame.resize(200, 90)  # the hint now wraps: more of it is cut off at the bottom
    narrow = hint_pixels()
    assert narrow != wide
    frame.resize(600, 90)
    assert hint_pixels() == wide  # drawn again at the new width, not stretched or tiled

    # A larger font (the style sheet's, which wins over setFont).
    frame.setStyleSheet(style_sheet(False) + "#composer { font-size: 24px; }")
    assert hint_pixels() > wide

    composer.set_background_color("#336699")
    image = _grab(frame)
    corner = viewport.mapTo(frame, QPoint(viewport.width() - 2, viewport.height() - 2))
    assert image.pixelColor(corner) == QColor("#336699")


def test_a_new_send_key_redraws_the_hint_as_qt_would(qtbot: QtBot) -> None:
    """Ctrl+Enter mode changes the hint after the backdrop took it over: the backdrop shows
    the new one, exactly as Qt's placeholder shows it on a fresh composer."""
    frame, composer = _composer_in_frame(qtbot, False, 600)
    composer.set_send_key("ctrl_enter")
    drawn_by_qt = _grab(frame)
    composer.set_send_key("enter")
    composer.set_background_color(palette_colors(False)["window"])
    enter_hint = _grab(frame)
    composer.set_send_key("ctrl_enter")
    assert "Ctrl+Enter" in composer.hint
    ctrl_enter_hint = _grab(frame)
    assert ctrl_enter_hint != enter_hint
    assert ctrl_enter_hint == drawn_by_qt


def test_a_hint_longer_than_the_composer_shows_its_first_part_whole(qtbot: QtBot) -> None:
    # 260 px: the whole hint wraps onto three lines, the composer shows two; Qt cut the
    # third in half at the foot. The backdrop shows "Ask anything…" alone, as Qt would.
    frame, composer = _composer_in_frame(qtbot, False, 260)
    first_part = composer.hint.partition("   ")[0]
    assert first_part != composer.hint
    composer.setPlaceholderText(first_part)
    first_part_by_qt = _grab(frame)
    composer.setPlaceholderText(composer.hint)
    whole_by_qt = _grab(frame)
    composer.set_background_color(palette_colors(False)["window"])
    drawn_once = _grab(frame)
    assert drawn_once == first_part_by_qt
    assert drawn_once != whole_by_qt
