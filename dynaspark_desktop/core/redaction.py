"""Keeping secrets (proxy passwords, API keys, tokens) out of messages, logs and the history.

One place for every use, so a log line is masked exactly as well as an error message, a saved
error or an export is. Two kinds of masking:

- by pattern: URL passwords, ``api_key=…`` parameters, bearer tokens (``redact_secrets``);
- by value: every key and password the app knows, wherever it appears, whatever a server
  wrapped around it (``redact_known_secrets``; ``redact_secrets`` applies it too). The secret
  store registers each value it reads or stores (:func:`remember_secret`) and forgets it when
  it is removed (:func:`forget_secret`).
"""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote

# Anything that looks like an API key parameter or header, and bearer tokens.
_SECRET_PATTERNS = (
    # Basic credentials are user:password in base64, readable by anyone. First: the pattern
    # below would take "Basic" for the value of an "Authorization:" header.
    (re.compile(r"(?i)(basic\s+)[A-Za-z0-9+/]{4,}=*"), r"\1***"),
    (
        re.compile(
            r"(?i)(api[_-]?key|token|authorization|password)([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,]+)"
        ),
        r"\1\2***",
    ),
    (re.compile(r"(?i)(bearer\s+)[\w.\-~+/]+=*"), r"\1***"),
)


MASK = "***"
# Shorter values are not masked by value: "admin" or "1234" would turn up in ordinary text
# and mask it absurdly. (Their URL form is still masked by pattern.)
MIN_SECRET_LENGTH = 6

_known_lock = threading.Lock()
_known_by_name: dict[str, str] = {}
# What to look for, longest first (a key that contains another is masked whole). Replaced,
# never changed in place, so a reader on another thread needs no lock.
_known_forms: tuple[str, ...] = ()


def remember_secret(name: str, value: str | None) -> None:
    """Mask ``value`` from now on wherever text is redacted; ``name`` says whose it is (a
    store name such as ``api-key:openai``), so that :func:`forget_secret` can let it go.
    An empty value forgets ``name``."""
    with _known_lock:
        if value:
            _known_by_name[name] = value
        else:
            _known_by_name.pop(name, None)
        _rebuild_forms()


def forget_secret(name: str) -> None:
    """The secret called ``name`` was removed: stop masking it (unless another name holds
    the same value)."""
    remember_secret(name, None)


def forget_all_secrets() -> None:
    """Forget every registered secret (tests start each from none)."""
    with _known_lock:
        _known_by_name.clear()
        _rebuild_forms()


def _rebuild_forms() -> None:
    global _known_forms
    forms: set[str] = set()
    for value in _known_by_name.values():
        if len(value) < MIN_SECRET_LENGTH:
            continue
        # As sent, and as a server may echo it back: URL-encoded or escaped inside JSON.
        forms.update((value, quote(value, safe=""), json.dumps(value)[1:-1]))
    _known_forms = tuple(sorted(forms, key=len, reverse=True))


def redact_known_secrets(text: str) -> str:
    """``text`` with every key and password the app knows masked, and nothing else touched
    (for answers: a model explaining ``api_key = …`` in code must keep its example)."""
    for form in _known_forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def contains_known_secret(text: str) -> bool:
    return any(form in text for form in _known_forms)


def redact_secrets(text: str) -> str:
    """``text`` with known secrets, URL passwords, key parameters and bearer tokens masked."""
    text = redact_known_secrets(text)
    text = redact_url(text)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_url(url: str) -> str:
    """``url`` with any password replaced, safe for messages and logs.

    The user information ends at the *last* ``@`` of the authority, as URL parsers read it,
    so a password that itself holds ``@`` (typed unencoded) is hidden whole.
    """
    return _AFTER_SCHEME.sub(_redact_authority, url)


_AFTER_SCHEME = re.compile(r"(?<=://)\S+")
_AUTHORITY_END = re.compile(r"[/?#]")


def _redact_authority(match: re.Match[str]) -> str:
    rest = match.group(0)
    end = _AUTHORITY_END.search(rest)
    authority = rest[: end.start()] if end else rest
    at = authority.rfind("@")
    if at < 0:
        # No "@" in the authority: either there is no password, or one holding "/" or "?"
        # pushed the "@" further along. A port followed by a path is the harmless case.
        at = rest.rfind("@")
        if at < 0:
            return rest
        port = authority.partition(":")[2]
        if not port or port.isdigit():
            return rest
    user, colon, _password = rest[:at].partition(":")
    if not colon or _AUTHORITY_END.search(user):
        return rest
    return f"{user}:***{rest[at:]}"
