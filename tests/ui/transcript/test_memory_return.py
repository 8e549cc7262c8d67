"""What leaving a conversation gives back: the thumbnails decoded ahead for its turns (on
the history's thread) that no widget took, those decoded on the UI thread once shown, and
what Qt kept for a question's thumbnail once its bubble is gone."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base import thumbnails
from dynaspark_desktop.ui.transcript.question_bubble import QuestionBubble
from dynaspark_desktop.ui.transcript.transcript import Transcript
from tests.malloc_use import malloc_in_use
from tests.ui.images import photo_bytes


def _image(number: int) -> PreparedImage:
    png = photo_bytes(size=(64 + number, 48), fmt="PNG")
    return PreparedImage(png, "image/png", f"{number}.png", 64 + number, 48, png, 64 + number, 48)


def _turn(number: int, image: PreparedImage | None = None) -> Turn:
    return Turn(
        question=f"Question {number}",
        image=image,
        model="test-model",
        state=TurnState.ANSWERED,
        answer=f"Answer {number}.",
    )


def test_thumbnails_decoded_for_turns_never_built_are_let_go_after_leaving(
    qtbot: QtBot, qapp: QApplication
) -> None:
    view = Transcript()
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    qtbot.waitExposed(view)
    view.prepare()
    images = [_image(number) for number in range(3)]
    # As the history does: every loaded turn's thumbnail decoded ahead, then the turns shown;
    # the first turns are far above the view, so their widgets are never built.
    turns = [_turn(number, images[number] if number < 3 else None) for number in range(60)]
    thumbnails.decode_ahead(turn.image for turn in turns)
    view.show_turns(turns)
    qtbot.wait(100)
    assert view.widget_for(turns[0].id) is None
    with thumbnails._decoded_lock:
        assert images[0].thumbnail_png in thumbnails._decoded

    view.show_turns([_turn(100)])  # another conversation

    def let_go() -> bool:
        with thumbnails._decoded_lock:
            return not any(image.thumbnail_png in thumbnails._decoded for image in images)

    assert not let_go()
    qtbot.waitUntil(let_go, timeout=5000)


def test_a_thumbnail_decoded_when_shown_is_not_kept(qapp: QApplication) -> None:
    image = _image(7)
    assert not thumbnails.thumbnail_pixmap(image, 100).isNull()
    with thumbnails._decoded_lock:
        assert image.thumbnail_png not in thumbnails._decoded
    # Kept for its next use when asked (the attachment chip's, shown again in the turn).
    assert not thumbnails.thumbnail_pixmap(image, 100, keep=True).isNull()
    with thumbnails._decoded_lock:
        assert image.thumbnail_png in thumbnails._decoded
    thumbnails.forget_decoded()


def _malloc_in_use() -> int | None:
    """glibc's bytes in use after a collection, or None without glibc."""
    gc.collect()
    return malloc_in_use()


def test_a_question_bubble_with_an_image_leaves_nothing_behind(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """Built, painted and destroyed, a bubble with a thumbnail keeps no memory in Qt (each
    kept a copy of its thumbnail in Qt's pixmap cache when a QLabel showed it)."""
    if _malloc_in_use() is None:
        pytest.skip("needs glibc's mallinfo2")
    image = _image(5)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(800, 600)
    parent.show()

    def build_and_destroy(count: int) -> None:
        for _ in range(count):
            bubble = QuestionBubble(parent)
            bubble.show_image(image)
            bubble.set_question("What is in this picture?")
            bubble.fit_to_width(700)
            bubble.show()
            bubble.repaint()
            bubble.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    build_and_destroy(10)  # Qt's and Python's one-time allocations
    before = _malloc_in_use()
    build_and_destroy(60)
    after = _malloc_in_use()
    assert before is not None
    assert after is not None
    assert after - before < 500_000, f"{(after - before) / 1000:.0f} kB kept by 60 bubbles"
