"""What leaving a conversation gives back: the thumbnails decoded ahead for its turns (on
the history's thread) that no widget took, and those decoded on the UI thread once shown."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.chat import Turn, TurnState
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base import thumbnails
from dynaspark_desktop.ui.transcript.transcript import Transcript
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
