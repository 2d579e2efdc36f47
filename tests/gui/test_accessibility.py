"""What a screen reader gets, read through QAccessible: names, descriptions, announcements."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from digitpad.gui.answer_wording import percent, spoken_percent
from digitpad.gui.main_window import MainWindow
from tests.data.composed_numbers import compose

from .drawing import draw_ink, mouse_move, mouse_press, mouse_release

SEVEN = [(80.0, 80.0), (200.0, 80.0), (190.0, 110.0), (150.0, 200.0), (130.0, 300.0)]
Text = QAccessible.Text


def said(widget: QWidget, what: QAccessible.Text = Text.Name) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


def test_the_answer_says_the_number_and_how_sure(window: MainWindow) -> None:
    draw_ink(window.pad, compose("2026")[0])
    answer = window.answer()
    assert answer.text == "2026"
    name = said(window.prediction_label)
    assert name == f"Answer: 2026, {spoken_percent(answer.confidence)} sure"
    index = window.selected_digit_index()
    assert said(window.prediction_label, Text.Description).startswith(f"Digit {index + 1} of 4: ")
    assert said(window.confidence_label) == window.confidence_label.text()


def test_a_single_digit_says_its_digit_and_how_sure(window: MainWindow) -> None:
    strokes = SEVEN
    mouse_press(window.pad, strokes[0])
    for point in strokes[1:]:
        mouse_move(window.pad, point)
    mouse_release(window.pad, strokes[-1])
    confidence = window.answer().parts[0].reading.confidence
    assert said(window.prediction_label) == f"Answer: 7, {spoken_percent(confidence)} sure"


def test_each_bar_of_the_chart_says_its_digit_and_percentage(window: MainWindow) -> None:
    draw_ink(window.pad, compose("2026")[0])
    chart = QAccessible.queryAccessibleInterface(window.chart)
    names = [chart.child(i).text(Text.Name) for i in range(chart.childCount())]
    shown = window.probabilities()
    assert names == [f"{digit}: {percent(float(shown[digit]))}" for digit in range(10)]
    winner = window.chart.winner()
    assert said(window.chart.bars[winner], Text.Description).endswith("the answer")


def test_the_selected_digit_is_said_on_the_strip(window: MainWindow) -> None:
    draw_ink(window.pad, compose("2026")[0])
    window.select_digit(1)
    strip = QAccessible.queryAccessibleInterface(window.digit_strip)
    assert strip.text(Text.Description).startswith("Selected: Digit 2 of 4: 0")
    button = QAccessible.queryAccessibleInterface(window.digit_strip.buttons()[1])
    assert button.text(Text.Name) == "Digit 2: 0"
    assert button.state().checked


def test_a_new_answer_is_announced_once_when_the_pen_lifts(window: MainWindow) -> None:
    sent = []
    window.answer_panel.announcer.sent.connect(sent.append)
    mouse_press(window.pad, SEVEN[0])
    for point in SEVEN[1:]:
        mouse_move(window.pad, point)
        window.update_prediction()  # a live update each frame: nothing said while drawing
    assert sent == []
    mouse_release(window.pad, SEVEN[-1])
    assert len(sent) == 1
    event = sent[0]
    assert isinstance(event, QAccessibleAnnouncementEvent)
    assert event.type() == QAccessible.Event.Announcement
    assert event.politeness() == QAccessible.AnnouncementPoliteness.Polite
    assert event.object() is window.prediction_label
    assert event.message() == said(window.prediction_label)
    window.update_prediction()  # the same answer again: not said twice
    assert len(sent) == 1


def test_choosing_another_digit_is_announced_with_the_digit(window: MainWindow) -> None:
    draw_ink(window.pad, compose("2026")[0])
    sent = []
    window.answer_panel.announcer.sent.connect(sent.append)
    window.step_digit(-10)  # Home
    assert len(sent) == 1
    assert sent[0].message().startswith(said(window.prediction_label) + ". Digit 1 of 4: 2")
