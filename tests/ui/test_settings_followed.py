"""A running app follows its settings: whoever depends on one is told when it changes (the
chat's proxy and time-out, the image size, the response caps, the model catalog), with no
one passing the new value on by hand."""

from __future__ import annotations

from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.core.sizes import MB
from dynaspark_desktop.providers import http_body
from tests.fakes.dynaspark_api_server import FakeDynasparkApi
from tests.fakes.openai_server import FakeOpenAI
from tests.providers.support import closed_port
from tests.ui.conftest import Harness, models_listed, wait_until


def test_the_chat_attachments_and_caps_follow_their_settings(harness: Harness) -> None:
    app = harness.start_app()
    assert app.chat.timeout_seconds == 90.0
    try:
        app.settings.set("request_timeout", 12.5)
        app.settings.set("max_image_side", 512)
        app.settings.set("max_answer_mb", 3)
        app.settings.set("read_idle_timeout", 7)
        assert app.chat.timeout_seconds == 12.5
        assert app.attachments.max_side == 512
        assert http_body.limits().answer_bytes == 3 * MB
        assert http_body.limits().idle_seconds == 7.0
    finally:
        http_body.configure()  # the app set them from its settings


def test_a_new_proxy_reaches_the_chat_and_lists_the_models_again(
    harness: Harness, api_server: FakeDynasparkApi
) -> None:
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    app = harness.start_app()
    assert app.chat.proxy is None
    proxy = f"http://me@127.0.0.1:{closed_port()}"

    async def scenario() -> None:
        await models_listed(app)
        assert app.models is not None
        catalog = app.models.catalog
        app.settings.use_proxy(proxy, "pw-in-memory")
        assert app.chat.proxy == proxy.replace("me@", "me:pw-in-memory@")
        assert any(group.loading for group in catalog.groups())  # listing again
        await models_listed(app)
        app.settings.use_proxy("", "")
        assert app.chat.proxy is None

    harness.run(scenario())


def test_the_command_line_proxy_rules_over_a_saved_one(harness: Harness) -> None:
    option = f"http://127.0.0.1:{closed_port()}"
    app = harness.start_app(proxy=option)
    app.settings.use_proxy("http://other.example:3128", "")
    assert app.chat.proxy == option


def test_a_server_saved_in_the_settings_joins_the_picker(
    harness: Harness, api_server: FakeDynasparkApi
) -> None:
    Settings.load(harness.data_dir).set("api_endpoint", api_server.base_url)
    app = harness.start_app()

    async def scenario() -> None:
        await models_listed(app)
        assert app.models is not None
        catalog = app.models.catalog
        assert "local" not in [group.provider_id for group in catalog.groups()]
        with FakeOpenAI().in_thread() as server:
            entry = {"id": "local", "preset": "ollama", "label": "Local", "base_url": ""}
            entry["base_url"] = server.base_url
            app.settings.set("providers", [entry])
            await wait_until(
                lambda: any(
                    group.provider_id == "local" and group.models for group in catalog.groups()
                )
            )

    harness.run(scenario())
