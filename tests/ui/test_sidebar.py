"""The sidebar through the real window: new chat, switching, rename, pin, delete and undo,
search with highlighting, export and import, and older turns loading on scroll."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.core.chat import TurnState
from dynaspark_desktop.storage import HistoryStore, Role
from dynaspark_desktop.ui.widgets.conversation_list import ConversationIdRole
from dynaspark_desktop.ui.widgets.search_results import snippet_html
from tests.ui.conftest import Harness, ask_and_wait, wait_until


def _seed(data_dir: Path, conversations: list[tuple[str, str, int]]) -> list[int]:
    """Make saved conversations (title, model, number of answered turns) before the app starts.

    Each question is "<title> question <n>" and each answer "<title> answer <n>".
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    ids = []
    with HistoryStore.open(data_dir) as store:
        for title, model, turns in conversations:
            conversation = store.create_conversation(model, title=title)
            for number in range(turns):
                question = store.add_user_message(
                    conversation.id, f"{title} question {number}", model
                )
                store.mark_answered(question.id, f"{title} answer {number}", model, 0.5)
            ids.append(conversation.id)
    return ids


def _sidebar_ids(app: DesktopApp) -> list[int]:
    assert app.window.sidebar is not None
    model = app.window.sidebar.conversation_model
    return [model.index(row).data(ConversationIdRole) for row in range(model.rowCount())]


