"""The confidence chart and the model-input preview, painted for real."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from digitpad.gui.chart import ConfidenceChart, chart_colours
from digitpad.gui.preview import ModelInputPreview


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#121212"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Mid, "#5f6368"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def chart(qtbot) -> ConfidenceChart:  # type: ignore[no-untyped-def]
    widget = ConfidenceChart()
    widget.resize(400, 200)
    qtbot.addWidget(widget)
    return widget


def bar_colour(chart: ConfidenceChart, image: QImage, digit: int) -> QColor:
    rect = chart.bar_rect(digit)
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(rect.center().x() * ratio), round((rect.bottom() - 3) * ratio))


@pytest.mark.parametrize("palette", [None, dark_palette()], ids=["light", "dark"])
def test_winner_is_highlighted_with_the_palette(
    chart: ConfidenceChart, palette: QPalette | None
) -> None:
    if palette is not None:
        chart.setPalette(palette)
    values = [0.01] * 10
    values[3], values[8] = 0.8, 0.11
    chart.set_probabilities(values)
    assert chart.winner() == 3
    image = chart.grab().toImage()
    # The palette's colours, made to stand out from the background where they fall short.
    used = chart_colours(chart.palette())
    assert bar_colour(chart, image, 3).rgb() == used.winner.rgb()
    assert bar_colour(chart, image, 8).rgb() == used.bar.rgb()
    assert "3: 80%" in chart.accessibleDescription()


def test_no_answer_paints_no_bars(chart: ConfidenceChart) -> None:
    chart.set_probabilities([0.1] * 10)
    chart.set_probabilities(None)
    image = chart.grab().toImage()
    background = chart.palette().color(QPalette.ColorRole.Window)
    assert bar_colour(chart, image, 0).rgb() == background.rgb()
    assert chart.winner() is None


def test_bars_follow_the_size(chart: ConfidenceChart) -> None:
    chart.set_probabilities([0.1] * 10)
    wide = chart.bar_rect(9)
    chart.resize(200, 120)
    narrow = chart.bar_rect(9)
    assert narrow.right() <= 200 < wide.right()
    assert narrow.height() < wide.height()


def test_wrong_number_of_probabilities_is_refused(chart: ConfidenceChart) -> None:
    with pytest.raises(ValueError, match="10 probabilities"):
        chart.set_probabilities([0.5, 0.5])


def test_preview_shows_big_crisp_pixels(qtbot) -> None:  # type: ignore[no-untyped-def]
    preview = ModelInputPreview()
    preview.resize(140, 140)
    qtbot.addWidget(preview)
    array = np.zeros((28, 28), np.float32)
    array[::2, ::2] = 1.0  # a checkerboard of single pixels
    preview.set_array(array)
    rect = preview.target_rect()
    assert rect.width() == 140  # 5 screen pixels per model pixel
    image = preview.grab().toImage()
    ratio = image.devicePixelRatio()
    cell = rect.width() / 28 * ratio
    values = {
        image.pixelColor(
            round((rect.left() * ratio) + cell * (i + 0.5)), round(cell * 0.5)
        ).lightness()
        for i in range(28)
    }
    assert values == {0, 255}  # nearest neighbour: no blended greys
    preview.set_array(None)
    assert preview.image() is None
