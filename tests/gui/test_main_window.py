"""The whole window with the real model: drawing, opening, dropping, pasting, saving."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from digitpad import __version__
from digitpad.gui.answer_wording import percent
from digitpad.gui.main_window import MainWindow
from digitpad.ink import Ink, load_ink
from digitpad.input_files import array_from_file
from digitpad.preprocess import ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import PersonalRecognizer
from tests.data.bad_inputs import bomb_png
from tests.data.samples import NAMES, SAMPLES
from tests.data.samples import sample as sample_file

from .child import run_child
from .conftest import open_window
from .drawing import draw_ink, fit_ink, mouse_move, mouse_press, mouse_release, mouse_stroke

SEVEN = [(80.0, 80.0), (200.0, 80.0), (190.0, 110.0), (150.0, 200.0), (130.0, 300.0)]


def label(window: MainWindow) -> str:
    return window.findChild(QLabel, "predictionLabel").text()


def draw_something(window: MainWindow) -> None:
    mouse_stroke(window.pad, SEVEN)
    assert label(window) != ""


# ------------------------------------------------------------------ answers


def test_object_names_the_issue_asks_for(window: MainWindow) -> None:
    for name in (
        "drawingPad",
        "confidenceChart",
        "predictionLabel",
        "modelInputPreview",
        "openImageButton",
    ):
        assert window.findChild(object, name) is not None, name


def test_empty_pad_shows_no_answer(window: MainWindow) -> None:
    assert label(window) == ""
    assert window.confidence_label.text() == ""
    assert window.chart.probabilities() is None
    assert window.preview.image() is None
    assert not window.copy_action.isEnabled()


def test_real_pen_digits_drawn_with_the_mouse_are_read(
    qtbot, window: MainWindow, unipen, recognizer
) -> None:  # type: ignore[no-untyped-def]
    # Rule, not hand-picking: per digit, the first UNIPEN sample the model reads
    # right with a clear margin straight from its ink.
    chosen = {}
    for sample in unipen:
        if sample.label in chosen or len(sample.ink.points) > 400:
            continue
        if recognizer.predict(ink_to_array(sample.ink))[sample.label] > 0.9:
            chosen[sample.label] = sample
        if len(chosen) == 10:
            break
    assert len(chosen) == 10
    shown = {}
    for digit, sample in sorted(chosen.items()):
        window.clear()
        draw_ink(window.pad, sample.ink)
        shown[digit] = label(window)
        assert window.chart.winner() == int(shown[digit][0])
    assert shown == {digit: str(digit) for digit in range(10)}


def test_answer_updates_while_the_pen_moves_and_when_it_lifts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    mouse_press(window.pad, SEVEN[0])
    with qtbot.waitSignal(window.predictionUpdated, timeout=10_000):
        for point in SEVEN[1:3]:
            mouse_move(window.pad, point)
    assert window.pad.is_drawing()
    assert label(window) != ""  # an answer before the pen lifts
    live_input = window.model_input()
    for point in SEVEN[3:]:
        mouse_move(window.pad, point)
    with qtbot.waitSignal(window.predictionUpdated, timeout=10_000):
        mouse_release(window.pad, SEVEN[-1])
    assert not window.pad.is_drawing()
    assert not np.array_equal(window.model_input(), live_input)
    np.testing.assert_allclose(window.model_input(), ink_to_array(window.pad.ink()))


#: Time between the pen's moves in the live-answer test: a fast pen, well under one frame.
MOVE_MS = 4


def test_answers_come_while_the_pen_keeps_moving_at_most_one_a_frame(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """A stroke drawn in real time, the event loop running between the moves, as a pen does.

    An answer is "live" when it came less than a frame after the previous move and more
    moves followed: the pen never paused for it. A timer restarted by every move would
    answer only a full frame after the last move, so it shows no live answer.
    """
    screen = QGuiApplication.primaryScreen()
    frame = 1.0 / (screen.refreshRate() or 60.0)
    points = [(60.0 + 2 * i, 80.0 + (i % 30) * 4) for i in range(90)]
    moves: list[float] = []
    answers: list[tuple[float, bool]] = []
    window.predictionUpdated.connect(
        lambda: answers.append((time.monotonic(), window.pad.is_drawing()))
    )
    remaining = iter(points[1:])

    def next_move() -> None:
        point = next(remaining, None)
        if point is None:
            pen.stop()
            return
        mouse_move(window.pad, point)
        moves.append(time.monotonic())

    pen = QTimer()
    pen.setTimerType(Qt.TimerType.PreciseTimer)
    pen.setInterval(MOVE_MS)
    pen.timeout.connect(next_move)
    mouse_press(window.pad, points[0])
    pen.start()
    qtbot.waitUntil(lambda: not pen.isActive(), timeout=60_000)
    during = [t for t, drawing in answers if drawing and moves[0] <= t <= moves[-1]]
    live = [
        t
        for t in during
        if t - max(m for m in moves if m <= t) < 0.75 * frame and any(m > t for m in moves)
    ]
    assert len(live) >= 3, (
        f"{len(during)} answers during a {len(moves)}-move stroke, {len(live)} while the pen "
        "kept moving: the answer waits for the pen to pause"
    )
    stroke_frames = (moves[-1] - moves[0]) / frame
    assert len(during) <= 1.1 * stroke_frames + 2, (
        f"{len(during)} answers in {stroke_frames:.1f} frames: more than one a frame"
    )
    with qtbot.waitSignal(window.predictionUpdated, timeout=10_000):
        mouse_release(window.pad, points[-1])
    assert label(window) != ""


def test_shows_the_models_own_answer_and_the_runner_up_when_unsure(
    window: MainWindow, recognizer
) -> None:  # type: ignore[no-untyped-def]
    draw_something(window)
    expected = recognizer.predict(ink_to_array(window.pad.ink()))
    np.testing.assert_allclose(window.probabilities(), expected, rtol=1e-5)
    digit = int(np.argmax(expected))
    assert label(window).startswith(str(digit))
    assert percent(float(expected[digit])) in window.confidence_label.text()


def morph(a: int, b: int, t: float) -> Ink:
    """The sample digit ``a`` turned a share ``t`` of the way into sample ``b``, stroke by stroke."""

    def strokes(digit: int) -> list[np.ndarray]:
        ink = load_ink(sample_file(digit, ".ink.json"))
        low = ink.points[:, :2].min(axis=0)
        size = float((ink.points[:, :2].max(axis=0) - low).max())
        return [_resampled((s[:, :2] - low) / size * 100) for s in ink.strokes]

    return Ink(tuple((1 - t) * x + t * y for x, y in zip(strokes(a), strokes(b), strict=True)))


def _resampled(stroke: np.ndarray, count: int = 40) -> np.ndarray:
    along = np.r_[0, np.cumsum(np.linalg.norm(np.diff(stroke, axis=0), axis=1))]
    at = np.linspace(0, along[-1], count)
    return np.c_[np.interp(at, along, stroke[:, 0]), np.interp(at, along, stroke[:, 1])]


#: Pairs of one-stroke samples whose in-between drawings the model hesitates over.
MORPHS = ((1, 6), (3, 9), (6, 7), (7, 9), (0, 1))


def test_an_ambiguous_drawing_is_shown_as_unsure(qtbot, window: MainWindow, recognizer) -> None:  # type: ignore[no-untyped-def]
    # Unsure on purpose: of drawings half-way between two digits, the one the model finds
    # closest to a coin toss between two digits (judged here by the README's rule, not by
    # the app's code).
    candidates = []
    for a, b in MORPHS:
        for t in np.linspace(0.0, 1.0, 41):
            probabilities = recognizer.predict(ink_to_array(morph(a, b, float(t))))
            first, second = np.argsort(probabilities)[::-1][:2]
            gap = float(probabilities[first] - probabilities[second])
            if first < 10 and second < 10 and float(probabilities[10:].sum()) < 0.05:
                candidates.append((gap, a, b, float(t), int(first), int(second)))
    gap, a, b, t, first, second = min(candidates)
    assert gap < 0.25, f"no in-between drawing leaves the model unsure (closest gap {gap:.2f})"
    for stroke in fit_ink(morph(a, b, t), window.pad.width(), window.pad.height()):
        mouse_stroke(window.pad, stroke)
    assert label(window) == f"{first}?"
    detail = window.confidence_label.text()
    assert detail.startswith(f"Not sure: {first} (")
    assert f" or {second} (" in detail


def test_undo_redo_clear_actions_follow_the_pad(window: MainWindow) -> None:
    assert not window.undo_action.isEnabled()
    assert not window.redo_action.isEnabled()
    assert not window.clear_action.isEnabled()
    draw_something(window)
    assert window.undo_action.isEnabled()
    assert window.clear_action.isEnabled()
    window.undo_action.trigger()
    assert label(window) == ""
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    assert label(window) != ""
    window.clear_action.trigger()
    assert window.pad.is_empty()
    assert label(window) == ""
    assert window.chart.probabilities() is None


def test_keyboard_shortcuts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    assert window.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.copy_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    assert window.paste_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Paste)
    assert {QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)} <= set(
        window.clear_action.shortcuts()
    )
    undo_keys = window.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert undo_keys in window.undo_action.toolTip()
    window.activateWindow()
    qtbot.waitActive(window)
    draw_something(window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.pad.is_empty()
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not window.pad.is_empty()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pad.is_empty()


@pytest.mark.parametrize(
    "redo_keys",
    [
        (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y),
        (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z),
    ],
    ids=["ctrl+y", "ctrl+shift+z"],
)
def test_redo_keys_bring_back_the_same_strokes_and_answer(
    qtbot, window: MainWindow, redo_keys: tuple[Qt.KeyboardModifier, Qt.Key]
) -> None:  # type: ignore[no-untyped-def]
    """README: Undo (Ctrl+Z), Redo (Ctrl+Shift+Z or Ctrl+Y); each key on its own."""
    window.activateWindow()
    qtbot.waitActive(window)
    mouse_stroke(window.pad, SEVEN)
    mouse_stroke(window.pad, [(120.0, 190.0), (190.0, 190.0)])  # the 7's cross bar
    strokes, answer = window.pad.history.strokes, label(window)
    assert len(strokes) == 2
    modifiers, key = redo_keys
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.pad.is_empty()
    assert label(window) == ""
    qtbot.keyClick(window, key, modifiers)
    assert window.pad.history.strokes == strokes[:1]
    qtbot.keyClick(window, key, modifiers)
    assert window.pad.history.strokes == strokes
    assert label(window) == answer
    assert not window.redo_action.isEnabled()


def test_copy_result_puts_the_digit_on_the_clipboard(window: MainWindow) -> None:
    draw_something(window)
    window.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == str(window.predicted_digit())


def test_pen_width_choice_is_remembered(qtbot) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot)
    first.pen_width.setValue(23)
    assert first.pad.pen_width() == 23
    first.resize(700, 500)
    first.close()
    second = open_window(qtbot)
    assert second.pen_width.value() == 23
    assert second.pad.pen_width() == 23
    assert second.size().width() == 700


def test_about_summarises_the_model_card_and_shows_all_of_it_on_request(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from digitpad.gui.about import FULL_CARD_LINK, SUMMARY_LINK
    from digitpad.reader.digit_model import load_model_card

    card = load_model_card()
    dialog = window.show_about()
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    assert f"digitpad {__version__}" in text
    assert "Trained on 60,000 MNIST digits" in text
    mnist = card["scores"]["mnist_test"]["accuracy"]
    assert f"MNIST test digits (10,000)\n{mnist:.2%} read right" in text
    assert "answered “not a digit”" in text
    assert card["created"][:10] in text
    assert "History" not in text  # the raw card's tables are not the summary
    # The line model (numbers in pictures), from its own card.
    assert "by a second model, the line model, trained on 540 real cheque amounts" in text
    dialog.browser.anchorClicked.emit(QUrl(FULL_CARD_LINK))
    full = dialog.browser.toPlainText()
    for key in card:
        assert key.replace("_", " ").capitalize() in full
    assert "The line model" in full
    assert "Car a tuning amounts" in full
    dialog.browser.anchorClicked.emit(QUrl(SUMMARY_LINK))
    assert dialog.browser.toPlainText() == text
    dialog.close()


# ------------------------------------------------------------------ opening


@pytest.mark.parametrize("name", ["three", "seven"])
def test_open_picture_shows_it_with_the_models_answer(
    window: MainWindow, recognizer, name: str
) -> None:  # type: ignore[no-untyped-def]
    path = SAMPLES / f"{name}.png"
    assert window.open_path(path)
    assert window.pad.picture() is not None
    expected = recognizer.predict(array_from_file(path))
    assert label(window).startswith(str(int(np.argmax(expected))))
    np.testing.assert_allclose(window.model_input(), array_from_file(path))
    assert name in window.statusBar().currentMessage()
    # Dragging on a picture boxes a part of it; Clear goes back to the whole picture,
    # and Clear again to an empty pad to draw on.
    mouse_stroke(window.pad, SEVEN)
    assert window.pad.picture() is not None
    assert window.pad.region() is not None
    window.clear_action.trigger()
    assert window.pad.picture() is not None
    assert window.pad.region() is None
    window.clear_action.trigger()
    assert window.pad.picture() is None
    mouse_stroke(window.pad, SEVEN)
    np.testing.assert_allclose(window.model_input(), ink_to_array(window.pad.ink()))


@pytest.mark.parametrize("suffix", [".png", ".ink.json"])
def test_samples_are_read_right(window: MainWindow, suffix: str) -> None:
    shown = {}
    for digit, name in enumerate(NAMES):
        assert window.open_path(SAMPLES / f"{name}{suffix}")
        shown[digit] = label(window)
    assert shown == {digit: str(digit) for digit in range(10)}


def test_clear_after_a_picture_returns_to_an_empty_pad(window: MainWindow) -> None:
    window.open_path(SAMPLES / "four.png")
    window.clear_action.trigger()
    assert window.pad.is_empty()
    assert label(window) == ""


def test_save_ink_and_open_it_again_restores_editable_strokes(
    tmp_path: Path, window: MainWindow
) -> None:
    draw_something(window)
    mouse_stroke(window.pad, [(60.0, 190.0), (220.0, 190.0)])
    before, answer = window.pad.ink(), label(window)
    path = tmp_path / "mine.ink.json"
    assert window.save_path(path)
    window.clear()
    assert window.open_path(path)
    after = window.pad.ink()
    assert len(after.strokes) == 2
    for a, b in zip(after.strokes, before.strokes, strict=True):
        np.testing.assert_allclose(a, b)
    assert label(window) == answer
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # editable: undo brings back the cleared pad
    assert window.pad.is_empty()


def test_save_png_gives_a_picture_read_as_the_same_digit(
    tmp_path: Path, window: MainWindow, unipen
) -> None:  # type: ignore[no-untyped-def]
    draw_ink(window.pad, next(s.ink for s in unipen if s.label == 0))
    answer = label(window)
    path = tmp_path / "mine.png"
    assert window.save_path(path)
    assert QImage(str(path)).width() == window.pad.width()
    window.clear()
    assert window.open_path(path)
    assert label(window)[:1] == answer[:1]


# ------------------------------------------------------- dialogs and settings


def answer_file_dialog(choose: Callable[[QFileDialog], None]) -> list[str]:
    """Answer the next file dialog the window opens, as a person would; returns its folder.

    The dialog runs its own event loop (exec), so the answer is scheduled before
    the action that opens it and runs inside that loop.
    """
    seen: list[str] = []

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if tries < 600:  # 30 s for the dialog to show; the test then fails on `seen`
                QTimer.singleShot(50, lambda: answer(tries + 1))
            return
        seen.append(dialog.directory().absolutePath())
        choose(dialog)

    QTimer.singleShot(0, answer)
    return seen


def test_open_dialog_starts_in_the_last_folder_and_opens_the_chosen_file(
    tmp_path: Path, window: MainWindow
) -> None:
    folder = tmp_path / "Zahlen é"
    folder.mkdir()
    shutil.copy(SAMPLES / "three.png", folder)
    assert window.open_path(folder / "three.png")

    def choose(dialog: QFileDialog) -> None:
        dialog.selectFile(str(SAMPLES / "seven.png"))
        dialog.accept()

    seen = answer_file_dialog(choose)
    window.open_action.trigger()
    assert seen == [str(folder)], "the Open dialog did not show in the last folder"
    assert window.pad.picture() is not None
    assert label(window) == "7"
    assert "seven.png" in window.statusBar().currentMessage()


def test_open_dialog_cancelled_keeps_the_drawing(window: MainWindow) -> None:
    draw_something(window)
    strokes, answer = window.pad.history.strokes, label(window)
    seen = answer_file_dialog(QFileDialog.reject)
    window.open_action.trigger()
    assert len(seen) == 1
    assert window.pad.history.strokes == strokes
    assert label(window) == answer
    assert not window.message_banner.isVisible()


@pytest.mark.parametrize(
    ("file_type", "suffix"), [("PNG picture", ".png"), ("digitpad drawing", ".ink.json")]
)
def test_save_dialog_adds_the_suffix_of_the_chosen_type(
    tmp_path: Path, window: MainWindow, file_type: str, suffix: str
) -> None:
    draw_something(window)
    answer, strokes = label(window), window.pad.history.strokes

    def choose(dialog: QFileDialog) -> None:
        [name_filter] = [f for f in dialog.nameFilters() if f.startswith(file_type)]
        dialog.selectNameFilter(name_filter)
        dialog.selectFile(str(tmp_path / "mine"))  # typed without a suffix
        dialog.accept()

    seen = answer_file_dialog(choose)
    window.save_action.trigger()
    assert len(seen) == 1, "no Save dialog showed"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"mine{suffix}"]
    assert f"Saved mine{suffix}" in window.statusBar().currentMessage()
    window.clear()
    assert window.open_path(tmp_path / f"mine{suffix}")
    assert label(window) == answer
    if suffix == ".ink.json":
        assert window.pad.history.strokes == strokes


@pytest.mark.parametrize("where", ["missing folder", "folder in the way"])
def test_a_failed_save_says_so_and_keeps_the_drawing(
    tmp_path: Path, window: MainWindow, where: str
) -> None:
    draw_something(window)
    strokes, answer = window.pad.history.strokes, label(window)
    if where == "missing folder":
        path = tmp_path / "gone" / "mine.png"
    else:
        path = tmp_path / "mine.ink.json"
        path.mkdir()
    assert not window.save_path(path)
    assert window.message_banner.isVisible()
    assert window.message_banner.text().startswith(f"Cannot save {path.name}:")
    assert "Traceback" not in window.message_banner.text()
    assert window.pad.history.strokes == strokes
    assert label(window) == answer
    assert not (tmp_path / "gone").exists()


RESTART_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from digitpad.app import create_window

app = QApplication(sys.argv)
window = create_window()
window.show()
app.processEvents()
if sys.argv[1] == "first run":
    window.pen_width.setValue(23)
    window.resize(600, 420)  # above the minimum width (562: the side panel and its scroll bar)
    window.move(61, 43)
    app.processEvents()
    assert window.open_path(sys.argv[2])
    window.close()
    print(json.dumps({}))
else:
    seen = {}

    def look_at_the_dialog():
        dialog = app.activeModalWidget()
        seen["dialog_folder"] = dialog.directory().absolutePath()
        dialog.reject()

    QTimer.singleShot(0, look_at_the_dialog)
    window.open_action.trigger()
    seen.update(pen=window.pen_width.value(), pad_pen=window.pad.pen_width(),
                position=[window.pos().x(), window.pos().y()],
                size=[window.width(), window.height()])
    window.close()
    print(json.dumps(seen))
"""


