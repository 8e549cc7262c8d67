"""Markdown for the chat transcript, rendered to the HTML subset Qt's rich text supports.

Pure Python (markdown-it-py and Pygments, both imported on first use): safe for untrusted
answers, incremental while an answer streams, with light and dark colours.

One-shot::

    rendered = render_markdown(text, "dark")
    document.setHtml(rendered.html)            # a document that loads no resources
    rendered.code_block(n)                     # on a click on "copy-code:n"

Streaming::

    stream = StreamingMarkdown("dark")
    stream.append(chunk)                       # per received chunk: only buffers
    update = stream.update()                   # per frame: append update.completed_html
                                               # once, replace the tail by update.tail_html
    update = stream.finish()                   # at the end: the rest is completed
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dynaspark_desktop.core.markdown.plain_text import markdown_source, markdown_to_plain_text
    from dynaspark_desktop.core.markdown.sanitize import (
        COPY_CODE_SCHEME,
        SAFE_LINK_SCHEMES,
        neutralize_controls,
        safe_link_target,
    )
    from dynaspark_desktop.core.markdown.streaming import (
        RenderedMarkdown,
        StreamingMarkdown,
        StreamUpdate,
        render_markdown,
    )
    from dynaspark_desktop.core.markdown.theme import ColorScheme

# The public names, loaded on first use: safe_text imports sanitize on the start-up path,
# and that must not pull in the whole renderer.
_EXPORTS = {
    "COPY_CODE_SCHEME": "sanitize",
    "SAFE_LINK_SCHEMES": "sanitize",
    "ColorScheme": "theme",
    "RenderedMarkdown": "streaming",
    "StreamUpdate": "streaming",
    "StreamingMarkdown": "streaming",
    "markdown_source": "plain_text",
    "markdown_to_plain_text": "plain_text",
    "neutralize_controls": "sanitize",
    "render_markdown": "streaming",
    "safe_link_target": "sanitize",
}
__all__ = [
    "COPY_CODE_SCHEME",
    "SAFE_LINK_SCHEMES",
    "ColorScheme",
    "RenderedMarkdown",
    "StreamUpdate",
    "StreamingMarkdown",
    "markdown_source",
    "markdown_to_plain_text",
    "neutralize_controls",
    "render_markdown",
    "safe_link_target",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
