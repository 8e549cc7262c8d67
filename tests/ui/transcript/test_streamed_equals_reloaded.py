"""A streamed answer ends as the very document the same answer makes when reloaded (issue 14:
a stray "1." beside a table, gaps between code blocks), whatever pieces it arrived in; while
it streams, the document is the one its rendering so far makes; emphasis not closed yet is
plain text, without its markers."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument, QTextFormat, QTextTable
from pytestqt.qtbot import QtBot

from dynaspark_desktop.ui.base.safe_text import SafeDocument
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from dynaspark_desktop.ui.transcript.document_blocks import set_blocks_html
from tests.core.markdown.corpus import CHAT_ANSWERS, CORPUS, long_answer

ANSWERS = {**CORPUS, **CHAT_ANSWERS, "long": long_answer(12)}
# Shapes Qt reads differently in pieces than whole (an empty list item, an empty quote before
# a paragraph): their streamed documents are only equal once the answer is complete.
QT_SEAM_QUIRKS = {"quotes", "edge_cases", "everything"}
# Where a cut falls inside the constructs that change meaning as they arrive: emphasis
# markers, table rows, code fences, list items, quotes, rules, line ends.
CUT_BEFORE = set("*_~|`>-.#\n")
CHUNK_SIZES = (1, 2, 3, 4, 7, 13, 40)
MAX_TWO_PIECE_CUTS = 60


def block_structure(document: QTextDocument) -> list[tuple[object, ...]]:
    """Each block: its text, what it belongs to (list item and number, code block, quote,
    table, rule, heading) and its margins (a gap between blocks is a margin)."""
    rows: list[tuple[object, ...]] = []
    block = document.begin()
    while block.isValid():
        block_format = block.blockFormat()
        kinds: list[str] = []
        text_list = block.textList()
        if text_list is not None:
            style = text_list.format().style().name
            kinds.append(f"{style} item {text_list.itemNumber(block) + 1}/{text_list.count()}")
        table = QTextCursor(block).currentTable()
        if table is not None:
            kinds.append(_table_kind(table))
        if block_format.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            kinds.append("rule")
        if block_format.headingLevel():
            kinds.append(f"heading {block_format.headingLevel()}")
        rows.append(
            (
                block.text(),
                tuple(kinds),
                block_format.topMargin(),
                block_format.bottomMargin(),
                block_format.indent(),
            )
        )
        block = block.next()
    return rows


def _table_kind(table: QTextTable) -> str:
    # The renderer's shapes: a code block is a header row over one wide cell; a quote is a
    # bar cell beside its content; anything else is a Markdown table.
    if table.rows() == 2 and table.columns() == 2 and table.cellAt(1, 0).columnSpan() == 2:
        return "code"
    if table.rows() == 1 and table.columns() == 2:
        return "quote"
    return f"table {table.rows()}x{table.columns()}"


def document_of(document: QTextDocument) -> tuple[str, list[tuple[object, ...]]]:
    return document.toPlainText(), block_structure(document)


def reloaded(qtbot: QtBot, text: str) -> AnswerView:
    view = AnswerView(objectName="reloaded")
    qtbot.addWidget(view)
    view.fix_width(600)
    view.set_markdown(text)
    return view


def streamed(qtbot: QtBot, chunks: Sequence[str]) -> AnswerView:
    view = AnswerView(objectName="streamed")
    qtbot.addWidget(view)
    view.fix_width(600)
    view.begin_stream()
    for chunk in chunks:
        view.append_text(chunk)
        while view.flush():
            pass
    view.end_stream()
    return view


def chunkings(text: str, seed: int) -> Iterator[list[str]]:
    """Random piece sizes, then two pieces cut at each place where a construct could be
    cut in two (a marker, a table's bar, a fence's backtick, a line end)."""
    rng = random.Random(seed)
    for _ in range(3):
        chunks, position = [], 0
        while position < len(text):
            size = rng.choice(CHUNK_SIZES)
            chunks.append(text[position : position + size])
            position += size
        yield chunks
    cuts = [
        cut for cut in range(1, len(text)) if text[cut] in CUT_BEFORE or text[cut - 1] in CUT_BEFORE
    ]
    # Spread over the whole text, a bounded number of them (each is a stream of its own).
    step = max(1, len(cuts) // MAX_TWO_PIECE_CUTS)
    for cut in cuts[::step]:
        yield [text[:cut], text[cut:]]


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_a_streamed_answer_ends_as_the_same_answer_reloaded(qtbot: QtBot, name: str) -> None:
    text = ANSWERS[name]
    whole = reloaded(qtbot, text)
    expected = document_of(whole.document())
    assert expected[0].strip()
    for number, chunks in enumerate(chunkings(text, seed=len(text))):
        view = streamed(qtbot, chunks)
        assert document_of(view.document()) == expected, (number, [len(c) for c in chunks])
        view.close()
        view.deleteLater()


@pytest.mark.parametrize("name", sorted(set(ANSWERS) - QT_SEAM_QUIRKS))
def test_while_streaming_the_document_is_the_rendering_so_far(qtbot: QtBot, name: str) -> None:
    # The document is built a piece at a time (completed blocks once, the open tail again
    # and again); at every frame it equals the document one setHtml of the same rendering
    # makes: no stray list number, no gap left behind where a tail was replaced.
    text = ANSWERS[name]
    rng = random.Random(len(text))
    for _ in range(3):
        view = AnswerView(objectName="streamed")
        qtbot.addWidget(view)
        view.begin_stream()
        position = 0
        while position < len(text):
            size = rng.choice(CHUNK_SIZES)
            view.append_text(text[position : position + size])
            position += size
            while view.flush():
                pass
            whole = SafeDocument()
            set_blocks_html(whole, view.rendered_so_far_html)
            assert document_of(view.document()) == document_of(whole), text[:position][-40:]
        view.end_stream()


def test_a_list_before_a_table_leaves_no_number_beside_it(qtbot: QtBot) -> None:
    text = "1. one\n2. two\n\n```\ncode\n```\n\n1. three\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    # The tail (the next list) is replaced as the code block completes: the empty line after
    # the code block must not keep the list's format ("1." beside nothing).
    view = streamed(qtbot, [text[:30], text[30:34], text[34:]])
    items = [row for row in block_structure(view.document()) if "Decimal" in str(row[1])]
    assert [row[0] for row in items] == ["one", "two", "three"]


def test_code_blocks_back_to_back_are_as_close_streamed_as_reloaded(qtbot: QtBot) -> None:
    text = "```\na\n```\n```\nb\n```\n```\nc\n```\n"
    whole = reloaded(qtbot, text)
    expected = block_structure(whole.document())
    # The second piece ends on "``", a paragraph for now, after the second code block (still
    # the open tail); when the third fence's line completes, that tail is replaced, and the
    # line between the first two code blocks must not keep the paragraph's margins.
    view = streamed(qtbot, [text[:16], text[16:22], text[22:]])
    between = [row for row in block_structure(view.document()) if not row[1]]
    assert between == [row for row in expected if not row[1]]
    assert all(row[2] == row[3] == 0 for row in between)


def test_unclosed_emphasis_is_plain_text_until_it_closes(qtbot: QtBot) -> None:
    view = AnswerView(objectName="streamed")
    qtbot.addWidget(view)
    view.begin_stream()
    seen: list[tuple[str, bool]] = []
    for chunk in ["Python has ", "**", "tw", "o", "**", " ways"]:
        view.append_text(chunk)
        view.flush()
        document = view.document()
        bold = any(
            fragment.charFormat().fontWeight() > 400
            for fragment in _fragments(document)
            if fragment.text().strip()
        )
        seen.append((document.toPlainText(), bold))
    assert all("*" not in text for text, _bold in seen)
    assert seen[2:4] == [("Python has tw", False), ("Python has two", False)]
    assert seen[4:] == [("Python has two", True), ("Python has two ways", True)]
    view.end_stream()


def test_emphasis_never_closed_shows_its_markers_once_the_answer_is_complete(
    qtbot: QtBot,
) -> None:
    text = "Costs **a lot"
    view = streamed(qtbot, [text[:9], text[9:]])
    whole = reloaded(qtbot, text)
    assert view.document().toPlainText() == whole.document().toPlainText()
    assert view.document().toPlainText() == "Costs **a lot"


def _fragments(document: QTextDocument) -> Iterator[object]:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator.fragment()
            iterator += 1
        block = block.next()
