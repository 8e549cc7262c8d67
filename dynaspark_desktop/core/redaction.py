"""Keeping secrets (proxy passwords, API keys, tokens) out of messages and logs.

One place for both uses, so a log line is masked exactly as well as an error message is.
"""

from __future__ import annotations

import re

# Anything that looks like an API key parameter or header, and bearer tokens.
_SECRET_PATTERNS = (
    (
        re.compile(
            r"(?i)(api[_-]?key|token|authorization|password)([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,]+)"
        ),
        r"\1\2***",
    ),
    (re.compile(r"(?i)(bearer\s+)[\w.\-~+/]+=*"), r"\1***"),
)


def redact_secrets(text: str) -> str:
    """``text`` with URL passwords, key parameters and bearer tokens masked."""
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
