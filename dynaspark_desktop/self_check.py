"""``dynaspark-desktop --self-check``: prove that this installation (a source install or the
one-folder bundle) works, end to end, without a display or the network.

It opens the real window offscreen on a temporary data folder (never the user's), starts a
small stand-in for the Dynaspark web endpoint on 127.0.0.1 (the contract of
``shared/dynaspark-api.md``: a form post answered with ``{"response": ...}``), points the app
at it with ``--endpoint``'s own setting, attaches a picture, types a question and presses
Send as a user would,
then checks that the answer was painted in the transcript and that the history saved both,
and quits. Exit status 0 and "self-check passed"; otherwise 1 and the reason.

The stand-in lives in the package, not in tests/, because the bundle must carry it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from dynaspark_desktop.app import DesktopApp

QUESTION = "Self-check: is everything in place?"
ANSWER_PREFIX = "Self-check answer:"
# Everything (start, answer, quit) must be done by then; a bundle that hangs is broken too.
TIME_LIMIT_SECONDS = 60.0
HISTORY_FILE = "history.sqlite3"
# The picture sent with the question: made here, prepared by the app (Pillow), uploaded.
PICTURE_SIZE = (320, 240)
PICTURE_BYTES_LIMIT = 1024 * 1024


class SelfCheckFailed(Exception):
    """A step of the self-check did not hold: the message says which and why."""


class LoopbackEndpoint:
    """The stand-in for the web endpoint, on a thread and loop of its own at a free port."""

    def __init__(self) -> None:
        self.port = 0
        self.questions: list[str] = []
        self.pictures: list[bytes] = []  # the images that came with them
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._serve, name="self-check-fake", daemon=True)
        self._started = threading.Event()
        self._failure: BaseException | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/generate_response"

    def __enter__(self) -> LoopbackEndpoint:
        self._thread.start()
        if not self._started.wait(15) or self._failure is not None:
            raise SelfCheckFailed(f"the loopback endpoint did not start: {self._failure!r}")
        return self

    def __exit__(self, *_exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self) -> None:
        try:
            self._loop.run_until_complete(self._start())
        except BaseException as error:  # told to the caller, which gives up
            self._failure = error
            self._started.set()
            return
        self._started.set()
        self._loop.run_forever()
        if self._runner is not None:
            self._loop.run_until_complete(self._runner.cleanup())
        self._loop.close()

    async def _start(self) -> None:
        from aiohttp import web

        # A question is small: a larger body is refused before it is read.
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post("/generate_response", self._answer)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _answer(self, request: web.Request) -> web.Response:
        from aiohttp import web

        form = await request.post()
        question = str(form.get("user_input", ""))
        picture = form.get("file")
        if picture is not None and not isinstance(picture, str):
            self.pictures.append(picture.file.read(PICTURE_BYTES_LIMIT))
        self.questions.append(question)
        return web.json_response({"response": f"{ANSWER_PREFIX} **yes**, I read “{question}”."})


def run_self_check() -> int:
    """Run the check; print the outcome; return the exit status."""
    started = time.monotonic()
    from dynaspark_desktop.platform_check import report_missing_libraries

    # No display is needed, and the user's keyring is never read (nor asked to unlock).
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if report_missing_libraries():
        print("self-check FAILED: system libraries are missing (see above)", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="dynaspark-self-check-") as folder:
            data_dir = Path(folder) / "data"
            picture = _write_picture(Path(folder) / "self-check.jpg")
            with LoopbackEndpoint() as endpoint:
                _run_app(data_dir, endpoint, picture)
            _check_history(data_dir)
        _check_secret_service_cipher()
        _check_math_typesetter()
    except SelfCheckFailed as failure:
        print(f"self-check FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    except Exception as error:  # anything else is a broken installation too: say what
        import traceback

        traceback.print_exc()
        print(f"self-check FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        return 1
    print(f"self-check passed in {time.monotonic() - started:.1f} s", flush=True)
    return 0


def _write_picture(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", PICTURE_SIZE, (109, 93, 252)).save(path, "JPEG")
    return path


def _run_app(data_dir: Path, endpoint: LoopbackEndpoint, picture: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from dynaspark_desktop import APP_ID, APP_NAME
    from dynaspark_desktop.app import DesktopApp
    from dynaspark_desktop.options import Options

    QApplication.setApplicationName(APP_ID)
    QApplication.setApplicationDisplayName(APP_NAME)
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    desktop = DesktopApp(Options(endpoint=endpoint.endpoint, data_dir=data_dir))
    desktop.window.show()
    qt_app.processEvents()

    import qasync

    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(
            asyncio.wait_for(_drive(desktop, endpoint, picture), TIME_LIMIT_SECONDS)
        )
    except TimeoutError:
        raise SelfCheckFailed(f"not done within {TIME_LIMIT_SECONDS:.0f} s") from None
    finally:
        loop.run_until_complete(desktop.shutdown())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)


async def _drive(desktop: DesktopApp, endpoint: LoopbackEndpoint, picture: Path) -> None:
    running = asyncio.ensure_future(desktop.run())
    try:
        await _ask_and_check(desktop, endpoint, picture)
    finally:
        desktop.request_quit()
        await running


async def _ask_and_check(desktop: DesktopApp, endpoint: LoopbackEndpoint, picture: Path) -> None:
    window = desktop.window
    await _wait_for(lambda: window.isVisible(), "the window did not open")
    await _wait_for(
        lambda: desktop.navigator is not None and desktop.history.available,
        "the history did not open",
    )
    # A picture, as "Open with" or a drop brings it: checked, decoded and re-encoded by
    # Pillow in a thread, shown as a thumbnail, sent with the question.
    window.attach_path(str(picture))
    await _wait_for(
        lambda: desktop.attachments.image is not None, "the picture could not be attached"
    )
    window.composer.setFocus()
    window.composer.setPlainText(QUESTION)
    window.send_message()
    await _wait_for(lambda: bool(endpoint.questions), "the question never reached the endpoint")
    if not endpoint.pictures or not _is_picture(endpoint.pictures[0]):
        raise SelfCheckFailed("the picture did not reach the endpoint with the question")
    await _wait_for(lambda: not desktop.chat.busy, "the answer never finished")
    turns = desktop.chat.conversation.turns
    if not turns or turns[-1].state.value != "answered":
        state = turns[-1].state.value if turns else "no question at all"
        error = getattr(turns[-1], "error", None) if turns else None
        raise SelfCheckFailed(f"the question was not answered ({state}: {error})")
    widgets = window.transcript.turn_widgets
    if not widgets:
        raise SelfCheckFailed("the transcript shows no turn")
    view = widgets[-1].answer_view
    await _wait_for(
        lambda: ANSWER_PREFIX in view.toPlainText(), "the answer is not shown in the window"
    )
    if "**" in view.toPlainText():
        raise SelfCheckFailed("the answer's Markdown was not rendered")
    await _wait_for(lambda: _has_ink(view), "the answer's text was not painted")


def _is_picture(data: bytes) -> bool:
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size == PICTURE_SIZE
    except OSError:
        return False


def _has_ink(widget: object) -> bool:
    """Whether grabbing the widget shows more than one colour (its text on the background)."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    if not widget.isVisible() or widget.width() < 4 or widget.height() < 4:
        return False
    image = widget.grab().toImage()
    background = image.pixel(1, 1)
    step_x = max(1, image.width() // 200)
    step_y = max(1, image.height() // 40)
    return any(
        image.pixel(x, y) != background
        for y in range(0, image.height(), step_y)
        for x in range(0, image.width(), step_x)
    )


async def _wait_for(condition: object, failure: str, timeout: float = 30.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SelfCheckFailed(failure)
        await asyncio.sleep(0.02)


def _check_history(data_dir: Path) -> None:
    path = data_dir / HISTORY_FILE
    if not path.exists():
        raise SelfCheckFailed(f"no history was written ({path} is missing)")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT role, text, state FROM messages").fetchall()
    finally:
        connection.close()
    if not any(role == "user" and text == QUESTION for role, text, _state in rows):
        raise SelfCheckFailed(f"the history did not save the question (it holds {rows!r})")
    if not any(role == "assistant" and ANSWER_PREFIX in text for role, text, _state in rows):
        raise SelfCheckFailed(f"the history did not save the answer (it holds {rows!r})")


def _check_math_typesetter() -> None:
    """Answers' formulas can be typeset: the typesetter imports and finds its font and
    symbol table (data files a bundle must carry, or every formula shows as its source)."""
    from dynaspark_desktop.core.markdown.formulas import typeset

    if typeset(r"\frac{a}{b}", display=True, color="#000000", size=16.0) is None:
        raise SelfCheckFailed("LaTeX formulas cannot be typeset (the math font is missing?)")


def _check_secret_service_cipher() -> None:
    """The keyring's Secret Service backend (SecretStorage) loads, and the cipher of its
    session gives back what it encrypted: in the bundle its ``cryptography`` is a shim
    (packaging/cryptography_shim.py). Both ends of the key exchange are played here."""
    from keyring.backends import SecretService

    # The backend swallows the ImportError of SecretStorage (or of its cryptography) and
    # would then never be chosen: the user's keys would have no keyring.
    if not hasattr(SecretService, "secretstorage"):
        raise SelfCheckFailed("the keyring's Secret Service backend cannot load SecretStorage")
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from secretstorage.dhcrypto import Session
    from secretstorage.util import format_secret

    ours, theirs = Session(), Session()
    ours.set_server_public_key(theirs.my_public_key)
    theirs.set_server_public_key(ours.my_public_key)
    ours.object_path = "/org/freedesktop/secrets/session/self_check"
    _path, iv, encrypted, _type = format_secret(ours, b"self-check secret", "text/plain")
    assert theirs.aes_key is not None
    decryptor = Cipher(algorithms.AES(theirs.aes_key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(encrypted) + decryptor.finalize()
    if padded[: -padded[-1]] != b"self-check secret":
        raise SelfCheckFailed("the Secret Service session's cipher does not give back a secret")
