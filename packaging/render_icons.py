"""Render the app's icons to PNG files in ``dynaspark_desktop/ui/base/icons/``, and the
app's desktop icon (the SVG) at the icon theme's sizes in ``resources/icons/hicolor/``.

    python packaging/render_icons.py

The icons are drawn here with QPainter and shipped as PNG files: at run time the app only
loads them. (Painting them at start-up would cost the first paint ~15 ms: ``QPainter.setPen``
makes PySide6 build every enum of the ``Qt`` namespace.) Re-run after changing a drawing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPainterPath, QPen, QPixmap

OUTPUT = Path(__file__).resolve().parents[1] / "dynaspark_desktop" / "ui" / "base" / "icons"
SIZE = 64
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dynaspark_desktop.ui.base.style import palette_colors  # noqa: E402

# The icons' greys are the style's, so a test can check them against its backgrounds.
GREY = palette_colors(dark=False)["icon"]
LIGHT_GREY = palette_colors(dark=True)["icon"]
WHITE = "#ffffff"

_Painter = Callable[[QPainter, float], None]


def _render(draw: _Painter, color: QColor, size: int = SIZE) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(
        color,
        size * 0.09,
        Qt.PenStyle.SolidLine,
        Qt.PenCapStyle.RoundCap,
        Qt.PenJoinStyle.RoundJoin,
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter, float(size))
    painter.end()
    return pixmap


def _paperclip(p: QPainter, s: float) -> None:
    path = QPainterPath()
    path.moveTo(s * 0.62, s * 0.30)
    path.lineTo(s * 0.62, s * 0.70)
    path.arcTo(QRectF(s * 0.38, s * 0.58, s * 0.24, s * 0.24), 0, -180)
    path.lineTo(s * 0.38, s * 0.22)
    path.arcTo(QRectF(s * 0.38, s * 0.10, s * 0.34, s * 0.24), 180, -180)
    path.lineTo(s * 0.72, s * 0.72)
    p.drawPath(path)


def _send(p: QPainter, s: float) -> None:
    path = QPainterPath()
    path.moveTo(s * 0.18, s * 0.20)
    path.lineTo(s * 0.84, s * 0.50)
    path.lineTo(s * 0.18, s * 0.80)
    path.lineTo(s * 0.30, s * 0.50)
    path.closeSubpath()
    p.setBrush(p.pen().color())
    p.drawPath(path)


def _stop(p: QPainter, s: float) -> None:
    p.setBrush(p.pen().color())
    p.drawRoundedRect(QRectF(s * 0.26, s * 0.26, s * 0.48, s * 0.48), s * 0.06, s * 0.06)


def _picture(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.2, s * 0.76, s * 0.6), s * 0.08, s * 0.08)
    mountains = QPainterPath()
    mountains.moveTo(s * 0.18, s * 0.74)
    mountains.lineTo(s * 0.40, s * 0.48)
    mountains.lineTo(s * 0.55, s * 0.64)
    mountains.lineTo(s * 0.66, s * 0.54)
    mountains.lineTo(s * 0.82, s * 0.74)
    p.drawPath(mountains)
    p.drawEllipse(QPointF(s * 0.66, s * 0.36), s * 0.05, s * 0.05)


def _close(p: QPainter, s: float) -> None:
    p.drawLine(QPointF(s * 0.3, s * 0.3), QPointF(s * 0.7, s * 0.7))
    p.drawLine(QPointF(s * 0.7, s * 0.3), QPointF(s * 0.3, s * 0.7))


def _spark(p: QPainter, s: float) -> None:
    """The app's mark: a four-pointed spark."""
    path = QPainterPath()
    c = s / 2
    path.moveTo(c, s * 0.06)
    path.quadTo(c, c, s * 0.94, c)
    path.quadTo(c, c, c, s * 0.94)
    path.quadTo(c, c, s * 0.06, c)
    path.quadTo(c, c, c, s * 0.06)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#6d5dfc"))
    p.drawPath(path)


def _pin(p: QPainter, s: float) -> None:
    """A push pin: head, body and needle."""
    p.setBrush(p.pen().color())
    p.drawRoundedRect(QRectF(s * 0.36, s * 0.14, s * 0.28, s * 0.10), s * 0.03, s * 0.03)
    body = QPainterPath()
    body.moveTo(s * 0.42, s * 0.24)
    body.lineTo(s * 0.40, s * 0.46)
    body.lineTo(s * 0.28, s * 0.58)
    body.lineTo(s * 0.72, s * 0.58)
    body.lineTo(s * 0.60, s * 0.46)
    body.lineTo(s * 0.58, s * 0.24)
    body.closeSubpath()
    p.drawPath(body)
    p.drawLine(QPointF(s * 0.5, s * 0.58), QPointF(s * 0.5, s * 0.88))


