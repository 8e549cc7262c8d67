"""Settings, logging and error reporting of a running app, through the real window."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from PySide6.QtCore import qWarning

from dynaspark_desktop.error_hooks import install_error_handlers
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.ui.base.qt_messages import route_qt_messages_to_logging
from tests.ui.conftest import Harness


def test_endpoint_option_redirects_the_provider(harness: Harness) -> None:
    harness.start_app()
    assert Dynaspark.api_endpoint == harness.server.endpoint


def test_an_unknown_model_option_falls_back_with_a_message(harness: Harness) -> None:
    app = harness.start_app(model="gpt-99")
    assert app.window.current_model() == Dynaspark.default_model
    assert "gpt-99" in app.window.notice_bar.text


def test_the_model_option_selects_the_model(harness: Harness) -> None:
    app = harness.start_app(model="gemini-2.0-flash-lite")
    assert app.window.current_model() == "gemini-2.0-flash-lite"


def test_settings_and_logs_live_in_the_data_directory(harness: Harness) -> None:
    app = harness.start_app()
    app.window.model_picker.setCurrentIndex(app.window.model_picker.findData("gemini-2.0-flash"))
    saved = json.loads((harness.data_dir / "settings.json").read_text())
    assert saved["model"] == "gemini-2.0-flash"
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = (harness.data_dir / "logs" / "dynaspark-desktop.log").read_text()
    assert "starting" in log_text


@pytest.mark.qt_log_ignore("a message from Qt itself")
def test_qt_messages_are_routed_into_the_log(harness: Harness) -> None:
    harness.start_app()
    route_qt_messages_to_logging()
    qWarning("a message from Qt itself")  # type: ignore[call-arg]
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = (harness.data_dir / "logs" / "dynaspark-desktop.log").read_text()
    assert "a message from Qt itself" in log_text


def test_the_proxy_password_never_reaches_the_log(harness: Harness) -> None:
    harness.start_app(proxy="http://alice:hunter2@proxy.example:3128")
    logging.getLogger("test").info("using proxy http://alice:hunter2@proxy.example:3128")
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = (harness.data_dir / "logs" / "dynaspark-desktop.log").read_text()
    assert "hunter2" not in log_text
    assert "alice:***@proxy.example" in log_text


def test_an_uncaught_exception_is_logged_and_shown(harness: Harness) -> None:
    app = harness.start_app()
    previous_hook = sys.excepthook
    install_error_handlers(app, harness.loop)
    try:
        try:
            raise ValueError("boom in a slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous_hook
        harness.loop.set_exception_handler(None)
    assert "Something went wrong" in app.window.notice_bar.text
    assert "boom in a slot" in app.window.notice_bar.text
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "boom in a slot" in (harness.data_dir / "logs" / "dynaspark-desktop.log").read_text()


def test_widgets_have_stable_object_names_and_accessible_names(harness: Harness) -> None:
    from PySide6.QtWidgets import QWidget

    app = harness.start_app()
    for name in (
        "modelPicker",
        "transcript",
        "composer",
        "sendButton",
        "stopButton",
        "attachButton",
        "attachmentTray",
    ):
        widget = app.window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_the_window_size_is_remembered(harness: Harness) -> None:
    app = harness.start_app()
    app.window.resize(777, 555)
    harness.close_all()
    restarted = harness.start_app()
    assert (restarted.window.width(), restarted.window.height()) == (777, 555)
