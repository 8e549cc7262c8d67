"""Text that enters the composer whole (a paste, a drop, a restored draft, a question to
edit) is bounded, so that laying it out never freezes the window: over MAX_PASTE_CHARS in all
or MAX_PARAGRAPH_CHARS without a line break it is refused with a message naming the size and
the limit, and nothing already typed or saved is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.widgets.composer import MAX_PARAGRAPH_CHARS, MAX_PASTE_CHARS
from dynaspark_desktop.ui.window.overlong_drafts import DRAFTS_FOLDER
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, wait_until
from tests.ui.drops import drop

# Over both bounds, marked at both ends so that a cut or a lost end shows.
MEGABYTE_LINE = "START" + "x" * 1_000_000 + "END"


def text_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    return mime


def lines_of(length: int) -> str:
    """``length`` characters in lines of 1,024."""
    return (("z" * 1023 + "\n") * (length // 1024 + 1))[:length]


def test_a_paste_over_the_cap_is_refused_with_its_size_and_the_typed_text_kept(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer
    qtbot.keyClicks(composer, "My question")
    QGuiApplication.clipboard().setText(lines_of(MAX_PASTE_CHARS + 1))
    app.window.paste_from_clipboard()
    assert composer.toPlainText() == "My question"
    notice = app.window.notice_bar.text
    assert f"{MAX_PASTE_CHARS + 1:,} characters" in notice
    assert f"{MAX_PASTE_CHARS:,} characters" in notice
    assert "what you typed is unchanged" in notice
    # Up to the cap with what is there, the same way in, is taken whole...
    taken = lines_of(MAX_PASTE_CHARS - len("My question"))
    QGuiApplication.clipboard().setText(taken)
    app.window.paste_from_clipboard()
    assert composer.toPlainText() == "My question" + taken
    # ...and one character more is not.
    app.window.notice_bar.hide()
    QGuiApplication.clipboard().setText("!")
    app.window.paste_from_clipboard()
    assert composer.toPlainText() == "My question" + taken
    notice = app.window.notice_bar.text
    assert f"{MAX_PASTE_CHARS:,} characters" in notice
    assert f"with the {MAX_PASTE_CHARS:,} characters already in the composer" in notice
    # Pasted over a selection, it replaces it: the limit counts what stays.
    composer.selectAll()
    app.window.paste_from_clipboard()
    assert composer.toPlainText() == "!"
    QGuiApplication.clipboard().clear()


def test_a_dropped_paragraph_over_its_bound_is_refused_and_one_at_the_bound_taken(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer
    qtbot.keyClicks(composer, "Keep me")
    too_long = "a short line\n" + "w" * (MAX_PARAGRAPH_CHARS + 1)
    assert len(too_long) < MAX_PASTE_CHARS  # refused for its paragraph, not its length
    drop(composer.viewport(), text_mime(too_long))
    assert composer.toPlainText() == "Keep me"
    notice = app.window.notice_bar.text
    assert f"{MAX_PARAGRAPH_CHARS + 1:,} characters" in notice
    assert "line break" in notice
    assert f"{MAX_PARAGRAPH_CHARS:,} characters" in notice

    composer.insertFromMimeData(text_mime("w" * MAX_PARAGRAPH_CHARS))  # what Ctrl+V calls
    assert composer.toPlainText() == "Keep me" + "w" * MAX_PARAGRAPH_CHARS


def test_an_overlong_draft_is_restored_bounded_with_a_notice_and_kept_whole_in_a_file(
    harness: Harness, qtbot: QtBot
) -> None:
    first = harness.start_app()

    async def first_session() -> None:
        await wait_until(lambda: first.navigator is not None and first.history.available)
        # As an older version, whose paste cap was 2 MB, could leave it.
        first.window.composer.setPlainText(MEGABYTE_LINE)
        await first.shutdown()  # saves the draft

    harness.run(first_session(), timeout=60)
    second = harness.start_app()
    composer = second.window.composer

    async def second_session() -> None:
        await wait_until(lambda: DRAFTS_FOLDER in second.window.notice_bar.text, timeout=60)

    harness.run(second_session(), timeout=90)
    bounded = MEGABYTE_LINE[:MAX_PARAGRAPH_CHARS]
    assert composer.toPlainText() == bounded
    kept = list((harness.data_dir / DRAFTS_FOLDER).iterdir())
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == MEGABYTE_LINE
    notice = second.window.notice_bar.text
    assert f"{len(MEGABYTE_LINE):,} characters" in notice
    assert str(kept[0]) in notice
    harness.run(second.shutdown(), timeout=60)

    # Kept whole once: the next start restores the bounded draft as any other.
    third = harness.start_app()
    composer = third.window.composer

    async def third_session() -> None:
        await wait_until(lambda: composer.toPlainText() == bounded, timeout=60)

    harness.run(third_session(), timeout=90)
    assert DRAFTS_FOLDER not in third.window.notice_bar.text
    assert len(list((harness.data_dir / DRAFTS_FOLDER).iterdir())) == 1
    # Typing goes on at its end, as in any draft.
    qtbot.keyClicks(composer, "!")
    assert composer.toPlainText() == bounded + "!"


# The offscreen platform cannot raise a popup menu or let it grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_an_overlong_question_is_shown_bounded_copied_whole_and_not_edited(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer
    # As an older version could have sent it (its paste cap was 2 MB).
    composer.setPlainText(MEGABYTE_LINE)
    harness.server.queue(Behaviour(answer="Noted."))

    async def scenario() -> None:
        app.window.send_message()
        await wait_until(lambda: not app.chat.busy, timeout=60)

    harness.run(scenario(), timeout=90)
    widget = app.window.transcript.turn_widgets[0]
    assert len(widget.question_view.toPlainText()) < MAX_PARAGRAPH_CHARS
    qtbot.keyClicks(composer, "typed meanwhile")

    widget.edit_button.click()
    assert composer.toPlainText() == "typed meanwhile"
    notice = app.window.notice_bar.text
    assert f"{len(MEGABYTE_LINE):,} characters" in notice
    assert "copy it from its bubble" in notice

    # Its bubble's menu copies the whole question.
    view = widget.question_view
    view.customContextMenuRequested.emit(view.rect().center())
    menu = view.findChild(QMenu, "messageMenu")
    copy = next(action for action in menu.actions() if action.text().endswith("as Markdown"))
    copy.trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == MEGABYTE_LINE
    QGuiApplication.clipboard().clear()


def test_an_overlong_draft_that_cannot_be_kept_in_a_file_stays_whole_in_the_history(
    harness: Harness,
) -> None:
    first = harness.start_app()

    async def first_session() -> None:
        await wait_until(lambda: first.navigator is not None and first.history.available)
        first.window.composer.setPlainText(MEGABYTE_LINE)
        await first.shutdown()

    harness.run(first_session(), timeout=60)
    # A file where the folder would go: the whole draft cannot be written there.
    (harness.data_dir / DRAFTS_FOLDER).write_text("in the way", encoding="utf-8")
    # Untouched, the saved draft stays whole: the same notice comes on the next start too.
    for _start in range(2):
        shown, notice = harness.run(start_and_stop(harness), timeout=90)
        assert shown == MEGABYTE_LINE[:MAX_PARAGRAPH_CHARS]
        assert "could not be written" in notice
        assert f"{len(MEGABYTE_LINE):,} characters" in notice


async def start_and_stop(harness: Harness) -> tuple[str, str]:
    """Start the app until its draft has been restored with a notice, and stop it: the
    composer's text and the notice."""
    app = harness.start_app()
    await wait_until(lambda: DRAFTS_FOLDER in app.window.notice_bar.text, timeout=60)
    shown, notice = app.window.composer.toPlainText(), app.window.notice_bar.text
    await app.shutdown()
    return shown, notice
