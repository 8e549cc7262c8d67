"""Moving through the window by keyboard: Tab in reading order (sidebar, header, transcript,
composer), and the keys each control is described with.

The order is set here, in one place: ``set_reading_order`` chains the fixed controls once the
sidebar exists (after the first paint), and ``move_focus`` (the window's Tab) puts the
transcript's controls, which come and go with its turns, where the transcript is.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from dynaspark_desktop.ui.transcript.transcript import Transcript
    from dynaspark_desktop.ui.widgets.header_bar import HeaderBar
    from dynaspark_desktop.ui.widgets.sidebar import Sidebar
    from dynaspark_desktop.ui.window.composer_area import ComposerArea
    from dynaspark_desktop.ui.window.window_keys import WindowKeys


class MainWindow(Protocol):
    """The parts of the main window that Tab goes through."""

    header: HeaderBar
    transcript: Transcript
    composer_area: ComposerArea

    @property
    def sidebar(self) -> Sidebar | None: ...

    def focusWidget(self) -> QWidget | None: ...


def reading_order(window: MainWindow) -> list[QWidget]:
    """The window's fixed controls, in the order Tab visits them."""
    header, area = window.header, window.composer_area
    chain: list[QWidget] = []
    sidebar = window.sidebar
    if sidebar is not None:
        chain += [
            sidebar.new_chat_button,
            sidebar.search_field,
            sidebar.conversation_view,
            sidebar.results_view,
        ]
    chain += [
        header.sidebar_button,
        header.system_prompt_button,
        header.parameters_button,
        header.model_picker,
        header.refresh_button,
        header.menu_button,
    ]
    chain += area.notice_bar.findChildren(QWidget)  # its buttons (Dismiss, an action)
    chain += area.attachment_tray.findChildren(QWidget)
    if area.compare_bar is not None:  # compare mode's models (chips come and go)
        chain += area.compare_bar.findChildren(QWidget)
    chain += [area.attach_button, area.compare_button, area.composer]
    chain += [area.send_button, area.stop_button]
    return [widget for widget in chain if widget.focusPolicy() & Qt.FocusPolicy.TabFocus]


def set_reading_order(window: MainWindow) -> None:
    """Chain the window's fixed controls in reading order (after the first paint)."""
    chain = reading_order(window)
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def describe_keys(window: MainWindow, keys: WindowKeys) -> None:
    """Name on each control the keys that do the same (its accessible description)."""
    header, area = window.header, window.composer_area
    controls: dict[str, QWidget] = {
        "toggleSidebar": header.sidebar_button,
        "focusModelPicker": header.model_picker,
        "attach": area.attach_button,
        "send": area.send_button,
        "stop": area.stop_button,
    }
    if window.sidebar is not None:
        controls["newChat"] = window.sidebar.new_chat_button
    keys.describe(controls)


def move_focus(window: MainWindow, forward: bool) -> bool:
    """Tab (``forward``) or Shift+Tab from the focused control to the next one in reading
    order, the transcript's turns included; False when the focus is elsewhere (a control
    inside another: Qt's own chain then decides)."""
    chain = [w for w in _with_transcript(window) if w.isVisibleTo(window) and w.isEnabled()]
    focused = window.focusWidget()
    if focused is None or focused not in chain:
        return False
    index = chain.index(focused) + (1 if forward else -1)
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    chain[index % len(chain)].setFocus(reason)
    return True


def _with_transcript(window: MainWindow) -> list[QWidget]:
    """The reading order with the transcript's controls where the transcript is: they come
    and go with its turns (its column keeps only those near the view), and Qt would chain a
    widget created later after the composer."""
    chain = reading_order(window)
    place = chain.index(window.header.menu_button) + 1
    # Compare mode's columns, when shown, are where the transcript is (in its place).
    compared = window.transcript.parentWidget().findChild(QWidget, "compareView")
    controls = [
        widget
        for part in (window.transcript, compared)
        if part is not None
        for widget in part.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    controls.sort(key=lambda widget: _reading_position(window, widget))
    return chain[:place] + controls + chain[place:]


def _reading_position(window: MainWindow, widget: QWidget) -> tuple[int, int]:
    point = widget.mapTo(window, widget.rect().topLeft())
    return point.y(), point.x()
