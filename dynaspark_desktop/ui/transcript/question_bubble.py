"""A turn's question: the user's text (and the image sent with it) in a bubble, shrunk around
short text and at most a share of the transcript's width."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.ui.base.safe_text import SafeTextView
from dynaspark_desktop.ui.base.style import set_style_property
from dynaspark_desktop.ui.base.thumbnails import ThumbnailView, thumbnail_pixmap
from dynaspark_desktop.ui.transcript.message_actions import add_message_menu

if TYPE_CHECKING:
    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.core.images import PreparedImage

THUMBNAIL_DISPLAY_SIDE = 220
USER_BUBBLE_WIDTH_SHARE = 0.78
# fit_to_width measures at most this much of a question (a bubble is full width long before).
MAX_QUESTION_MEASURED_CHARS = 20_000


class QuestionBubble(QFrame):
    """The question's bubble (``userBubble`` in the style sheet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble")
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        self.thumbnail: ThumbnailView | None = None
        self.question_view = SafeTextView(objectName="questionText")
        self.question_view.setAccessibleName(self.tr("Your message"))
        add_message_menu(self.question_view, lambda: self.text)
        layout.addWidget(self.question_view)
        self.text = ""  # the question shown
        self._fitted_width = 600

    def show_image(self, image: PreparedImage) -> None:
        """Show the image sent with the question, above its text (once, when bound)."""
        self.thumbnail = ThumbnailView(thumbnail_pixmap(image, THUMBNAIL_DISPLAY_SIDE))
        self.thumbnail.setObjectName("questionImage")
        self.thumbnail.setToolTip(f"{image.filename} · {image.width}×{image.height}")
        self.thumbnail.setAccessibleName(
            self.tr("Attached image {name}").format(name=image.filename)
        )
        self._layout.insertWidget(0, self.thumbnail, 0, Qt.AlignmentFlag.AlignRight)

    def show_documents(self, documents: tuple[AttachedDocument, ...]) -> None:
        """Name the documents sent with the question, above its text (once, when bound)."""
        from dynaspark_desktop.core.documents import document_details

        label = QLabel(objectName="questionDocuments")
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        label.setWordWrap(True)
        label.setText("\n".join(f"{doc.filename} · {document_details(doc)}" for doc in documents))
        label.setAccessibleName(self.tr("Attached documents"))
        self._layout.insertWidget(0, label)

    def set_question(self, question: str) -> None:
        # The bubble's width first, so that the text is laid out once, at that width (set
        # the other way round, a spare's narrow empty bubble wrapped it a letter a line).
        self.text = question
        self.fit_to_width(self._fitted_width)
        self.question_view.set_plain_text(question)

    def fit_to_width(self, width: int) -> None:
        """Shrink around short text, up to a share of ``width`` (the turn's)."""
        self._fitted_width = width
        limit = max(120, int(width * USER_BUBBLE_WIDTH_SHARE))
        metrics = self.question_view.fontMetrics()
        # A megabyte line costs as much to measure as to lay out: measured are the first
        # lines, and of each only its first `limit` characters (already wider than `limit`
        # pixels, unless they are invisible ones).
        shown = self.text[:MAX_QUESTION_MEASURED_CHARS]
        lines = shown.splitlines() or [""]
        margin = int(self.question_view.document().documentMargin() * 2) + 6
        ideal = max(metrics.horizontalAdvance(line[:limit]) for line in lines) + margin
        image_width = self.thumbnail.width() if self.thumbnail is not None else 0
        self.question_view.fix_width(min(limit - 24, max(ideal, image_width, 24)))

    def set_highlighted(self, highlighted: bool) -> None:
        set_style_property(self, "highlighted", highlighted)
