"""The app's light and dark colours: what is drawn in a fixed colour stays visible in both."""

from __future__ import annotations

import pytest

from dynaspark_desktop.core.markdown.highlight import contrast_ratio
from dynaspark_desktop.ui.base.style import palette_colors, style_sheet

# WCAG 2.1, 1.4.11: icons and other non-text parts need 3:1 against what is behind them.
NON_TEXT_CONTRAST = 3.0
# The Send and Stop icons are white PNG files (packaging/render_icons.py), whatever the
# scheme: their buttons must be dark enough under them in both.
ICON_COLOUR = "#ffffff"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_white_send_and_stop_icons_show_on_their_buttons(dark: bool) -> None:
    colors = palette_colors(dark)
    sheet = style_sheet(dark)
    assert f"#stopButton {{ background: {colors['stop']};" in sheet
    for button in ("accent", "stop"):
        assert contrast_ratio(ICON_COLOUR, colors[button]) >= NON_TEXT_CONTRAST, button


def test_dialog_buttons_are_plain_whatever_the_desktops_theme(qapp: object) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle, QWidget

    have_icons = QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons

    class IconButtonsStyle(QProxyStyle):
        """A desktop theme whose dialog buttons carry icons (floppy disk, red cross)."""

        def styleHint(self, hint, option=None, widget=None, returnData=None):  # type: ignore[no-untyped-def]
            return 1 if hint == have_icons else super().styleHint(hint, option, widget, returnData)

    def buttons_in(host: QWidget) -> QDialogButtonBox:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, host
        )
        box.setStyle(theme)
        box.ensurePolished()
        return box

    theme = IconButtonsStyle()
    plain_host, styled_host = QWidget(), QWidget()
    styled_host.setStyleSheet(style_sheet(False))
    unstyled = buttons_in(plain_host)
    assert unstyled.style().styleHint(have_icons, None, unstyled) == 1  # the theme's icons
    styled = buttons_in(styled_host)
    assert styled.style().styleHint(have_icons, None, styled) == 0
    assert styled.button(QDialogButtonBox.StandardButton.Save).icon().isNull()
