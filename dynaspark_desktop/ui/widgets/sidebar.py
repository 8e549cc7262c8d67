"""The sidebar: New chat, search across every message, and the conversations, newest first.

It only shows and asks: what a click means (open, rename, delete…) is decided by the
navigator, through these signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dynaspark_desktop.ui.base.icons import icon, set_icon
from dynaspark_desktop.ui.base.safe_text import MAX_TITLE_SHOWN_CHARS, display_text
from dynaspark_desktop.ui.widgets.conversation_list import (
    ConversationDelegate,
    ConversationIdRole,
    ConversationListModel,
)
from dynaspark_desktop.ui.widgets.row_list_view import RowListView
from dynaspark_desktop.ui.widgets.search_results import (
    HitRole,
    SearchResultDelegate,
    SearchResultsModel,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from dynaspark_desktop.storage import ConversationSummary, SearchHit


class ChatActivityLike(Protocol):
    """Which conversations (history ids) are generating, and which have an unread answer."""

    generating: Collection[int]
    unread: Collection[int]


SEARCH_DELAY_MS = 150  # typing pauses this long before a query runs


class Sidebar(QFrame):
    newChatRequested = Signal()
    conversationChosen = Signal(int)
    renameRequested = Signal(int, str)
    pinRequested = Signal(int, bool)
    deleteRequested = Signal(int)
    exportRequested = Signal(int, str)  # id, "markdown" or "json"
    searchRequested = Signal(str)  # debounced; "" when the search was cleared
    searchHitChosen = Signal(int, int)  # conversation id, message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Conversations"))
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 12, 10, 10)
        column.setSpacing(8)

        self.new_chat_button = QPushButton(self.tr("New chat"), objectName="newChatButton")
        set_icon(self.new_chat_button, "new_chat")
        self.new_chat_button.setIconSize(QSize(18, 18))
        self.new_chat_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        self.new_chat_button.clicked.connect(self.newChatRequested)
        column.addWidget(self.new_chat_button)

        self.search_field = QLineEdit(objectName="searchField")
        self.search_field.setPlaceholderText(self.tr("Search all messages (Ctrl+F)"))
        self.search_field.setAccessibleName(self.tr("Search all messages"))
        self.search_field.setAccessibleDescription(
            self.tr("Down arrow goes to the results, Esc clears the search")
        )
        self.search_field.setClearButtonEnabled(True)
        # The line edit's own buttons are named after their actions.
        for action in self.search_field.findChildren(QAction):
            action.setText(self.tr("Clear the search"))
        self._search_icon = self.search_field.addAction(
            icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self._search_icon.setText(self.tr("Search"))
        set_icon(self._search_icon, "search")
        column.addWidget(self.search_field)

        self.stack = QStackedWidget(objectName="sidebarStack")
        self.conversation_model = ConversationListModel(self)
        self.conversation_view = self._make_list_view("conversationList", self.tr("Conversations"))
        self.conversation_view.setModel(self.conversation_model)
        self.conversation_view.setItemDelegate(ConversationDelegate(self.conversation_view))
        self.conversation_view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.conversation_view.setAccessibleDescription(
            self.tr("Arrow keys move, Enter opens, F2 renames, Delete deletes")
        )
        self.stack.addWidget(self.conversation_view)

        self.results_model = SearchResultsModel(self)
        self.results_view = self._make_list_view("searchResults", self.tr("Search results"))
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(SearchResultDelegate(self.results_view))
        self.results_view.setAccessibleDescription(
            self.tr("Arrow keys move, Enter opens the message, Esc closes the search")
        )
        self.stack.addWidget(self.results_view)

        self.status_label = QLabel(objectName="sidebarStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        self.stack.addWidget(self.status_label)
        column.addWidget(self.stack, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit_search)
        self._current_id: int | None = None
        self._connect()
        self._show_list()

    def _make_list_view(self, name: str, accessible_name: str) -> QListView:
        view = RowListView(objectName=name)
        view.setAccessibleName(accessible_name)
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setUniformItemSizes(True)  # lets 5,000 rows lay out without measuring each
        view.setMouseTracking(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return view

    def _connect(self) -> None:
        self.conversation_model.renameRequested.connect(self.renameRequested)
        self.conversation_view.clicked.connect(self._on_conversation_clicked)
        self.conversation_view.activated.connect(self._on_conversation_clicked)
        self.conversation_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.conversation_view.customContextMenuRequested.connect(self._show_context_menu)
        self.results_view.clicked.connect(self._on_hit_chosen)
        self.results_view.activated.connect(self._on_hit_chosen)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._emit_search)

        delete_action = QAction(self.tr("Delete conversation"), self.conversation_view)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self._delete_selected)
        self.conversation_view.addAction(delete_action)
        # Esc and ↓ in the search, Esc in its results: keys of their own (see eventFilter).
        self.search_field.installEventFilter(self)
        self.results_view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc closes the search (before the window's Esc, which would stop an answer);
        ↓ in the search field goes into the results, where Enter opens a hit (and ↑ from
        the first goes back to the field)."""
        if watched not in (self.search_field, self.results_view):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key = event.key()  # type: ignore[attr-defined]  # a QKeyEvent, by its type
        closes = key == Qt.Key.Key_Escape and bool(self.search_field.text())
        if kind is QEvent.Type.ShortcutOverride:
            if closes:
                event.accept()  # a key of ours: the window's shortcut stands aside
            return False
        if closes:
            self.close_search()
            return True
        if watched is self.search_field and key == Qt.Key.Key_Down and self._shows_results():
            self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.results_view.currentIndex().isValid():
                self.results_view.setCurrentIndex(self.results_model.index(0))
            return True
        at_top = watched is self.results_view and self.results_view.currentIndex().row() <= 0
        if at_top and key == Qt.Key.Key_Up:
            self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)  # back where ↓ left
            return True
        return False

    def _shows_results(self) -> bool:
        return self.stack.currentWidget() is self.results_view and self.results_model.rowCount() > 0

    def close_search(self) -> None:
        """Clear the search: the conversations come back, the focus to the search field."""
        self.search_field.clear()
        self._emit_search()
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- showing ----------------------------------------------------------------------------

    def set_conversations(self, summaries: list[ConversationSummary]) -> None:
        self.conversation_model.set_conversations(summaries)
        self.select_conversation(self._current_id)
        if not self.search_field.text().strip():
            self._show_list()

    def select_conversation(self, conversation_id: int | None) -> None:
        """Mark the shown conversation (None: a new chat, nothing selected)."""
        self._current_id = conversation_id
        row = (
            self.conversation_model.row_of(conversation_id) if conversation_id is not None else None
        )
        selection = self.conversation_view.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.conversation_model.index(row)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        self.conversation_view.scrollTo(index)

    def show_results(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.search_field.text().strip():
            return  # typed on since: a newer query is on its way
        self.results_model.set_hits(hits)
        if hits:
            self.stack.setCurrentWidget(self.results_view)
        else:
            shown = display_text(query, MAX_TITLE_SHOWN_CHARS)  # a pasted query can be huge
            self.status_label.setText(self.tr("No messages match “{text}”.").format(text=shown))
            self.stack.setCurrentWidget(self.status_label)

    def _show_list(self) -> None:
        if self.conversation_model.rowCount():
            self.stack.setCurrentWidget(self.conversation_view)
        else:
            self.status_label.setText(self.tr("Your conversations will be listed here."))
            self.stack.setCurrentWidget(self.status_label)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def set_activity(self, activity: ChatActivityLike) -> None:
        """Mark the conversations generating an answer, and those with an unread one."""
        self.conversation_model.set_activity(
            frozenset(activity.generating), frozenset(activity.unread)
        )

    def title_of(self, conversation_id: int) -> str:
        row = self.conversation_model.row_of(conversation_id)
        return self.conversation_model.summary(row).title if row is not None else ""

    # -- reactions --------------------------------------------------------------------------

    def _emit_search(self) -> None:
        self._search_timer.stop()
        query = self.search_field.text().strip()
        if not query:
            self.results_model.set_hits([])
            self._show_list()
        self.searchRequested.emit(query)

    def _on_conversation_clicked(self, index: QModelIndex) -> None:
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is not None:
            self.conversationChosen.emit(int(conversation_id))

    def _on_hit_chosen(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is not None:
            self.searchHitChosen.emit(hit.conversation_id, hit.message_id)

    def _delete_selected(self) -> None:
        index = self.conversation_view.currentIndex()
        if index.isValid():
            self.deleteRequested.emit(int(index.data(ConversationIdRole)))

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.conversation_view.indexAt(position)
        if not index.isValid():
            return
        conversation_id = int(index.data(ConversationIdRole))
        summary = self.conversation_model.summary(index.row())
        menu = QMenu(self)
        menu.setObjectName("conversationMenu")
        menu.addAction(self.tr("Rename"), lambda: self.conversation_view.edit(index))
        menu.addAction(
            self.tr("Unpin") if summary.pinned else self.tr("Pin to top"),
            lambda: self.pinRequested.emit(conversation_id, not summary.pinned),
        )
        menu.addSeparator()
        menu.addAction(
            self.tr("Export as Markdown…"),
            lambda: self.exportRequested.emit(conversation_id, "markdown"),
        )
        menu.addAction(
            self.tr("Export as JSON…"), lambda: self.exportRequested.emit(conversation_id, "json")
        )
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.deleteRequested.emit(conversation_id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # popup(), not exec(): no nested event loop inside the qasync loop.
        menu.popup(self.conversation_view.viewport().mapToGlobal(position))
