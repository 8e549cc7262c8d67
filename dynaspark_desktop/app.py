"""One running app: its settings, controllers and window, wired at start-up, and a clean
shutdown. ``app_loop`` runs it in Qt's app and the qasync event loop."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication

from dynaspark_desktop import APP_NAME, __version__
from dynaspark_desktop.core.i18n import translate
from dynaspark_desktop.core.logs import DeferredRotatingFileHandler, setup_logging
from dynaspark_desktop.core.proxy_password import remember_proxy_password, split_proxy_password
from dynaspark_desktop.core.redaction import redact_secrets
from dynaspark_desktop.core.settings import Settings
from dynaspark_desktop.options import Options, default_data_dir
from dynaspark_desktop.providers.dynaspark import Dynaspark
from dynaspark_desktop.providers.http_body import follow_settings as follow_response_limits
from dynaspark_desktop.providers.model_keys import canonical_key
from dynaspark_desktop.providers.proxy import redact_url
from dynaspark_desktop.ui.base import notices
from dynaspark_desktop.ui.base.main_thread_gc import (
    MainThreadGarbageCollector,
    freeze_long_lived,
    thaw_long_lived,
)
from dynaspark_desktop.ui.base.translation import install_translations, switch_language
from dynaspark_desktop.ui.controllers.attachment_controller import AttachmentController
from dynaspark_desktop.ui.controllers.chat_controller import ChatController
from dynaspark_desktop.ui.controllers.history_controller import HistoryController
from dynaspark_desktop.ui.controllers.request_context import settings_context_tokens
from dynaspark_desktop.ui.controllers.setting_followers import follow_settings
from dynaspark_desktop.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    # asyncio and qasync load only after the window has painted (see app_loop.run()).
    import asyncio

    from dynaspark_desktop.core.single_instance import DataFolderClaim
    from dynaspark_desktop.ui.window.model_presenter import ModelPresenter
    from dynaspark_desktop.ui.window.navigator import ConversationNavigator
    from dynaspark_desktop.ui.window.prompts_presenter import PromptsPresenter

log = logging.getLogger(__name__)


class DesktopApp:
    """One running app: settings, controllers and the window, and how they shut down."""

    def __init__(
        self,
        options: Options,
        *,
        route_qt_messages: bool = True,
        log_handler: DeferredRotatingFileHandler | None = None,
    ) -> None:
        # A fresh notices bridge: it keeps what this app says until its window listens.
        notices.reset()
        self.data_dir = options.data_dir or default_data_dir()  # main() always gives one
        # A folder that cannot be made (or written) must not stop the app: chat works
        # unsaved, and the window says why and what to do.
        data_dir_failure: OSError | None = None
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            data_dir_failure = error
        # Given by launch (logging starts before anything that can fail), else made here.
        self.log_handler = log_handler or setup_logging(self.data_dir)
        self.log_path = self.log_handler.path
        self._route_qt_messages = route_qt_messages
        log.info("%s %s starting; data in %s", APP_NAME, __version__, self.data_dir)
        if data_dir_failure is not None:
            log.error("Data folder unusable: %s", data_dir_failure)
        # Set by app_loop.run(): this process holds the data folder and serves later launches.
        self.instance: DataFolderClaim | None = None
        self._files_to_attach = options.files
        self.settings = Settings.load(self.data_dir)
        # Before any widget or message exists: every text is translated where it is made.
        self.language = install_translations(self.settings.get("language"))
        self.settings.changed.connect("language", self._language_changed)
        if options.files:
            # A picture opened with the app ("Open with", a path on the command line) starts
            # a new chat rather than joining the one open at the last quit.
            self.settings.set("open_conversation", 0)
        self.settings.on_save_failed = self._settings_not_saved
        self._told_settings_not_saved = False
        # Garbage cycles holding Qt objects must be freed on this thread (see the module).
        self.garbage_collector = MainThreadGarbageCollector()
        self.garbage_collector.start()

        self._endpoint_option = options.endpoint
        endpoint = options.endpoint or self.settings.get("endpoint")
        if endpoint:
            Dynaspark.api_endpoint = endpoint
        log.info("Dynaspark endpoint: %s", redact_url(Dynaspark.api_endpoint))
        # The command line's proxy rules this run; else the saved one, whose password is
        # read from the secret store with the API keys (see controllers.setting_followers).
        self._proxy_option = options.proxy
        proxy = options.proxy or self.settings.proxy_in_use() or None
        if proxy:
            remember_proxy_password(proxy, split_proxy_password(proxy)[1], "proxy-in-use")
        follow_response_limits(self.settings)

        self.history = HistoryController(self.data_dir)
        self.chat = ChatController(
            proxy=proxy,
            timeout_seconds=self.settings.get("request_timeout"),
            recorder=self.history,
        )
        self.chat.context_tokens_for = functools.partial(settings_context_tokens, self.settings)
        self.attachments = AttachmentController(max_side=self.settings.get("max_image_side"))
        follow_settings(
            self.settings,
            self.chat,
            self.attachments,
            proxy_from_command_line=bool(self._proxy_option),
            endpoint_from_command_line=bool(self._endpoint_option),
        )
        model = canonical_key(options.model or self.settings.get("model"))
        # A bare name is a Dynaspark web model, which must exist; a provider:model key is
        # checked once the providers have listed their models (the picker keeps it meanwhile).
        if ":" not in model and model not in Dynaspark.models:
            if options.model:
                log.warning("Unknown model %r requested; using the default", model)
            model = Dynaspark.default_model
        # The colours before the window exists: its widgets and icons are made in them once,
        # rather than made light and given the palette and icons again (the presenter
        # follows the setting from there; choosing the same scheme again is a no-op).
        from dynaspark_desktop.ui.base.theme import app_theme

        app_theme().set_choice(self.settings.get("theme"))
        self.window = MainWindow(
            self.chat,
            self.attachments,
            models=list(Dynaspark.models),
            vision_models=list(Dynaspark.vision_models),
            model=model,
        )
        if data_dir_failure is not None:
            from dynaspark_desktop.core.disk_errors import data_folder_problem

            notices.error(data_folder_problem(data_dir_failure, self.data_dir), sticky=True)
        geometry = self.settings.get("window_geometry")
        if geometry:
            from dynaspark_desktop.ui.window.screen_fit import restore_on_screen

            restore_on_screen(self.window, QByteArray.fromBase64(geometry.encode("ascii")))
        if options.model and canonical_key(options.model) != model:
            notices.warning(
                translate(
                    "App", "There is no model called “{name}”; using {model} instead."
                ).format(name=options.model, model=model)
            )
        self.window.modelChosen.connect(lambda name: self.settings.set("model", name))
        from dynaspark_desktop.ui.window.settings_presenter import SettingsPresenter

        self.settings_presenter = SettingsPresenter(
            self.window, self.chat, self.history, self.settings, self.data_dir, options.endpoint
        )
        self.window.closeRequested.connect(self.request_quit)
        self.window.firstPainted.connect(self._after_first_paint)
        self.navigator: ConversationNavigator | None = None
        self.prompts: PromptsPresenter | None = None
        self.models: ModelPresenter | None = None
        self._quit_requested: asyncio.Event | None = None
        # A quit asked for before run() started (e.g. during start-up) is kept here.
        self._quit_pending = False
        self._shut_down = False

    def request_quit(self) -> None:
        if self._quit_requested is not None:
            self._quit_requested.set()
        else:
            self._quit_pending = True

    async def run(self) -> None:
        """Show the window and live until a quit is requested, then shut down cleanly."""
        import asyncio

        self._quit_requested = asyncio.Event()
        if self._quit_pending:
            self._quit_requested.set()
        self.window.show()
        if self.instance is not None:
            try:
                await self.instance.serve(self.receive_launch)
            except Exception:
                # A later launch then cannot reach this window; it does no harm here.
                log.warning("Not listening for later launches", exc_info=True)
        if self._files_to_attach:
            self._attach_files(self._files_to_attach)
        await self._quit_requested.wait()
        await self.shutdown()

    def receive_launch(self, files: list[str]) -> None:
        """A later launch on this data folder: show the window and attach its files."""
        log.info("Another launch handed over %d file(s)", len(files))
        if self._shut_down:
            return
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        # Off screen (tests, benchmarks) there is nothing to raise, and Qt warns if asked.
        if QApplication.platformName() not in ("offscreen", "minimal"):
            self.window.raise_()
        self.window.activateWindow()
        if files:
            self._start_new_chat_for_files()
        self._attach_files(files)

    def _start_new_chat_for_files(self) -> None:
        """Pictures handed over by a later launch start a chat of their own (the one shown
        keeps its draft); an empty new chat is that already."""
        conversation = self.chat.conversation
        if self.navigator is not None and (conversation.id is not None or conversation.turns):
            self.navigator.new_chat()

    def _attach_files(self, files: tuple[str, ...] | list[str]) -> None:
        # One image per message: a second one gets the usual "already has an image" notice.
        for name in files:
            log.info("Attaching %s, given on the command line", name)
            self.window.attach_path(name)

    def _language_changed(self, _name: str, setting: str) -> None:
        """The language applies at once: every text on screen is said again in it."""
        self.language = switch_language(setting)

    def _settings_not_saved(self, error: OSError) -> None:
        from dynaspark_desktop.core.disk_errors import describe_disk_failure

        if self._told_settings_not_saved:
            return
        self._told_settings_not_saved = True
        message = describe_disk_failure(
            error, self.data_dir, translate("App", "your settings are not being saved")
        )
        notices.warning(
            message
            or translate("App", "Your settings could not be saved in {folder}: {error}.").format(
                folder=self.data_dir, error=error
            ),
            sticky=True,
        )

    def _after_first_paint(self) -> None:
        # The window is up: now open the log file and load the network stack, off the path
        # to the first paint.
        self.log_handler.open()
        failure = self.log_handler.failure
        if failure is not None:
            log.warning("The log file %s cannot be written: %s", self.log_path, failure)
            from dynaspark_desktop.core.disk_errors import data_folder_problem

            notices.error(data_folder_problem(failure, self.data_dir), sticky=True)
        if self._route_qt_messages:
            from dynaspark_desktop.ui.base.qt_messages import route_qt_messages_to_logging

            route_qt_messages_to_logging()
        from dynaspark_desktop.ui.window.navigator import ConversationNavigator

        # The navigator listens before the history opens: a history that fails to open
        # fails fast, and its message must have someone to tell the user.
        self.navigator = ConversationNavigator(
            self.window, self.chat, self.history, self.attachments, self.settings
        )
        self.navigator.start()
        self.settings_presenter.navigator = self.navigator
        self.history.start()
        from dynaspark_desktop.ui.window.prompts_presenter import PromptsPresenter

        self.prompts = PromptsPresenter(self.window, self.navigator, self.chat, self.history)
        self._start_models()
        from dynaspark_desktop.ui.base.warm_up import start_when_typed

        start_when_typed(self.window.composer)
        # The window is built: what lives now lives for the app's life (see main_thread_gc).
        freeze_long_lived()

    def _start_models(self) -> None:
        """The providers behind the picker: keys read in a thread, models listed on the loop."""
        from dynaspark_desktop.core.secrets import SecretStore
        from dynaspark_desktop.ui.base.keyring_names import KeyringNamesKeeper
        from dynaspark_desktop.ui.controllers.model_catalog import ModelCatalog
        from dynaspark_desktop.ui.window.model_presenter import ModelPresenter

        # The keyring is asked only for what the settings say is in it (never loaded when
        # no key was stored): see core/secret_names.py.
        keyring_names = KeyringNamesKeeper(self.settings, self.window)
        secret_store = SecretStore.in_data_dir(
            self.data_dir,
            allow_file=bool(self.settings.get("api_keys_in_file")),
            names=keyring_names.names,
        )
        catalog = ModelCatalog(
            self.settings, secret_store, self.chat.session, lambda: self.chat.proxy, self.window
        )
        self.chat.catalog = catalog
        self.models = ModelPresenter(
            self.window, self.chat, catalog, self.settings, secret_store, self.history
        )
        self.settings_presenter.models = self.models
        from dynaspark_desktop.ui.window.compare_presenter import ComparePresenter

        self.window.compare = ComparePresenter(
            self.window, self.chat, catalog, self.history, self.navigator
        )
        catalog.start()

    async def shutdown(self) -> None:
        """Save what can be saved and close everything; a step that fails (a full disk) is
        logged and the next one still runs, so the history is always closed."""
        if self._shut_down:
            return
        self._shut_down = True
        # Write what start-up kept in memory while the data directory surely still exists.
        self.log_handler.open()
        log.info("Shutting down")
        steps: list[tuple[str, Callable[[], Awaitable[None] | None]]] = [
            ("stop listening for later launches", self._stop_serving),
            ("save the window's size and place", self._save_geometry),
            ("hide the window", self.window.hide),
        ]
        navigator, models = self.navigator, self.models
        if navigator is not None:
            steps.append(("save the draft", navigator.shutdown))  # the draft, as it is now
        if self.prompts is not None:
            steps.append(("stop saving the prompt library", self.prompts.shutdown))
        steps += [
            ("stop preparing images", self.attachments.shutdown),
            ("stop picture actions", self.window.picture_actions.shutdown),
            ("stop rendering answers", _stop_rendering_answers),
        ]
        steps.append(("close the settings window", self.settings_presenter.shutdown))
        if models is not None:
            steps.append(("stop listing models", models.shutdown))
        if self.window.compare is not None:  # its answers are saved as stopped
            steps.append(("stop comparing", self.window.compare.shutdown))
        steps += [
            ("stop the chat", self.chat.shutdown),  # stopped turns are saved as stopped
            # Every queued write lands before the database closes.
            ("close the history", self.history.close),
            ("close the window", self.window.deleteLater),
            # Frozen objects (the window's) are collected again once the collector stops.
            ("thaw long-lived objects", thaw_long_lived),
            ("stop the garbage collector", self.garbage_collector.stop),
        ]
        failed = 0
        for what, step in steps:
            try:
                result = step()
                if result is not None:
                    await result
            except Exception:
                failed += 1
                log.exception("While shutting down, could not %s", what)
        if failed:
            log.warning("Shut down; %d step(s) failed (see above)", failed)
        else:
            log.info("Shut down cleanly")

    async def _stop_serving(self) -> None:
        if self.instance is not None:
            await self.instance.stop_serving()

    def _save_geometry(self) -> None:
        geometry = bytes(self.window.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.set("window_geometry", geometry)

    def show_unexpected_error(self, summary: str) -> None:
        # An exception's text can quote a request URL and its key: masked like the log.
        summary = redact_secrets(summary)
        notices.error(
            translate(
                "App",
                "Something went wrong: {summary}. The app keeps running; details are in {log}.",
            ).format(summary=summary, log=self.log_path)
        )


async def _stop_rendering_answers() -> None:
    from dynaspark_desktop.ui.transcript.answer_view import rendering_tasks

    await rendering_tasks.cancel_all()
