"""Math in answers: a formula is a typeset image in the answer's document (an in-memory
resource, in the text colour of the theme), a bad one stays as its source, prices are not
math, copying gives the LaTeX; task lists, footnotes and strikethrough; a streamed answer
with math shows an unclosed "$" as text until it closes, and ends as the answer reloaded;
nothing loads the typesetter unless an answer has math."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from dynaspark_desktop.core.markdown import formulas
from dynaspark_desktop.core.markdown.theme import palette_for
from dynaspark_desktop.ui.base.style import palette_colors
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
from tests.core.markdown.corpus import MATH
from tests.ui.transcript.test_streamed_equals_reloaded import chunkings, reloaded, streamed

REPO_ROOT = Path(__file__).resolve().parents[3]
OBJECT = "\ufffc"


def _view(qtbot: QtBot) -> AnswerView:
    view = AnswerView(objectName="answer")
    qtbot.addWidget(view)
    view.fix_width(600)
    return view


def formula_images(document: QTextDocument) -> list[tuple[str, str]]:
    """(image name, tool tip) of every image in the document, in order."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                name = char_format.toImageFormat().name()
                found.extend([(name, char_format.toolTip())] * len(fragment.text()))
            iterator += 1
        block = block.next()
    return found


def resource_image(document: QTextDocument, name: str) -> QImage:
    resource = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    assert isinstance(resource, QImage), name
    return resource