def _click_conversation(qtbot: QtBot, app: DesktopApp, conversation_id: int) -> None:
    sidebar = app.window.sidebar
    assert sidebar is not None
    row = sidebar.conversation_model.row_of(conversation_id)
    assert row is not None
    view = sidebar.conversation_view
    rect = view.visualRect(sidebar.conversation_model.index(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_switching_restores_each_conversations_turns_model_and_draft(
    harness: Harness, qtbot: QtBot
) -> None:
    cooking, travel = _seed(
        harness.data_dir,
        [("Cooking", "gemini-2.0-flash", 2), ("Travel", "gemini-1.5-flash-8b", 1)],
    )
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        # Newest first: Travel was made last.
        assert _sidebar_ids(app) == [travel, cooking]
        _click_conversation(qtbot, app, cooking)
        await wait_until(lambda: app.chat.conversation.id == cooking)
        assert [turn.question for turn in app.chat.conversation.turns] == [
            "Cooking question 0",
            "Cooking question 1",
        ]
        assert window.current_model() == "gemini-2.0-flash"
        qtbot.keyClicks(window.composer, "half-typed about pasta")

        _click_conversation(qtbot, app, travel)
        await wait_until(lambda: app.chat.conversation.id == travel)
        assert window.current_model() == "gemini-1.5-flash-8b"
        assert window.composer.toPlainText() == ""
        assert len(window.transcript.turn_widgets) == 1

        _click_conversation(qtbot, app, cooking)
        await wait_until(lambda: app.chat.conversation.id == cooking)
        await wait_until(lambda: window.composer.toPlainText() == "half-typed about pasta")
        assert len(window.transcript.turn_widgets) == 2

        # New chat (Ctrl+N): empty transcript and composer; the picker keeps its model.
        window.activateWindow()
        await wait_until(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: app.chat.conversation.id is None)
        assert window.transcript.turn_widgets == []
        assert window.composer.toPlainText() == ""
        window.select_model("gemini-2.0-flash-lite")
        await ask_and_wait(qtbot, app, "A brand new question")
        await wait_until(lambda: len(_sidebar_ids(app)) == 3)

    harness.run(scenario())
    new_id = app.chat.conversation.id
    assert new_id is not None
    assert _sidebar_ids(app)[0] == new_id  # the newest is on top
    assert app.window.sidebar is not None
    assert app.window.sidebar.title_of(new_id) == "A brand new question"
    (turn,) = app.chat.conversation.turns
    assert turn.state is TurnState.ANSWERED
    assert turn.answered_by == "gemini-2.0-flash-lite"


def test_rename_pin_and_delete_with_undo(harness: Harness, qtbot: QtBot) -> None:
    first, second = _seed(harness.data_dir, [("First", "", 1), ("Second", "", 1)])
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        sidebar = window.sidebar
        assert sidebar is not None
        index = sidebar.conversation_model.index(sidebar.conversation_model.row_of(first) or 0)
        assert sidebar.conversation_model.setData(index, "  Renamed   by hand ")
        sidebar.pinRequested.emit(first, True)
        await wait_until(lambda: _sidebar_ids(app) == [first, second])  # pinned goes first

        _click_conversation(qtbot, app, second)
        await wait_until(lambda: app.chat.conversation.id == second)
        sidebar.deleteRequested.emit(second)
        await wait_until(lambda: _sidebar_ids(app) == [first])
        assert app.chat.conversation.id is None  # the shown conversation went away
        assert "deleted" in window.notice_bar.text
        assert window.notice_bar.action_button.isVisible()
        window.notice_bar.action_button.click()
        await wait_until(lambda: sorted(_sidebar_ids(app)) == sorted([first, second]))
        await wait_until(lambda: app.chat.conversation.id == second)
        await app.shutdown()

    harness.run(scenario())
    with HistoryStore.open(harness.data_dir) as store:
        details = store.get_conversation(first)
        assert details is not None
        assert details.title == "Renamed by hand"
        assert details.pinned
        restored = store.get_conversation(second)
        assert restored is not None
        assert restored.deleted is None


def test_search_highlights_matches_and_opens_the_conversation_at_the_message(
    harness: Harness, qtbot: QtBot
) -> None:
    (long_one, _other) = _seed(harness.data_dir, [("Long", "", 120), ("Other", "", 2)])
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        window.activateWindow()
        await wait_until(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        sidebar = window.sidebar
        assert sidebar is not None
        assert sidebar.search_field.hasFocus()
        # The 4th question is far above the page that opens by default.
        qtbot.keyClicks(sidebar.search_field, "question 3")
        await wait_until(lambda: sidebar.results_model.rowCount() > 0)
        assert sidebar.stack.currentWidget() is sidebar.results_view
        hit = sidebar.results_model.hit(0)
        assert hit.conversation_id == long_one
        sidebar.results_view.activated.emit(sidebar.results_model.index(0))
        await wait_until(lambda: app.chat.conversation.id == long_one)
        shown = [turn for turn in app.chat.conversation.turns if turn.message_id == hit.message_id]
        assert len(shown) == 1
        widget = window.transcript.widget_for(shown[0].id)
        assert widget is not None
        await wait_until(lambda: widget.user_bubble.property("highlighted") is True)
        bar = window.transcript.verticalScrollBar()
        assert bar.value() < bar.maximum()  # opened at the hit, not at the end

        # A hit in an answer opens at its turn too.
        sidebar.search_field.clear()
        qtbot.keyClicks(sidebar.search_field, "answer 7")
        await wait_until(
            lambda: (
                sidebar.results_model.rowCount() > 0
                and sidebar.results_model.hit(0).role is Role.ASSISTANT
            )
        )
        answer_hit = sidebar.results_model.hit(0)
        sidebar.results_view.activated.emit(sidebar.results_model.index(0))
        await wait_until(
            lambda: any(
                turn.answer_message_id == answer_hit.message_id
                for turn in app.chat.conversation.turns
            )
        )
        (answered,) = [
            turn
            for turn in app.chat.conversation.turns
            if turn.answer_message_id == answer_hit.message_id
        ]
        assert answered.answer.startswith("Long answer 7")  # words match as prefixes
        answer_widget = window.transcript.widget_for(answered.id)
        assert answer_widget is not None
        await wait_until(lambda: answer_widget.user_bubble.property("highlighted") is True)

        sidebar.search_field.clear()
        qtbot.keyClicks(sidebar.search_field, "zebra crossing")
        await wait_until(lambda: sidebar.stack.currentWidget() is sidebar.status_label)
        assert "zebra crossing" in sidebar.status_label.text()

    harness.run(scenario())


def test_search_snippets_are_escaped_before_they_are_highlighted() -> None:
    snippet = '<img src="http://x/y.png">\u0002<b>match</b>\u0003 and \u202etext'
    html = snippet_html(snippet, highlight="#fde68a", text_color="#000000")
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;match&lt;/b&gt;</span>" in html
    assert "\u202e" not in html
    assert html.count("<span") == 1


def test_scrolling_up_loads_older_turns_without_moving_what_is_read(
    harness: Harness, qtbot: QtBot
) -> None:
    (long_one,) = _seed(harness.data_dir, [("Long", "", 150)])
    app = harness.start_app()
    transcript = app.window.transcript

    async def scenario() -> None:
        await wait_until(lambda: len(_sidebar_ids(app)) == 1)
        _click_conversation(qtbot, app, long_one)
        await wait_until(lambda: app.chat.conversation.id == long_one)
        first_page = len(app.chat.conversation.turns)
        assert 0 < first_page < 150
        assert app.chat.conversation.turns[-1].question == "Long question 149"
        await wait_until(lambda: transcript.verticalScrollBar().maximum() > 0)
        top_turn = app.chat.conversation.turns[0]
        transcript.scroll_to_top()
        # Only the turns near the view have widgets: the one at the top gets one.
        await wait_until(lambda: transcript.widget_for(top_turn.id) is not None)
        widget = transcript.widget_for(top_turn.id)
        assert widget is not None
        await wait_until(lambda: len(app.chat.conversation.turns) > first_page)
        await wait_until(lambda: widget.y() > 0)
        # The turn that was at the top is still where the user was looking.
        bar = transcript.verticalScrollBar()
        await wait_until(lambda: abs(widget.y() - bar.value()) < 40)
        for _ in range(20):
            transcript.scroll_to_top()
            await wait_until(lambda: True)
            if len(app.chat.conversation.turns) == 150:
                break
            count = len(app.chat.conversation.turns)
            await wait_until(lambda: len(app.chat.conversation.turns) > count)  # noqa: B023
        questions = [turn.question for turn in app.chat.conversation.turns]
        assert questions == [f"Long question {number}" for number in range(150)]

    harness.run(scenario(), timeout=60)


def test_export_and_import_through_the_window(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    app = harness.start_app()
    window = app.window

    async def scenario() -> None:
        await ask_and_wait(qtbot, app, "Export me")
        conversation_id = app.chat.conversation.id
        assert conversation_id is not None
        navigator = app.navigator
        assert navigator is not None
        navigator.export_to(conversation_id, "json", str(tmp_path / "one.json"))
        await wait_until(lambda: (tmp_path / "one.json").exists())
        navigator.export_to(conversation_id, "markdown", str(tmp_path / "one.md"))
        await wait_until(lambda: (tmp_path / "one.md").exists())
        await wait_until(lambda: "Exported" in window.notice_bar.text)
        # As if exported on another machine: the same export would be found here already
        # (tests/ui/test_import_again_in_window.py) and not imported twice.
        exported = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
        exported["conversation"]["uid"] = "from-another-machine"
        (tmp_path / "other.json").write_text(json.dumps(exported), encoding="utf-8")
        navigator.import_from(str(tmp_path / "other.json"))
        await wait_until(lambda: len(_sidebar_ids(app)) == 2)
        await wait_until(lambda: app.chat.conversation.id not in (None, conversation_id))
        navigator.export_all_to(str(tmp_path / "all.zip"))
        await wait_until(lambda: "Exported 2 conversations" in window.notice_bar.text)

    harness.run(scenario())
    document = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert "Export me" in json.dumps(document)
    assert "Export me" in (tmp_path / "one.md").read_text(encoding="utf-8")
    (imported,) = app.chat.conversation.turns
    assert imported.question == "Export me"
    assert imported.state is TurnState.ANSWERED
    assert (tmp_path / "all.zip").stat().st_size > 0


def test_an_import_of_a_broken_file_says_so(harness: Harness, qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    app = harness.start_app()

    async def scenario() -> None:
        await wait_until(lambda: app.navigator is not None)
        assert app.navigator is not None
        app.navigator.import_from(str(broken))
        # Not any text: "Importing conversations…" shows while it runs.
        await wait_until(lambda: "broken.json" in app.window.notice_bar.text)

    harness.run(scenario())
    assert "broken.json" in app.window.notice_bar.text
    assert "Traceback" not in app.window.notice_bar.text
