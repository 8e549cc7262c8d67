"""Errors a person reads.

Every failure that can reach the window is one of these, and its ``str()`` is a sentence a
user understands. ``retryable`` tells the UI whether offering "Retry" makes sense.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """Base class: the message is meant for the user, not for a developer."""

    retryable: bool = False

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Extra technical context for the log only (never secrets).
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ProviderError(UserFacingError):
    """The model service could not give an answer."""

    retryable = True


class EmptyConversationError(ProviderError):
    retryable = False


class ServiceUnavailableError(ProviderError):
    """502/503/504/520: down, overloaded or still waking up."""


class EndpointMovedError(ProviderError):
    """404/405: the endpoint is not where we expect it any more."""

    retryable = False


class AuthRequiredError(ProviderError):
    retryable = False


class BlockedByBotProtectionError(ProviderError):
    pass


class RateLimitedError(ProviderError):
    def __init__(
        self, message: str, *, retry_after_seconds: float | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message, detail=detail)
        self.retry_after_seconds = retry_after_seconds


class UnexpectedResponseError(ProviderError):
    """2xx that is not the JSON we expect, or any other unexpected status."""


class ConnectionFailedError(ProviderError):
    """DNS failure, refused connection, TLS trouble, proxy trouble."""


class ResponseTimeoutError(ProviderError):
    pass


class ConnectionBrokenError(ProviderError):
    """The connection broke while the answer was arriving."""


class ImageError(UserFacingError):
    """An image the user offered cannot be used."""


class NotAnImageError(ImageError):
    pass


class BrokenImageError(ImageError):
    pass


class ImageTooLargeError(ImageError):
    pass
