"""What the transcript renders beyond CommonMark and tables: LaTeX math as typeset images,
GitHub task lists as check marks, footnotes and strikethrough (markdown-it core).

Math: each formula becomes ``<img src="formula:<digest>">`` with its size, and the SVG it
was typeset to goes to the rendering's ``formulas`` (the view adds each to its document
as an in-memory image under that name: nothing is loaded from a file or the network). A
formula that cannot be typeset, an unclosed display formula, or one past the work budget
of its block is shown as its source. The image's title is the source: the view copies
that for a selected formula.

Footnotes: a message is rendered block by block (blocks.py), so a reference and its
definition are usually rendered apart; each is shown where it is written, the reference
as a superscript label and the definition as a small paragraph starting with that label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dynaspark_desktop.core.markdown import formulas
from dynaspark_desktop.core.markdown.math_syntax import BLOCK_MATH, INLINE_MATH, closing_mark
from dynaspark_desktop.core.markdown.sanitize import break_long_runs, escape_attribute, escape_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

# The font size formulas are typeset at when the view says none (CSS pixels).
DEFAULT_FORMULA_PX = 16.0
# A block's formulas are typeset up to this many source characters in all; past it, the
# rest are shown as their source (each formula costs ~10-20 ms a hundred characters).
MAX_FORMULA_CHARS_PER_BLOCK = 20_000
CHECKED_BOX = "☑"
EMPTY_BOX = "☐"
# Render environment keys.
FORMULAS = "formulas"
FORMULA_BUDGET = "formula_budget"
FORMULA_PX = "formula_px"


def install(md: MarkdownIt) -> None:
    """Add math, task lists and footnotes to the parser, with their render rules."""
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    from dynaspark_desktop.core.markdown.math_syntax import math_plugin

    math_plugin(md)
    tasklists_plugin(md)
    # Definitions stay where they are written; references match without one in the same
    # block (the definition is most often in another).
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    md.core.ruler.after("inline", "footnote_labels", _label_footnote_definitions)
    for name, rule in RENDER_RULES.items():
        md.add_render_rule(name, rule)


def fresh_env(scheme_text_color: str, formula_px: float | None) -> dict[str, Any]:
    """The render environment's entries for these extensions."""
    return {
        FORMULAS: [],
        FORMULA_BUDGET: MAX_FORMULA_CHARS_PER_BLOCK,
        FORMULA_PX: formula_px or DEFAULT_FORMULA_PX,
        "formula_color": scheme_text_color,
    }


def formula_source(token: Token) -> str:
    """A math token as it was written, with its marks."""
    return f"{token.markup}{token.content}{closing_mark(token.markup)}"


# Math ------------------------------------------------------------------------------------


def _typeset(latex: str, display: bool, env: dict[str, Any]) -> formulas.Formula | None:
    budget: int = env[FORMULA_BUDGET]
    if len(latex) > budget:
        env[FORMULA_BUDGET] = 0
        return None
    env[FORMULA_BUDGET] = budget - len(latex)
    formula = formulas.typeset(
        latex, display=display, color=env["formula_color"], size=env[FORMULA_PX]
    )
    if formula is not None:
        env[FORMULAS].append(formula)
    return formula


def _image(formula: formulas.Formula, source: str, middle: bool) -> str:
    # The title (a tool tip) is the source as written: what copying the formula gives.
    align = ' style="vertical-align:middle"' if middle else ""
    return (
        f'<img src="{formula.key}" width="{formula.width}" height="{formula.height}"'
        f' title="{escape_attribute(source)}"{align} />'
    )


def _render_math_inline(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    token = tokens[index]
    formula = _typeset(token.content, bool(token.meta.get("display")), env)
    source = formula_source(token)
    if formula is None:
        return escape_text(break_long_runs(source))
    return _image(formula, source, middle=True)


def _render_math_block(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    token = tokens[index]
    closed = bool(token.meta.get("closed"))
    formula = _typeset(token.content, True, env) if closed else None
    source = token.markup + token.content + (closing_mark(token.markup) if closed else "")
    if formula is None:
        text = escape_text(break_long_runs(source)).replace("\n", "<br />\n")
        return f"<p>{text}</p>\n"
    return f'<p align="center">{_image(formula, source, middle=False)}</p>\n'


# Task lists ---------------------------------------------------------------------------------


def _render_html_inline(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    # Raw HTML is off: the only inline HTML is the task-list plugin's check box.
    content = tokens[index].content
    if "task-list-item-checkbox" in content:
        return CHECKED_BOX if 'checked="checked"' in content else EMPTY_BOX
    return escape_text(content)


def _render_bullet_list_open(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    if "contains-task-list" in str(tokens[index].attrGet("class") or ""):
        # The check mark stands for the bullet.
        return '<ul style="list-style-type:none; margin-left:-18px">\n'
    return "<ul>\n"


# Footnotes ----------------------------------------------------------------------------------


def _label_footnote_definitions(state: StateCore) -> None:
    from markdown_it.token import Token

    label: str | None = None
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            label = str(token.meta.get("label", ""))
        elif token.type == "inline" and label is not None and token.children is not None:
            marker = Token("footnote_label", "", 0)
            marker.meta = {"label": label}
            token.children.insert(0, marker)
            label = None


def _footnote_mark(label: str, env: dict[str, Any]) -> str:
    link = env["palette"].link
    return f'<sup><span style="color:{link}">{escape_text(break_long_runs(label))}</span></sup>'


def _render_footnote_ref(self: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    return _footnote_mark(str(tokens[index].meta.get("label", "")), env)


def _render_footnote_label(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    return _footnote_mark(str(tokens[index].meta.get("label", "")), env) + "\u00a0"


def _render_footnote_open(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    return '<div style="font-size:small">\n'


def _render_footnote_close(
    self: Any, tokens: list[Token], index: int, options: Any, env: Any
) -> str:
    return "</div>\n"


RENDER_RULES = {
    INLINE_MATH: _render_math_inline,
    BLOCK_MATH: _render_math_block,
    "html_inline": _render_html_inline,
    "bullet_list_open": _render_bullet_list_open,
    "footnote_ref": _render_footnote_ref,
    "footnote_label": _render_footnote_label,
    "footnote_reference_open": _render_footnote_open,
    "footnote_reference_close": _render_footnote_close,
}
