"""Checks that a bar of widgets is laid out whole: nothing overlaps, nothing sticks out, and
no label's text is cut (a shortened one ends in "…" and carries its whole text in its
tooltip). Shared by the in-process window tests and the scale-factor subprocess."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from dynaspark_desktop.ui.base.elided_label import ElidedLabel
from dynaspark_desktop.ui.widgets.header_fit import PICKER_HARD_MIN_WIDTH


def layout_problems(bar: QWidget) -> list[str]:
    children = bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    shown = [child for child in children if child.isVisible()]
    problems = []
    for first, second in combinations(shown, 2):
        if first.geometry().intersects(second.geometry()):
            problems.append(f"{_name(first)} overlaps {_name(second)}")
    for child in shown:
        if not bar.rect().contains(child.geometry()):
            problems.append(f"{_name(child)} sticks out of the bar: {child.geometry()}")
        if isinstance(child, ElidedLabel):
            if child.is_elided and child.text() not in child.toolTip():
                problems.append(f"{_name(child)} is shortened without a tooltip")
        elif isinstance(child, QLabel) and child.text():
            needed = child.fontMetrics().horizontalAdvance(child.text())
            if needed > child.contentsRect().width():
                problems.append(f"{_name(child)} is cut: {needed} > {child.contentsRect().width()}")
        elif isinstance(child, QComboBox) and child.width() < PICKER_HARD_MIN_WIDTH:
            problems.append(f"{_name(child)} is squeezed to {child.width()} px")
    return problems


def _name(widget: QWidget) -> str:
    return widget.objectName() or widget.accessibleName() or type(widget).__name__
