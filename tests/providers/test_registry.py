"""The registry the window uses, presets and saved configurations, "Test connection", and the
Dynaspark web provider behind the common protocol."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dynaspark_desktop
from dynaspark_desktop.core.errors import ProviderConfigError
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.core.secrets import SecretStore
from dynaspark_desktop.providers.base import (
    AnswerDone,
    ChatProvider,
    ChatRequest,
    ModelRef,
    collect,
)
from dynaspark_desktop.providers.dynaspark import Dynaspark, DynasparkWebProvider
from dynaspark_desktop.providers.openai_compatible import OpenAICompatibleProvider
from dynaspark_desktop.providers.presets import (
    PRESETS,
    ProviderConfig,
    api_key_name,
    configs_from_settings,
    new_config,
    preset,
)
from dynaspark_desktop.providers.registry import (
    ProviderRegistry,
    build_registry,
    check_connection,
    read_api_keys,
)
from tests.fakes.dynaspark_server import FakeDynaspark
from tests.fakes.openai_server import FakeOpenAI
from tests.providers.support import closed_port

REPO_ROOT = Path(dynaspark_desktop.__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def test_the_presets_the_issue_names():
    urls = {item.id: item.base_url for item in PRESETS}
    assert urls["ollama"] == "http://localhost:11434/v1"
    assert urls["lmstudio"] == "http://localhost:1234/v1"
    assert urls["llamacpp"] == "http://localhost:8080/v1"
    assert urls["openai"] == "https://api.openai.com/v1"
    assert urls["openrouter"] == "https://openrouter.ai/api/v1"
    assert urls["gemini"] == "https://generativelanguage.googleapis.com/v1beta/openai"
    assert "custom" in urls
    assert preset("no-such-preset").id == "custom"
    assert all(item.needs_key for item in PRESETS if item.id in ("openai", "openrouter", "gemini"))


def test_new_configurations_get_free_ids_and_checked_urls():
    first = new_config("ollama")
    second = new_config("ollama", [first.id], base_url="http://192.168.1.5:11434/v1/")
    assert (first.id, second.id) == ("ollama", "ollama-2")
    assert second.base_url == "http://192.168.1.5:11434/v1"
    assert new_config("custom", ["custom", "custom-2"], base_url="http://x/v1").id == "custom-3"
    with pytest.raises(ValueError, match="http"):
        new_config("custom", base_url="localhost:1234")
    with pytest.raises(ValueError, match="base URL"):
        new_config("custom", base_url="")


def test_saved_configurations_round_trip_and_damaged_ones_are_skipped():
    good = new_config("openrouter")
    saved = [
        good.to_dict(),
        {"id": "Bad Id!", "preset": "ollama", "base_url": "http://localhost:11434/v1"},
        {"id": "nourl", "preset": "custom", "base_url": "ftp://x"},
        {"id": "dynaspark", "preset": "custom", "base_url": "http://x/v1"},  # a built-in's id
        good.to_dict(),  # a duplicate
        "not even a dict",
    ]
    assert configs_from_settings(saved) == [good]
    assert configs_from_settings(None) == []
    assert set(good.to_dict()) == {"id", "preset", "label", "base_url"}


def test_the_registry_holds_the_built_ins_then_the_configured_servers():
    configs = [new_config("ollama"), new_config("openrouter")]
    registry = build_registry(configs, {"openrouter": "sk-or-1"})
    ids = [provider.id for provider in registry.providers()]
    assert ids == ["dynaspark", "dynaspark-api", "ollama", "openrouter"]
    assert all(isinstance(provider, ChatProvider) for provider in registry.providers())
    openrouter = registry.get("openrouter")
    assert isinstance(openrouter, OpenAICompatibleProvider)
    assert openrouter.has_api_key
    ollama = registry.get("ollama")
    assert isinstance(ollama, OpenAICompatibleProvider)
    assert not ollama.has_api_key
    with pytest.raises(ValueError, match="already"):
        registry.add(DynasparkWebProvider())
    registry.remove("ollama")
    assert "ollama" not in registry
    with pytest.raises(ProviderConfigError, match="not set up any more"):
        registry.resolve(ModelRef("ollama", "llama3.2:3b"))


def test_model_refs_survive_model_ids_with_colons_and_slashes():
    ref = ModelRef("openrouter", "meta-llama/llama-3.1-8b:free")
    assert ModelRef.parse(ref.key) == ref
    with pytest.raises(ValueError, match="provider:model"):
        ModelRef.parse("no-colon")


def test_keys_are_read_from_the_secret_store(tmp_path, memory_keyring):
    store = SecretStore.in_data_dir(tmp_path)
    store.set(api_key_name("openai"), "sk-openai")
    keys = read_api_keys(store, ["openai", "ollama"])
    assert keys == {"dynaspark-api": None, "openai": "sk-openai", "ollama": None}


def test_check_connection_reports_models_or_the_exact_reason():
    async def main():
        async with FakeOpenAI(models=["a", "b"]) as server:
            working = OpenAICompatibleProvider(new_config("custom", base_url=server.base_url))
            empty_server = FakeOpenAI(models=[])
            async with empty_server:
                empty = OpenAICompatibleProvider(
                    new_config("custom", base_url=empty_server.base_url)
                )
                down = OpenAICompatibleProvider(
                    new_config("ollama", base_url=f"http://127.0.0.1:{closed_port()}/v1")
                )
                return [await check_connection(p, None) for p in (working, empty, down)]

    ok, empty, down = asyncio.run(main())
    assert ok.ok
    assert [model.id for model in ok.models] == ["a", "b"]
    assert ok.message == "Connected: 2 models found."
    assert empty.ok
    assert "lists no models" in empty.message
    assert not down.ok
    assert down.error is not None
    assert down.message == str(down.error)
    assert "Cannot connect to Ollama" in down.message


def test_importing_the_registry_loads_nothing_heavy():
    code = (
        "import sys\n"
        "import dynaspark_desktop.providers.registry, dynaspark_desktop.providers.fallback\n"
        "import dynaspark_desktop.core.secrets\n"
        "heavy = ('asyncio', 'aiohttp', 'aiohttp_socks', 'keyring', 'PIL', 'PySide6')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the Dynaspark web endpoint behind the protocol -----------------------------------------


def test_the_web_provider_flattens_the_system_prompt_and_sends_the_first_image(monkeypatch):
    image = PreparedImage(PNG, "image/png", "first.png", 1, 1, b"", 1, 1)
    other = PreparedImage(PNG, "image/png", "second.png", 1, 1, b"", 1, 1)

    async def main():
        async with FakeDynaspark() as server:
            monkeypatch.setattr(Dynaspark, "api_endpoint", server.endpoint)
            provider = DynasparkWebProvider()
            answer = await collect(
                provider.stream_chat(
                    None,
                    ChatRequest(
                        "gemini-2.0-flash",
                        [{"role": "user", "content": "What is it?"}],
                        [image, other],
                        "Be brief.",
                    ),
                )
            )
            return answer, server.requests[-1], await provider.list_models(None)

    answer, request, models = asyncio.run(main())
    assert request.fields["user_input"] == "System: Be brief.\nUser: What is it?\nAssistant:"
    assert [file.filename for file in request.files] == ["first.png"]
    assert answer.text.endswith("with image first.png")
    assert answer.done == AnswerDone(model="gemini-2.0-flash")
    assert [model.id for model in models] == Dynaspark.models
    assert all(model.image_input and not model.system_prompt for model in models)
    assert not any(model.streaming for model in models)


def test_an_empty_registry_is_fine():
    assert ProviderRegistry().providers() == []
    assert build_registry(include_builtin=False).providers() == []


def test_a_config_for_the_registry_needs_no_network():
    config = ProviderConfig("x", "custom", "X", "https://example.invalid/v1")
    provider = OpenAICompatibleProvider(config)
    assert provider.cached_models is None
    assert provider.service == "X (example.invalid)"
