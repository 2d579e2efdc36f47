"""The window reads numbers: drawn with real mouse events, or opened as a picture.

Each digit gets an outline with a tag on the pad; the chart and the preview
show the selected digit (the least sure by default); a click on a tag or on
the digit strip selects another; Copy Result copies the whole number.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from digitpad.gui.main_window import MainWindow
from digitpad.ink import Ink
from digitpad.preprocess import ink_to_array
from tests.data.composed_numbers import compose, picture_of
from tests.gui.drawing import (
    draw_ink,
    fit_ink,
    mouse_move,
    mouse_press,
    mouse_release,
    mouse_stroke,
)

YEAR = "2026"


def headline(window: MainWindow) -> str:
    return window.findChild(QLabel, "predictionLabel").text()


def draw_number(window: MainWindow, digits: str) -> None:
    ink, _ = compose(digits)
    draw_ink(window.pad, ink)


def test_a_number_drawn_with_the_mouse_is_read_with_an_outline_per_digit(
    window: MainWindow,
) -> None:
    draw_number(window, YEAR)
    answer = window.answer()
    assert answer is not None
    assert answer.is_number
    assert headline(window) == YEAR == answer.text
    outlines = window.pad.outlines()
    assert [o.label for o in outlines] == list(YEAR)
    lefts = [o.box[0] for o in outlines]
    assert lefts == sorted(lefts)  # left to right
    assert sum(o.selected for o in outlines) == 1
    assert window.digit_strip.isVisible()
    assert [b.text() for b in window.digit_strip.buttons() if b.isVisible()] == list(YEAR)


def test_the_least_sure_digit_is_selected_and_its_chart_shown(window: MainWindow) -> None:
    draw_number(window, YEAR)
    answer = window.answer()
    assert answer is not None
    selected = window.selected_digit_index()
    assert selected == answer.least_sure()
    part = answer.parts[selected]
    assert window.chart.probabilities() == pytest.approx(part.reading.probabilities)
    np.testing.assert_array_equal(window.model_input(), part.array)
    assert window.pad.outlines()[selected].selected
    assert window.digit_strip.selected() == selected
    assert f"Digit {selected + 1} of {len(YEAR)}" in window.confidence_label.text()


def test_clicking_a_digit_tag_on_the_pad_selects_it_and_draws_nothing(
    window: MainWindow,
) -> None:
    draw_number(window, YEAR)
    answer = window.answer()
    assert answer is not None
    strokes = len(window.pad.ink().strokes)
    other = (window.selected_digit_index() + 1) % len(YEAR)
    centre = window.pad.outline_tag_rect(other).center()
    mouse_press(window.pad, (centre.x(), centre.y()))
    mouse_release(window.pad, (centre.x(), centre.y()))
    assert window.selected_digit_index() == other
    assert len(window.pad.ink().strokes) == strokes
    assert window.chart.probabilities() == pytest.approx(answer.parts[other].reading.probabilities)
    assert window.predicted_digit() == int(YEAR[other])
    assert window.pad.outlines()[other].selected
    assert window.digit_strip.selected() == other


def test_clicking_a_digit_in_the_answer_selects_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    draw_number(window, YEAR)
    answer = window.answer()
    assert answer is not None
    other = (window.selected_digit_index() + 2) % len(YEAR)
    qtbot.mouseClick(window.digit_strip.buttons()[other], Qt.MouseButton.LeftButton)
    assert window.selected_digit_index() == other
    np.testing.assert_array_equal(window.model_input(), answer.parts[other].array)


def test_copy_result_copies_the_whole_number(window: MainWindow) -> None:
    draw_number(window, YEAR)
    assert window.copy_action.isEnabled()
    window.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == YEAR


def test_one_digit_shows_no_outline_and_no_strip(window: MainWindow) -> None:
    ink, _ = compose("7")
    draw_ink(window.pad, ink)
    answer = window.answer()
    assert answer is not None
    assert not answer.is_number
    assert headline(window).rstrip("?") == "7"
    assert window.pad.outlines() == ()
    assert not window.digit_strip.isVisible()
    # Exactly the single-digit path: the whole ink, one array.
    np.testing.assert_array_equal(window.model_input(), ink_to_array(window.pad.ink()))


def test_undoing_back_to_one_digit_removes_the_outlines(window: MainWindow) -> None:
    draw_number(window, "47")
    assert window.answer() is not None
    assert window.answer().is_number
    strokes = len(window.pad.ink().strokes)
    seven_strokes = len(compose("7")[0].strokes)
    for _ in range(seven_strokes):
        window.undo_action.trigger()
    assert len(window.pad.ink().strokes) == strokes - seven_strokes
    assert window.pad.outlines() == ()
    assert not window.digit_strip.isVisible()
    assert headline(window).rstrip("?") == "4"


def test_the_number_is_read_live_while_the_last_digit_is_drawn(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before the pen lifts on the last stroke, the digits before it are already read."""
    ink, _ = compose("305")
    fitted = fit_ink(ink, window.pad.width(), window.pad.height())
    for stroke in fitted[:-1]:
        mouse_stroke(window.pad, stroke)
    last = fitted[-1]
    mouse_press(window.pad, last[0])
    for point in last[1:]:
        mouse_move(window.pad, point)
    qtbot.waitUntil(lambda: window.answer() is not None and window.answer().is_number, timeout=2000)
    assert window.pad.is_drawing()
    mouse_release(window.pad, last[-1])
    assert headline(window) == "305"


def test_an_opened_picture_of_a_number_is_read_with_outlines(
    window: MainWindow, tmp_path: Path
) -> None:
    ink, _ = compose(YEAR)
    path = tmp_path / "year.png"
    picture_of(ink).save(path)
    assert window.open_path(path)
    answer = window.answer()
    assert answer is not None
    assert answer.text == YEAR
    assert answer.space is not None
    outlines = window.pad.outlines()
    assert [o.label for o in outlines] == list(YEAR)
    width, height = answer.space
    for outline in outlines:  # boxes inside the picture
        x0, y0, x1, y1 = outline.box
        assert 0 <= x0 < x1 <= width
        assert 0 <= y0 < y1 <= height
    tag = window.pad.outline_tag_rect(0)
    assert window.pad.rect().toRectF().contains(tag)


def test_a_letter_like_wide_scribble_is_not_turned_into_a_number(window: MainWindow) -> None:
    """Two short flat strokes one above the other: wide, but no row of digits."""
    ink = Ink(
        (
            np.array([[0.0, 0.0], [100.0, 2.0]]),
            np.array([[0.0, 60.0], [100.0, 62.0]]),
        )
    )
    draw_ink(window.pad, ink)
    answer = window.answer()
    assert answer is None or not answer.is_number
