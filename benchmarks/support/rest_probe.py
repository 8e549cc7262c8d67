"""A child process for ``at_rest.py``: the real app (``dynaspark_desktop``'s own launch path)
or the bare baseline window, left at rest after its first paint.

Run as ``python -m benchmarks.support.rest_probe {app|bare} {focused|background} [app
arguments...]``. The probe makes the ``QApplication`` first (the app's launch uses an existing
one) and watches for the first Paint of a top-level window; then it prints ``first-paint``.
One second later (before ``at_rest.py`` starts measuring) it sets the scene:

- ``focused``: nothing is changed; it prints what has the keyboard focus (the app focuses
  its composer, the bare window its text edit), so a caret blinks as for a user typing;
- ``background``: a small second window is shown and activated (the measured window is now
  in the background) and the focus is cleared.

It prints ``scene <focus widget's objectName or class> active=<0|1>``. Nothing else of the
probe runs afterwards: its one-shot timer is gone, it adds no wake-up of its own.
"""

from __future__ import annotations

import sys
import time

SCENE_AFTER_MS = 1000


# The baseline: what a PySide6 window with a few everyday controls costs at rest.
def _bare_window() -> object:
    from PySide6.QtWidgets import (
        QComboBox,
        QMainWindow,
        QPlainTextEdit,
        QPushButton,
        QTextBrowser,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    window.resize(920, 760)
    central = QWidget(window)
    layout = QVBoxLayout(central)
    combo = QComboBox(central)
    combo.addItems(["one", "two", "three"])
    browser = QTextBrowser(central)
    browser.setHtml("<p>An answer, <b>with</b> some <i>markup</i>.</p>")
    editor = QPlainTextEdit(central)
    button = QPushButton("Send", central)
    for widget in (combo, browser, editor, button):
        layout.addWidget(widget)
    window.setCentralWidget(central)
    window.show()
    editor.setFocus()
    return window


def main() -> int:
    started = time.perf_counter()
    which, scene = sys.argv[1], sys.argv[2]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([sys.argv[0]])
    kept: list[object] = []

    def set_scene(window: QWidget) -> None:
        if scene == "background":
            other = QWidget()
            other.setWindowTitle("another window")
            other.resize(200, 100)
            other.show()
            other.activateWindow()
            kept.append(other)
            focused = QApplication.focusWidget()
            if focused is not None:
                focused.clearFocus()
        # Report after the events of the change are handled (activation is queued).
        QTimer.singleShot(200, lambda: report(window))

    def report(window: QWidget) -> None:
        focused = QApplication.focusWidget()
        name = "none"
        if focused is not None:
            name = focused.objectName() or type(focused).__name__
        print(f"scene {name} active={int(window.isActiveWindow())}", flush=True)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.isWindow()
            ):
                app.removeEventFilter(self)
                print(f"first-paint {time.perf_counter() - started:.4f}", flush=True)
                QTimer.singleShot(SCENE_AFTER_MS, lambda: set_scene(watched))
            return False

    probe = FirstPaint()
    app.installEventFilter(probe)
    if which == "bare":
        kept.append(_bare_window())
        return app.exec()
    from dynaspark_desktop.launch import main as launch_main

    return launch_main(sys.argv[3:])


if __name__ == "__main__":
    sys.exit(main())
