""" "Copied ✓" where the copy was asked for, for a second, instead of a notice: on the button
that copied, or over the link that did (a code block's Copy, a link inside an answer's
document, which cannot hold a widget)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

SHOWN_MS = 1000


def copied_text() -> str:
    return QCoreApplication.translate("Copy", "Copied ✓")


def show_copied(button: QAbstractButton) -> None:
    """Say "Copied ✓" on ``button``, then its own text again (a single-shot timer, only
    while the word shows; none if the button goes away first)."""
    own = button.property("ownText") or button.text()
    button.setProperty("ownText", own)
    button.setText(copied_text())
    QTimer.singleShot(SHOWN_MS, button, lambda: button.setText(own))


def show_copied_over(
    surface: QWidget, link: QRect, font: QFont, foreground: QColor, background: QColor
) -> QLabel:
    """Say "Copied ✓" over the link drawn at ``link`` (in ``surface``'s coordinates), in its
    colours and right-aligned to it as the link is, then take the word away."""
    label = surface.findChild(QLabel, "copiedOverLink")
    if label is None:
        label = QLabel(surface, objectName="copiedOverLink")
        label.setAutoFillBackground(True)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.setText(copied_text())
    label.setAccessibleName(copied_text())
    label.setFont(font)
    label.setStyleSheet(
        f"QLabel#copiedOverLink {{ color: {foreground.name()};"
        f" background: {background.name()}; padding: 0; }}"
    )
    width = max(link.width(), label.sizeHint().width())
    label.setGeometry(link.right() + 1 - width, link.top(), width, link.height())
    label.show()
    label.raise_()
    timer = label.findChild(QTimer, "copiedTimer")
    if timer is None:
        timer = QTimer(label, objectName="copiedTimer", singleShot=True, interval=SHOWN_MS)
        timer.timeout.connect(label.hide)
    timer.start()  # a second click keeps it a second longer
    return label