def test_last_folder_window_place_and_pen_width_come_back_after_a_restart(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Zahlen é"
    folder.mkdir()
    shutil.copy(SAMPLES / "seven.png", folder)
    config = tmp_path / "config"
    run_child(RESTART_CHILD, config, "first run", str(folder / "seven.png"))
    again = run_child(RESTART_CHILD, config, "second run")
    assert again["dialog_folder"] == str(folder)
    assert again["pen"] == 23
    assert again["pad_pen"] == 23
    assert again["position"] == [61, 43]
    assert again["size"] == [600, 420]


def test_save_without_a_drawing_says_so(tmp_path: Path, window: MainWindow) -> None:
    assert not window.save_action.isEnabled()
    assert not window.save_path(tmp_path / "x.png")
    assert window.message_banner.isVisible()


def test_open_ink_sample(window: MainWindow) -> None:
    assert window.open_path(SAMPLES / "seven.ink.json")
    assert window.pad.has_strokes()
    assert label(window) != ""


BAD_FILES = {
    "zero bytes": (b"", "empty.png", "empty"),
    "random bytes": (np.random.default_rng(13).bytes(4096), "noise.png", "not a picture"),
    "truncated png": (None, "cut.png", "damaged"),
    "text named png": (b"hello, this is not a picture\n" * 20, "text.png", "text"),
    "huge declared size": (bomb_png(100_000, 100_000), "huge.png", "too large"),
    "broken ink": (b'{"strokes": [[[1, "x"]]]}', "bad.ink.json", "not a number"),
}


@pytest.mark.parametrize("case", [*BAD_FILES, "missing path", "folder"])
def test_bad_file_keeps_the_drawing_and_says_why(
    tmp_path: Path, window: MainWindow, case: str
) -> None:
    draw_something(window)
    strokes, answer = window.pad.history.strokes, label(window)
    if case == "missing path":
        path, words = tmp_path / "nowhere.png", "does not exist"
    elif case == "folder":
        path, words = tmp_path, "folder"
    else:
        data, name, words = BAD_FILES[case]
        if data is None:
            data = (SAMPLES / "eight.png").read_bytes()[:200]
        path = tmp_path / name
        path.write_bytes(data)
    assert not window.open_path(path)
    assert window.message_banner.isVisible()
    message = window.message_banner.text()
    assert words in message.lower()
    assert path.name in message
    assert "Traceback" not in message
    assert words in window.statusBar().currentMessage().lower()
    assert window.pad.history.strokes == strokes
    assert label(window) == answer
    # Drawing on dismisses the message.
    mouse_stroke(window.pad, [(30.0, 30.0), (40.0, 40.0)])
    assert not window.message_banner.isVisible()


# --------------------------------------------------------------- drop/paste


def drop(window: MainWindow, mime: QMimeData) -> None:
    """Drag over the window, then drop: the event sequence a real drag delivers."""
    enter = QDragEnterEvent(
        QPoint(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


def urls(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) if isinstance(p, Path) else QUrl(p) for p in paths])
    return mime


@pytest.mark.parametrize("name", ["six.png", "three.ink.json"])
def test_drop_a_file_reads_its_digit(window: MainWindow, name: str) -> None:
    drop(window, urls(SAMPLES / name))
    assert (window.pad.picture() is not None) == name.endswith(".png")
    assert window.pad.has_strokes() == name.endswith(".ink.json")
    assert label(window) == {"six.png": "6", "three.ink.json": "3"}[name]


def test_drop_a_picture_itself_reads_its_digit(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setImageData(QImage(str(SAMPLES / "five.png")))
    drop(window, mime)
    assert window.pad.picture() is not None
    assert label(window) == "5"


def test_drop_several_files_opens_the_first_readable(tmp_path: Path, window: MainWindow) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"junk")
    drop(window, urls(bad, SAMPLES / "two.png", SAMPLES / "five.png"))
    assert window.pad.picture() is not None
    assert label(window) == "2"
    np.testing.assert_allclose(window.model_input(), array_from_file(SAMPLES / "two.png"))
    assert "two.png" in window.statusBar().currentMessage()


def test_drop_a_folder_opens_its_first_readable_file(tmp_path: Path, window: MainWindow) -> None:
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "b.png").write_bytes((SAMPLES / "nine.png").read_bytes())
    drop(window, urls(tmp_path))
    np.testing.assert_allclose(window.model_input(), array_from_file(tmp_path / "b.png"))


