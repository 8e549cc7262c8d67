"""Copying an answer: as its Markdown source, or as plain text with the Markdown gone."""

from __future__ import annotations

from dynaspark_desktop.core.markdown import markdown_source, markdown_to_plain_text
from tests.core.markdown.corpus import CORPUS


def test_markdown_copy_is_the_source_with_disguising_characters_neutralised() -> None:
    assert markdown_source("# Hi *there*\n") == "# Hi *there*\n"
    assert markdown_source("a\u202eb") == "a\ufffdb"


def test_plain_text_drops_the_syntax_and_keeps_the_words() -> None:
    text = "# Title\n\nSome *emphasis*, **bold**, ~~gone~~ and `code`.\nNext line."
    assert markdown_to_plain_text(text) == (
        "Title\n\nSome emphasis, bold, gone and code.\nNext line."
    )


def test_code_blocks_are_kept_verbatim() -> None:
    code = "def f(*args, **kwargs):\n    return `x` # not *emphasis*\n\n\nprint(f())"
    text = f"Intro:\n\n```python\n{code}\n```\n\n    indented = True\n"
    assert markdown_to_plain_text(text) == f"Intro:\n\n{code}\n\nindented = True"


def test_lists_keep_their_markers_numbers_and_nesting() -> None:
    text = "- a\n- b\n  1. x\n  2. y\n\n7. seven\n8. eight\n"
    assert markdown_to_plain_text(text) == "- a\n- b\n  1. x\n  2. y\n\n7. seven\n8. eight"


def test_loose_list_items_keep_their_paragraphs() -> None:
    text = "1. first\n\n   more about first\n2. second\n"
    assert markdown_to_plain_text(text) == "1. first\n\n   more about first\n2. second"


def test_quotes_links_images_rules_and_tables() -> None:
    text = (
        "> quoted\n> > deeper\n\n"
        "[docs](https://example.com/docs), https://example.org and [bad](javascript:x)"
        " ![a chart](https://example.com/c.png)\n\n"
        "---\n\n"
        "| a | b |\n|---|---|\n| 1 | **2** |\n"
    )
    assert markdown_to_plain_text(text) == (
        "> quoted\n>\n> > deeper\n\n"
        "docs (https://example.com/docs), https://example.org and bad a chart\n\n"
        "───\n\n"
        "a\tb\n1\t2"
    )


def test_every_corpus_document_converts() -> None:
    for text in CORPUS.values():
        plain = markdown_to_plain_text(text)
        assert "**" not in plain.replace("**kwargs", "")
        assert "<p>" not in plain
