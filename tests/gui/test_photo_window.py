"""The window reads phone photos: outlines where the digits were found, and a box to read a part.

A generated phone photo (squared paper, a shadow, a ballpoint number) is
opened as a file; the window outlines each digit on it. Dragging with real
mouse events over the first two digits reads only those; Esc (Clear) reads
the whole picture again, and Clear once more empties the pad.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from digitpad.gui.main_window import MainWindow
from digitpad.gui.pad import Viewport
from tests.gui.drawing import mouse_stroke
from tests.test_photo_writing import sample_number, style
from training.photos import ink_photo


def headline(window: MainWindow) -> str:
    return window.findChild(QLabel, "predictionLabel").text()


def open_photo(window: MainWindow, tmp_path: Path, digits: str) -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(ink_photo(sample_number(digits), style("grid", "shadow", width=2400)))
    assert window.open_path(path)
    return path


def test_an_opened_photo_shows_each_digit_outlined_where_it_was_written(
    window: MainWindow, tmp_path: Path
) -> None:
    open_photo(window, tmp_path, "2026")
    assert headline(window) == "2026"
    outlines = window.pad.outlines()
    assert [o.label for o in outlines] == list("2026")
    answer = window.answer()
    assert answer is not None
    assert answer.space == (2400.0, 1800.0)
    # Outlines in the photo's pixels, left to right, each about the writing's height
    # (12% of 1800 px).
    lefts = [o.box[0] for o in outlines]
    assert lefts == sorted(lefts)
    for outline in outlines:
        assert 120 < outline.box[3] - outline.box[1] < 300


def test_dragging_a_box_on_the_photo_reads_only_what_is_inside(
    window: MainWindow, tmp_path: Path
) -> None:
    open_photo(window, tmp_path, "2026")
    boxes = [o.box for o in window.pad.outlines()]
    mapping = Viewport((2400.0, 1800.0), window.pad.size())
    margin = 0.3 * (boxes[0][3] - boxes[0][1])
    start = mapping.to_widget(boxes[0][0] - margin, boxes[0][1] - margin)
    end = mapping.to_widget(boxes[1][2] + 2, max(boxes[0][3], boxes[1][3]) + margin)
    mouse_stroke(window.pad, [(start.x(), start.y()), (end.x(), end.y())])
    assert window.pad.picture() is not None  # dragging boxes; it does not draw
    region = window.pad.region()
    assert region is not None
    assert headline(window) == "20"
    for outline, whole in zip(window.pad.outlines(), boxes[:2], strict=True):
        np.testing.assert_allclose(outline.box, whole, atol=20)
    assert "Esc" in window.statusBar().currentMessage()

    QTest.keyClick(window.pad, Qt.Key.Key_Escape)
    assert window.pad.region() is None
    assert headline(window) == "2026"
    QTest.keyClick(window.pad, Qt.Key.Key_Escape)
    assert window.pad.picture() is None


def test_a_click_on_a_photo_boxes_nothing(window: MainWindow, tmp_path: Path) -> None:
    open_photo(window, tmp_path, "586")
    centre = window.pad.rect().center()
    mouse_stroke(window.pad, [(centre.x(), centre.y()), (centre.x() + 2, centre.y() + 2)])
    assert window.pad.region() is None
    assert headline(window) == "586"
