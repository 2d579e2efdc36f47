"""Teaching the window one's handwriting: keys 0-9, Correct the Answer, Your Handwriting….

Real window, real model, real profile files (in a temporary folder: see
``isolated_profile`` in conftest).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from digitpad.gui.main_window import MainWindow
from digitpad.handwriting_profile import PROFILE_FILE, Profile
from digitpad.ink import load_ink
from tests.data.composed_numbers import compose
from tests.data.samples import sample
from tests.gui.conftest import open_window
from tests.gui.drawing import draw_ink

pytestmark = pytest.mark.usefixtures("features_model")


@pytest.fixture
def features_model(window: MainWindow) -> None:
    if window.recognizer is None or window.recognizer.problem is not None:
        pytest.fail(f"the bundled model must give features: {window.recognizer}")


def draw_sample(window: MainWindow, digit: int) -> None:
    draw_ink(window.pad, load_ink(sample(digit, ".ink.json")))


def test_a_taught_digit_is_read_as_taught_at_once(window: MainWindow) -> None:
    draw_sample(window, 1)
    assert window.predicted_digit() == 1
    assert window.correction.actions[7].isEnabled()
    window.correction.actions[7].trigger()  # "that is a 7", as this person writes it
    assert window.predicted_digit() == 7
    profile = Profile.load()
    assert [e.label for e in profile.examples] == [7]
    assert profile.examples[0].kind == "ink"
    assert window.statusBar().currentMessage() == (
        "Learnt: this drawing is a 7; 1 example of your 7."
    )
    draw_sample(window, 1)  # a second one, drawn over: a new drawing
    window.clear()
    draw_sample(window, 1)
    window.teach(7)
    assert "; 2 examples of your 7." in window.statusBar().currentMessage()


def test_undo_right_after_teaching_undoes_the_teaching(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    draw_sample(window, 1)
    strokes = len(window.pad.ink().strokes)
    window.teach(7)
    assert window.predicted_digit() == 7
    assert window.undo_action.isEnabled()
    assert window.undo_action.toolTip() == "Undo teaching that this is a 7"
    window.pad.setFocus()
    qtbot.waitUntil(window.pad.hasFocus)
    QTest.keySequence(window.pad, window.undo_action.shortcut())  # Ctrl+Z
    assert len(Profile.load()) == 0
    assert window.predicted_digit() == 1  # read the model's way again
    assert len(window.pad.ink().strokes) == strokes  # the drawing is kept
    assert "no longer learns this as a 7" in window.statusBar().currentMessage()
    assert window.undo_action.toolTip() == "Undo the last stroke"
    window.undo_action.trigger()  # the next undo is the pad's: the last stroke
    assert len(window.pad.ink().strokes) == strokes - 1
    assert len(Profile.load()) == 0


def test_undo_after_drawing_on_undoes_the_stroke_and_keeps_the_teaching(
    window: MainWindow,
) -> None:
    draw_sample(window, 1)
    window.teach(7)
    window.clear()
    draw_sample(window, 4)
    strokes = len(window.pad.ink().strokes)
    window.undo_action.trigger()
    assert len(window.pad.ink().strokes) == strokes - 1
    assert [e.label for e in Profile.load().examples] == [7]


def test_a_drawing_taught_as_two_digits_keeps_the_latest_and_shows_the_conflict(
    window: MainWindow,
) -> None:
    draw_sample(window, 1)
    window.teach(7)
    window.teach(2)  # changed their mind: the same drawing is a 2
    assert window.predicted_digit() == 2
    assert window.statusBar().currentMessage() == (
        "Learnt: this drawing is a 2; 1 example of your 2. "
        "It replaces the 7 you taught for it before."
    )
    dialog = window.show_profile()
    assert [dialog.examples.item(i).text() for i in range(2)] == ["7, now 2", "2"]
    assert "taught later as 2" in dialog.examples.item(0).toolTip()
    assert "1 drawing taught as two different digits" in dialog.status.text()
    dialog.examples.item(1).setSelected(True)
    dialog.remove_selected()  # the 2 was the mistake
    assert window.predicted_digit() == 7
    assert [dialog.examples.item(i).text() for i in range(1)] == ["7"]
    assert "two different digits" not in dialog.status.text()


def test_the_digit_keys_teach_while_there_is_an_answer(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not window.correction.actions[3].isEnabled()  # nothing to correct yet
    draw_sample(window, 5)
    window.pad.setFocus()
    qtbot.waitUntil(window.pad.hasFocus)
    QTest.keyClick(window.pad, Qt.Key.Key_3)
    assert [e.label for e in Profile.load().examples] == [3]
    assert window.predicted_digit() == 3


def test_typing_a_pen_width_teaches_nothing(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    draw_sample(window, 5)
    window.pen_width.setFocus()
    qtbot.waitUntil(window.pen_width.hasFocus)
    window.pen_width.selectAll()
    QTest.keyClicks(window.pen_width, "20")
    assert window.pen_width.value() == 20
    assert len(Profile.load()) == 0


def test_other_drawings_keep_their_answers(window: MainWindow) -> None:
    draw_sample(window, 1)
    window.teach(7)
    for digit in (0, 2, 3, 4, 5, 6, 8, 9):
        window.clear()
        draw_sample(window, digit)
        assert window.predicted_digit() == digit


def test_the_selected_digit_of_a_number_is_taught_as_a_picture(window: MainWindow) -> None:
    ink, _ = compose("2026")
    draw_ink(window.pad, ink)
    answer = window.answer()
    assert answer is not None
    assert answer.is_number
    window.select_digit(1)
    assert window.teach(8)
    (example,) = Profile.load().examples
    assert example.label == 8
    assert example.kind == "picture"
    assert window.answer() is not None
    assert window.answer().text == "2826"  # the whole number read again at once
    assert window.selected_digit_index() == 1
    assert window.statusBar().currentMessage() == (
        "Learnt: this digit is an 8; 1 example of your 8."
    )


def test_an_opened_picture_is_read_again_after_teaching(window: MainWindow) -> None:
    """An opened picture's answer is kept between readings; teaching drops it, so the
    picture reads as taught at once (and as the model reads it once the example is gone)."""
    assert window.open_path(sample(1))
    assert window.predicted_digit() == 1
    assert window.teach(7)
    assert window.predicted_digit() == 7
    dialog = window.show_profile()
    dialog.forget_all()
    assert window.predicted_digit() == 1


def test_the_profile_dialog_removes_forgets_exports_and_imports(
    window: MainWindow, tmp_path: Path
) -> None:
    draw_sample(window, 1)
    window.teach(7)
    window.clear()
    draw_sample(window, 4)
    window.teach(9)
    dialog = window.show_profile()
    assert dialog.examples.count() == 2
    assert [dialog.examples.item(i).text() for i in range(2)] == ["7", "9"]
    assert "2 examples in use" in dialog.status.text()

    dialog.export_to(str(tmp_path / "mine"))
    assert len(list((tmp_path / "mine").iterdir())) == 2

    dialog.examples.item(1).setSelected(True)
    dialog.remove_selected()
    assert [e.label for e in Profile.load().examples] == [7]
    assert window.predicted_digit() == 4  # the 9 it was taught is gone

    dialog.forget_all()
    assert len(Profile.load()) == 0
    assert dialog.examples.count() == 0
    assert "No examples" in dialog.status.text()

    dialog.import_from(str(tmp_path / "mine"))
    assert sorted(e.label for e in Profile.load().examples) == [7, 9]
    assert window.predicted_digit() == 9
    assert "Imported 2 examples" in dialog.status.text()


def test_a_damaged_profile_is_set_aside_with_a_message(qtbot, isolated_profile: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated_profile / PROFILE_FILE).write_text("{ this is not a profile", encoding="utf-8")
    window = open_window(qtbot)
    assert window.message_banner.isVisible()
    assert "profile" in window.message_banner.text().lower()
    assert any(p.name.startswith("profile-damaged") for p in isolated_profile.iterdir())
    draw_sample(window, 3)
    assert window.predicted_digit() == 3  # the bundled model reads on
    assert window.teach(3)  # and a fresh profile takes new examples
    assert len(Profile.load()) == 1
