"""A change of language while the app runs: every text on screen said again in the new one.

The texts are set where widgets are made (``self.tr(...)`` in their ``__init__``), so a
new translator alone changes nothing already shown. Rather than a ``retranslate`` copy of
every widget's text-setting code, one walk does it for all: each text a widget shows or
gives to a screen reader (label, button, tool tip, placeholder, tab, menu entry, accessible
name...) is looked up in the old language's catalog, which says which English source and
context it came from, and is replaced by that source in the new language. A text made from
a template (``"{count} requests left"``, ``"%n conversation(s)"``) is matched by the
template's pattern and keeps the values it was filled with. A text not in the catalog (a
model id, a conversation's title, what the user typed) is left as it is.

The catalog is the compiled ``.qm`` itself (``qm_file.py``): Qt keeps each message's context
and source beside its translation, so the shipped files are all it needs.

Objects that keep a translated text of their own to use later (a hint shown again on
resize) re-make it in a ``retranslate()`` method, which is called before the walk; those
sized to their texts (a fixed width) fit them again in ``texts_changed()``, called after.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from dynaspark_desktop.ui.base.qm_file import Message, read_qm

log = logging.getLogger(__name__)

# A template's fields: "{name}", "{seconds:.1f}", and Qt's plural count "%n".
_FIELD = re.compile(r"\{(\w+)(?::[^{}]*)?\}|%n")


@dataclass(frozen=True)
class Origin:
    """Where a shown text came from: its message, and the values its template was filled with."""

    context: str
    source: str
    values: dict[str, str] = field(default_factory=dict)
    count: int = -1

    def in_current_language(self) -> str:
        """The message said by the translators installed now, filled with the same values."""
        text = QCoreApplication.translate(self.context, self.source, None, self.count)
        values = self.values
        if not values:
            return text
        return _FIELD.sub(lambda match: values.get(match.group(1) or "", match.group(0)), text)


@dataclass
class _Template:
    literal: str  # its longest fixed part: a cheap test before the pattern
    expression: str  # compiled on first need: compiling them all took most of a switch
    context: str
    source: str
    specificity: int

    def fullmatch(self, text: str) -> re.Match[str] | None:
        try:
            return _compiled(self.expression).fullmatch(text)
        except re.error:
            return None


class ShownTexts:
    """The texts one language shows, each leading back to its message."""

    def __init__(self, shown: list[tuple[str, Message]]) -> None:
        self._exact: dict[str, list[Message]] = {}
        self._templates: list[_Template] = []
        for text, message in shown:
            if not text:
                continue
            if _FIELD.search(text) is None:
                self._exact.setdefault(text, []).append(message)
                continue
            template = _template(text, message)
            if template is not None:
                self._templates.append(template)
        self._templates.sort(key=lambda template: -template.specificity)

    def origin(self, text: str, classes: Callable[[], set[str]]) -> Origin | None:
        """Where ``text`` came from (``classes``: the contexts to prefer when it is ambiguous)."""
        messages = self._exact.get(text)
        if messages:
            message = messages[0]
            if len({(m.context, m.source) for m in messages}) > 1:
                preferred = classes()
                message = next((m for m in messages if m.context in preferred), message)
            return Origin(message.context, message.source)
        for template in self._templates:
            if template.literal not in text:
                continue
            match = template.fullmatch(text)
            if match is None:
                continue
            values = {
                # A value may itself be a text of the app (a provider's name): said again too.
                name: self._exact_in_current_language(value)
                for name, value in match.groupdict().items()
                if name != "n_"
            }
            count = int(match.group("n_")) if "n_" in match.groupdict() else -1
            return Origin(template.context, template.source, values, count)
        return None

    def _exact_in_current_language(self, text: str) -> str:
        messages = self._exact.get(text)
        if not messages:
            return text
        return QCoreApplication.translate(messages[0].context, messages[0].source)


def _template(text: str, message: Message) -> _Template | None:
    """The pattern a text made from ``text`` matches (None when it is all fields)."""
    parts: list[str] = []
    named: set[str] = set()
    literals: list[str] = []
    position = 0
    for match in _FIELD.finditer(text):
        literals.append(text[position : match.start()])
        parts.append(re.escape(text[position : match.start()]))
        name = match.group(1) or "n_"
        if name in named:
            parts.append(f"(?P={name})")
        else:
            named.add(name)
            parts.append(r"(?P<n_>\d+)" if name == "n_" else f"(?P<{name}>.*?)")
        position = match.end()
    literals.append(text[position:])
    parts.append(re.escape(text[position:]))
    fixed = "".join(literals)
    if len(fixed.strip()) < 3:
        return None
    literal = max(literals, key=len)
    return _Template(literal, "".join(parts), message.context, message.source, len(fixed))


@functools.cache
def _compiled(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.DOTALL)


@functools.cache
def shown_texts(language: str, catalogs: tuple[Path, ...], english: Path | None) -> ShownTexts:
    """The texts ``language`` shows. ``catalogs``: translations holding every message (their
    sources are the English texts), the app's first, then Qt's own (its tab bars' buttons);
    ``english``: the app's English plural forms."""
    messages = [message for catalog in catalogs for message in read_qm(catalog)]
    if language != "en":
        return ShownTexts([(text, m) for m in messages for text in (*m.translations, m.source)])
    plurals = {(m.context, m.source): m.translations for m in read_qm(english)} if english else {}
    shown = []
    for message in messages:
        for text in plurals.get((message.context, message.source), (message.source,)):
            shown.append((text, message))
    return ShownTexts(shown)


# -- the walk ----------------------------------------------------------------------------


# A list whose items are the user's own text (a conversation's title): their texts are left
# as they are, even one that reads like a text of the app.
USER_TEXT_ITEMS = "userTextItems"

# What the last walk set, by (object, which text): (the text, its origin). A text still as
# it was set goes back to the same message, even when two messages read alike in its
# language ("Закрыть": Close or Dismiss).
_said: dict[tuple[int, int], tuple[str, Origin]] = {}


def retranslate_all(shown: ShownTexts) -> int:
    """Say every text of every window again in the language installed now (its texts were
    in the language of ``shown``); the number of texts changed.

    The objects' own ``retranslate()`` go first: what they make again comes out in the new
    language, and what they set again as it was (a turn's error, kept as it was said) is
    then said again by the walk with the rest."""
    global _said
    _call_each(_all_objects(), "retranslate")
    walk = _Walk(shown)
    objects = _all_objects()
    for thing in objects:
        if isinstance(thing, QWidget):
            walk.widget(thing)
        elif isinstance(thing, QAction):
            walk.action(thing, set)
    _said = walk.said
    _call_each(objects, "texts_changed")  # sizes fitted to texts, now the texts are new
    return walk.changed


def _call_each(objects: list[QObject], method: str) -> None:
    for thing in objects:
        if _has_method(type(thing), method):
            try:
                getattr(thing, method)()
            except Exception:  # one widget's failure must not stop the others
                log.exception("Could not %s %s", method, type(thing).__name__)


@functools.cache
def _has_method(cls: type, name: str) -> bool:
    """Asked of the class, once: asking each of thousands of Qt objects was a third of a walk."""
    return callable(getattr(cls, name, None))


def _all_objects() -> list[QObject]:
    """Every window and everything in it, each once."""
    seen: set[int] = set()
    objects: list[QObject] = []
    for top in QApplication.topLevelWidgets():
        for thing in (top, *top.findChildren(QObject)):
            if id(thing) not in seen:
                seen.add(id(thing))
                objects.append(thing)
    return objects


def _classes_of(widget: QWidget) -> set[str]:
    """The class names of ``widget`` and its parents: the contexts its texts likely came from."""
    names: set[str] = set()
    current: QObject | None = widget
    while current is not None:
        names.update(cls.__name__ for cls in type(current).__mro__)
        current = current.parent()
    return names


class _Walk:
    def __init__(self, shown: ShownTexts) -> None:
        self.shown = shown
        self.changed = 0
        self.said: dict[tuple[int, int], tuple[str, Origin]] = {}
        self._actions_done: set[int] = set()

    def widget(self, widget: QWidget) -> None:
        classes = functools.cache(lambda: _classes_of(widget))
        for position, (read, write) in enumerate(_properties(widget)):
            self._say_again((id(widget), position), read, write, classes)
        for action in widget.actions():
            self.action(action, classes)
        if isinstance(widget, QAbstractItemView):
            # A list whose model makes its texts when they are shown (the conversations'
            # dates, "New chat") paints them again in the new language.
            widget.viewport().update()

    def action(self, action: QAction, classes: Callable[[], set[str]]) -> None:
        if id(action) in self._actions_done:  # shared by a menu and a button: said once
            return
        self._actions_done.add(id(action))
        # A tool tip never set follows the text by itself.
        automatic_tip = action.toolTip() == action.text().replace("&", "")
        texts = [(action.text, action.setText), (action.statusTip, action.setStatusTip)]
        if not automatic_tip:
            texts.append((action.toolTip, action.setToolTip))
        for position, (read, write) in enumerate(texts):
            self._say_again((id(action), position), read, write, classes)

    def _say_again(
        self,
        key: tuple[int, int],
        read: Callable[[], str],
        write: Callable[[str], None],
        classes: Callable[[], set[str]],
    ) -> None:
        text = read()
        if not text:
            return
        remembered = _said.get(key)
        if remembered is not None and remembered[0] == text:
            origin: Origin | None = remembered[1]
        else:
            origin = self.shown.origin(text, classes)
        if origin is None:
            return
        new = origin.in_current_language()
        self.said[key] = (new, origin)
        if new != text:
            write(new)
            self.changed += 1


def _properties(widget: QWidget) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
    """(read, write) for each text ``widget`` shows or gives to a screen reader."""
    from dynaspark_desktop.ui.base.elided_label import ElidedLabel

    if widget.isWindow():
        yield widget.windowTitle, widget.setWindowTitle
    if isinstance(widget, ElidedLabel):  # its tool tip is its own plus the text cut
        yield widget.own_tooltip, widget.setToolTip
    else:
        yield widget.toolTip, widget.setToolTip
    yield widget.statusTip, widget.setStatusTip
    yield widget.accessibleName, widget.setAccessibleName
    yield widget.accessibleDescription, widget.setAccessibleDescription
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text, widget.setText
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield widget.placeholderText, widget.setPlaceholderText
    if isinstance(widget, QGroupBox):
        yield widget.title, widget.setTitle
    if isinstance(widget, QMenu):
        yield widget.title, widget.setTitle
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield (
                functools.partial(widget.tabText, index),
                functools.partial(widget.setTabText, index),
            )
            yield (
                functools.partial(widget.tabToolTip, index),
                functools.partial(widget.setTabToolTip, index),
            )
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield (
                functools.partial(widget.itemText, index),
                functools.partial(widget.setItemText, index),
            )
            yield from _item_roles(widget.itemData, widget.setItemData, index)
    if isinstance(widget, QListWidget) and not widget.property(USER_TEXT_ITEMS):
        for row in range(widget.count()):
            item = widget.item(row)
            yield item.text, item.setText
            yield item.toolTip, item.setToolTip
    elif isinstance(widget, QAbstractItemView) and isinstance(widget.model(), QStandardItemModel):
        model = widget.model()
        for row in range(model.rowCount()):
            item = model.item(row)
            if item is not None:
                yield item.text, item.setText
                yield item.toolTip, item.setToolTip


def _item_roles(
    data: Callable[..., object], set_data: Callable[..., None], index: int
) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):

        def read(role: Qt.ItemDataRole = role) -> str:
            value = data(index, role)
            return value if isinstance(value, str) else ""

        def write(text: str, role: Qt.ItemDataRole = role) -> None:
            set_data(index, text, role)

        yield read, write
