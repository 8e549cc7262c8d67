"""The main window: the header, transcript, composer area and sidebar, wired to the chat and
attachments; ``TurnActions``, ``PictureActions``, ``AttachActions`` (images and documents)
act; sending stays here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QVBoxLayout, QWidget

from dynaspark_desktop import APP_NAME
from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.icons import icon
from dynaspark_desktop.ui.base.style import fill_region
from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
from dynaspark_desktop.ui.controllers.chat_controller import ChatController
from dynaspark_desktop.ui.transcript.transcript import Transcript
from dynaspark_desktop.ui.widgets.header_bar import HeaderBar
from dynaspark_desktop.ui.window.answer_announcer import AnswerAnnouncer
from dynaspark_desktop.ui.window.attach_actions import AttachActions
from dynaspark_desktop.ui.window.composer_area import ComposerArea
from dynaspark_desktop.ui.window.picture_actions import PictureActions
from dynaspark_desktop.ui.window.send_paint import SendPaint
from dynaspark_desktop.ui.window.sidebar_slot import SidebarSlot
from dynaspark_desktop.ui.window.turn_actions import TurnActions
from dynaspark_desktop.ui.window.window_keys import WindowKeys

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import (
        QCloseEvent,
        QDragEnterEvent,
        QDragLeaveEvent,
        QDropEvent,
        QPaintEvent,
        QResizeEvent,
    )

    from dynaspark_desktop.ui.widgets.sidebar import Sidebar
    from dynaspark_desktop.ui.window.compare_presenter import ComparePresenter

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    modelChosen = Signal(str)
    # The picker followed the shown conversation's model (not the user's choice).
    modelFollowed = Signal(str)
    providersRequested = Signal()
    settingsRequested = Signal()  # the Settings window (settings_presenter opens it)
    systemPromptRequested = Signal()
    parametersRequested = Signal()
    closeRequested = Signal()
    newChatRequested = Signal()
    promptsRequested = Signal()  # Ctrl+P: the saved prompts (see prompts_presenter)
    exportRequested = Signal(str)  # the shown conversation, as "markdown" or "json"
    exportAllRequested = Signal()
    importRequested = Signal()
    # Emitted once, in the event loop's next turn after the window's first paint: the moment
    # to do start-up work that the first paint should not wait for.
    firstPainted = Signal()
    compare: ComparePresenter | None = None  # compare mode (set once the models are known)

    def __init__(
        self,
        chat: ChatController,
        attachments: AttachmentController,
        *,
        models: list[str],
        vision_models: list[str],
        model: str,
    ) -> None:
        super().__init__()
        self.chat = chat
        self.attachments = attachments
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1120, 780)
        self.setMinimumSize(QSize(480, 420))

        central = QWidget(objectName="centralArea")
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.sidebar_slot = SidebarSlot()  # its sidebar is built after the first paint
        row.addWidget(self.sidebar_slot)
        main_column = QWidget(objectName="mainColumn")
        column = QVBoxLayout(main_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = HeaderBar(models, vision_models, model)
        self.model_picker = self.header.model_picker
        column.addWidget(self.header)
        self.transcript = Transcript()
        column.addWidget(self.transcript, 1)
        self.composer_area = ComposerArea()
        # Its parts by name: what the window, its actions and the tests work with.
        self.notice_bar = self.composer_area.notice_bar
        self.attachment_tray = self.composer_area.attachment_tray
        self.attach_button = self.composer_area.attach_button
        self.composer = self.composer_area.composer
        self.send_button = self.composer_area.send_button
        self.stop_button = self.composer_area.stop_button
        column.addWidget(self.composer_area)
        row.addWidget(main_column, 1)
        self.setCentralWidget(central)

        self.turn_actions = TurnActions(
            chat,
            self.composer,
            self.transcript,
            self.header,
            self.notice_bar.hide,
            self,
        )
        self.picture_actions = PictureActions(chat, self, self.transcript)
        self.attach_actions = AttachActions(attachments, self.composer, self._update_buttons, self)
        self.send_paint = SendPaint(self)
        # The shortcut table's keys, bound after the first paint (see _install_commands).
        self.keys = WindowKeys(self)
        self.announcer = AnswerAnnouncer(chat, self.transcript, self)

        self._painted = False
        self._background_color: str | None = None
        self._background: QColor | None = None  # painted by paintEvent once set (see there)
        self._connect()
        self._follow_chat()
        self._update_buttons()
        self.composer.setFocus()

    # -- construction -------------------------------------------------------------------

    def _install_commands(self) -> None:
        """The shortcut table's keys, the ⋯ menu, and Tab in reading order."""
        from dynaspark_desktop.ui.window import keyboard_flow as flow
        from dynaspark_desktop.ui.window.window_commands import WindowCommands, install_commands
        from dynaspark_desktop.ui.window.window_keys import window_handlers

        self.keys.install(self, window_handlers(self))
        self.keys.settingsRequested.connect(self.open_settings)
        commands = WindowCommands(
            providers=self.providersRequested.emit,
            system_prompt=self.systemPromptRequested.emit,
            parameters=self.parametersRequested.emit,
            export=self.exportRequested.emit,
            export_all=self.exportAllRequested.emit,
            import_conversations=self.importRequested.emit,
        )
        install_commands(self.header.menu_button, commands, self.keys.actions)
        flow.set_reading_order(self)
        flow.describe_keys(self, self.keys)

    def focusNextPrevChild(self, next: bool) -> bool:
        from dynaspark_desktop.ui.window.keyboard_flow import move_focus

        return move_focus(self, next) or super().focusNextPrevChild(next)

    def _connect(self) -> None:
        self.header.modelChosen.connect(self.modelChosen)
        self.composer.textChanged.connect(self._update_buttons)
        self.composer.sendRequested.connect(self.send_message)
        self.composer.imageOffered.connect(self.offer_mime)
        self.send_button.clicked.connect(self.send_message)
        self.stop_button.clicked.connect(self.chat.stop)
        self.attach_button.clicked.connect(self.choose_image_file)
        self.attachment_tray.removeRequested.connect(self.attachments.remove)
        self.attachment_tray.viewRequested.connect(self.picture_actions.view_attachment)
        self.transcript.retryRequested.connect(self.turn_actions.retry)
        self.transcript.retryWithRequested.connect(self.turn_actions.retry_with)
        self.header.systemPromptRequested.connect(self.systemPromptRequested)
        self.transcript.regenerateRequested.connect(self.turn_actions.regenerate)
        self.transcript.editRequested.connect(self.turn_actions.start_editing)
        self.transcript.pictureActionRequested.connect(self.picture_actions.run)
        self.firstPainted.connect(self.transcript.prepare)
        self.firstPainted.connect(self._finish_setup)
        self.attachments.changed.connect(self._on_attachments_changed)
        self.attachments.prepared.connect(self._on_image_prepared)
        self.header.sidebar_button.clicked.connect(self.toggle_sidebar)
        self._listen_to_notices()

    def _listen_to_notices(self) -> None:
        """The one place notices reach the window: what any part says through the notices
        bridge (and what it kept from before the window existed) shows on the bar."""
        bridge = notices.bridge()
        bridge.posted.connect(self.notice_bar.show_notice)
        bridge.withdrawn.connect(self.notice_bar.withdraw)
        self.notice_bar.closed.connect(bridge.notice_closed)
        bridge.listen(self.notice_bar)

    def _follow_chat(self) -> None:
        """The window's one place that listens to the chat controller.

        Where the transcript and the send paint both react to a signal, one slot calls them
        in the order that matters (see ``_turn_added``, ``_turn_changed``, ``_answer_grew``),
        so nothing depends on the order of ``connect`` calls.
        """
        chat = self.chat
        chat.turnAdded.connect(self._turn_added)
        chat.requestStarted.connect(lambda _turn: self.transcript.request_started())
        chat.turnChanged.connect(self._turn_changed)
        chat.answerGrew.connect(self._answer_grew)
        chat.turnsRemoved.connect(self.transcript.remove_turns)
        # Send or Stop: for the conversation on screen (others may be generating too).
        chat.shownBusyChanged.connect(self._on_busy_changed)
        chat.conversationReplaced.connect(lambda _conversation: self._update_buttons())

    def _finish_setup(self) -> None:
        """What the first paint does not show: done in the loop's first idle moment.

        Nothing before the first paint may touch ``Qt.*`` enums: the first use makes PySide6
        build all of the ``Qt`` namespace's enums (~15 ms). Here it no longer matters.
        """
        self._paint_own_background()
        self.sidebar_slot.build()
        self.header.finish_setup()
        self.composer_area.finish_setup()
        self._install_commands()

    # -- state ----------------------------------------------------------------------------

    def current_model(self) -> str:
        return self.header.current_model()

    def select_model(self, model: str, *, remember: bool = True) -> None:
        self.header.select_model(model, remember=remember)
        if not remember:
            self.modelFollowed.emit(model)

    @property
    def sidebar(self) -> Sidebar | None:
        """The conversation list and search; None until the first paint."""
        return self.sidebar_slot.sidebar

    def open_settings(self) -> None:
        """Show the Settings window (what "Settings…" and its shortcut do)."""
        self.settingsRequested.emit()

    def focus_search(self) -> None:
        self.sidebar_slot.focus_search()

    def toggle_sidebar(self) -> None:
        self.sidebar_slot.toggle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.sidebar_slot.window_resized(event.size().width())

    def _has_something_to_send(self) -> bool:
        return bool(self.composer.toPlainText().strip()) or self.attach_actions.has_attachments

    def _update_buttons(self) -> None:
        busy = self.chat.shown_busy
        sendable = not busy and not self.attach_actions.preparing and self._has_something_to_send()
        self.composer_area.show_buttons(busy=busy, sendable=sendable)

    # -- user actions -----------------------------------------------------------------------

    def send_message(self) -> None:
        """Send what the composer and the tray hold (Enter, the Send button)."""
        from dynaspark_desktop.ui.window.message_sending import send_message

        send_message(self)

    # What brings an image (see AttachActions); public, for the app and the tests.

    def choose_image_file(self) -> None:
        self.attach_actions.choose_image_file()

    def attach_path(self, path: str) -> None:
        self.attach_actions.attach_path(path)

    def paste_from_clipboard(self) -> None:
        self.attach_actions.paste_from_clipboard()

    def offer_mime(self, mime: QMimeData) -> None:
        self.attach_actions.offer_mime(mime)

    # -- reactions --------------------------------------------------------------------------

    def _turn_added(self, turn: Turn) -> None:
        self.transcript.add_turn(turn)
        # The window's repaints wait for the turn's first words (see SendPaint).
        self.send_paint.hold()

    def _turn_changed(self, turn: Turn) -> None:
        self.transcript.update_turn(turn)
        # After the transcript: the one paint the hold ends with shows the change.
        self.send_paint.release()

    def _answer_grew(self, turn: Turn, text: str) -> None:
        self.transcript.grow_answer(turn, text)
        # After the transcript: the first words are in the answer view when the window paints.
        self.send_paint.release()

    def _on_busy_changed(self, _busy: bool) -> None:
        self._update_buttons()
        if not _busy:
            self.composer.setFocus()

    def _on_image_prepared(self, image: PreparedImage) -> None:
        for note in image.notes:
            notices.info(note)
        self._update_buttons()

    def _on_attachments_changed(self) -> None:
        self.attachment_tray.show_attachments(self.attachments.listed())
        self._update_buttons()

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.attach_actions.drag_entered(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.attach_actions.drag_left()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.attach_actions.dropped(event)

    # -- painting ---------------------------------------------------------------------------

    def set_background_color(self, color: str) -> None:
        """The window's background colour (the style sheet's, for the theme in use)."""
        self._background_color = color
        if self._background is not None:  # after the first paint: a change of theme
            self._paint_own_background()
            self.update()

    def restyle(self) -> None:
        """Draw everything in the colours in use (at start and when the theme changes)."""
        from dynaspark_desktop.ui.base.style import palette_colors, style_sheet

        self.setStyleSheet(style_sheet())
        self.set_background_color(palette_colors()["window"])
        self.transcript.restyle()
        self.header.restyle()

    def _paint_own_background(self) -> None:
        """Paint the background with one fill of the damaged area, instead of Qt's two.

        Left to Qt, every repaint of the window fills the damaged area twice: with the
        palette's window colour (for the window as the root) and with the style sheet's.
        That first fill was a quarter of the repaint that shows a sent message's first
        words (0.4 of 1.1 ms when the transcript and the composer repaint). Set after the
        first paint, which may not touch ``Qt.*`` enums (see ``_finish_setup``).
        """
        if self._background_color is None:
            return  # no colour given: Qt's own background, as before
        from PySide6.QtCore import Qt

        self._background = QColor(self._background_color)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # The composer's frame has the window's colour: the composer paints it itself, so a
        # caret blink repaints the caret only (see Composer.set_background_color).
        self.composer.set_background_color(self._background_color)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._background is not None:
            fill_region(self, event.region(), self._background)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.firstPainted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The app decides when to quit (after cancelling requests and closing the session).
        event.ignore()
        self.closeRequested.emit()
