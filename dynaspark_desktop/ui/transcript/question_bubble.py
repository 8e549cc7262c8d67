"""A turn's question: the user's text (and the image sent with it) in a bubble, shrunk around
short text and at most a share of the transcript's width."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from dynaspark_desktop.ui.base.safe_text import SafeTextView
from dynaspark_desktop.ui.base.style import set_style_property
from dynaspark_desktop.ui.base.thumbnails import ThumbnailView, thumbnail_pixmap
from dynaspark_desktop.ui.transcript.message_actions import add_message_menu

if TYPE_CHECKING:
    from dynaspark_desktop.core.documents import AttachedDocument
    from dynaspark_desktop.core.images import PreparedImage

THUMBNAIL_DISPLAY_SIDE = 220
# A question with several images shows them smaller, this many to a row.
SEVERAL_THUMBNAILS_SIDE = 104
THUMBNAILS_A_ROW = 3
USER_BUBBLE_WIDTH_SHARE = 0.78
# fit_to_width measures at most this much of a question (a bubble is full width long before).
MAX_QUESTION_MEASURED_CHARS = 20_000


class QuestionBubble(QFrame):
    """The question's bubble (``userBubble`` in the style sheet)."""

    imageClicked = Signal(int)  # which of the question's images (0: the first)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble")
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        self.thumbnail: ThumbnailView | None = None  # the first image's
        self.thumbnails: list[ThumbnailView] = []
        self._images_width = 0
        self.question_view = SafeTextView(objectName="questionText")
        self.question_view.setAccessibleName(self.tr("Your message"))
        add_message_menu(self.question_view, lambda: self.text)
        layout.addWidget(self.question_view)
        self.text = ""  # the question shown
        self._fitted_width = 600

    def show_image(self, image: PreparedImage) -> None:
        """Show the image sent with the question, above its text (once, when bound)."""
        self.show_images([image])

    def show_images(self, images: list[PreparedImage]) -> None:
        """Show the images sent with the question above its text (once, when bound): one
        large, several smaller in rows; a click on one opens it large (``imageClicked``)."""
        side = THUMBNAIL_DISPLAY_SIDE if len(images) == 1 else SEVERAL_THUMBNAILS_SIDE
        grid = QGridLayout()
        grid.setSpacing(6)
        for index, image in enumerate(images):
            view = ThumbnailView(thumbnail_pixmap(image, side))
            view.setObjectName("questionImage")
            view.setCursor(Qt.CursorShape.PointingHandCursor)
            view.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Enter opens it too
            view.setToolTip(
                self.tr("{name} · {width}×{height} · click to see it large").format(
                    name=image.filename, width=image.width, height=image.height
                )
            )
            view.setAccessibleName(self.tr("Attached image {name}").format(name=image.filename))
            view.clicked.connect(lambda index=index: self.imageClicked.emit(index))
            row, column = divmod(index, THUMBNAILS_A_ROW)
            grid.addWidget(view, row, column, Qt.AlignmentFlag.AlignBottom)
            self.thumbnails.append(view)
        self.thumbnail = self.thumbnails[0] if self.thumbnails else None
        columns = min(len(images), THUMBNAILS_A_ROW)
        self._images_width = sum(v.width() for v in self.thumbnails[:columns]) + 6 * (columns - 1)
        self._layout.insertLayout(0, grid)
        # On the left, like the documents' line and the text: in a bubble wider than the
        # images, right-aligned ones stood apart from the rest of the question.
        self._layout.setAlignment(grid, Qt.AlignmentFlag.AlignLeft)

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
        image_width = self._images_width
        self.question_view.fix_width(min(limit - 24, max(ideal, image_width, 24)))

    def set_highlighted(self, highlighted: bool) -> None:
        set_style_property(self, "highlighted", highlighted)
