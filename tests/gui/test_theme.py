"""Dark and high-contrast themes: the window follows them, the pad stays paper, and what is
drawn keeps WCAG 2.1 contrast, measured on the colours the widgets paint (grabbed pixels)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from digitpad.gui.chart import ConfidenceChart
from digitpad.gui.contrast import composite, contrast_ratio, relative_luminance, with_contrast
from digitpad.gui.evidence import heat_image
from digitpad.gui.main_window import MainWindow
from digitpad.gui.outlines import outline_colours
from digitpad.gui.theme import ColorSchemeFollower, dark_palette, rgb
from tests.data.composed_numbers import compose

from .conftest import open_window
from .drawing import draw_ink

Role = QPalette.ColorRole


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (Role.Window, "#000000"),
        (Role.WindowText, "#ffffff"),
        (Role.Base, "#000000"),
        (Role.Text, "#ffffff"),
        (Role.Mid, "#1a1a1a"),  # a theme's grey that would vanish on black
        (Role.Highlight, "#1aebff"),
        (Role.HighlightedText, "#000000"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


PALETTES = {"light": None, "dark": dark_palette(), "high-contrast": high_contrast_palette()}


def test_contrast_ratios_are_wcags() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)
    moved = with_contrast((184, 184, 184), (239, 239, 239), 3.0)  # Fusion's Mid on its window
    assert contrast_ratio(moved, (239, 239, 239)) >= 3.0
    assert contrast_ratio(with_contrast((0, 0, 0), (255, 255, 255), 4.5), (0, 0, 0)) == 1.0


@pytest.fixture
def app_palette() -> Iterator[None]:
    before = QPalette(QApplication.palette())
    yield
    QApplication.setPalette(before)


def seen_on(colour: QColor, background: tuple[int, int, int]) -> tuple[int, int, int]:
    """A colour as painted over ``background``, its transparency included."""
    return composite(rgb(colour), colour.alphaF(), background)


def pixel(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    ratio = image.devicePixelRatio()
    return rgb(image.pixelColor(round(x * ratio), round(y * ratio)))


def strongest(image: QImage, rect: QRectF, background: tuple[int, int, int]) -> float:
    """The highest contrast of any pixel in ``rect`` (a glyph's solid core) on ``background``."""
    ratio = image.devicePixelRatio()
    best = 1.0
    for y in range(round(rect.top() * ratio), round(rect.bottom() * ratio)):
        for x in range(round(rect.left() * ratio), round(rect.right() * ratio)):
            best = max(best, contrast_ratio(rgb(image.pixelColor(x, y)), background))
    return best


@pytest.mark.parametrize("name", list(PALETTES))
def test_chart_bars_and_text_stand_out_in_every_theme(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    chart = ConfidenceChart()
    qtbot.addWidget(chart)
    if PALETTES[name] is not None:
        chart.setPalette(PALETTES[name])
    chart.resize(400, 200)
    values = [0.02] * 10
    values[3], values[8] = 0.7, 0.14
    chart.set_probabilities(values)
    image = chart.grab().toImage()
    background = pixel(image, 2, 2)
    for digit in (3, 8):  # the winner's bar and another
        bar = chart.bar_rect(digit)
        colour = pixel(image, bar.center().x(), bar.bottom() - 3)
        assert contrast_ratio(colour, background) >= 3.0, (name, digit, colour, background)
    label = QRectF(chart.bar_rect(5).left(), chart.bar_rect(5).bottom() + 2, 20, 14)
    assert strongest(image, label, background) >= 4.5, name


def test_the_window_follows_a_dark_scheme_and_the_pad_stays_paper(
    qtbot,
    app_palette: None,  # type: ignore[no-untyped-def]
) -> None:
    follower = ColorSchemeFollower(QApplication.instance())
    follower.apply(Qt.ColorScheme.Dark)  # what the platform's colorSchemeChanged sends
    assert follower.applied()
    window = open_window(qtbot)
    draw_ink(window.pad, compose("2026")[0])
    side = window.grab().toImage()
    chart_corner = window.chart.mapTo(window, QPoint(2, 2))
    assert relative_luminance(pixel(side, chart_corner.x(), chart_corner.y())) < 0.1  # dark
    pad = window.pad.grab().toImage()
    paper = pixel(pad, 3, window.pad.height() / 2)
    assert paper == (255, 255, 255)
    ink = min(
        (
            rgb(pad.pixelColor(x, y))
            for y in range(0, pad.height(), 3)
            for x in range(0, pad.width(), 3)
        ),
        key=relative_luminance,
    )
    assert contrast_ratio(ink, paper) >= 15  # dark ink
    follower.apply(Qt.ColorScheme.Light)
    assert not follower.applied()
    window.close()


def check_pad(window: MainWindow) -> None:
    """Outlines, tags and the heat map on the pad, measured against its paper."""
    colours = outline_colours(window.pad.palette())
    paper = rgb(colours.paper)
    image = window.pad.grab().toImage()
    assert pixel(image, 3, window.pad.height() / 2) == paper
    for index, outline in enumerate(window.pad.outlines()):
        tag = window.pad.outline_tag_rect(index)
        fill = pixel(image, tag.left() + 2, tag.center().y())
        text = strongest(image, tag.adjusted(2, 2, -2, -2), fill)
        if outline.selected:
            assert contrast_ratio(fill, paper) >= 3.0
        assert text >= 4.5, (index, fill)
    assert contrast_ratio(seen_on(colours.other, paper), paper) >= 3.0
    assert contrast_ratio(seen_on(colours.selected, paper), paper) >= 3.0
    overlay = window.pad.overlay()
    assert overlay is not None
    hot = overlay[0]
    pixels = [hot.pixelColor(x, y) for y in range(hot.height()) for x in range(hot.width())]
    hottest = max(pixels, key=lambda c: c.alpha())
    seen = composite(rgb(hottest), hottest.alphaF(), paper)
    assert contrast_ratio(seen, paper) >= 3.0


@pytest.mark.parametrize("dark_pad", [False, True], ids=["light pad", "dark pad"])
def test_outlines_tags_and_heat_map_keep_their_contrast(window: MainWindow, dark_pad: bool) -> None:
    if dark_pad:
        window.dark_pad_action.trigger()  # View → Dark Pad
    assert window.dark_pad_action.isChecked() == dark_pad
    draw_ink(window.pad, compose("2026")[0])
    window.why_action.trigger()
    check_pad(window)


def test_the_heat_maps_hot_quarter_stands_out_from_either_paper() -> None:
    heat = np.linspace(0.0, 1.0, 28 * 28, dtype=np.float32).reshape(28, 28)
    for light, paper in ((True, (255, 255, 255)), (False, (0, 0, 0))):
        image = heat_image(heat, light_paper=light)
        for index in np.flatnonzero(heat.ravel() >= 0.75):
            colour = image.pixelColor(int(index % 28), int(index // 28))
            seen = composite(rgb(colour), colour.alphaF(), paper)
            assert contrast_ratio(seen, paper) >= 3.0, (light, float(heat.ravel()[index]))


def test_the_dark_pad_choice_is_remembered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.dark_pad_action.trigger()
    window.close()
    again = open_window(qtbot)
    assert again.dark_pad_action.isChecked()
    assert relative_luminance(rgb(again.pad.palette().color(Role.Base))) < 0.1


@pytest.mark.parametrize("name", list(PALETTES))
def test_outline_colours_stand_out_on_any_theme_s_paper(name: str) -> None:
    palette = PALETTES[name] or QApplication.palette()  # Fusion's highlight: 3.4:1 on white
    colours = outline_colours(palette)
    paper = rgb(colours.paper)
    selected = seen_on(colours.selected, paper)
    assert contrast_ratio(selected, paper) >= 3.0
    assert contrast_ratio(seen_on(colours.other, paper), paper) >= 3.0
    assert contrast_ratio(seen_on(colours.tag_text, paper), paper) >= 4.5
    assert contrast_ratio(seen_on(colours.selected_tag_text, selected), selected) >= 4.5
    unsure = seen_on(colours.unsure, paper)  # a number to check on a page
    assert contrast_ratio(unsure, paper) >= 3.0
    assert contrast_ratio(seen_on(colours.unsure_tag_text, unsure), unsure) >= 4.5


def test_the_empty_pad_s_hint_is_readable_text(window: MainWindow) -> None:
    image = window.pad.grab().toImage()
    paper = pixel(image, 3, 3)
    middle = QRectF(window.pad.width() / 2 - 90, window.pad.height() / 2 - 8, 180, 16)
    assert strongest(image, middle, paper) >= 4.5  # "Draw a digit or a number here"
