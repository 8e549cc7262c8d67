"""The "↓ Latest" button: shown while the reader is further up, one click back to the end."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QToolButton, QWidget

# The button shows once the newest message is this far below the view.
JUMP_BUTTON_AFTER_PX = 200


class JumpButton(QToolButton):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, objectName="jumpToLatest")
        self.setText(self.tr("↓ Latest"))
        self.setToolTip(self.tr("Jump to the latest message"))
        self.setAccessibleName(self.tr("Jump to the latest message"))
        self.hide()

    def texts_changed(self) -> None:
        """The language changed: as wide as its new text, its right edge where it was."""
        hint, right = self.sizeHint(), self.geometry().right()
        self.setGeometry(right + 1 - hint.width(), self.y(), hint.width(), hint.height())

    def follow(self, scroll: QScrollArea) -> None:
        """Show the button in the bottom right corner of its parent while ``scroll`` is more
        than a little way from its end; hide it otherwise."""
        bar = scroll.verticalScrollBar()
        show = scroll.isVisible() and bar.maximum() - bar.value() > JUMP_BUTTON_AFTER_PX
        if show:
            host, hint = self.parentWidget(), self.sizeHint()
            # Its size too: the style sheet's bold text and padding came after it was made.
            x, y = host.width() - hint.width() - 24, host.height() - hint.height() - 16
            self.setGeometry(x, y, hint.width(), hint.height())
            self.raise_()
        self.setVisible(show)
