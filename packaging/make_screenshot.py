"""Render the app offscreen through a few real scenes and save them as PNG files.

    python packaging/make_screenshot.py                 # the README's screenshot
    python packaging/make_screenshot.py --all shots/    # every scene, for a visual check
    python packaging/make_screenshot.py --all shots/ --dark   # the same, in dark mode
    python packaging/make_screenshot.py --all shots/ --size 600x760   # a narrow window
    python packaging/make_screenshot.py --all shots/ --language ru    # in Russian

The app talks to the local fake service from the tests, so no network is used. ``--dark``
gives the app the palette a desktop in dark mode gives it (the app follows the system by
reading that palette; Qt's offscreen platform has no colour scheme of its own to switch).
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
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshot_scenes_media import (  # noqa: E402  (beside this script)
    attachment_scenes,
    compare_scene,
    fake_servers,
    prompt_popup_scene,
    provider_entries,
)

from dynaspark_desktop.app import DesktopApp  # noqa: E402
from dynaspark_desktop.core.settings import Settings  # noqa: E402
from dynaspark_desktop.options import Options  # noqa: E402
from dynaspark_desktop.storage import HistoryStore  # noqa: E402
from tests.fakes.dynaspark_server import Behaviour, FakeDynasparkThread  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI  # noqa: E402

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


# A long answer with what answers are made of: headings, several languages of code, inline
# code, a quote, a table, nested lists, links. Dark mode shows its colours' faults here.
LONG_ANSWER = """## Reading a CSV file, three ways

