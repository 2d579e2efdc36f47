"""The drawing pad alone: real mouse, touch and tablet events in, strokes and signals out."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from digitpad.gui.outlines import Outline
from digitpad.gui.pad import CLICK_REACH, DrawingPad, Viewport
from digitpad.ink import Ink
from digitpad.preprocess import ink_to_array

from .drawing import (
    mouse_move,
    mouse_press,
    mouse_release,
    mouse_stroke,
    tablet_stroke,
    touch_stroke,
)

LINE = [(60.0, 40.0), (62.0, 80.0), (64.0, 120.0), (66.0, 160.0)]


@pytest.fixture
def pad(qtbot) -> DrawingPad:  # type: ignore[no-untyped-def]
    widget = DrawingPad()
    widget.resize(240, 200)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ink_pixels(image: QImage, background: QColor) -> int:
    """How many pixels differ from the background."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32, image.sizeInBytes() // 4)
    return int(np.count_nonzero(pixels != (background.rgb() & 0xFFFFFFFF)))


def test_new_pad_is_empty_and_cannot_undo(pad: DrawingPad) -> None:
    assert pad.is_empty()
    assert pad.ink().is_empty
    assert not pad.can_undo()
    assert pad.objectName() == "drawingPad"
    assert pad.accessibleName()


def test_mouse_stroke_becomes_ink_with_signals(qtbot, pad: DrawingPad) -> None:  # type: ignore[no-untyped-def]
    finished, undo = [], []
    pad.strokeFinished.connect(lambda: finished.append(True))
    pad.canUndoChanged.connect(undo.append)
    with qtbot.waitSignal(pad.strokeStarted):
        mouse_press(pad, LINE[0])
    changes = []
    pad.inkChanged.connect(lambda: changes.append(True))
    for point in LINE[1:]:
        mouse_move(pad, point)
    assert len(changes) == len(LINE) - 1  # one per new point, live
    assert pad.is_drawing()
    assert len(pad.ink().strokes) == 1  # the stroke in progress is readable
    mouse_release(pad, LINE[-1])
    assert finished == [True]
    assert undo == [True]
    ink = pad.ink()
    np.testing.assert_allclose(ink.strokes[0], LINE)
    assert (ink.width, ink.height) == (240.0, 200.0)


def test_moves_without_a_button_draw_nothing(pad: DrawingPad) -> None:
    from PySide6.QtCore import QEvent, Qt

    from .drawing import _mouse

    for point in LINE:
        _mouse(pad, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton)
    assert pad.is_empty()


def test_undo_redo_clear_and_their_signals(qtbot, pad: DrawingPad) -> None:  # type: ignore[no-untyped-def]
    redo = []
    pad.canRedoChanged.connect(redo.append)
    mouse_stroke(pad, LINE)
    mouse_stroke(pad, [(100, 50), (150, 60)])
    assert len(pad.history.strokes) == 2
    with qtbot.waitSignal(pad.inkChanged):
        assert pad.undo()
    assert len(pad.history.strokes) == 1
    assert redo == [True]
    assert pad.redo()
    assert len(pad.history.strokes) == 2
    assert redo == [True, False]
    assert pad.clear()
    assert pad.is_empty()
    assert pad.can_undo()
    assert pad.undo()
    assert len(pad.history.strokes) == 2


def test_touch_draws_a_stroke(pad: DrawingPad) -> None:
    touch_stroke(pad, LINE)
    strokes = pad.history.strokes
    assert len(strokes) == 1
    np.testing.assert_allclose(np.array(strokes[0])[:, :2], LINE, atol=1)
    assert not pad.is_drawing()


def test_tablet_pen_draws_with_pressure(pad: DrawingPad) -> None:
    tablet_stroke(pad, LINE, [0.2, 0.5, 0.9, 1.0])
    (stroke,) = pad.history.strokes
    assert [round(p[2], 2) for p in stroke] == [0.2, 0.5, 0.9, 1.0]
    # Pressure is kept for display but the recognizer reads the geometry.
    assert ink_to_array(pad.ink()).max() > 0.5


def test_pressure_varies_the_drawn_width(qtbot) -> None:  # type: ignore[no-untyped-def]
    widths = []
    for pressure in (0.05, 1.0):
        widget = DrawingPad()
        widget.resize(200, 200)
        qtbot.addWidget(widget)
        tablet_stroke(widget, [(40, 100), (100, 100), (160, 100)], [pressure] * 3)
        image = widget.grab().toImage()
        widths.append(ink_pixels(image, widget.palette().color(QPalette.ColorRole.Base)))
    assert widths[1] > 2 * widths[0]


def test_strokes_are_painted_antialiased_in_the_text_colour(pad: DrawingPad) -> None:
    base = pad.palette().color(QPalette.ColorRole.Base)
    empty = pad.grab().toImage()
    mouse_stroke(pad, LINE)
    image = pad.grab().toImage()
    assert ink_pixels(image, base) > ink_pixels(empty, base) + 100
    ink = pad.palette().color(QPalette.ColorRole.Text)
    assert image.pixelColor(63, 100) == ink
    # Anti-aliased edges: some pixels are between ink and paper.
    row = [image.pixelColor(x, 100).lightness() for x in range(40, 90)]
    assert any(
        min(base.lightness(), ink.lightness()) < v < max(base.lightness(), ink.lightness())
        for v in row
    )


