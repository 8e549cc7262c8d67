"""Checks shared by the Markdown tests: what Qt's rich-text subset accepts, and what an
untrusted answer may never produce."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags the renderer may emit: all in Qt's supported HTML subset, no <script>; <img> only for
# typeset formulas (checked below: their source is an in-memory resource's name).
ALLOWED_TAGS = frozenset(
    [
        "a",
        "blockquote",
        "br",
        "code",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "style"},
    "table": {"width", "cellspacing", "cellpadding", "border", "bgcolor", "style"},
    "td": {"bgcolor", "align", "width", "colspan", "style"},
    "th": {"bgcolor", "align"},
    "ol": {"start"},
    "span": {"style"},
    "code": {"style"},
    "pre": {"style"},
    "p": {"style", "align"},
    "ul": {"style"},
    "li": {"class"},
    "img": {"src", "width", "height", "title", "style"},
    "div": {"style"},
}
# CSS properties Qt's rich-text engine honours, among those we use.
ALLOWED_STYLE_PROPERTIES = frozenset(
    [
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "font-size",
        "margin",
        "margin-top",
        "margin-bottom",
        "padding",
        "white-space",
        "border-collapse",
        "border-color",
        "border-style",
        "vertical-align",
        "list-style-type",
        "margin-left",
    ]
)
SAFE_HREF_PREFIXES = ("http://", "https://", "mailto:", "copy-code:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(html: str) -> tuple[list[tuple[str, dict[str, str | None]]], str]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags, "".join(collector.text)


def links(html: str) -> list[str]:
    return [str(attrs.get("href")) for tag, attrs in parse_html(html)[0] if tag == "a"]


def assert_qt_subset_and_safe(html: str) -> None:
    """Only tags, attributes and style properties Qt supports; only safe link targets."""
    tags, _ = parse_html(html)
    for tag, attrs in tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in {html[:300]!r}"
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"<{tag} {name}=…>"
            assert value is not None
            if name == "style":
                for declaration in filter(None, (d.strip() for d in value.split(";"))):
                    prop = declaration.split(":", 1)[0].strip()
                    assert prop in ALLOWED_STYLE_PROPERTIES, f"style {declaration!r} on <{tag}>"
        if tag == "a":
            assert str(attrs["href"]).startswith(SAFE_HREF_PREFIXES), attrs["href"]
        if tag == "img":
            # Only a typeset formula, named as an in-memory resource: never a file or a URL.
            assert re.fullmatch(r"formula:[0-9a-f]{20}", str(attrs["src"])), attrs["src"]
