"""Errors a person reads.

Every failure that can reach the window is one of these, and its ``str()`` is a sentence a
user understands. ``retryable`` tells the UI whether offering "Retry" makes sense: it is
True exactly for passing trouble (rate limits, 5xx, time-outs, connections that fail or
break), which is also when offering "Try with <another model>" makes sense
(``providers.fallback`` uses it to walk a fallback list).
"""

from __future__ import annotations

from dynaspark_desktop.core.redaction import redact_secrets


class UserFacingError(Exception):
    """Base class: the message is meant for the user, not for a developer."""

    retryable: bool = False

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        # Messages and details often quote what a server said, and a server may echo the
        # key it was sent: masked here, once, before anything shows, logs or saves them.
        message = redact_secrets(message)
        super().__init__(message)
        self.message = message
        # Extra technical context for the log only (never secrets).
        self.detail = redact_secrets(detail) if detail is not None else None

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


class ResponseTooLargeError(ProviderError):
    """A body, a streamed event or a whole answer passed its size cap (``providers.http_body``);
    the rest was not read. Not passing trouble: the cap is the app's own, and a service that
    sends that much is broken or hostile, so neither asking again nor offering another model
    in its place (the fallback list, "Try with …") is worth it."""

    retryable = False


class BadRequestError(ProviderError):
    """400 and friends: the service refused what was sent (a parameter, a too-long prompt)."""

    retryable = False


class ModelNotFoundError(ProviderError):
    """The service does not know the chosen model (not pulled, renamed, misspelt)."""

    retryable = False


class ImagesNotSupportedError(ProviderError):
    """Images were attached for a provider or model that cannot read them."""

    retryable = False


class ProviderConfigError(ProviderError):
    """A provider's own settings are unusable (a base URL that is not a web address)."""

    retryable = False


class AllModelsFailedError(ProviderError):
    """Every model of a fallback list failed; ``failures`` holds (model, error) in order."""

    def __init__(
        self,
        message: str,
        *,
        failures: list[tuple[str, UserFacingError]],
        detail: str | None = None,
    ) -> None:
        super().__init__(message, detail=detail)
        self.failures = failures
        # Worth another go only when at least one model failed for a passing reason.
        self.retryable = any(error.retryable for _, error in failures)


class SecretStorageError(UserFacingError):
    """An API key could not be stored, read or deleted."""


class KeyringUnavailableError(SecretStorageError):
    """No usable OS keyring: the UI may offer the user-only file instead (ask first)."""


class ImageError(UserFacingError):
    """An image the user offered cannot be used."""


class NotAnImageError(ImageError):
    pass


class BrokenImageError(ImageError):
    pass


class ImageTooLargeError(ImageError):
    pass