def test_resizing_keeps_the_ink_and_scales_the_view(qtbot, pad: DrawingPad) -> None:  # type: ignore[no-untyped-def]
    mouse_stroke(pad, LINE)
    before = pad.ink()
    pad.resize(120, 100)
    qtbot.wait(10)
    after = pad.ink()
    np.testing.assert_allclose(after.strokes[0], before.strokes[0])
    image = pad.grab().toImage()
    base = pad.palette().color(QPalette.ColorRole.Base)
    assert ink_pixels(image, base) > 20  # still visible, drawn at half size
    # A point drawn now lands in drawing coordinates (twice the widget's).
    mouse_stroke(pad, [(60, 50), (61, 60)])
    assert pad.history.strokes[-1][0] == pytest.approx((120.0, 100.0))


def test_paint_cache_is_at_the_device_pixel_ratio(pad: DrawingPad) -> None:
    mouse_stroke(pad, LINE)
    pad.repaint()
    cache = pad._cache
    assert cache is not None
    ratio = pad.devicePixelRatioF()
    assert cache.devicePixelRatio() == ratio
    assert cache.width() == round(pad.width() * ratio)


def test_picture_is_shown_until_cleared_and_a_drag_boxes_part_of_it(pad: DrawingPad) -> None:
    mouse_stroke(pad, LINE)
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    shown, boxed = [], []
    pad.pictureShownChanged.connect(shown.append)
    pad.regionSelected.connect(boxed.append)
    pad.show_picture(picture, (400.0, 400.0))  # shown from a copy; boxes in the file's pixels
    assert shown == [True]
    assert pad.picture() is not None
    assert not pad.has_strokes()
    assert pad.grab().toImage().pixelColor(120, 100) == QColor("red")
    # A drag on the picture boxes part of it, in the picture's pixels; it draws nothing.
    mapping = Viewport((400.0, 400.0), pad.size())
    start, end = mapping.to_widget(100, 50), mapping.to_widget(300, 250)
    mouse_stroke(pad, [(start.x(), start.y()), (end.x(), end.y())])
    assert pad.picture() is not None
    assert not pad.has_strokes()
    assert len(boxed) == 1
    np.testing.assert_allclose(boxed[0], (100, 50, 300, 250), atol=2)
    assert pad.region() == boxed[0]
    # A click is no box; a drag beside the picture neither.
    mouse_stroke(pad, [(start.x(), start.y()), (start.x() + 2, start.y() + 1)])
    assert len(boxed) == 1
    # Clear forgets the box first, then the picture; Undo brings back the drawing before it.
    assert pad.clear_region()
    assert pad.region() is None
    assert pad.picture() is not None
    assert not pad.clear_region()
    assert pad.clear()
    assert shown == [True, False]
    assert pad.picture() is None
    assert pad.undo()
    assert len(pad.history.strokes) == 1
    np.testing.assert_allclose(pad.ink().strokes[0], LINE)


def test_a_click_on_a_picture_says_where_in_its_pixels(pad: DrawingPad) -> None:
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    clicks, boxed = [], []
    pad.pictureClicked.connect(clicks.append)
    pad.regionSelected.connect(boxed.append)
    pad.show_picture(picture, (400.0, 400.0))
    mapping = Viewport((400.0, 400.0), pad.size())
    point = mapping.to_widget(120, 80)
    mouse_stroke(pad, [(point.x(), point.y()), (point.x() + 3, point.y() + 2)])  # a shaky click
    assert len(clicks) == 1
    np.testing.assert_allclose(clicks[0][:2], (120, 80), atol=0.5)
    assert clicks[0][2] == pytest.approx(CLICK_REACH / mapping.scale)
    mouse_stroke(pad, [(point.x(), point.y()), (point.x() + 60, point.y() + 2)])  # along one edge
    end = mapping.to_widget(300, 250)
    mouse_stroke(pad, [(point.x(), point.y()), (end.x(), end.y())])  # a box
    assert len(clicks) == 1
    assert len(boxed) == 1
    assert pad.history.is_empty


def test_tags_of_narrow_neighbours_do_not_cover_each_other(pad: DrawingPad) -> None:
    """Two digits closer than a tag is wide (a 1 beside a 5): the second tag moves right of
    the first, and a click on either tag selects its own digit."""
    clicked: list[int] = []
    pad.outlineClicked.connect(clicked.append)
    pad.set_ink(Ink((np.array([[0.0, 0.0], [200.0, 100.0]]),), 200.0, 100.0))
    pad.set_outlines([Outline((40, 40, 44, 80), "1"), Outline((47, 40, 70, 80), "5?")])
    first, second = pad.outline_tag_rect(0), pad.outline_tag_rect(1)
    assert not first.intersects(second)
    assert second.left() > first.right()
    for index, rect in enumerate((first, second)):
        centre = rect.center()
        mouse_press(pad, (centre.x(), centre.y()))
        mouse_release(pad, (centre.x(), centre.y()))
        assert clicked[-1] == index


def test_set_ink_without_size_is_placed_in_view(pad: DrawingPad) -> None:
    ink = Ink.from_lists([[[5000, 7000], [5000, 7400]], [[4800, 7200], [5200, 7200]]])
    pad.set_ink(ink)
    drawing = pad.history.drawing
    assert drawing.width is not None
    assert drawing.height is not None
    points = pad.ink().points
    assert points.min() > 0
    assert points[:, 0].max() < drawing.width
    assert points[:, 1].max() < drawing.height
    np.testing.assert_allclose(ink_to_array(pad.ink()), ink_to_array(ink), atol=1e-5)


def test_render_image_is_dark_ink_on_white(pad: DrawingPad) -> None:
    mouse_stroke(pad, LINE)
    image = pad.render_image()
    assert (image.width(), image.height()) == (240, 200)
    assert image.pixelColor(5, 5) == QColor("white")
    assert image.pixelColor(63, 100).lightness() < 30
