"""Flattening a conversation into ``user_input`` (shared/dynaspark-api.md section 3)."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.conversation import flatten_conversation, message_text
from dynaspark_desktop.core.errors import EmptyConversationError, ProviderError


def user(content):
    return {"role": "user", "content": content}


def test_one_message_is_its_text_alone_without_role_prefix():
    assert flatten_conversation([user("Hi")]) == "Hi"


@pytest.mark.parametrize("role", ["system", "user", "assistant"])
def test_one_message_of_any_role_has_no_prefix_and_no_assistant_line(role):
    assert flatten_conversation([{"role": role, "content": "Be brief"}]) == "Be brief"


def test_one_multiline_message_is_kept_verbatim():
    text = "  line one\n\nline two  "
    assert flatten_conversation([user(text)]) == text


def test_contract_example_with_system_blank_assistant_and_final_assistant_line():
    messages = [
        {"role": "system", "content": "Be nice"},
        user("Hi"),
        {"role": "assistant", "content": ""},
        user("Again"),
    ]
    assert flatten_conversation(messages) == "System: Be nice\nUser: Hi\nUser: Again\nAssistant:"


def test_several_messages_become_role_lines():
    messages = [user("Hi"), {"role": "assistant", "content": "Hello!"}, user("How are you?")]
    expected = "User: Hi\nAssistant: Hello!\nUser: How are you?\nAssistant:"
    assert flatten_conversation(messages) == expected


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", None, []])
def test_blank_messages_are_skipped(blank):
    messages = [user("First"), {"role": "assistant", "content": blank}, user("Second")]
    assert flatten_conversation(messages) == "User: First\nUser: Second\nAssistant:"


def test_list_of_parts_keeps_only_text_parts():
    content = [
        {"type": "text", "text": "Describe "},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        {"type": "text", "text": "this picture"},
        {"type": "input_audio", "input_audio": {"data": "UklGRg=="}},
    ]
    assert message_text(user(content)) == "Describe this picture"
    assert flatten_conversation([user(content)]) == "Describe this picture"


def test_list_of_parts_in_a_longer_conversation():
    messages = [
        {"role": "system", "content": [{"type": "text", "text": "Be nice"}]},
        user([{"type": "image_url", "image_url": {"url": "x"}}]),  # no text: skipped
        user([{"type": "text", "text": "What is it?"}]),
    ]
    assert flatten_conversation(messages) == "System: Be nice\nUser: What is it?\nAssistant:"


def test_parts_that_are_not_text_parts_are_ignored_even_when_malformed():
    content = ["bare string", {"type": "text"}, {"type": "text", "text": 42}, {"text": "no type"}]
    assert message_text(user(content)) == ""


def test_role_first_letter_is_capitalised_and_the_rest_kept():
    messages = [{"role": "tool", "content": "42"}, user("thanks")]
    assert flatten_conversation(messages) == "Tool: 42\nUser: thanks\nAssistant:"


def test_an_empty_conversation_is_an_error_never_a_request():
    with pytest.raises(EmptyConversationError) as caught:
        flatten_conversation([])
    # A sentence a person can read, which the UI shows as it is; retrying cannot help.
    assert "empty" in str(caught.value)
    assert isinstance(caught.value, ProviderError)
    assert caught.value.retryable is False


def test_flattening_does_not_change_the_messages():
    messages = [user("Hi"), {"role": "assistant", "content": [{"type": "text", "text": "Yo"}]}]
    snapshot = [dict(message) for message in messages]
    flatten_conversation(messages)
    assert messages == snapshot
