"""The window follows the ``theme`` setting live: its style sheet, the application's palette
(dialogs, menus), the icons, and answers already shown (their code blocks) change at once."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.markdown.theme import PALETTES
from dynaspark_desktop.ui.base.icons import icon
from dynaspark_desktop.ui.base.style import palette_colors
from tests.fakes.dynaspark_server import Behaviour
from tests.ui.conftest import Harness, ask_and_wait, wait_until

CODE_ANSWER = "Here:\n\n```python\nprint('hi')\n```\n"


def _window_colour() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).name()


def test_switching_the_theme_recolours_the_open_window(harness: Harness, qtbot: QtBot) -> None:
    harness.server.queue(Behaviour(answer=CODE_ANSWER))
    app = harness.start_app()
    window = app.window
    app.settings.set("theme", "light")

    async def scenario() -> None:
        await wait_until(lambda: window.sidebar is not None)
        await ask_and_wait(qtbot, app, "code please")
        view = window.transcript.turn_widgets[-1].answer_view
        light_code = PALETTES["light"].code_background
        dark_code = PALETTES["dark"].code_background
        assert light_code in view.document().toHtml()
        light_attach = window.attach_button.icon().cacheKey()

        app.settings.set("theme", "dark")
        assert _window_colour() == palette_colors(dark=True)["window"]
        assert palette_colors(dark=True)["surface"] in window.styleSheet()
        assert window.attach_button.icon().cacheKey() != light_attach
        assert window.attach_button.icon().cacheKey() == icon("attach").cacheKey()
        await wait_until(lambda: dark_code in view.document().toHtml())
        assert light_code not in view.document().toHtml()

        app.settings.set("theme", "light")
        assert _window_colour() == palette_colors(dark=False)["window"]
        assert window.attach_button.icon().cacheKey() == light_attach
        await wait_until(lambda: light_code in view.document().toHtml())

    try:
        harness.run(scenario())
    finally:
        app.settings.set("theme", "system")


def test_an_unknown_theme_choice_falls_back_to_the_system(harness: Harness) -> None:
    from dynaspark_desktop.ui.base.theme import app_theme

    app = harness.start_app()
    app.settings.set("theme", "dark")
    try:
        app_theme().set_choice("purple")
        assert app_theme().choice == "system"
        # Off screen the system's scheme is light.
        assert not app_theme().dark
        assert _window_colour() == palette_colors(dark=False)["window"]
    finally:
        app.settings.set("theme", "system")


def test_the_system_theme_is_followed_live(harness: Harness) -> None:
    from PySide6.QtCore import Qt

    from dynaspark_desktop.ui.base.theme import app_theme

    app = harness.start_app()
    window = app.window
    hints = QGuiApplication.styleHints()

    async def scenario() -> None:
        await wait_until(lambda: window.sidebar is not None)  # after the first paint
        assert app_theme().choice == "system"
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert app_theme().dark
        assert _window_colour() == palette_colors(dark=True)["window"]
        assert palette_colors(dark=True)["surface"] in window.styleSheet()
        # A chosen theme rules over the system's.
        app.settings.set("theme", "light")
        assert _window_colour() == palette_colors(dark=False)["window"]
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert not app_theme().dark
        app.settings.set("theme", "system")
        assert app_theme().dark
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not app_theme().dark

    try:
        harness.run(scenario())
    finally:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        app.settings.set("theme", "system")


def test_a_streaming_answer_takes_the_new_colours_mid_stream(
    harness: Harness, qtbot: QtBot
) -> None:
    """Light to dark while an answer streams: what it shows is rendered again in the dark
    colours, and what arrives after comes in them too."""
    from tests.fakes.openai_server import Behaviour as StreamBehaviour
    from tests.fakes.openai_server import FakeOpenAI

    first = "```python\nprint('before')\n```\n\n" + " ".join(f"w{n}" for n in range(60))
    later = "\n\n```python\nprint('after')\n```\n\nThe end."
    light_code = PALETTES["light"].code_background
    dark_code = PALETTES["dark"].code_background
    with FakeOpenAI().in_thread() as server:
        app = harness.start_app_with_server(server.base_url)
        app.settings.set("theme", "light")
        server.queue_chat(StreamBehaviour(answer=first + later, chunk_delay=0.02))

        async def scenario() -> None:
            app.window.composer.setPlainText("code please")
            app.window.send_message()
            await wait_until(lambda: bool(app.chat.conversation.turns))
            turn = app.chat.conversation.turns[0]
            await wait_until(lambda: app.window.transcript.widget_for(turn.id) is not None)
            view = app.window.transcript.widget_for(turn.id).answer_view
            await wait_until(lambda: "w5" in view.toPlainText())
            assert view.streaming
            assert light_code in view.document().toHtml()

            app.settings.set("theme", "dark")
            assert view.streaming  # mid-stream still
            html = view.document().toHtml()
            assert dark_code in html
            assert light_code not in html
            assert "before" in view.toPlainText()  # nothing shown was lost
            await wait_until(lambda: not app.chat.busy, timeout=20)
            assert "print('after')" in view.toPlainText()
            html = view.document().toHtml()
            assert dark_code in html
            assert light_code not in html
            assert app.chat.conversation.turns[0].answer == first + later

        try:
            harness.run(scenario())
        finally:
            app.settings.set("theme", "system")
            harness.close_all()
