""" "Why?": the evidence heat map over the pad and the preview, for the answer or a hovered bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolButton

from digitpad.gui.evidence import heat_image
from digitpad.gui.main_window import MainWindow
from digitpad.ink import load_ink
from digitpad.reader.explain import explain
from digitpad.results import Answer
from tests.data.composed_numbers import compose
from tests.data.samples import sample
from tests.gui.drawing import draw_ink, fit_ink, mouse_move, mouse_press, mouse_release


def hover(widget, point: QPointF) -> None:  # type: ignore[no-untyped-def]
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        widget.mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def same(a: QImage, b: QImage) -> bool:
    return a.constBits().tobytes() == b.constBits().tobytes()


def test_why_lays_the_evidence_over_the_pad_and_the_preview(window: MainWindow) -> None:
    ink = load_ink(sample(7, ".ink.json"))
    draw_ink(window.pad, ink)
    assert window.pad.overlay() is None
    assert window.preview.overlay() is None
    button = window.findChild(QToolButton, "whyButton")
    assert button is not None
    assert button.defaultAction() is window.why_action
    window.why_action.trigger()
    assert window.evidence.digit() == window.predicted_digit() == 7
    image, box = window.pad.overlay()  # type: ignore[misc]
    assert image.size().width() == 28
    assert window.preview.overlay() is not None
    # The frame lies over the drawing: the ink's box is inside it.
    points = window.pad.ink().points
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    assert box.left() < x0
    assert box.top() < y0
    assert box.right() > x1
    assert box.bottom() > y1
    window.why_action.trigger()
    assert window.pad.overlay() is None
    assert window.preview.overlay() is None


def test_hovering_a_bar_shows_that_digits_evidence(window: MainWindow) -> None:
    draw_ink(window.pad, load_ink(sample(7, ".ink.json")))
    window.why_action.trigger()
    sevens = window.preview.overlay()
    assert sevens is not None
    hover(window.chart, window.chart.bar_rect(1).center())
    assert window.evidence.digit() == 1
    ones = window.preview.overlay()
    assert ones is not None
    assert not same(ones, sevens)
    window.chart.leaveEvent(QEvent(QEvent.Type.Leave))
    assert window.evidence.digit() == 7


def test_clicking_a_bar_pins_its_evidence_until_clicked_again(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    draw_ink(window.pad, load_ink(sample(7, ".ink.json")))
    window.why_action.trigger()
    centre = window.chart.bar_rect(2).center().toPoint()
    qtbot.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=centre)
    window.chart.leaveEvent(QEvent(QEvent.Type.Leave))
    assert window.evidence.digit() == 2
    qtbot.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=centre)
    window.chart.leaveEvent(QEvent(QEvent.Type.Leave))
    assert window.evidence.digit() == 7


def test_no_evidence_is_computed_while_a_stroke_is_drawn(window: MainWindow) -> None:
    window.why_action.trigger()
    ink = load_ink(sample(7, ".ink.json"))
    strokes = fit_ink(ink, window.pad.width(), window.pad.height())
    mouse_press(window.pad, strokes[0][0])
    for point in strokes[0][1:]:
        mouse_move(window.pad, point)
    window.update_prediction()  # a live update mid-stroke
    assert window.answer() is not None
    assert window.pad.overlay() is None
    mouse_release(window.pad, strokes[0][-1])
    assert window.pad.overlay() is not None


def why_on_a_drawn_number(window: MainWindow) -> Answer:
    """47 drawn on the pad, read as a number, with Why? on."""
    ink, _ = compose("47")
    draw_ink(window.pad, ink)
    window.why_action.trigger()
    answer = window.answer()
    assert answer is not None
    assert answer.is_number
    return answer


def test_the_evidence_follows_the_selected_digit_of_a_number(window: MainWindow) -> None:
    answer = why_on_a_drawn_number(window)
    window.select_digit(0)
    first = window.pad.overlay()
    window.select_digit(1)
    second = window.pad.overlay()
    assert first is not None
    assert second is not None
    assert first[1].center().x() < second[1].center().x()  # over the 4, then over the 7
    assert window.evidence.digit() == answer.parts[1].reading.best_digit


def test_the_overlay_is_the_heat_map_of_the_selected_digit(window: MainWindow) -> None:
    """Pixel for pixel: the pad and the preview show the evidence map of the digit selected,
    from that digit's own 28x28 array, laid on that digit's frame."""
    answer = why_on_a_drawn_number(window)
    shown = []
    for index, part in enumerate(answer.parts):
        window.select_digit(index)
        heat = explain(window.recognizer, part.array, part.reading.best_digit)
        overlay = window.pad.overlay()
        assert overlay is not None
        image, box = overlay
        # The pad is a light sheet (its own ramp); the preview, the model's black frame.
        assert same(image, heat_image(heat, light_paper=True)), index
        preview = window.preview.overlay()
        assert preview is not None
        assert same(preview, heat_image(heat)), index
        frame = answer.frame_rect(index)
        assert frame is not None
        assert (box.left(), box.top(), box.right(), box.bottom()) == pytest.approx(frame)
        shown.append(image)
    assert not same(shown[0], shown[1])
