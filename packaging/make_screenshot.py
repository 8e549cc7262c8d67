"""Render the app offscreen through a few real scenes and save them as PNG files.

    python packaging/make_screenshot.py                 # the README's screenshot
    python packaging/make_screenshot.py --all shots/    # every scene, for a visual check

The app talks to the local fake service from the tests, so no network is used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from PySide6.QtCore import QMimeData, Qt, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.options import Options  # noqa: E402
from dynaspark_desktop.storage import HistoryStore  # noqa: E402
from tests.fakes.dynaspark_server import Behaviour, FakeDynasparkThread  # noqa: E402

ANSWER = """It's a **red vintage bicycle** leaning against a pale blue wall, in late-afternoon
light. A few details:

- a wicker basket on the handlebars with a bunch of sunflowers
- a brown leather saddle, slightly worn
- a long shadow to the right, so the sun is low on the left

To crop the bicycle out of the photo with Pillow:

```python
from PIL import Image

photo = Image.open("bicycle.jpg")
photo.crop((220, 140, 900, 700)).save("bicycle-only.jpg", quality=92)
```

| Part | Colour |
|------|--------|
| Frame | red |
| Wall | pale blue |
"""


def _make_photo(path: Path) -> None:
    """A small made-up photo: wall, shadow, a stylised bicycle with flowers."""
    image = Image.new("RGB", (1200, 800), (168, 201, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1200, 800), fill=(196, 180, 160))
    draw.polygon([(560, 600), (1150, 600), (1200, 720), (700, 720)], fill=(120, 140, 160))
    for center in ((420, 560), (780, 560)):
        x, y = center
        draw.ellipse((x - 120, y - 120, x + 120, y + 120), outline=(40, 40, 40), width=14)
    draw.line(
        [(420, 560), (560, 400), (780, 560), (600, 560), (420, 560)], fill=(200, 30, 40), width=18
    )
    draw.line([(560, 400), (520, 330)], fill=(200, 30, 40), width=16)
    draw.line([(740, 330), (780, 560)], fill=(200, 30, 40), width=16)
    draw.rectangle((470, 312, 580, 336), fill=(110, 70, 40))
    draw.rectangle((700, 300, 860, 380), fill=(190, 150, 90))
    for dx in (720, 770, 820):
        draw.ellipse((dx - 26, 250, dx + 26, 302), fill=(250, 200, 30))
        draw.ellipse((dx - 9, 267, dx + 9, 285), fill=(110, 70, 30))
    image.filter(ImageFilter.GaussianBlur(1.2)).save(path, quality=90)


# Earlier conversations for the sidebar: title, model, days ago, pinned, a question, an answer.
EARLIER = [
    (
        "Trip to Lisbon: a 3-day plan",
        "gemini-2.0-flash",
        0.2,
        True,
        "Plan three days in Lisbon for someone who loves tiles and bicycles.",
        "Day 1: Alfama and the tile museum. Day 2: ride the river path to Belém…",
    ),
    (
        "Why won't my sourdough rise?",
        "gemini-1.5-flash",
        1.1,
        False,
        "My sourdough starter stopped rising. What's wrong?",
        "Most often it is temperature: keep it at 24–26 °C and feed it twice a day.",
    ),
    (
        "Explain Python decorators",
        "gemini-2.0-flash-lite",
        3.4,
        False,
        "Explain Python decorators with one small example.",
        "A decorator wraps a function: `@timed` replaces `f` with `timed(f)`…",
    ),
    (
        "Bike gear ratios, simply",
        "gemini-1.5-flash-8b",
        12.0,
        False,
        "How do bicycle gear ratios work?",
        "Divide the chainring teeth by the sprocket teeth: 50/25 gives a ratio of 2.",
    ),
]


def _seed_history(data_dir: Path) -> None:
    import time

    data_dir.mkdir(parents=True, exist_ok=True)
    for title, model, days_ago, pinned, question, answer in reversed(EARLIER):
        moment = time.time() - days_ago * 86400
        with HistoryStore.open(data_dir, clock=lambda moment=moment: moment) as store:
            conversation = store.create_conversation(model, title=title)
            message = store.add_user_message(conversation.id, question, model)
            store.mark_answered(message.id, answer, model, 2.4)
            if pinned:
                store.set_pinned(conversation.id, True)


async def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise TimeoutError("the scene did not settle")


async def _scenes(server: FakeDynasparkThread, workdir: Path, out: Path, every: bool) -> None:
    _seed_history(workdir / "data")
    desk = DesktopApp(
        Options(endpoint=server.endpoint, data_dir=workdir / "data"), route_qt_messages=False
    )
    window = desk.window
    window.resize(1100, 760)
    window.show()
    await asyncio.sleep(0.3)

    def save(name: str) -> None:
        if every:
            window.grab().save(str(out / f"{name}.png"))

    save("1-empty")
    photo = workdir / "bicycle.jpg"
    _make_photo(photo)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    window.offer_mime(mime)
    await _wait_for(lambda: desk.attachments.image is not None)
    window.composer.setPlainText("What's in this photo? And how would I crop out the bicycle?")
    save("2-attached")
    server.queue(Behaviour(answer=ANSWER, delay=0.6))
    window.send_message()
    await asyncio.sleep(0.3)
    save("3-waiting")
    await _wait_for(lambda: not desk.chat.busy)
    await asyncio.sleep(0.2)
    if not every:
        window.transcript.scroll_to_top()
        await asyncio.sleep(0.05)
        window.grab().save(str(out), "PNG", 80)
        # 256 colours look the same here and keep the repository's copy small.
        Image.open(out).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(
            out, optimize=True
        )
    save("4-answer")
    server.queue(Behaviour(kind="status", status=503, body="Service Unavailable"))
    window.composer.setPlainText("Is it a road bike?")
    window.send_message()
    await _wait_for(lambda: not desk.chat.busy)
    await asyncio.sleep(0.2)
    save("5-error")
    twice = QMimeData()
    twice.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(photo))])
    window.offer_mime(twice)
    await asyncio.sleep(0.1)
    save("6-bad-drop")
    window.notice_bar.hide()
    sidebar = window.sidebar
    assert sidebar is not None
    sidebar.search_field.setText("bicycle")
    await _wait_for(lambda: sidebar.results_model.rowCount() > 0)
    await asyncio.sleep(0.1)
    save("7-search")
    await desk.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", metavar="DIR", type=Path, help="save every scene into DIR")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "resources" / "screenshot.png")
    arguments = parser.parse_args()
    app = QApplication([])
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = arguments.all or arguments.output
    if arguments.all:
        out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir, FakeDynasparkThread() as server:
        loop.run_until_complete(_scenes(server, Path(workdir), out, bool(arguments.all)))
    loop.close()
    print(f"saved {out}")


if __name__ == "__main__":
    main()
