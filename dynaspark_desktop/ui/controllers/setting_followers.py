"""The chat and the attachments follow the settings they depend on, from one place.

The model catalog and the response caps subscribe themselves; the window's own settings
(the send key, a new chat's system prompt) are the settings presenter's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.core.parameters import ChatParameters
from dynaspark_desktop.providers.dynaspark import follow_endpoint_setting

if TYPE_CHECKING:
    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController


def follow_settings(
    settings: Settings,
    chat: ChatController,
    attachments: AttachmentController,
    *,
    proxy_from_command_line: bool,
    endpoint_from_command_line: bool,
) -> None:
    """The one place the controllers are told of a settings change (the catalog and the
    response caps subscribe themselves): a new proxy (its password read from the secret
    store, or set in the providers window), the time-out, the image size."""

    def use_proxy(*_changed: object) -> None:
        if not proxy_from_command_line:  # the command line's rules this run
            chat.proxy = settings.proxy_in_use() or None

    settings.changed.connect("proxy", use_proxy)
    settings.changed.connect(
        "request_timeout", lambda _name, seconds: setattr(chat, "timeout_seconds", seconds)
    )
    settings.changed.connect(
        "max_image_side", lambda _name, side: setattr(attachments, "max_side", side)
    )
    attachments.quality = settings.get("image_quality")
    settings.changed.connect(
        "image_quality", lambda _name, quality: setattr(attachments, "quality", quality)
    )
    if not endpoint_from_command_line:  # the command line's rules this run
        follow_endpoint_setting(settings)

    def use_default_parameters(*_changed: object) -> None:
        chat.default_parameters = ChatParameters.from_dict(settings.get("chat_parameters"))

    use_default_parameters()
    settings.changed.connect("chat_parameters", use_default_parameters)

    def use_concurrency_limits(*_changed: object) -> None:
        from dynaspark_desktop.providers.concurrency import limits_from_setting

        chat.set_concurrency_limits(limits_from_setting(settings.get("concurrent_requests")))

    use_concurrency_limits()
    settings.changed.connect("concurrent_requests", use_concurrency_limits)
