"""How the header bar fits its width, from 480 px to 4K: what it can spare is hidden (each
has its entry in the ⋯ menu), in a fixed order, before anything overlaps or is cut.

The order: the app's name (the window's title says it too), the logo, the provider's
name (the picker's tooltip has it), the Parameters and System prompt chips; then the model
picker narrows (its text elides); the API's allowance goes last, shortened with its whole
text in a tooltip and the ⋯ menu.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLayout, QWidget

# The picker is no narrower than this while anything else can give way, never narrower
# than the hard minimum, nor wider than the maximum (a long model name elides).
PICKER_MIN_WIDTH = 150
PICKER_HARD_MIN_WIDTH = 96
PICKER_MAX_WIDTH = 320
# The picker's icon, padding and arrow around its text.
_PICKER_CHROME = 64
# Left for the allowance before it is hidden rather than shortened further.
_ALLOWANCE_MIN_WIDTH = 90


def picker_natural_width(picker: QComboBox) -> int:
    """The width that shows the chosen model's whole name (within the bounds above)."""
    text_width = picker.fontMetrics().horizontalAdvance(picker.currentText())
    return max(PICKER_MIN_WIDTH, min(PICKER_MAX_WIDTH, text_width + _PICKER_CHROME))


def fit_header(
    layout: QLayout,
    width: int,
    always: Sequence[QWidget],
    optional: Sequence[tuple[QWidget, bool]],
    picker: QComboBox,
    allowance: tuple[QWidget, bool],
) -> None:
    """Show or hide the ``optional`` widgets (in the order they are given up, each with
    whether it is wanted now), size ``picker`` and show ``allowance`` if it is wanted and
    there is room for some of it, so that everything shown fits in ``width``."""
    margins = layout.contentsMargins()
    spacing = max(layout.spacing(), 0)
    room = width - margins.left() - margins.right()
    # Every widget, the picker, the allowance and the stretch are separated by a spacing.
    used = sum(widget.sizeHint().width() + spacing for widget in always) + 2 * spacing
    shown = [(widget, wanted) for widget, wanted in optional]
    picker_width = picker_natural_width(picker)
    allowance_label, allowance_wanted = allowance
    allowance_width = allowance_label.sizeHint().width() + spacing if allowance_wanted else 0

    def extra(items: list[tuple[QWidget, bool]]) -> int:
        return sum(widget.sizeHint().width() + spacing for widget, wanted in items if wanted)

    # Give up the optional ones, in order, until the rest fits with the whole allowance.
    while shown and used + extra(shown) + picker_width + allowance_width > room:
        widget, _wanted = shown.pop(0)
    kept = {id(widget) for widget, wanted in shown if wanted}
    for widget, wanted in optional:
        widget.setVisible(wanted and id(widget) in kept)
    used += extra(shown)
    # Then the picker narrows, then the allowance is shortened, then hidden.
    picker_width = max(PICKER_HARD_MIN_WIDTH, min(picker_width, room - used - allowance_width))
    picker.setFixedWidth(picker_width)
    left = room - used - picker_width - spacing
    allowance_label.setVisible(allowance_wanted and left >= _ALLOWANCE_MIN_WIDTH)
