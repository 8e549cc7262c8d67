"""The OpenAI chat-completions wire format, as plain functions (no I/O).

Request bodies, model lists, streamed chunks and error payloads, as OpenAI documents them
and as Ollama, LM Studio, llama.cpp, OpenRouter and Gemini's compatible endpoint send them.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dynaspark_desktop.core.conversation import ChatMessage, message_text
from dynaspark_desktop.core.errors import (
    AuthRequiredError,
    BadRequestError,
    EmptyConversationError,
    ModelNotFoundError,
    ProviderConfigError,
    ProviderError,
    RateLimitedError,
    ServiceUnavailableError,
    UnexpectedResponseError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_secrets
from dynaspark_desktop.core.sentences import clause, sentence
from dynaspark_desktop.providers.base import ImageAttachment, ModelInfo, Usage, with_system_prompt
from dynaspark_desktop.providers.http_errors import describe_body, error_for_status, first_line

# Servers rarely say which models read images; these name fragments are the common vision
# families (checked against Ollama's library, OpenAI's and Gemini's model names).
_VISION_NAME = re.compile(
    r"vision|llava|bakllava|moondream|minicpm-v|pixtral|-vl\b|vl:|qwen2\.5vl|qwen2-vl|"
    r"gemma3|gemma-3|llama4|mistral-small3\.[12]|gpt-4o|gpt-4\.1|gpt-5|gpt-4-turbo|o3|o4|"
    r"gemini|claude-3|claude-(?:sonnet|opus|haiku)-4|granite3\.2-vision|grok-.*vision",
    re.IGNORECASE,
)


# OpenRouter lists about 400 models; ids are tens of characters.
MAX_MODELS = 5000
MAX_MODEL_NAME_CHARS = 256


def guess_image_input(model_id: str) -> bool:
    return bool(_VISION_NAME.search(model_id))


def parse_model_list(payload: Any) -> list[ModelInfo] | None:
    """The models of a ``GET /models`` answer, sorted by id; None if it is not a model list.

    OpenRouter adds ``architecture.input_modalities`` and a ``name``; where a server says
    which inputs a model takes, that beats the guess from the name. At most
    :data:`MAX_MODELS` are taken, and no id or name longer than :data:`MAX_MODEL_NAME_CHARS`
    (a picker of a million rows, or a row a megabyte wide, would freeze the window).
    """
    if isinstance(payload, Mapping):
        entries = payload.get("data", payload.get("models"))
    else:
        entries = payload
    if not isinstance(entries, list):
        return None
    models: dict[str, ModelInfo] = {}
    for entry in entries:
        if len(models) >= MAX_MODELS:
            break
        model_id = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(model_id, str) or not model_id.strip():
            continue
        if len(model_id) > MAX_MODEL_NAME_CHARS:
            continue
        # Ids are kept exactly as listed (Gemini's "models/gemini-2.0-flash" included): the
        # server takes back what it lists.
        label = entry.get("name") if isinstance(entry.get("name"), str) else ""
        label = label if len(label) <= MAX_MODEL_NAME_CHARS else ""
        modalities = _input_modalities(entry)
        image_input = "image" in modalities if modalities else guess_image_input(model_id)
        models[model_id] = ModelInfo(id=model_id, label=label, image_input=image_input)
    return sorted(models.values(), key=lambda model: model.id.lower())


def _input_modalities(entry: Mapping[str, Any]) -> list[str]:
    architecture = entry.get("architecture")
    if isinstance(architecture, Mapping):
        modalities = architecture.get("input_modalities")
        if isinstance(modalities, list):
            return [str(item) for item in modalities]
    return []


def data_uri(image: ImageAttachment) -> str:
    return f"data:{image.mime_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def build_messages(
    messages: Sequence[ChatMessage],
    images: Sequence[ImageAttachment],
    system_prompt: str | None,
) -> list[dict[str, Any]]:
    """Chat messages for the request: a real system message first, then the conversation,
    with ``images`` as ``image_url`` data URIs on the last user message."""
    if not messages:
        raise EmptyConversationError("There is nothing to send: the conversation is empty.")
    wire: list[dict[str, Any]] = [
        {"role": str(message.get("role", "user")), "content": message_text(message)}
        for message in with_system_prompt(messages, system_prompt)
    ]
    if images:
        last_user = max(
            (index for index, message in enumerate(wire) if message["role"] == "user"),
            default=len(wire) - 1,
        )
        text = wire[last_user]["content"]
        parts: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
        parts += [{"type": "image_url", "image_url": {"url": data_uri(image)}} for image in images]
        wire[last_user] = {"role": wire[last_user]["role"], "content": parts}
    return wire


def chat_body(
    model: str,
    messages: list[dict[str, Any]],
    *,
    stream: bool,
    stream_usage: bool,
    parameters: Mapping[str, float | int] | None = None,
) -> dict[str, Any]:
    """The request's JSON body; ``parameters`` (temperature, top_p, max_tokens, ...) go in as
    top-level fields under their OpenAI names."""
    body: dict[str, Any] = {"model": model, "messages": messages, "stream": stream}
    if stream and stream_usage:
        # Without this, OpenAI-style servers send no token counts in a streamed answer.
        body["stream_options"] = {"include_usage": True}
    body.update(parameters or {})
    return body


@dataclass(frozen=True)
class Chunk:
    """What one streamed chunk (or one whole non-streamed answer) carries."""

    text: str = ""
    finish_reason: str | None = None
    model: str | None = None
    usage: Usage | None = None


def parse_chunk(payload: Mapping[str, Any]) -> Chunk:
    """Text, finish reason, model and usage of a completion chunk or whole completion."""
    text_parts: list[str] = []
    finish_reason: str | None = None
    choices = payload.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        if not isinstance(choice, Mapping):
            continue
        # Streamed chunks carry "delta"; a whole answer carries "message".
        body = choice.get("delta") or choice.get("message") or {}
        content = body.get("content") if isinstance(body, Mapping) else None
        if isinstance(content, str):
            text_parts.append(content)
        elif isinstance(content, list):
            text_parts.append(message_text({"content": content}))
        reason = choice.get("finish_reason")
        if isinstance(reason, str) and reason:
            finish_reason = reason
    model = payload.get("model")
    return Chunk(
        text="".join(text_parts),
        finish_reason=finish_reason,
        model=model if isinstance(model, str) and model else None,
        usage=parse_usage(payload.get("usage")),
    )


def parse_usage(raw: Any) -> Usage | None:
    if not isinstance(raw, Mapping):
        return None

    def count(name: str) -> int | None:
        value = raw.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    usage = Usage(count("prompt_tokens"), count("completion_tokens"), count("total_tokens"))
    return usage if usage != Usage() else None


def stream_error(payload: Any, service: str) -> ProviderError | None:
    """The error an in-stream ``{"error": ...}`` payload reports (OpenRouter and Ollama send
    them after a 200), or None when the payload is not an error."""
    if not isinstance(payload, Mapping) or "error" not in payload or payload["error"] is None:
        return None
    error = payload["error"]
    message = error.get("message") if isinstance(error, Mapping) else error
    code = error.get("code") if isinstance(error, Mapping) else None
    text = clause(first_line(str(message or ""))) or translate("OpenAiFormat", "no reason given")
    detail = redact_secrets(f"in-stream error: {json.dumps(payload)[:200]}")
    status = code if isinstance(code, int) else None
    if status == 429 or "rate limit" in text.lower():
        return RateLimitedError(
            sentence(
                translate(
                    "OpenAiFormat", "{service} is rate-limiting requests: {text}. Try again later."
                ).format(service=service, text=text)
            ),
            detail=detail,
        )
    if (status is not None and 500 <= status < 600) or "overloaded" in text.lower():
        return ServiceUnavailableError(
            sentence(
                translate(
                    "OpenAiFormat", "{service} failed while answering: {text}. Try again."
                ).format(service=service, text=text)
            ),
            detail=detail,
        )
    return UnexpectedResponseError(
        sentence(
            translate("OpenAiFormat", "{service} stopped with an error: {text}.").format(
                service=service, text=text
            )
        ),
        detail=detail,
    )


def error_for_openai_status(
    status: int,
    body: str,
    headers: Mapping[str, str],
    service: str,
    model: str | None,
    *,
    has_key: bool,
) -> ProviderError:
    """The error for a non-2xx answer of an OpenAI-compatible server. Rate limits read as on
    the Dynaspark endpoint (``Retry-After``); the rest differ (a 404 is a wrong model or
    base URL, not a moved Dynaspark endpoint)."""
    detail = f"HTTP {status}: {first_line(body)}"
    reason = describe_body(body)
    said = {"service": service, "status": status, "reason": reason, "model": model}
    if status in (402, 429):
        return error_for_status(status, body, headers, service)
    if status == 401 or (status == 403 and not has_key):
        if has_key:
            message = translate(
                "OpenAiFormat", "{service} refused the API key (HTTP {status}): {reason}."
            )
        else:
            message = translate(
                "OpenAiFormat",
                "{service} wants an API key (HTTP {status}): add one in its settings.",
            )
        return AuthRequiredError(sentence(message.format(**said)), detail=detail)
    if status == 403:
        return AuthRequiredError(
            sentence(
                translate(
                    "OpenAiFormat",
                    "{service} refused access with this API key (HTTP 403): {reason}.",
                ).format(**said)
            ),
            detail=detail,
        )
    if status == 404 and model and ("model" in body.lower() or model in body):
        return ModelNotFoundError(
            sentence(
                translate(
                    "OpenAiFormat",
                    "{service} has no model “{model}” (HTTP 404): {reason}. Pick another model "
                    "or refresh the model list.",
                ).format(**said)
            ),
            detail=detail,
        )
    if status in (404, 405):
        return ProviderConfigError(
            translate(
                "OpenAiFormat",
                "Nothing answers at this address on {service} (HTTP {status}): check the "
                "provider's base URL (it usually ends in /v1).",
            ).format(**said),
            detail=detail,
        )
    if status in (400, 413, 422):
        return BadRequestError(
            sentence(
                translate(
                    "OpenAiFormat", "{service} refused the request (HTTP {status}): {reason}."
                ).format(**said)
            ),
            detail=detail,
        )
    if status >= 500:
        return ServiceUnavailableError(
            sentence(
                translate(
                    "OpenAiFormat",
                    "{service} failed to answer (HTTP {status}): {reason}. Try again, or "
                    "another model.",
                ).format(**said)
            ),
            detail=detail,
        )
    return UnexpectedResponseError(
        sentence(translate("OpenAiFormat", "Response {status}: {reason}.").format(**said)),
        detail=detail,
    )
