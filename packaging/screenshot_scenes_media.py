"""The screenshot scenes of what a message can carry and of compare mode, for
``make_screenshot.py --all``: two images and a PDF in the tray, that message sent, the image
viewer, the ``/`` prompt popup with three saved prompts, and two models answering side by
side. They talk to local OpenAI-compatible fakes (tests/fakes/), saved as providers before
the app starts (``provider_entries``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtTest import QTest

from benchmarks.support.pdf_pages import write_pdf
from dynaspark_desktop.app import DesktopApp
from dynaspark_desktop.storage.prompts import LibraryEntry, LibraryKind
from tests.fakes.openai_server import Behaviour, FakeOpenAI

VISION_MODEL = "local:llava:7b"
COMPARED = ["local:llama3.2:3b", "coder:qwen2.5-coder:7b"]

REPORT_PAGES = [
    "Quarterly report, spring\nRevenue rose by nine percent.\nBicycle sales led the growth.",
    "Costs fell by three percent.\nThe new shop opens in June.",
]

# One line a paragraph: the app shows a model's single line breaks as they came.
IMAGES_ANSWER = (
    "Both photos show the **same red bicycle**: the first from the side against a blue wall, "
    "the second a close-up of its basket of sunflowers.\n\n"
    "The report agrees: bicycle sales led the spring's growth (revenue **+9 %**, costs −3 %)."
)

COMPARE_ANSWERS = {
    "local": """A **haiku** has three lines of five, seven and five syllables:

> Red bicycle waits
> sunflowers nod in the wind
> the blue wall grows warm""",
    "coder": """Here is one about code:

> Tests pass in the dark
> a single green line of light
> then the build breaks, red

Haiku count *syllables*, not words.""",
}

PROMPTS = [
    LibraryEntry(LibraryKind.PROMPT, "tldr", "Summarise this in three short lines."),
    LibraryEntry(LibraryKind.PROMPT, "tone", "Rewrite it friendlier, keeping the meaning."),
    LibraryEntry(LibraryKind.PROMPT, "translate", "Translate this into French."),
]

Save = Callable[[str], None]
WaitFor = Callable[[Callable[[], bool]], Coroutine[Any, Any, None]]


def provider_entries(local: FakeOpenAI, coder: FakeOpenAI) -> list[dict[str, str]]:
    """The two fakes as the user would have set them up (Settings' "providers")."""
    return [
        {"id": "local", "preset": "ollama", "label": "Local", "base_url": local.base_url},
        {"id": "coder", "preset": "ollama", "label": "Coder", "base_url": coder.base_url},
    ]


def fake_servers() -> tuple[FakeOpenAI, FakeOpenAI]:
    """The "local" fake (a vision model and a small one) and the "coder" fake."""
    return FakeOpenAI(models=["llama3.2:3b", "llava:7b"]), FakeOpenAI(models=["qwen2.5-coder:7b"])


def _make_closeup(path: Path) -> None:
    """A second made-up photo: a basket of sunflowers, close."""
    image = Image.new("RGB", (800, 1000), (168, 201, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 560, 680, 900), fill=(190, 150, 90))
    for row in range(4):
        draw.line([(120, 620 + row * 70), (680, 620 + row * 70)], fill=(150, 110, 60), width=8)
    for x, y in ((250, 420), (420, 360), (580, 440), (340, 520), (500, 540)):
        draw.ellipse((x - 90, y - 90, x + 90, y + 90), fill=(250, 200, 30))
        draw.ellipse((x - 34, y - 34, x + 34, y + 34), fill=(110, 70, 30))
    image.save(path, quality=90)


async def attachment_scenes(
    desk: DesktopApp,
    local: FakeOpenAI,
    photo: Path,
    workdir: Path,
    out: Path,
    save: Save,
    wait_for: WaitFor,
) -> None:
    """Two images and a PDF attached, that message sent, then its first image seen large."""
    window = desk.window
    picker = window.model_picker
    await wait_for(lambda: picker.findData(VISION_MODEL) >= 0)
    picker.setCurrentIndex(picker.findData(VISION_MODEL))
    if desk.navigator is not None:
        desk.navigator.new_chat()
    closeup = workdir / "sunflowers.jpg"
    _make_closeup(closeup)
    report = write_pdf(workdir / "spring-report.pdf", REPORT_PAGES)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in (photo, closeup, report)])
    window.offer_mime(mime)
    documents = window.attach_actions.documents
    await wait_for(
        lambda: (
            len(desk.attachments.images) == 2
            and not desk.attachments.is_preparing
            and len(documents.documents) == 1
        )
    )
    window.composer.setPlainText("Are these the same bicycle? And what does the report say?")
    await asyncio.sleep(0.2)
    save("13-images-and-pdf")
    local.queue_chat(Behaviour(answer=IMAGES_ANSWER))
    window.send_message()
    await wait_for(lambda: not desk.chat.busy)
    await asyncio.sleep(0.3)
    save("14-images-sent")
    turn = desk.chat.conversation.turns[-1]
    widget = window.transcript.widget_for(turn.id)
    assert widget is not None
    assert widget.user_bubble.thumbnails
    QTest.mouseClick(widget.user_bubble.thumbnails[0], Qt.MouseButton.LeftButton)
    viewing = window.picture_actions.viewing
    await wait_for(lambda: viewing.viewer is not None and not viewing.viewer.image.isNull())
    viewer = viewing.viewer
    assert viewer is not None
    await asyncio.sleep(0.2)
    viewer.grab().save(str(out / "15-image-viewer.png"))  # a window of its own
    viewer.close()


