"""The proxy's password lives in the secret store, like API keys; the settings keep the proxy
address with its user name but without the password.

``settings.json`` of earlier versions held the whole ``http://user:password@host:port``:
:func:`read_proxy_password` moves such a password into the store and says what the setting
must become.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dynaspark_desktop.core.errors import KeyringUnavailableError, SecretStorageError
from dynaspark_desktop.core.redaction import remember_secret

if TYPE_CHECKING:
    from dynaspark_desktop.core.secrets import SecretStore

log = logging.getLogger(__name__)

PROXY_PASSWORD_NAME = "proxy-password"
REDACTED_PASSWORD = "***"  # what core.redaction shows in place of a proxy password


def split_proxy_password(proxy: str) -> tuple[str, str]:
    """``proxy`` without its password (the user name is kept), and the password ("" when
    there is none)."""
    prefix, user_info, host = _parts(proxy)
    user, colon, password = (user_info or "").partition(":")
    if not colon:
        return proxy, ""
    return f"{prefix}{user}@{host}", password


def remember_proxy_password(proxy: str, password: str, name: str = PROXY_PASSWORD_NAME) -> None:
    """Mask the proxy's password wherever text is redacted, also as ``user:password`` (the
    form a proxy quotes back, of any length) and as that form in base64 (the
    ``Proxy-Authorization: Basic …`` header an error may echo)."""
    import base64

    from dynaspark_desktop.core.redaction import MIN_SECRET_LENGTH

    remember_secret(name, password)
    user = (_parts(proxy)[1] or "").partition(":")[0]
    credentials = f"{user}:{password}" if user and password else ""
    # A password long enough is masked on its own (the user name stays readable); a short
    # one only together with its user name, which makes it specific enough to look for.
    short = len(password) < MIN_SECRET_LENGTH
    remember_secret(f"{name}#credentials", credentials if short else "")
    encoded = base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    remember_secret(f"{name}#basic", encoded if credentials else "")


def with_proxy_password(proxy: str, password: str) -> str:
    """``proxy`` (an address without a password) with ``password`` put back, to connect."""
    prefix, user_info, host = _parts(proxy)
    if not password or user_info is None:
        return proxy  # no user information: the proxy asks for no password
    return f"{prefix}{user_info.partition(':')[0]}:{password}@{host}"


def restore_password(edited: str, saved: str) -> str:
    """``edited`` with the saved proxy password back where the user left "***" (the field
    shows the proxy redacted, so an edit of its host must not turn the password into ***).
    With no password saved, the mask stands for none."""
    address, password = split_proxy_password(edited)
    if password != REDACTED_PASSWORD:
        return edited
    return with_proxy_password(address, split_proxy_password(saved)[1])


def with_encoded_credentials(proxy: str) -> str:
    """``proxy`` with its user name and password percent-encoded, as a URL must carry them:
    a password is taken as typed, so ``/``, ``?``, ``#``, ``@``, ``:`` and ``%`` in it reach
    the proxy unchanged (aiohttp and aiohttp-socks decode them again)."""
    from urllib.parse import quote

    prefix, user_info, host = _parts(proxy)
    if user_info is None:
        return proxy
    user, colon, password = user_info.partition(":")
    return f"{prefix}{quote(user, safe='')}{colon}{quote(password, safe='')}@{host}"


def names_a_user(proxy: str) -> bool:
    """Whether ``proxy`` names a user (only then can a password belong to it)."""
    return _parts(proxy)[1] is not None


def _parts(proxy: str) -> tuple[str, str | None, str]:
    """(``scheme://`` or "", the user information (None without an ``@``), the rest). It ends at
    the *last* ``@``, so a password typed with an unencoded ``@`` or ``/`` is taken whole
    (a proxy address has no path to confuse). ``user:pw@host:3128``, without a scheme,
    works too."""
    scheme, separator, rest = proxy.partition("://")
    if not separator:
        scheme, rest = "", proxy
    user_info, at, host = rest.rpartition("@")
    return scheme + separator, user_info if at else None, host


def read_proxy_password(store: SecretStore, saved_proxy: str) -> tuple[str, str]:
    """(What the proxy setting must hold, the password). Blocking: call it in a thread.

    A password still in the setting (an earlier version put it there) is moved into the
    store: the keyring, or, where there is none, the user-only key file, which is no worse
    than the settings file it comes from and readable by nobody else. When even that fails
    it stays where it was, and the reason is logged.
    """
    address, password = split_proxy_password(saved_proxy)
    if password:
        remember_proxy_password(saved_proxy, password)
        try:
            try:
                store.set(PROXY_PASSWORD_NAME, password)
            except KeyringUnavailableError:
                store.file.set(PROXY_PASSWORD_NAME, password)
        except (SecretStorageError, OSError) as error:
            log.warning("The proxy password stays in the settings file: %s", error)
            return saved_proxy, password
        log.info("The proxy password was moved out of the settings file")
        return address, password
    if not names_a_user(saved_proxy):
        return saved_proxy, ""
    try:
        try:
            password = store.get(PROXY_PASSWORD_NAME) or ""
        except KeyringUnavailableError:
            # A locked keyring: the move above may have put it in the file instead.
            password = store.file.get(PROXY_PASSWORD_NAME) or ""
            if not password:
                raise
    except SecretStorageError as error:
        log.warning("The proxy is used without its password: %s", error)
        return saved_proxy, ""
    remember_proxy_password(saved_proxy, password)
    return saved_proxy, password
