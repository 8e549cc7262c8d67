"""The pieces behind "Models and providers" that need no server: ids of new servers, the
consent to a key file, and the fallback list's ordering buttons. (The proxy field's rules are
tested with core.proxy_password and providers.proxy.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.secrets import SecretStore
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.providers.base import ModelRef
from dynaspark_desktop.ui.provider_setup.fallback_page import FallbackPage
from dynaspark_desktop.ui.provider_setup.setup_controller import ProviderSetupController
from tests.providers.keyring_support import MemoryKeyring, using_keyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


def test_new_servers_get_ids_of_their_own(data_dir: Path, qtbot: QtBot) -> None:
    settings = Settings.load(data_dir)
    controller = ProviderSetupController(settings, SecretStore.in_data_dir(data_dir))
    first, second = controller.add("ollama"), controller.add("ollama")
    assert (first.id, second.id) == ("ollama", "ollama-2")
    custom = controller.add("custom")
    assert custom.id in controller.drafts
    saved = json.loads((data_dir / "settings.json").read_text())["providers"]
    assert [entry["id"] for entry in saved] == ["ollama", "ollama-2"]
    controller.rename("ollama-2", "  ")
    assert controller.config("ollama-2").label == "Ollama"  # an empty name falls back


def test_consent_already_given_is_honoured(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    settings.set("api_keys_in_file", True)
    store = SecretStore.in_data_dir(data_dir)
    ProviderSetupController(settings, store)
    assert store.allow_file


def test_the_fallback_list_reorders_and_removes(qtbot: QtBot) -> None:
    page = FallbackPage()
    qtbot.addWidget(page)
    page.set_providers(lambda ref: f"{ref.model_id} on {ref.provider_id}", ["a", "b"])
    page.set_fallback_models(["a:one", "b:two", "a:three"])
    assert page.fallback_list.item(0).text() == "one on a"
    page.fallback_list.setCurrentRow(0)
    assert not page.up_button.isEnabled()
    with qtbot.waitSignal(page.fallbackModelsEdited) as moved:
        qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert moved.args == [["b:two", "a:one", "a:three"]]
    assert page.fallback_list.currentRow() == 1
    with qtbot.waitSignal(page.fallbackModelsEdited) as removed:
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert removed.args == [["b:two", "a:three"]]
    page.model_picker.setCurrentText("b:two")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model_problem.text() == "That model is in the list already."
    page.model_picker.setCurrentText("just-a-name")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model_problem.text().startswith("Write the model as provider:model")
    assert ModelRef.parse("b:llama3.2:3b").model_id == "llama3.2:3b"
    page.model_picker.setCurrentText("b:llama3.2:3b")  # model ids may hold ":"
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.fallback_models == ["b:two", "a:three", "b:llama3.2:3b"]
