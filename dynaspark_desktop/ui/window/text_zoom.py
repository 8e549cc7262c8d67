"""The conversation's text size, from the ``text_zoom`` setting (live); Ctrl+wheel over
the conversation and the zoom keys (bound by the shortcut table) change the setting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dynaspark_desktop.core.setting_list import SETTINGS

if TYPE_CHECKING:
    from dynaspark_desktop.core.settings import Settings
    from dynaspark_desktop.ui.transcript.transcript import Transcript

ZOOM_STEP = 10  # per cent, per key press or wheel notch
_DECLARED = next(setting for setting in SETTINGS if setting.name == "text_zoom")
_DEFAULT = int(_DECLARED.default)
_LOWEST, _HIGHEST = int(_DECLARED.minimum or 50), int(_DECLARED.maximum or 300)


class TextZoom:
    def __init__(self, settings: Settings, transcript: Transcript) -> None:
        self._settings = settings
        percent = settings.get("text_zoom")
        if percent != _DEFAULT:  # at the default the app's own font is already in use
            transcript.set_text_zoom(percent)
        settings.changed.connect(
            "text_zoom", lambda _name, percent: transcript.set_text_zoom(percent)
        )
        transcript.zoomStepRequested.connect(self.step)

    def step(self, steps: int) -> None:
        self._use(self._settings.get("text_zoom") + steps * ZOOM_STEP)

    def zoom_in(self) -> None:
        self.step(1)

    def zoom_out(self) -> None:
        self.step(-1)

    def zoom_reset(self) -> None:
        self._use(_DEFAULT)

    def _use(self, percent: int) -> None:
        percent = max(_LOWEST, min(_HIGHEST, percent))
        if percent != self._settings.get("text_zoom"):
            self._settings.set("text_zoom", percent)