def test_a_formula_is_a_typeset_image_not_its_source(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_markdown(r"A circle's area is $\pi r^2$, its length \(2\pi r\).")

    document = view.document()
    images = formula_images(document)
    assert [tip for _name, tip in images] == [r"$\pi r^2$", r"\(2\pi r\)"]
    text = document.toPlainText()
    assert "\\pi" not in text
    assert text.count(OBJECT) == 2
    for name, _tip in images:
        assert name.startswith("formula:")
        image = resource_image(document, name)  # in memory: the view loads no file or URL
        assert not image.isNull()
        assert image.width() > 10


def test_a_display_formula_is_centred_on_a_line_of_its_own(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_markdown("Before\n\n$$\n\\int_0^1 x\\,dx = \\frac12\n$$\n\nAfter")
    blocks = view.document().toPlainText().split("\n")
    assert blocks == ["Before", OBJECT, "After"]
    from PySide6.QtCore import Qt

    block = view.document().findBlockByNumber(1)
    assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter


def test_a_formula_that_does_not_parse_stays_as_its_source(qtbot: QtBot) -> None:
    view = _view(qtbot)
    source = r"Broken: $\frac{a$ and $\notacommand{x}$ and \(x^{\)."
    view.set_markdown(source)
    assert formula_images(view.document()) == []
    assert view.document().toPlainText() == source


def test_prices_are_not_math(qtbot: QtBot) -> None:
    view = _view(qtbot)
    text = "It costs $5 and $10, or $ 20 $ with tax; 3$ each, $4.50$6 in all."
    view.set_markdown(text)
    assert formula_images(view.document()) == []
    assert view.document().toPlainText() == text


def test_copying_a_selection_gives_the_formulas_latex(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_markdown("Area: $\\pi r^2$.\n\n$$\nE = mc^2\n$$\n\nDone.")
    assert len(formula_images(view.document())) == 2
    view.selectAll()
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied == "Area: $\\pi r^2$.\n$$\nE = mc^2\n$$\nDone."


_COPY_THEN_QUIT = """
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.ui.transcript.answer_view import AnswerView
app = QApplication([])
view = AnswerView()
view.fix_width(600)
view.set_markdown("Area: $\\\\pi r^2$.")
view.selectAll()
view.copy()
print(QApplication.clipboard().text())
"""


def test_copying_a_formula_then_quitting_does_not_crash() -> None:
    """The clipboard keeps the copied selection until the app ends: its mime data must be
    Qt's own, or it is freed twice at exit (a segmentation fault on quit)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _COPY_THEN_QUIT],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Area: $\\pi r^2$."


def test_task_lists_footnotes_and_strikethrough(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_markdown("- [ ] open\n- [x] done\n\nA ~~wrong~~ right claim[^1].\n\n[^1]: The source.")
    lines = view.document().toPlainText().split("\n")
    assert lines[:2] == ["☐ open", "☑ done"]
    assert "[ ]" not in view.document().toPlainText()
    claim = view.document().findBlockByNumber(2)
    assert claim.text() == "A wrong right claim1."
    struck = [
        fragment.text() for fragment in _fragments(claim) if fragment.charFormat().fontStrikeOut()
    ]
    assert struck == ["wrong"]
    raised = [
        fragment.text()
        for fragment in _fragments(claim)
        if fragment.charFormat().verticalAlignment().name == "AlignSuperScript"
    ]
    assert raised == ["1"]
    note = view.document().findBlockByNumber(3)
    assert note.text() == "1\u00a0The source."


def _fragments(block: object) -> list:  # type: ignore[type-arg]
    fragments = []
    iterator = block.begin()  # type: ignore[attr-defined]
    while not iterator.atEnd():
        fragments.append(iterator.fragment())
        iterator += 1
    return fragments


def test_formulas_are_drawn_in_the_text_colour_of_each_theme() -> None:
    from dynaspark_desktop.ui.transcript.formula_images import formula_image

    for scheme, dark in (("light", False), ("dark", True)):
        text_colour = palette_for(scheme).text
        # The renderer's text colour is the window's (ui/base/style.py), in both themes.
        assert text_colour == palette_colors(dark)["text"]
        formula = formulas.typeset("x", display=False, color=text_colour, size=40.0)
        assert formula is not None
        image = formula_image(formula, 1.0)
        inked = [
            image.pixelColor(x, y)
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert inked, "the formula drew nothing"
        expected = QColor(text_colour)
        assert all(colour.rgb() == expected.rgb() for colour in inked)


def test_an_unclosed_dollar_streams_as_text_until_it_closes(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.begin_stream()
    view.append_text("The area is $\\pi r")
    while view.flush():
        pass
    assert formula_images(view.document()) == []
    assert "$\\pi r" in view.document().toPlainText()
    view.append_text("^2$ in all.")
    while view.flush():
        pass
    assert [tip for _name, tip in formula_images(view.document())] == ["$\\pi r^2$"]
    view.end_stream()
    assert view.document().toPlainText() == f"The area is {OBJECT} in all."


def test_a_streamed_answer_with_math_names_the_same_images_as_reloaded(qtbot: QtBot) -> None:
    whole = reloaded(qtbot, MATH)
    expected = formula_images(whole.document())
    assert len(expected) >= 8
    for number, chunks in enumerate(list(chunkings(MATH, seed=7))[::6]):
        view = streamed(qtbot, chunks)
        assert formula_images(view.document()) == expected, number
        for name, _tip in expected:
            assert not resource_image(view.document(), name).isNull()
        view.close()
        view.deleteLater()


def test_an_answer_with_math_is_typeset_off_the_ui_thread(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    view = _view(qtbot)

    async def scenario() -> None:
        view.set_markdown("Shown once typeset: $a^2 + b^2 = c^2$.")
        # With the loop running, the rendering goes to the answer renderer's thread.
        assert formula_images(view.document()) == []
        for _ in range(500):
            if formula_images(view.document()):
                break
            await asyncio.sleep(0.01)

    loop.run_until_complete(scenario())
    assert [tip for _name, tip in formula_images(view.document())] == ["$a^2 + b^2 = c^2$"]


def test_a_streamed_formula_is_typeset_off_the_ui_thread_before_it_is_shown(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    view = _view(qtbot)
    source = "q^{7} + \\frac{1}{r}"

    async def scenario() -> list[bool]:
        view.begin_stream()
        view.append_text(f"Then ${source}$ holds.")
        held = [view.flush()]  # the piece waits while the worker typesets its formula
        assert formula_images(view.document()) == []
        for _ in range(500):
            held.append(view.flush())
            if not held[-1]:
                break
            await asyncio.sleep(0.01)
        view.end_stream()
        return held

    held = loop.run_until_complete(scenario())
    assert held[0] is True
    assert held[-1] is False
    assert [tip for _name, tip in formula_images(view.document())] == [f"${source}$"]


PROBE = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from dynaspark_desktop.ui.transcript.answer_view import AnswerView

app = QApplication(sys.argv[:1])
view = AnswerView(objectName="answer")
view.fix_width(600)
report = {}
view.set_markdown("Plain **Markdown**: `code`, $5 and $10:\n\n| a | b |\n|---|---|\n| 1 | 2 |")
view.begin_stream()
view.append_text("Streamed without math, 3$ or $ 4.\n\n- [ ] a task")
while view.flush():
    pass
view.end_stream()
report["without_math"] = "ziamath" in sys.modules
view.set_markdown("Now $x^2$.")
report["with_math"] = "ziamath" in sys.modules
print("REPORT " + json.dumps(report), flush=True)
"""


def test_nothing_loads_the_typesetter_unless_an_answer_has_math(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("REPORT ")]
    assert json.loads(lines[-1].removeprefix("REPORT ")) == {
        "without_math": False,
        "with_math": True,
    }
