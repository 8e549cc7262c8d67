"""A text edit's placeholder drawn once, as its viewport's background, not at every paint.

``QPlainTextEdit`` draws its placeholder text in its own ``paintEvent``: it lays the whole
hint out again (word-wrapped) at every paint, whatever the damaged rectangle is. A focused,
empty composer repaints its caret twice a second, so at rest the hint was laid out twice a
second: 45-80 µs of the ~100 µs a blink cost, against 16 µs without it (benchmarks/README,
issue 18). Drawing a cached hint in a Python ``paintEvent`` costs more than Qt's own.

So the hint is rendered once into a pixmap as large as the viewport (the background colour,
the hint on it, where Qt puts it), and the pixmap is the viewport's background brush: Qt's
auto-fill copies the damaged rectangle of it before the text edit paints, in C++, and a
blink copies the caret's few pixels. It is rendered again only when the viewport's size,
the font, the palette or the hint change, and only while the document is empty; once
something is typed, the background is the plain colour again. The pixmap is kept while
text is typed (what rest costs anyway): sending empties the composer, and rendering the
hint again there was ~0.4 ms on the way from Send to the first painted word.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QPlainTextEdit

# The changes (QWidget.changeEvent) after which the hint may look different.
_LOOK_CHANGES = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.LayoutDirectionChange,
    }
)


class PlaceholderBackdrop:
    """Shows ``hint`` behind the empty ``editor`` on a ``background`` fill (opaque, so a
    repaint of the viewport stops at it). The editor's own placeholder text is cleared.

    It watches no events itself (an event filter on the viewport would run Python at each
    blink's paint): the editor calls :meth:`resized` from its ``resizeEvent`` (which Qt
    calls for the viewport's resizes) and :meth:`after_change` from its ``changeEvent``.
    """

    def __init__(self, editor: QPlainTextEdit, hint: str, background: QColor) -> None:
        self._editor = editor
        self._viewport = editor.viewport()
        self._hint = hint
        self._background = _opaque(background)
        self._shown = False
        self._pixmap: QPixmap | None = None  # the hint rendered, shown or kept for later
        self._rendered_for: tuple[QSize, float] | None = None  # of ``_pixmap``
        editor.setPlaceholderText("")
        self._own_background()
        editor.textChanged.connect(self.follow_text)
        self._set_brush(QBrush(self._background))
        self.follow_text()

    def is_shown(self) -> bool:
        """Whether the hint is the viewport's background now (the document is empty)."""
        return self._shown

    def set_hint(self, hint: str) -> None:
        """Show ``hint`` from now on (the send key changed, say)."""
        if hint != self._hint:
            self._hint = hint
            self.changed()

    def set_background(self, color: QColor) -> None:
        self._background = _opaque(color)
        if not self._shown:
            self._set_brush(QBrush(self._background))
        self.changed()

    def changed(self) -> None:
        """Something the hint's look depends on may have changed: render it again (when
        shown; if hidden, when it is shown next)."""
        self._rendered_for = None
        self._pixmap = None
        self._own_background()  # a new style sheet polishes the viewport again
        if self._shown:
            self._show_hint()

    def _own_background(self) -> None:
        """Qt fills the viewport with the brush; the style sheet draws no background over
        it (a quarter of a blink's painting, 15 of 60 µs, for the composer's transparent
        one)."""
        self._viewport.setAutoFillBackground(True)
        self._viewport.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)

    def after_change(self, event: QEvent) -> None:
        if event.type() in _LOOK_CHANGES:
            self.changed()

    def resized(self) -> None:
        if self._shown and self._rendered_for != self._render_key():
            self._show_hint()

    def follow_text(self) -> None:
        empty = self._editor.document().isEmpty()
        if empty == self._shown:
            return  # a keystroke in a non-empty document costs this test only
        if empty:
            self._show_hint()
        else:
            self._shown = False
            self._set_brush(QBrush(self._background))  # the pixmap is kept for the next send

    def _render_key(self) -> tuple[QSize, float]:
        return self._viewport.size(), self._viewport.devicePixelRatioF()

    def _show_hint(self) -> None:
        self._shown = True
        key = self._render_key()
        if self._pixmap is None or self._rendered_for != key:
            self._pixmap = self._render()
            self._rendered_for = key
        self._set_brush(QBrush(self._pixmap))

    def _set_brush(self, brush: QBrush) -> None:
        palette = self._viewport.palette()
        palette.setBrush(self._viewport.backgroundRole(), brush)
        self._viewport.setPalette(palette)  # and Qt repaints the viewport

    def _render(self) -> QPixmap:
        """The viewport's background with the hint where QPlainTextEdit would draw it."""
        viewport = self._viewport
        size, ratio = self._render_key()
        pixmap = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self._background)
        if self._hint:
            painter = QPainter(pixmap)
            painter.setFont(viewport.font())
            painter.setLayoutDirection(self._editor.layoutDirection())
            painter.setPen(self._editor.palette().color(QPalette.ColorRole.PlaceholderText))
            margin = int(self._editor.document().documentMargin())
            area = QRectF(0, 0, size.width(), size.height()).adjusted(margin, margin, 0, 0)
            flags = int(Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
            painter.drawText(area, flags, _fitting(painter, area, flags, self._hint))
            painter.end()
        return pixmap


def _fitting(painter: QPainter, area: QRectF, flags: int, hint: str) -> str:
    """``hint``, or when it wraps to more lines than ``area`` holds, its first part (before
    the three spaces: "Ask anything…" without the keys), rather than a line cut in half
    at the viewport's foot (a narrow composer in a language of longer words)."""
    first, gap, _keys = hint.partition("   ")
    if not gap or painter.boundingRect(area, flags, hint).height() <= area.height():
        return hint
    return first


def _opaque(color: QColor) -> QColor:
    # A see-through fill would make Qt repaint what is under the viewport at each blink.
    opaque = QColor(color)
    opaque.setAlpha(255)
    return opaque
