"""Long and hostile text in every view: the composer keeps and sends a long line exactly
as typed (laid out with wrapping that is linear in its length), and the views that show user
or server text show it neutralised, capped with a note, and with places to wrap."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.markdown.blocks import MAX_LINE_CHARS, MAX_SHOWN_CHARS
from dynaspark_desktop.core.markdown.sanitize import MAX_UNBROKEN_RUN, ZERO_WIDTH_SPACE
from dynaspark_desktop.storage import ConversationSummary
from dynaspark_desktop.storage.models import HIGHLIGHT_END, HIGHLIGHT_START, Role, SearchHit
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.safe_text import (
    MAX_QUESTION_SHOWN_CHARS,
    MAX_SHORT_TEXT_SHOWN_CHARS,
    MAX_TITLE_SHOWN_CHARS,
)
from dynaspark_desktop.ui.widgets.composer import MAX_PARAGRAPH_CHARS
from dynaspark_desktop.ui.widgets.conversation_list import (
    ConversationDelegate,
    ConversationListModel,
)
from dynaspark_desktop.ui.widgets.search_results import (
    MAX_SNIPPET_CHARS,
    SearchResultDelegate,
    SearchResultsModel,
    snippet_html,
)
from tests.fakes.dynaspark_server import Behaviour
from tests.fakes.openai_server import FakeOpenAI
from tests.ui.conftest import Harness, wait_until

MEGABYTE = 1_000_000
# As long a line as a paste may bring, marked at both ends, so that a cut or a lost end shows.
LONG_LINE = "START" + "x" * (MAX_PARAGRAPH_CHARS - 8) + "END"
ANYWHERE = QTextOption.WrapMode.WrapAnywhere
NOT_SHOWN = "more characters not shown"


def longest_run(text: str) -> int:
    return max((len(run) for run in re.split(f"[\\s{ZERO_WIDTH_SPACE}]", text)), default=0)


def wrap_mode(widget: object) -> QTextOption.WrapMode:
    return widget.document().defaultTextOption().wrapMode()  # type: ignore[attr-defined]


def paste(composer: object, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    composer.insertFromMimeData(mime)  # type: ignore[attr-defined]  # what Ctrl+V and a drop call


def test_a_pasted_long_line_is_sent_exactly_as_pasted_and_shown_capped(
    harness: Harness, qtbot: QtBot
) -> None:
    app = harness.start_app()
    composer = app.window.composer
    qtbot.keyClicks(composer, "Look: ")
    paste(composer, LONG_LINE)
    # Laid out with "wrap anywhere" (linear), not word wrapping (quadratic on such a line).
    assert wrap_mode(composer) is ANYWHERE
    assert composer.toPlainText() == "Look: " + LONG_LINE
    harness.server.queue(Behaviour(answer="Noted."))

    async def scenario() -> None:
        app.window.send_message()
        await wait_until(lambda: not app.chat.busy, timeout=60)

    harness.run(scenario(), timeout=90)
    sent = harness.server.requests[-1].fields["user_input"]
    assert sent == "Look: " + LONG_LINE  # no zero-width space, nothing cut
    # The emptied composer wraps at word boundaries again.
    assert composer.toPlainText() == ""
    assert wrap_mode(composer) is QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere

    widget = app.window.transcript.turn_widgets[0]
    shown = widget.question_view.toPlainText()
    assert shown.startswith("Look: START")
    assert NOT_SHOWN in shown
    assert len(shown) < MAX_QUESTION_SHOWN_CHARS * 1.1
    assert longest_run(shown) <= MAX_UNBROKEN_RUN
    assert widget.turn_id == app.chat.conversation.turns[0].id
    assert app.chat.conversation.turns[0].question == "Look: " + LONG_LINE


def test_an_error_text_is_neutralised_and_a_long_one_capped(harness: Harness, qtbot: QtBot) -> None:
    app = harness.start_app()
    harness.server.queue(Behaviour(kind="status", status=418, body="Bad \u202egnp.exe\u200b here"))

    async def scenario() -> None:
        qtbot.keyClicks(app.window.composer, "Hello")
        app.window.send_message()
        await wait_until(lambda: not app.chat.busy)

    harness.run(scenario())
    widget = app.window.transcript.turn_widgets[0]
    shown = widget.error_label.text()
    assert "gnp.exe" in shown
    assert "\u202e" not in shown
    assert "\u200b" not in shown
    assert "\ufffd" in shown
    # The history keeps the error as it came; only its display is neutralised.
    assert "\u202e" in app.chat.conversation.turns[0].error

    # A turn whose stored error is huge (an import can bring one) shows it capped.
    turn = app.chat.conversation.turns[0]
    turn.error = "E" * MEGABYTE
    widget.update_from(turn)
    shown = widget.error_label.text()
    assert NOT_SHOWN in shown
    assert len(shown) < MAX_SHORT_TEXT_SHOWN_CHARS * 1.1
    assert longest_run(shown) <= MAX_UNBROKEN_RUN


def test_the_notice_bar_neutralises_and_caps_what_it_quotes(harness: Harness) -> None:
    app = harness.start_app()
    notices.warning("Could not read \u202etxt.exe " + "n" * MEGABYTE)
    shown = app.window.notice_bar.text
    assert shown.startswith("Could not read \ufffdtxt.exe ")
    assert NOT_SHOWN in shown
    assert len(shown) < MAX_SHORT_TEXT_SHOWN_CHARS * 1.1
    assert longest_run(shown) <= MAX_UNBROKEN_RUN


def test_a_huge_title_is_shown_capped_and_edited_whole(qtbot: QtBot) -> None:
    title = "T\u2066itle " + "t" * MEGABYTE
    model = ConversationListModel()
    model.set_conversations(
        [ConversationSummary(id=1, title=title, updated=1.7e9, model="m", pinned=False)]
    )
    index = model.index(0, 0)
    shown = index.data()
    assert shown.startswith("T\ufffditle ")
    assert len(shown) < MAX_TITLE_SHOWN_CHARS * 1.2
    assert longest_run(shown) <= MAX_UNBROKEN_RUN
    assert len(index.data(Qt.ItemDataRole.EditRole)) == len(title)  # renaming starts from all of it

    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(ConversationDelegate(view))
    view.resize(280, 200)
    assert not view.grab().isNull()  # painted (elided) from the capped title


def test_a_search_snippet_with_a_huge_word_is_capped_and_breakable(qtbot: QtBot) -> None:
    snippet = f"before {HIGHLIGHT_START}{'w' * MEGABYTE}{HIGHLIGHT_END} after \u202eevil"
    html = snippet_html(snippet, highlight="#fde68a", text_color="#000000")
    assert len(html) < MAX_SNIPPET_CHARS * 1.5
    assert "\u202e" not in html
    assert longest_run(re.sub("<[^>]*>", " ", html)) <= MAX_UNBROKEN_RUN

    hit = SearchHit(
        conversation_id=1,
        message_id=1,
        conversation_title="A title " + "q" * MEGABYTE,
        role=Role.USER,
        created=1.7e9,
        snippet=snippet,
    )
    model = SearchResultsModel()
    model.set_hits([hit])
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(SearchResultDelegate(view))
    view.resize(280, 200)
    assert not view.grab().isNull()
    accessible = model.index(0, 0).data()
    assert len(accessible) < MAX_TITLE_SHOWN_CHARS + MAX_SNIPPET_CHARS + 200


def test_a_hostile_model_name_is_shown_neutralised_and_an_overlong_one_left_out(
    harness: Harness,
) -> None:
    from dynaspark_desktop.providers.openai_format import MAX_MODEL_NAME_CHARS

    # Within the model list's length limit: shown, with its direction override neutralised;
    # past the limit: left out of the list altogether.
    hostile = "\u202eevil-" + "m" * (MAX_MODEL_NAME_CHARS - 6)
    overlong = "\u202elong-" + "m" * 100_000
    with FakeOpenAI(models=["plain-model", hostile, overlong]).in_thread() as server:
        app = harness.start_app_with_server(server.base_url, model="plain-model")

        async def scenario() -> None:
            assert app.models is not None
            catalog = app.models.catalog
            await wait_until(
                lambda: bool(catalog.groups()) and not any(g.loading for g in catalog.groups())
            )

        harness.run(scenario())
        picker = app.window.model_picker
        rows = {str(picker.itemData(row)): picker.itemText(row) for row in range(picker.count())}
    shown = next(text for key, text in rows.items() if key.endswith(hostile))  # the key whole
    assert "\u202e" not in shown
    assert shown.startswith("\ufffdevil-")
    assert not any(key.endswith(overlong) for key in rows)


def test_a_streamed_megabyte_line_ends_whole_in_the_answer_and_in_the_history(
    harness: Harness, qtbot: QtBot
) -> None:
    from tests.fakes.openai_server import Behaviour as ServerBehaviour
    from tests.fakes.openai_server import chunk

    line = "START" + "y" * MEGABYTE + "END"
    pieces = [line[start : start + 5_000] for start in range(0, len(line), 5_000)]
    events = [chunk("plain-model", piece) for piece in pieces]
    events.append(chunk("plain-model", finish_reason="stop"))
    events.append(b"data: [DONE]\n\n")
    with FakeOpenAI(models=["plain-model"]).in_thread() as server:
        server.queue_chat(ServerBehaviour(kind="events", events=events))
        app = harness.start_app_with_server(server.base_url, model="plain-model")

        async def scenario() -> None:
            qtbot.keyClicks(app.window.composer, "Say it long")
            app.window.send_message()
            await wait_until(lambda: not app.chat.busy, timeout=60)

        harness.run(scenario(), timeout=90)
    turn = app.chat.conversation.turns[0]
    assert turn.answer == line
    view = app.window.transcript.turn_widgets[0].answer_view
    shown = view.toPlainText()
    assert longest_run(shown) <= MAX_UNBROKEN_RUN
    # Its start is shown, up to the display limit, and a line under it says so.
    shown_start = shown.replace(ZERO_WIDTH_SPACE, "").replace("\n", "")
    assert line.startswith(shown_start)
    assert MAX_SHOWN_CHARS // 2 < len(shown_start) <= MAX_SHOWN_CHARS + MAX_LINE_CHARS
    assert view.shown_part_bar is not None
    assert view.shown_part_bar.isVisibleTo(app.window)