@pytest.mark.parametrize(
    ("mime_kind", "words"),
    [("web", "web addresses"), ("text", "text"), ("empty folder", "no pictures")],
)
def test_unusable_drops_say_why_and_keep_the_drawing(
    tmp_path: Path, window: MainWindow, mime_kind: str, words: str
) -> None:
    draw_something(window)
    strokes = window.pad.history.strokes
    if mime_kind == "web":
        mime = urls("https://example.com/digit.png")
    elif mime_kind == "text":
        mime = QMimeData()
        mime.setText("seven")
    else:
        mime = urls(tmp_path)
    drop(window, mime)
    assert words in window.message_banner.text()
    assert window.pad.history.strokes == strokes


def test_paste_a_picture_from_the_clipboard(window: MainWindow) -> None:
    picture = QImage(str(SAMPLES / "eight.png"))
    QGuiApplication.clipboard().setImage(picture)
    window.paste_action.trigger()
    assert window.pad.picture() is not None
    assert label(window) == "8"
    np.testing.assert_allclose(window.model_input(), array_from_file(SAMPLES / "eight.png"))


@pytest.mark.parametrize("name", ["nine.png", "four.ink.json"])
def test_paste_copied_files_reads_their_digit(window: MainWindow, name: str) -> None:
    """Files copied in a file manager arrive as a list of file addresses."""
    draw_something(window)
    QGuiApplication.clipboard().setMimeData(urls(SAMPLES / name))
    window.paste_action.trigger()
    assert not window.message_banner.isVisible()
    assert label(window) == {"nine.png": "9", "four.ink.json": "4"}[name]
    if name.endswith(".ink.json"):
        assert window.pad.picture() is None  # opens as editable strokes
        assert len(window.pad.ink().strokes) == len(load_ink(SAMPLES / name).strokes)
    else:
        assert window.pad.picture() is not None
    assert name in window.statusBar().currentMessage()