The **standard library** is enough for small files; `pandas` pays off once you filter and
group. See [the csv docs](https://docs.python.org/3/library/csv.html) for the details.

1. With `csv.DictReader`:
   - one dictionary per row, keyed by the header
   - no dependencies at all
2. With *pandas*, when you need more

```python
import csv
from pathlib import Path


def read_rows(path: Path) -> list[dict[str, str]]:
    \"\"\"Every row of the file, as a dict (the header gives the keys).\"\"\"
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["name"]]  # skip blanks


print(len(read_rows(Path("people.csv"))), "rows", 3.14, True, None)
```

> **Note:** on Windows, open text files with `newline=""` or every row gains an
> empty line.

The same from the shell, then in JavaScript:

```bash
# count the rows, without the header
tail -n +2 people.csv | wc -l
export LANG=C.UTF-8 && echo "done: $?"
```

```javascript
const rows = text.split("\\n").slice(1).filter(Boolean);
console.log(`${rows.length} rows`, { ok: true, size: 42 });
```

| Approach | Speed | Memory | Needs |
|----------|-------|--------|-------|
| `csv` | fine | low | nothing |
| pandas | fast | high | `pip install pandas` |

```diff
- rows = list(csv.reader(handle))
+ rows = [row for row in csv.DictReader(handle) if row["name"]]
```

```json
{"name": "Ada", "age": 36, "admin": false, "tags": ["math", null]}
```

That's all: pick `csv` unless you need *grouping* or ~~speed~~ joins.
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


async def _scenes(
    server: FakeDynasparkThread,
    others: tuple[FakeOpenAI, FakeOpenAI],
    workdir: Path,
    out: Path,
    every: bool,
    size: tuple[int, int],
    language: str = "en",
) -> None:
    _seed_history(workdir / "data")
    settings = Settings.load(workdir / "data")
    settings.set("language", language)
    settings.set("providers", provider_entries(*others))
    desk = DesktopApp(
        Options(endpoint=server.endpoint, data_dir=workdir / "data"), route_qt_messages=False
    )
    window = desk.window
    window.resize(*size)
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
    if every:
        sidebar.search_field.clear()
        server.queue(Behaviour(answer=LONG_ANSWER))
        window.composer.setPlainText("How do I read a CSV file in Python?")
        window.send_message()
        await _wait_for(lambda: not desk.chat.busy)
        await asyncio.sleep(0.2)
        transcript = window.transcript
        # The long answer from its top (its code) and then its end (the table and the rest).
        last = transcript.widget_for(desk.chat.conversation.turns[-1].id)
        assert last is not None
        transcript.verticalScrollBar().setValue(last.y() - 16)
        await asyncio.sleep(0.1)
        save("8-long-answer")
        # Its code block's Copy, clicked: "Copied ✓" over the link for a second.
        last.answer_view.anchorClicked.emit(QUrl("copy-code:0"))
        save("8b-code-copied")
        transcript.scroll_to_bottom()
        await asyncio.sleep(0.1)
        save("9-long-answer-end")
        # Regenerated: the switcher between the answers, on the earlier one.
        server.queue(Behaviour(answer="Use `csv.DictReader`: one dictionary per row."))
        last.regenerate_button.click()
        await _wait_for(lambda: not desk.chat.busy)
        assert last.versions is not None
        last.versions.show_previous()
        await asyncio.sleep(0.1)
        transcript.verticalScrollBar().setValue(last.y() - 16)
        await asyncio.sleep(0.1)
        save("10-earlier-answer")
        local, coder = others
        await attachment_scenes(desk, local, photo, workdir, out, save, _wait_for)
        await prompt_popup_scene(desk, save, _wait_for)
        await compare_scene(desk, local, coder, save, _wait_for)
        # The "Keyboard shortcuts" sheet (F1), a window of its own.
        window.keys.actions["shortcuts"].trigger()
        await asyncio.sleep(0.2)
        assert window.keys.sheet is not None
        window.keys.sheet.grab().save(str(out / "11-shortcuts.png"))
        window.keys.sheet.reject()
        # The other language, chosen while the app runs: every text said again in it.
        desk.settings.set("language", "en" if desk.language != "en" else "ru")
        await asyncio.sleep(0.2)
        save("12-language-switched")
    await desk.shutdown()


def dark_system_palette() -> QPalette:
    """The palette a desktop in dark mode hands an app (KDE's Breeze Dark colours)."""
    palette = QPalette(QColor("#292c30"))
    roles = {
        QPalette.ColorRole.Window: "#202326",
        QPalette.ColorRole.WindowText: "#fcfcfc",
        QPalette.ColorRole.Base: "#141618",
        QPalette.ColorRole.AlternateBase: "#1d1f22",
        QPalette.ColorRole.Text: "#fcfcfc",
        QPalette.ColorRole.PlaceholderText: "#a1a9b1",
        QPalette.ColorRole.Button: "#292c30",
        QPalette.ColorRole.ButtonText: "#fcfcfc",
        QPalette.ColorRole.ToolTipBase: "#292c30",
        QPalette.ColorRole.ToolTipText: "#fcfcfc",
        QPalette.ColorRole.Highlight: "#3daee9",
        QPalette.ColorRole.HighlightedText: "#fcfcfc",
        QPalette.ColorRole.Link: "#1d99f3",
        QPalette.ColorRole.LinkVisited: "#9b59b6",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    return palette


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", metavar="DIR", type=Path, help="save every scene into DIR")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "resources" / "screenshot.png")
    parser.add_argument("--dark", action="store_true", help="render as on a desktop in dark mode")
    parser.add_argument("--size", default="1100x760", help="the window's size, WIDTHxHEIGHT")
    parser.add_argument("--language", default="en", help="the app's language (en, ru)")
    arguments = parser.parse_args()
    width, _, height = arguments.size.partition("x")
    app = QApplication([])
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    if arguments.dark:
        app.setPalette(dark_system_palette())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = arguments.all or arguments.output
    if arguments.all:
        out.mkdir(parents=True, exist_ok=True)
    local, coder = fake_servers()
    with (
        tempfile.TemporaryDirectory() as workdir,
        FakeDynasparkThread() as server,
        local.in_thread(),
        coder.in_thread(),
    ):
        scenes = _scenes(
            server,
            (local, coder),
            Path(workdir),
            out,
            bool(arguments.all),
            (int(width), int(height)),
            arguments.language,
        )
        loop.run_until_complete(scenes)
    loop.close()
    print(f"saved {out}")


if __name__ == "__main__":
    main()
