"""The main window: model picker, transcript, composer, attachments, drag-and-drop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop import APP_NAME
from dynaspark_desktop.core.chat import Turn
from dynaspark_desktop.core.images import PreparedImage
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.icons import icon
from dynaspark_desktop.ui.base.notice_bar import NoticeBar
from dynaspark_desktop.ui.base.style import fill_region
from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
from dynaspark_desktop.ui.controllers.chat_controller import ChatController
from dynaspark_desktop.ui.transcript.transcript import Transcript
from dynaspark_desktop.ui.widgets.attachment_tray import AttachmentTray
from dynaspark_desktop.ui.widgets.composer import Composer
from dynaspark_desktop.ui.widgets.header_bar import HeaderBar
from dynaspark_desktop.ui.window.picture_actions import PictureActions
from dynaspark_desktop.ui.window.send_paint import SendPaint
from dynaspark_desktop.ui.window.turn_actions import TurnActions

if TYPE_CHECKING:
    from PySide6.QtGui import (
        QCloseEvent,
        QDragEnterEvent,
        QDragLeaveEvent,
        QDropEvent,
        QPaintEvent,
        QResizeEvent,
    )

    from dynaspark_desktop.ui.widgets.sidebar import Sidebar

log = logging.getLogger(__name__)

SIDEBAR_WIDTH = 272
HIDE_SIDEBAR_BELOW = 760  # window width, in pixels
IMAGE_FILE_FILTER = (
    "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga);;"
    "All files (*)"
)


class MainWindow(QMainWindow):
    modelChosen = Signal(str)
    # The picker followed the shown conversation's model (not the user's choice).
    modelFollowed = Signal(str)
    providersRequested = Signal()
    systemPromptRequested = Signal()
    closeRequested = Signal()
    newChatRequested = Signal()
    exportRequested = Signal(str)  # the shown conversation, as "markdown" or "json"
    exportAllRequested = Signal()
    importRequested = Signal()
    # Emitted once, in the event loop's next turn after the window's first paint: the moment
    # to do start-up work that the first paint should not wait for.
    firstPainted = Signal()

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
        # The sidebar's contents are built after the first paint (see _finish_setup); its
        # slot is here from the start so the window does not shift when they arrive.
        self.sidebar_slot = QFrame(objectName="sidebarSlot")
        self.sidebar_slot.setFixedWidth(SIDEBAR_WIDTH)
        QVBoxLayout(self.sidebar_slot).setContentsMargins(0, 0, 0, 0)
        self.sidebar: Sidebar | None = None
        self._sidebar_wanted = True
        self._narrow = False
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
        composer_area = self._build_composer_area()
        column.addWidget(composer_area)
        row.addWidget(main_column, 1)
        self.setCentralWidget(central)

        self.drop_overlay: QLabel | None = None
        self.turn_actions = TurnActions(self)
        self.picture_actions = PictureActions(self)

        self._painted = False
        self._background_color: str | None = None
        self._background: QColor | None = None  # painted by paintEvent once set (see there)
        self._sendable: bool | None = None
        self._connect()
        self._update_buttons()
        self.composer.setFocus()

    # -- construction -------------------------------------------------------------------

    def _build_composer_area(self) -> QWidget:
        area = QFrame(objectName="composerArea")
        column = QVBoxLayout(area)
        column.setContentsMargins(16, 10, 16, 14)
        column.setSpacing(8)
        self.notice_bar = NoticeBar()
        column.addWidget(self.notice_bar)
        self.attachment_tray = AttachmentTray()
        column.addWidget(self.attachment_tray)

        frame = QFrame(objectName="composerFrame")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 6, 6, 6)
        row.setSpacing(6)
        self.attach_button = QToolButton(objectName="attachButton")
        self.attach_button.setIcon(icon("attach"))
        self.attach_button.setIconSize(QSize(22, 22))
        self.attach_button.setToolTip("Attach an image (or drop one anywhere, or paste it)")
        self.attach_button.setAccessibleName("Attach image")
        row.addWidget(self.attach_button)
        self.composer = Composer()
        row.addWidget(self.composer, 1)
        self.send_button = QPushButton("Send", objectName="sendButton")
        self.send_button.setIcon(icon("send"))
        self.send_button.setAccessibleName("Send message")
        self.send_button.setToolTip("Send (Enter)")
        row.addWidget(self.send_button)
        self.stop_button = QPushButton("Stop", objectName="stopButton")
        self.stop_button.setAccessibleName("Stop the answer")
        self.stop_button.setToolTip("Stop waiting for this answer (Esc)")
        self.stop_button.hide()
        row.addWidget(self.stop_button)
        column.addWidget(frame)
        return area

    def _install_actions(self) -> None:
        from PySide6.QtCore import Qt

        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.closeRequested)
        self.addAction(quit_action)
        paste_action = QAction("Paste image", self)
        paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        # Only reached when the composer (which pastes by itself) does not have focus.
        paste_action.triggered.connect(self.paste_from_clipboard)
        self.addAction(paste_action)
        stop_action = QAction("Stop", self)
        stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        stop_action.triggered.connect(self.turn_actions.escape)
        self.addAction(stop_action)
        # The same actions appear in the ⋯ menu: one shortcut, one action (two would be
        # ambiguous, and Qt would then run neither).
        self.new_chat_action = self._add_shortcut("New chat", "Ctrl+N", self.newChatRequested.emit)
        self.search_action = self._add_shortcut("Search all messages", "Ctrl+F", self.focus_search)
        self._add_shortcut("Show or hide the conversations", "Ctrl+B", self.toggle_sidebar)
        self._add_shortcut(
            "Copy the last answer", "Ctrl+Shift+C", self.turn_actions.copy_last_answer
        )

    def _add_shortcut(self, text: str, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_sidebar(self) -> None:
        from PySide6.QtWidgets import QMenu

        from dynaspark_desktop.ui.widgets.sidebar import Sidebar

        self.sidebar = Sidebar()
        self.sidebar_slot.layout().addWidget(self.sidebar)
        # Added to a slot that is already on screen: Qt shows such a child only when asked.
        self.sidebar.show()
        menu = QMenu(self.header.menu_button)
        menu.setObjectName("windowMenu")
        menu.addAction(self.new_chat_action)
        menu.addAction(self.search_action)
        menu.addSeparator()
        menu.addAction("Models and providers…", self.providersRequested.emit)
        menu.addAction("System prompt for this conversation…", self.systemPromptRequested.emit)
        menu.addSeparator()
        menu.addAction(
            "Export this conversation as Markdown…", lambda: self.exportRequested.emit("markdown")
        )
        menu.addAction(
            "Export this conversation as JSON…", lambda: self.exportRequested.emit("json")
        )
        menu.addAction("Export all conversations…", self.exportAllRequested.emit)
        menu.addAction("Import conversations…", self.importRequested.emit)
        self.header.menu_button.setMenu(menu)

    def _connect(self) -> None:
        self.header.modelChosen.connect(self.modelChosen)
        self.composer.textChanged.connect(self._update_buttons)
        self.composer.sendRequested.connect(self.send_message)
        self.composer.imageOffered.connect(self.offer_mime)
        self.send_button.clicked.connect(self.send_message)
        self.stop_button.clicked.connect(self.chat.stop)
        self.attach_button.clicked.connect(self.choose_image_file)
        self.attachment_tray.removeRequested.connect(self.attachments.remove)
        self.transcript.retryRequested.connect(self._retry)
        self.transcript.retryWithRequested.connect(self._retry_with)
        self.header.systemPromptRequested.connect(self.systemPromptRequested)
        self.transcript.regenerateRequested.connect(self.turn_actions.regenerate)
        self.transcript.editRequested.connect(self.turn_actions.start_editing)
        self.transcript.pictureActionRequested.connect(self.picture_actions.run)
        self.chat.turnsRemoved.connect(self.transcript.remove_turns)
        self.firstPainted.connect(self.transcript.prepare)
        self.firstPainted.connect(self._finish_setup)

        self.chat.turnAdded.connect(self._on_turn_added)
        self.chat.requestStarted.connect(lambda _turn: self.transcript.request_started())
        self.chat.turnChanged.connect(self.transcript.update_turn)
        self.chat.answerGrew.connect(self.transcript.grow_answer)
        # After the transcript's slots: see SendPaint.
        self.send_paint = SendPaint(self, self.chat)
        self.chat.busyChanged.connect(self._on_busy_changed)
        self.attachments.preparing.connect(self.attachment_tray.show_preparing)
        self.attachments.prepared.connect(self._on_image_prepared)
        self.attachments.cleared.connect(self._on_attachment_cleared)
        self.attachments.restored.connect(self._on_image_restored)
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

    def _finish_setup(self) -> None:
        """What the first paint does not show: done in the loop's first idle moment.

        Nothing before the first paint may touch ``Qt.*`` enums: the first use makes PySide6
        build all of the ``Qt`` namespace's enums (~15 ms). Here it no longer matters.
        """
        self._paint_own_background()
        self._install_actions()
        self._build_sidebar()
        self.header.finish_setup()
        self.stop_button.setIcon(icon("stop"))
        # Send and Stop take turns in one place. Of one width, swapping them moves nothing:
        # Stop was 2 px narrower, so every Send resized the composer (and laid out its text
        # again) inside the key's handler.
        width = max(self.send_button.sizeHint().width(), self.stop_button.sizeHint().width())
        self.send_button.setFixedWidth(width)
        self.stop_button.setFixedWidth(width)

    # -- state ----------------------------------------------------------------------------

    def current_model(self) -> str:
        return self.header.current_model()

    def select_model(self, model: str, *, remember: bool = True) -> None:
        self.header.select_model(model, remember=remember)
        if not remember:
            self.modelFollowed.emit(model)

    def focus_search(self) -> None:
        if self.sidebar is not None:
            self.sidebar_slot.show()
            self.sidebar.focus_search()

    def toggle_sidebar(self) -> None:
        self._sidebar_wanted = self.sidebar_slot.isHidden()
        self.sidebar_slot.setVisible(self._sidebar_wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow window gives its width to the conversation; Ctrl+B still shows the list.
        narrow = event.size().width() < HIDE_SIDEBAR_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self.sidebar_slot.setVisible(self._sidebar_wanted and not narrow)

    def _has_something_to_send(self) -> bool:
        return bool(self.composer.toPlainText().strip()) or self.attachments.image is not None

    def _update_buttons(self) -> None:
        busy = self.chat.busy
        # Called at every keystroke and twice per Send: Qt's setVisible costs even unchanged.
        if self.send_button.isHidden() is not busy:
            self.send_button.setVisible(not busy)
            self.stop_button.setVisible(busy)
        sendable = not busy and not self.attachments.is_preparing and self._has_something_to_send()
        if self._sendable is not sendable:
            self._sendable = sendable
            self.send_button.setEnabled(sendable)

    # -- user actions -----------------------------------------------------------------------

    def send_message(self) -> None:
        if self.chat.busy:
            return
        if self.attachments.is_preparing:
            notices.info("The image is still being prepared; send again in a moment.")
            return
        if not self._has_something_to_send():
            return
        if self.turn_actions.editing:
            self.turn_actions.send_edit()
            return
        image = self.attachments.image
        from dynaspark_desktop.providers.image_generation import imagine_problem

        problem = imagine_problem(self.composer.toPlainText(), has_image=image is not None)
        if problem is not None:
            notices.warning(problem)  # the message stays, to be corrected
            return
        turn = self.chat.send(self.composer.toPlainText(), image, self.current_model())
        if turn is not None:
            # Only now, with the turn in the transcript, is the input cleared: nothing is lost.
            self.attachments.take()
            self.composer.clear()
            self.notice_bar.hide_unless_sticky()

    def _retry(self, turn_id: int) -> None:
        if self.chat.busy:
            notices.info("Wait for the current answer, or stop it, before retrying.")
            return
        self.chat.retry(turn_id, self.current_model())

    def _retry_with(self, turn_id: int, model: str) -> None:
        """ "Try with <model>": ask that model, and make it the choice for what follows."""
        if self.chat.busy:
            notices.info("Wait for the current answer, or stop it, before retrying.")
            return
        self.select_model(model)
        self.chat.retry(turn_id, model)

    def choose_image_file(self) -> None:
        # Imported here: each Qt class costs start-up time, and this one is rarely needed.
        from PySide6.QtWidgets import QFileDialog

        # open(), not exec(): a nested event loop inside the qasync loop is a trap.
        dialog = QFileDialog(self, "Attach an image", "", IMAGE_FILE_FILTER)
        dialog.setObjectName("attachDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.attach_path)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def attach_path(self, path: str) -> None:
        from PySide6.QtCore import QUrl

        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(path)])
        self.offer_mime(mime)

    def paste_from_clipboard(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from dynaspark_desktop.ui.base.image_intake import mime_has_image

        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime_has_image(mime):
            self.offer_mime(mime)
        elif mime is not None and mime.hasText():
            self.composer.setFocus()
            self.composer.insert_pasted_text(mime.text())

    def offer_mime(self, mime: QMimeData) -> None:
        """An image was dropped, pasted or chosen: check it, then prepare it in a thread."""
        # Imported on first use: not needed to paint the window.
        from dynaspark_desktop.ui.base.image_intake import IntakeRefused, offer_from_mime

        if self.attachments.refuse_if_occupied():
            return  # one image per message; the pending one is kept and the user told why
        try:
            offer = offer_from_mime(mime)
        except IntakeRefused as refusal:
            notices.warning(str(refusal))
            return
        self.attachments.offer(offer)
        self._update_buttons()

    # -- reactions --------------------------------------------------------------------------

    def _on_turn_added(self, turn: Turn) -> None:
        self.transcript.add_turn(turn)

    def _on_busy_changed(self, _busy: bool) -> None:
        self._update_buttons()
        if not _busy:
            self.composer.setFocus()

    def _on_image_prepared(self, image: PreparedImage) -> None:
        self.attachment_tray.show_image(image)
        for note in image.notes:
            notices.info(note)
        self._update_buttons()

    def _on_image_restored(self, image: PreparedImage) -> None:
        self.attachment_tray.show_image(image)
        self._update_buttons()

    def _on_attachment_cleared(self) -> None:
        self.attachment_tray.clear()
        self._update_buttons()

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from dynaspark_desktop.ui.base.image_intake import mime_has_image

        mime = event.mimeData()
        # Accept anything file- or image-like, so a bad drop gets an explanation on release.
        if mime_has_image(mime) or mime.hasUrls():
            event.acceptProposedAction()
            self._show_drop_overlay(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._show_drop_overlay(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._show_drop_overlay(False)
        event.acceptProposedAction()
        self.offer_mime(event.mimeData())

    def _show_drop_overlay(self, visible: bool) -> None:
        from PySide6.QtCore import Qt

        if self.drop_overlay is None:
            if not visible:
                return
            self.drop_overlay = QLabel("Drop the image to attach it", self.centralWidget())
            self.drop_overlay.setObjectName("dropOverlay")
            self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.drop_overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if visible:
            self.drop_overlay.setGeometry(self.centralWidget().rect().adjusted(12, 12, -12, -12))
            self.drop_overlay.raise_()
        self.drop_overlay.setVisible(visible)

    def set_background_color(self, color: str) -> None:
        """The window's background colour (the style sheet's, for the theme in use)."""
        self._background_color = color

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