def _new_chat(p: QPainter, s: float) -> None:
    """A speech bubble with a plus."""
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(s * 0.12, s * 0.16, s * 0.76, s * 0.56), s * 0.14, s * 0.14)
    p.drawPath(bubble)
    p.drawLine(QPointF(s * 0.30, s * 0.72), QPointF(s * 0.22, s * 0.88))
    p.drawLine(QPointF(s * 0.22, s * 0.88), QPointF(s * 0.44, s * 0.72))
    p.drawLine(QPointF(s * 0.5, s * 0.30), QPointF(s * 0.5, s * 0.58))
    p.drawLine(QPointF(s * 0.36, s * 0.44), QPointF(s * 0.64, s * 0.44))


def _search(p: QPainter, s: float) -> None:
    p.drawEllipse(QPointF(s * 0.43, s * 0.43), s * 0.23, s * 0.23)
    p.drawLine(QPointF(s * 0.60, s * 0.60), QPointF(s * 0.82, s * 0.82))


def _menu(p: QPainter, s: float) -> None:
    """Three dots."""
    p.setBrush(p.pen().color())
    for x in (0.24, 0.5, 0.76):
        p.drawEllipse(QPointF(s * x, s * 0.5), s * 0.06, s * 0.06)


def _sidebar(p: QPainter, s: float) -> None:
    """A panel with a left column: shows or hides the sidebar."""
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.18, s * 0.76, s * 0.64), s * 0.08, s * 0.08)
    p.drawLine(QPointF(s * 0.38, s * 0.18), QPointF(s * 0.38, s * 0.82))


def _refresh(p: QPainter, s: float) -> None:
    """A circular arrow: ask again."""
    p.drawArc(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6), 60 * 16, 290 * 16)
    head = QPainterPath()
    head.moveTo(s * 0.56, s * 0.16)
    head.lineTo(s * 0.70, s * 0.25)
    head.lineTo(s * 0.56, s * 0.36)
    p.drawPath(head)


def _blank(p: QPainter, s: float) -> None:
    """Nothing: text-only models in the model picker, aligned with the image-capable ones."""


# name -> (drawing, colour): the colour is part of the icon (send and stop sit on an
# accent-coloured button, so they are white).
ICONS: dict[str, tuple[_Painter, str]] = {
    "attach": (_paperclip, GREY),
    "send": (_send, WHITE),
    "stop": (_stop, WHITE),
    "image": (_picture, GREY),
    "close": (_close, GREY),
    "app": (_spark, GREY),
    "pin": (_pin, GREY),
    "new_chat": (_new_chat, GREY),
    "search": (_search, GREY),
    "menu": (_menu, GREY),
    "sidebar": (_sidebar, GREY),
    "refresh": (_refresh, GREY),
    "blank": (_blank, GREY),
    # The picture again, light, for dark backgrounds (the model picker in dark mode).
}


# The app's own icon for desktops: the SVG drawn at every size of the freedesktop icon
# theme, as resources/icons/hicolor/<size>x<size>/apps/<id>.png.
APP_ICON_ID = "io.dynaspark.Desktop"
HICOLOR = Path(__file__).resolve().parents[1] / "resources" / "icons" / "hicolor"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_app_icons() -> None:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(HICOLOR / "scalable" / "apps" / f"{APP_ICON_ID}.svg"))
    if not renderer.isValid():
        raise SystemExit("the app's SVG icon could not be read")
    for size in APP_ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        folder = HICOLOR / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{APP_ICON_ID}.png"
        pixmap.save(str(path), "PNG")
        print(f"wrote {path}")


def main() -> None:
    app = QGuiApplication(sys.argv[:1])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name, (draw, color) in ICONS.items():
        path = OUTPUT / f"{name}.png"
        _render(draw, QColor(color)).save(str(path), "PNG")
        print(f"wrote {path}")
        if color == GREY and name not in ("app", "blank"):
            # The same drawing in the dark scheme's grey (see ui/base/icons.THEMED_NAMES).
            path = OUTPUT / f"{name}_dark.png"
            _render(draw, QColor(LIGHT_GREY)).save(str(path), "PNG")
            print(f"wrote {path}")
    render_app_icons()
    del app


if __name__ == "__main__":
    main()
