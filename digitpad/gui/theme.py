"""Colours: the window follows the system's light or dark scheme; the pad stays a sheet of paper.

The window takes its colours from the palette, so a dark system palette
makes a dark window. Where the platform says "dark" (Qt 6's
``QStyleHints.colorScheme``) but hands over a light palette, the app puts
on :func:`dark_palette` itself (:class:`ColorSchemeFollower`). The pad is
paper, light with dark ink, whatever the theme, unless the person asks for a
dark pad (View → Dark Pad): :func:`sheet_palette`. Colours drawn on either
(outlines, tags, bars, their text) are checked against what they are drawn
on and made to stand out by WCAG 2.1's ratios (:mod:`digitpad.gui.contrast`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from digitpad.gui.contrast import RGB, relative_luminance, with_contrast

Role = QPalette.ColorRole


@dataclass(frozen=True)
class SheetColours:
    """The pad's paper and what is drawn on it, chosen to pass WCAG 2.1 with margin."""

    paper: str
    ink: str
    placeholder: str
    highlight: str
    highlighted_text: str


LIGHT_SHEET = SheetColours("#ffffff", "#000000", "#5f6368", "#0b57d0", "#ffffff")
DARK_SHEET = SheetColours("#1e1f22", "#f1f3f4", "#aeb4ba", "#8ab4f8", "#000000")


def rgb(colour: QColor) -> RGB:
    return (colour.red(), colour.green(), colour.blue())


def readable(colour: QColor, background: QColor, minimum: float) -> QColor:
    """``colour`` (made opaque over ``background``) moved just enough to stand out by ``minimum``."""
    over = QColor(colour)
    if over.alpha() < 255:
        share = over.alphaF()
        over = QColor(
            *(
                round(c * share + b * (1 - share))
                for c, b in zip(rgb(colour), rgb(background), strict=True)
            )
        )
    return QColor(*with_contrast(rgb(over), rgb(background), minimum))


def is_dark(palette: QPalette) -> bool:
    return relative_luminance(rgb(palette.color(Role.Window))) < 0.5


def sheet_palette(base: QPalette, dark: bool = False) -> QPalette:
    """``base`` with the pad's paper colours: a light sheet and dark ink, or the dark sheet."""
    colours = DARK_SHEET if dark else LIGHT_SHEET
    palette = QPalette(base)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, Role.Base, QColor(colours.paper))
        palette.setColor(group, Role.Window, QColor(colours.paper))
        palette.setColor(group, Role.Text, QColor(colours.ink))
        palette.setColor(group, Role.WindowText, QColor(colours.ink))
        palette.setColor(group, Role.PlaceholderText, QColor(colours.placeholder))
        palette.setColor(group, Role.Highlight, QColor(colours.highlight))
        palette.setColor(group, Role.HighlightedText, QColor(colours.highlighted_text))
    return palette


#: A dark palette for platforms that say "dark" and give none: (role, colour).
_DARK = (
    (Role.Window, "#202124"),
    (Role.WindowText, "#e8eaed"),
    (Role.Base, "#171717"),
    (Role.AlternateBase, "#2a2b2e"),
    (Role.Text, "#e8eaed"),
    (Role.Button, "#2d2e31"),
    (Role.ButtonText, "#e8eaed"),
    (Role.BrightText, "#ffffff"),
    (Role.Light, "#4a4b4f"),
    (Role.Midlight, "#3c3d40"),
    (Role.Mid, "#77797e"),
    (Role.Dark, "#151515"),
    (Role.Shadow, "#000000"),
    (Role.Highlight, "#8ab4f8"),
    (Role.HighlightedText, "#202124"),
    (Role.Link, "#8ab4f8"),
    (Role.LinkVisited, "#c58af9"),
    (Role.ToolTipBase, "#3c4043"),
    (Role.ToolTipText, "#e8eaed"),
    (Role.PlaceholderText, "#9aa0a6"),
    (Role.Accent, "#8ab4f8"),
)
#: Disabled text in the dark palette: dimmer, still 3:1 on the window.
_DARK_DISABLED = "#7d8085"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK:
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED))
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Highlight, QColor("#5f6368"))
    return palette


class ColorSchemeFollower(QObject):
    """Puts on :func:`dark_palette` while the system scheme is dark and its palette is not.

    A platform that gives a dark palette itself (Windows, macOS, KDE) is left
    alone; the palette put on is taken off again when the scheme turns light.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._before: QPalette | None = None
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.apply)
        self.apply(hints.colorScheme())

    def applied(self) -> bool:
        """True while this put on the dark palette."""
        return self._before is not None

    def apply(self, scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark:
            if self._before is None and not is_dark(self._app.palette()):
                self._before = QPalette(self._app.palette())
                self._app.setPalette(dark_palette())
        elif self._before is not None:
            self._app.setPalette(self._before)
            self._before = None
