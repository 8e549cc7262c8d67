"""Copying from an answer: a code block's Copy link, and a selection whose formulas are
copied as the LaTeX they were written in (a formula is an image in the document, which
Qt would copy as an object-replacement character)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument

from dynaspark_desktop.core.markdown.formulas import FORMULA_SCHEME
from dynaspark_desktop.core.markdown.sanitize import COPY_CODE_SCHEME
from dynaspark_desktop.ui.base.safe_text import SafeTextView

log = logging.getLogger(__name__)

OBJECT_REPLACEMENT = "\ufffc"
PARAGRAPH_SEPARATOR = "\u2029"


class AnswerCopying(SafeTextView):
    """The copying part of the answer view (its ``_code_blocks`` are the answer's)."""

    _code_blocks: tuple[str, ...]

    def restyle(self) -> None:
        raise NotImplementedError  # the answer view renders the answer again

    def retranslate(self) -> None:
        """The language changed: the code blocks' Copy links in the new one."""
        self.restyle()

    def code_block(self, index: int) -> str | None:
        return self._code_blocks[index] if 0 <= index < len(self._code_blocks) else None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_CODE_SCHEME:
            self._copy_code(url.path() or url.toString().partition(":")[2])
            return
        super()._on_anchor_clicked(url)

    def _copy_code(self, number: str) -> None:
        code = self.code_block(int(number)) if number.isdigit() else None
        if code is None:
            log.info("No code block %r to copy", number)
            return
        QGuiApplication.clipboard().setText(code)
        self._show_copied(f"{COPY_CODE_SCHEME}:{number}")

    def _show_copied(self, href: str) -> None:
        """ "Copied ✓" over the Copy link just clicked, for a second. Drawn over it rather than
        written into the document: a streaming answer's document must keep its positions."""
        from dynaspark_desktop.ui.base.copied_feedback import show_copied_over

        found = _anchor(self.document(), href)
        if found is None:
            return
        start, end, char_format = found
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        first = self.cursorRect(cursor)
        cursor.setPosition(end)
        last = self.cursorRect(cursor)
        link = first.united(last)
        cell = cursor.currentTable().cellAt(cursor) if cursor.currentTable() else None
        background = (
            cell.format().background().color()
            if cell is not None and cell.format().background().style() != Qt.BrushStyle.NoBrush
            else self.palette().base().color()
        )
        font = char_format.font()
        font.setUnderline(False)  # a word now, not a link
        show_copied_over(self.viewport(), link, font, char_format.foreground().color(), background)

    def createMimeDataFromSelection(self) -> QMimeData:
        cursor = self.textCursor()
        text = cursor.selectedText()
        if OBJECT_REPLACEMENT not in text:
            return super().createMimeDataFromSelection()
        # Qt's own mime data (a QMimeData made in Python and handed over here is freed twice
        # at exit: a crash on quit). It fills its formats from the selection on first read:
        # read it once, then put the formulas' sources in its text, and drop the HTML,
        # whose images are this view's in-memory resources.
        mime = super().createMimeDataFromSelection()
        mime.text()
        mime.removeFormat("text/html")
        mime.setText(selected_text_with_formulas(cursor, text))
        return mime


def _anchor(document: QTextDocument, href: str) -> tuple[int, int, QTextCharFormat] | None:
    """Where the link to ``href`` is in ``document``: its start, end and format."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                start = fragment.position()
                return start, start + fragment.length(), fragment.charFormat()
            iterator += 1
        block = block.next()
    return None


def selected_text_with_formulas(cursor: QTextCursor, text: str) -> str:
    """The selection as plain text, each formula image as its source ("$x^2$")."""
    sources = []
    probe = QTextCursor(cursor.document())
    start = cursor.selectionStart()
    for offset, character in enumerate(text):
        if character != OBJECT_REPLACEMENT:
            continue
        probe.setPosition(start + offset + 1)  # the format of the character before
        char_format = probe.charFormat()
        name = char_format.toImageFormat().name() if char_format.isImageFormat() else ""
        sources.append(char_format.toolTip() if name.startswith(FORMULA_SCHEME) else "")
    pieces = text.split(OBJECT_REPLACEMENT)
    joined = pieces[0] + "".join(
        source + piece for source, piece in zip(sources, pieces[1:], strict=True)
    )
    return joined.replace(PARAGRAPH_SEPARATOR, "\n")
