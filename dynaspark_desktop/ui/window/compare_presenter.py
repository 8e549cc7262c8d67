"""Compare mode's wiring: the Compare toggle and its strip of models in the composer area,
the answers' columns in the transcript's place, and ``CompareRequests`` behind them.

With Compare on, Send asks every chosen model at once; the columns show while their answers
stream, in place of the transcript. "Continue with this one" (or "Back to the chat") reads
the conversation again from the history, where every answer is saved beside the others:
the chosen one shown, the rest behind the answer switcher.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject

from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.imagine import is_imagine
from dynaspark_desktop.providers.compare_plan import plan_columns, plan_problem
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.announce import announce
from dynaspark_desktop.ui.controllers.compare_requests import CompareRequests, CompareRun
from dynaspark_desktop.ui.transcript.compare_view import CompareView
from dynaspark_desktop.ui.widgets.compare_bar import ComparableModel, CompareBar, CompareToggle

if TYPE_CHECKING:
    from dynaspark_desktop.core.chat import Conversation
    from dynaspark_desktop.ui.controllers.chat_controller import ChatController
    from dynaspark_desktop.ui.controllers.history_controller import HistoryController
    from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog
    from dynaspark_desktop.ui.window.document_actions import DocumentActions

log = logging.getLogger(__name__)


class Navigating(Protocol):
    """The navigator, as far as compare mode needs it (no import: the window imports us)."""

    drafts: Any  # the DraftKeeper: told of a send, so the emptied composer is no edit

    def reload(self, focus_message_id: int | None = None) -> None: ...


class ComparePresenter(QObject):
    def __init__(
        self,
        window: Any,  # the MainWindow (not imported: it imports this module)
        chat: ChatController,
        catalog: ModelCatalog,
        history: HistoryController | None,
        navigator: Navigating | None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat
        self.catalog = catalog
        self.navigator = navigator
        self.requests = CompareRequests(chat, history, self)
        self.toggle: CompareToggle = window.composer_area.compare_button
        self.toggle.setEnabled(True)
        self.bar = CompareBar()
        window.composer_area.add_compare(self.bar)
        self.view = CompareView()
        self.view.hide()
        column = window.transcript.parentWidget().layout()
        column.insertWidget(column.indexOf(window.transcript) + 1, self.view, 1)  # type: ignore[attr-defined]
        self.shown_run: CompareRun | None = None
        self._dismissed: list[CompareRun] = []  # left by the user while still streaming

        self.toggle.toggled.connect(self.set_active)
        self.bar.closeRequested.connect(lambda: self.set_active(False))
        self.view.stopRequested.connect(self._stop)
        self.view.continueRequested.connect(self.continue_with)
        self.view.closeRequested.connect(self.close_view)
        requests = self.requests
        requests.runStarted.connect(self._run_started)
        requests.columnChanged.connect(self._column_changed)
        requests.columnGrew.connect(self._column_grew)
        requests.runEnded.connect(self._run_ended)
        catalog.changed.connect(self._catalog_changed)
        chat.conversationReplaced.connect(self._conversation_replaced)
        from dynaspark_desktop.ui.base.theme import app_theme

        app_theme().changed.connect(self.view.restyle)
        self._catalog_changed()

    # -- choosing the models ----------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.toggle.isChecked()

    def set_active(self, on: bool) -> None:
        """Compare mode on (the next question goes to the models in the strip) or off."""
        if self.toggle.isChecked() is not on:
            self.toggle.setChecked(on)  # toggled comes back here
            return
        if on and len(self.bar.models) < 2:
            self.bar.set_models(self._default_models())
        self.bar.setVisible(on)
        self.window.composer.setFocus()

    def _default_models(self) -> list[str]:
        """The model in the picker and the next one listed."""
        current = self.window.current_model()
        others = [key for key in self.catalog.model_keys() if key != current]
        return [current, *others[:1]]

    def _catalog_changed(self) -> None:
        models = [
            ComparableModel(
                group.key_for(info),
                info.display_name,
                translate("Providers", group.label),
                sees_images=info.image_input,
            )
            for group in self.catalog.groups()
            for info in group.models
        ]
        self.bar.set_available(models)

    # -- sending ----------------------------------------------------------------------------

    def take_send(self, documents: DocumentActions) -> bool:
        """Called by the window's Send, once the documents are read and fit: True when
        compare mode took the message (sent it to several models, or said why not)."""
        run = self.shown_run
        if run is not None:
            if run.running:
                notices.info(
                    self.tr(
                        "The answers are still coming. Wait for them (or stop them), then "
                        "continue with one."
                    )
                )
            else:
                notices.info(
                    self.tr("Continue with one of the answers, or go back to the chat, first.")
                )
            return True
        if not self.active:
            return False
        window = self.window
        image = window.attachments.image
        text = window.composer.toPlainText()
        if is_imagine(text):
            notices.info(
                self.tr("Pictures are drawn by one service: turn Compare off to use /imagine.")
            )
            return True
        planned = plan_columns(
            self.bar.models,
            self.catalog.info,
            has_image=image is not None,
            provider_label=self.catalog.provider_label,
        )
        problem = plan_problem(planned)
        if problem:
            notices.warning(problem)  # the message stays, to be corrected
            return True
        if self.chat.shown_busy or self.requests.run_of(self.chat.conversation) is not None:
            notices.info(
                self.tr("This chat is still receiving an answer. Wait for it, or stop it, first.")
            )
            return True
        started = self.requests.start(
            self.chat.conversation,
            text,
            image,
            planned,
            more_images=window.attachments.images[1:],
            documents=documents.documents,
        )
        if started:
            # Only now is the input cleared: nothing typed is lost.
            if self.navigator is not None:
                self.navigator.drafts.after_send()
            window.attachments.take()
            documents.take()
            window.composer.clear()
            window.notice_bar.hide_unless_sticky()
        return True

    def escape(self) -> bool:
        """Esc: stop every column of the comparison on screen. False when none streams."""
        run = self.shown_run
        if run is None or not run.running:
            return False
        self.requests.stop(run)
        return True

    # -- the columns ------------------------------------------------------------------------

    def _run_started(self, run: CompareRun) -> None:
        if run.belongs_to(self.chat.conversation):
            self._show(run)

    def _show(self, run: CompareRun) -> None:
        self.shown_run = run
        view = self.view
        view.show_run(
            run.question.question, [column.name for column in run.columns], run.question.image
        )
        for index, column in enumerate(run.columns):
            if column.parts:
                view.grow(index, "".join(column.parts))  # what arrived while elsewhere
            self._column_changed(run, index)
        view.set_running(run.running)
        self.window.transcript.hide()
        view.show()

    def _column_changed(self, run: CompareRun, index: int) -> None:
        if run is self.shown_run:
            column = run.columns[index]
            self.view.show_column(
                index, column.turn, skipped=column.skipped, saved=column.answer_id is not None
            )

    def _column_grew(self, run: CompareRun, index: int, text: str) -> None:
        if run is self.shown_run:
            self.view.grow(index, text)

    def _run_ended(self, run: CompareRun) -> None:
        if run in self._dismissed:
            self._dismissed.remove(run)
        if run is self.shown_run:
            self.view.set_running(False)
            # Said to screen readers without moving the focus.
            announce(self.view, self.tr("The answers are in: continue with one, or go back."))

    def _stop(self, index: int) -> None:
        if self.shown_run is not None:
            self.requests.stop(self.shown_run, None if index < 0 else index)

    def continue_with(self, index: int) -> None:
        """ "Continue with this one": column ``index``'s answer becomes the conversation's."""
        run = self.shown_run
        if run is None:
            return
        if not self.requests.choose(run, index):
            notices.info(self.tr("That answer is still being saved; try again in a moment."))
            return
        self.view.set_chosen(index)
        # The conversation goes on with that model too (saved as its model before the
        # conversation is read again: the picker follows it).
        self.window.select_model(run.columns[index].model)
        self.close_view(focus_message_id=run.chosen_id)

    def close_view(self, focus_message_id: int | None = None) -> None:
        """Back to the chat: the conversation is read again, with every answer saved."""
        run, self.shown_run = self.shown_run, None
        self.view.hide()
        self.view.clear()
        self.window.transcript.show()
        self.window.composer.setFocus()
        if run is None:
            return
        if run.running:
            self._dismissed.append(run)  # not shown again when the conversation reloads
        if run.belongs_to(self.chat.conversation) and self.navigator is not None:
            self.navigator.reload(focus_message_id or run.first_answer_id)

    def _conversation_replaced(self, conversation: Conversation) -> None:
        run = self.requests.run_of(conversation)
        if run is not None and run not in self._dismissed:
            if run is not self.shown_run:
                self._show(run)  # back to a conversation whose comparison still streams
            return
        if self.shown_run is not None and not self.shown_run.belongs_to(conversation):
            self.shown_run = None
            self.view.hide()
            self.view.clear()
            self.window.transcript.show()

    async def shutdown(self) -> None:
        await self.requests.shutdown()
