"""Masking by value: every key and password the app knows is masked wherever text is
redacted (errors, the log, the history, exports), in the forms a server echoes it back, and
short values are left alone rather than masking ordinary words."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote

import pytest

from dynaspark_desktop.core.errors import AuthRequiredError, UserFacingError
from dynaspark_desktop.core.logs import setup_logging
from dynaspark_desktop.core.redaction import (
    MASK,
    contains_known_secret,
    forget_secret,
    redact_known_secrets,
    redact_secrets,
    remember_secret,
)
from dynaspark_desktop.core.secrets import SecretStore
from dynaspark_desktop.providers.http_errors import error_for_status
from dynaspark_desktop.providers.openai_format import error_for_openai_status, stream_error

KEY = "sk-proj-ABCdef0123456789"
PASSWORD = 'pa:ss/wo"rd?&'


def test_a_remembered_value_is_masked_wherever_it_appears() -> None:
    remember_secret("api-key:openai", KEY)
    text = f"Incorrect API key provided: {KEY}. You passed {KEY}!"
    assert redact_known_secrets(text) == "Incorrect API key provided: ***. You passed ***!"
    assert redact_secrets(text) == "Incorrect API key provided: ***. You passed ***!"
    assert contains_known_secret(text)
    assert not contains_known_secret(redact_secrets(text))


def test_the_forms_a_server_echoes_are_masked_too() -> None:
    remember_secret("proxy-password", PASSWORD)
    as_json = json.dumps({"error": f"bad password {PASSWORD}"})
    as_url = f"https://example.com/?p={quote(PASSWORD, safe='')}"
    for text in (as_json, as_url, f"plain {PASSWORD} text"):
        masked = redact_known_secrets(text)
        assert PASSWORD not in masked
        assert json.dumps(PASSWORD)[1:-1] not in masked
        assert quote(PASSWORD, safe="") not in masked
        assert MASK in masked


def test_a_longer_secret_holding_a_shorter_one_is_masked_whole() -> None:
    remember_secret("api-key:a", "abcdef123")
    remember_secret("api-key:b", "abcdef123456789")
    assert redact_known_secrets("key abcdef123456789 and abcdef123") == "key *** and ***"


def test_short_values_do_not_mask_ordinary_text() -> None:
    remember_secret("proxy-password", "admin")
    text = "The admin page of the administrator"
    assert redact_known_secrets(text) == text


def test_answers_keep_their_code_examples_errors_do_not() -> None:
    # By value only in answers: a model's example is not a secret.
    example = 'client = OpenAI(api_key="my-example-key")'
    assert redact_known_secrets(example) == example
    assert "my-example-key" not in redact_secrets(example)


def test_a_forgotten_secret_is_no_longer_masked_unless_another_name_holds_it() -> None:
    remember_secret("api-key:a", KEY)
    remember_secret("api-key:b", KEY)
    forget_secret("api-key:a")
    assert redact_known_secrets(KEY) == MASK
    forget_secret("api-key:b")
    assert redact_known_secrets(KEY) == KEY


def test_the_secret_store_registers_what_it_reads_and_stores_and_forgets_what_it_deletes(
    tmp_path: Path,
) -> None:
    store = SecretStore.in_data_dir(tmp_path)
    store.set("api-key:openai", KEY)
    assert redact_known_secrets(KEY) == MASK
    store.delete("api-key:openai")
    assert redact_known_secrets(KEY) == KEY
    # Stored earlier (another run): registered once read.
    store.keyring.set("api-key:other", KEY)
    assert redact_known_secrets(KEY) == KEY
    assert store.get("api-key:other") == KEY
    assert redact_known_secrets(KEY) == MASK


def test_errors_mask_their_message_and_detail_when_made() -> None:
    remember_secret("api-key:openai", KEY)
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}."}})
    errors: list[UserFacingError] = [
        error_for_openai_status(401, body, {}, "OpenAI", "gpt-4o", has_key=True),
        error_for_openai_status(400, body, {}, "OpenAI", "gpt-4o", has_key=True),
        error_for_status(500, body, {}, "OpenAI"),
        AuthRequiredError(f"refused {KEY}", detail=f"HTTP 401: {KEY}"),
    ]
    in_stream = stream_error({"error": {"message": f"key {KEY} revoked"}}, "OpenAI")
    assert in_stream is not None
    errors.append(in_stream)
    for error in errors:
        for text in (str(error), error.message, error.detail or "", repr(error.args)):
            assert KEY not in text
    assert "Incorrect API key provided: ***" in str(errors[0])


def test_the_log_masks_known_values(tmp_path: Path) -> None:
    handler = setup_logging(tmp_path)
    try:
        remember_secret("api-key:openai", KEY)
        log = logging.getLogger("test.redaction")
        log.warning("the server said: %s", KEY)
        try:
            raise ValueError(f"traceback holding {KEY}")
        except ValueError:
            log.exception("failed")
        handler.flush()
        text = handler.path.read_text(encoding="utf-8")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert "the server said: ***" in text
    assert "traceback holding ***" in text
    assert KEY not in text


@pytest.mark.parametrize("value", ["", None])
def test_remembering_nothing_forgets(value: str | None) -> None:
    remember_secret("api-key:a", KEY)
    remember_secret("api-key:a", value)
    assert redact_known_secrets(KEY) == KEY


def test_a_proxy_password_is_masked_as_credentials_and_as_basic_of_any_length() -> None:
    import base64

    from dynaspark_desktop.core.proxy_password import remember_proxy_password

    remember_proxy_password("http://alice@proxy.example:3128", "Zq9!x")  # 5 characters
    basic = base64.b64encode(b"alice:Zq9!x").decode()
    echoed = f"407: bad credentials alice:Zq9!x (Proxy-Authorization: Basic {basic})"
    for redacted in (redact_secrets(echoed), redact_known_secrets(echoed)):
        assert "Zq9!x" not in redacted
        assert basic not in redacted
    # Any Basic header is masked by pattern, a credential the app does not know included.
    other = base64.b64encode(b"bob:hunter2").decode()
    assert other not in redact_secrets(f"Authorization: Basic {other}")
