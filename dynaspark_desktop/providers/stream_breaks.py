"""What the user is told when a streamed answer breaks off: cut short (what arrived is
kept), stalled, or silent; shared by the OpenAI-compatible reader."""

from __future__ import annotations

from dynaspark_desktop.core.errors import (
    ConnectionBrokenError,
    ProviderError,
    ResponseTimeoutError,
)
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.redaction import redact_secrets
from dynaspark_desktop.providers.http_errors import error_for_exception, humanize_wait
from dynaspark_desktop.providers.sse import SSEStalled


def stream_cut_off(service: str, error: BaseException | None, *, text_seen: bool) -> ProviderError:
    """A stream that ended without its end mark: what arrived is kept, when anything did."""
    detail = f"{type(error).__name__}: {error}" if error else "stream ended without [DONE]"
    if text_seen:
        message = translate(
            "OpenAiCompatible",
            "The answer from {service} stopped before it was complete (the "
            "connection broke). What arrived is kept; try again for the whole answer.",
        ).format(service=service)
    else:
        message = translate(
            "OpenAiCompatible",
            "The connection to {service} broke before the answer arrived. Try again.",
        ).format(service=service)
    return ConnectionBrokenError(redact_secrets(message), detail=redact_secrets(detail))


def stream_broken(
    service: str, error: BaseException, seconds: float, *, text_seen: bool
) -> ProviderError:
    """The error to raise when reading a stream from ``service`` failed with ``error``."""
    if isinstance(error, SSEStalled):
        # Bytes may have kept coming (a drip feed, keep-alives): no whole piece did.
        where = translate("OpenAiCompatible", " in the middle of the answer") if text_seen else ""
        return ResponseTimeoutError(
            translate(
                "OpenAiCompatible",
                "{service} sent no complete piece of the answer for {wait}{where}, so it "
                "was stopped. Try again, or another model.",
            ).format(service=service, wait=humanize_wait(error.seconds), where=where),
            detail=str(error),
        )
    mapped = error_for_exception(error, service, seconds)
    if isinstance(mapped, ConnectionBrokenError):
        return stream_cut_off(service, error, text_seen=text_seen)
    if isinstance(mapped, ResponseTimeoutError):
        where = translate("OpenAiCompatible", " in the middle of the answer") if text_seen else ""
        return ResponseTimeoutError(
            translate(
                "OpenAiCompatible",
                "{service} sent nothing for {wait}{where}. It may be "
                "busy or still loading the model; try again, or another model.",
            ).format(service=service, wait=humanize_wait(seconds), where=where),
            detail=mapped.detail,
        )
    return mapped