async def prompt_popup_scene(desk: DesktopApp, save: Save, wait_for: WaitFor) -> None:
    """The ``/`` popup over the composer, listing the three saved prompts."""
    await wait_for(lambda: desk.prompts is not None)
    for entry in PROMPTS:
        await desk.history.save_library_entry(entry, None)
    await wait_for(lambda: len(desk.history.library.prompts) == len(PROMPTS))
    composer = desk.window.composer
    composer.clear()
    composer.setFocus()
    QTest.keyClicks(composer, "Shorten the report, /t")
    assert desk.prompts is not None
    await wait_for(lambda: desk.prompts is not None and desk.prompts.completer.is_open)
    await asyncio.sleep(0.1)
    save("16-prompt-popup")
    QTest.keyClick(composer, Qt.Key.Key_Escape)
    composer.clear()


async def compare_scene(
    desk: DesktopApp, local: FakeOpenAI, coder: FakeOpenAI, save: Save, wait_for: WaitFor
) -> None:
    """Compare on, two models (two providers) asked one question, both answers in."""
    window = desk.window
    await wait_for(lambda: window.compare is not None and desk.models is not None)
    compare = window.compare
    assert compare is not None
    assert desk.models is not None
    catalog = desk.models.catalog
    await wait_for(lambda: all(catalog.info(key) is not None for key in COMPARED))
    if desk.navigator is not None:
        desk.navigator.new_chat()
    QTest.mouseClick(compare.toggle, Qt.MouseButton.LeftButton)
    compare.bar.set_models(COMPARED)
    local.queue_chat(Behaviour(answer=COMPARE_ANSWERS["local"], chunk_delay=0.01))
    coder.queue_chat(Behaviour(answer=COMPARE_ANSWERS["coder"], chunk_delay=0.01))
    window.composer.setPlainText("Write a haiku.")
    window.send_message()
    await wait_for(lambda: compare.shown_run is not None)
    run = compare.shown_run
    assert run is not None
    await wait_for(lambda: all(column.answer_id is not None for column in run.columns))
    await asyncio.sleep(0.3)
    save("17-compare")
    compare.close_view()
    QTest.mouseClick(compare.toggle, Qt.MouseButton.LeftButton)