def test_paste_with_an_empty_clipboard_says_so_and_keeps_the_drawing(window: MainWindow) -> None:
    draw_something(window)
    strokes, answer = window.pad.history.strokes, label(window)
    QGuiApplication.clipboard().clear()
    window.paste_action.trigger()
    assert window.message_banner.isVisible()
    assert window.message_banner.text() == "The clipboard holds no picture to read."
    assert window.pad.history.strokes == strokes
    assert label(window) == answer


def test_paste_text_says_there_is_no_picture(window: MainWindow) -> None:
    draw_something(window)
    QGuiApplication.clipboard().setText("not a picture")
    window.paste_action.trigger()
    assert window.message_banner.isVisible()
    assert window.pad.has_strokes()


# ------------------------------------------------------------------- model


@pytest.mark.parametrize("content", [None, b"", b"\x00garbage" * 100])
def test_window_works_without_a_model(qtbot, tmp_path: Path, content: bytes | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.tflite"
    if content is not None:
        path.write_bytes(content)
    window = open_window(qtbot, path)
    assert window.model_error is not None
    assert window.model_banner.isVisible()
    assert "No predictions" in window.model_banner.text()
    assert window.model_error in window.model_banner.text()
    mouse_stroke(window.pad, SEVEN)
    assert window.pad.has_strokes()
    assert label(window) == ""
    assert window.preview.image() is not None  # preprocessing still shows what it would read
    assert window.open_path(SAMPLES / "one.png")  # pictures still open


def test_model_loads_in_the_background(qtbot) -> None:  # type: ignore[no-untyped-def]
    from digitpad.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    assert window.recognizer is None  # not loaded yet: the window does not wait
    with qtbot.waitSignal(window.modelStateChanged, timeout=30_000) as blocker:
        window.show()
    assert blocker.args == [True]
    # The model, read through the person's (here empty) handwriting profile.
    assert isinstance(window.recognizer, PersonalRecognizer)
    assert isinstance(window.recognizer.base, LiteRTRecognizer)


# ------------------------------------------------------------------ not a digit


def test_a_doodle_is_answered_not_a_digit_with_no_digit_and_no_highlight(
    window: MainWindow,
) -> None:  # type: ignore[no-untyped-def]
    """A zig-zag drawn with the mouse: the ten-class model said "2, >99% sure"."""
    mouse_stroke(window.pad, [(60, 80), (110, 240), (160, 80), (210, 240), (260, 80), (280, 200)])
    assert window.prediction_label.text() == "—"
    assert window.confidence_label.text() == "That doesn't look like a digit."
    assert window.predicted_digit() is None
    assert window.chart.probabilities() is not None  # the bars still show the ten digits
    assert window.chart.winner() is None  # but none is marked as the answer
    assert not window.copy_action.isEnabled()  # there is no digit to copy


def test_drawing_on_from_a_doodle_to_a_digit_brings_the_answer_back(
    window: MainWindow,
) -> None:  # type: ignore[no-untyped-def]
    mouse_stroke(window.pad, [(60, 80), (110, 240), (160, 80), (210, 240), (260, 80), (280, 200)])
    assert window.predicted_digit() is None
    window.clear()
    draw_ink(window.pad, load_ink(SAMPLES / "seven.ink.json"))
    assert window.predicted_digit() == 7
    assert window.chart.winner() == 7
    assert window.copy_action.isEnabled()
