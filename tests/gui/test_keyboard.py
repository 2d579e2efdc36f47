"""The whole window from the keyboard: keys for every action, arrows, tab order, visible focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from digitpad.gui.main_window import MainWindow
from tests.data.composed_numbers import compose

from .drawing import draw_ink, mouse_stroke

SEVEN = [(80.0, 80.0), (200.0, 80.0), (190.0, 110.0), (150.0, 200.0), (130.0, 300.0)]


def press(window: MainWindow, keys: str) -> None:
    """Type a key sequence to the widget with the focus, as a person would."""
    sequence = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, sequence.key(), sequence.keyboardModifiers())


def focus_pad(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.pad.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.pad.hasFocus)


def test_every_menu_and_action_can_be_reached_from_the_keyboard(window: MainWindow) -> None:
    menus = [action.menu() for action in window.menuBar().actions()]
    for menu in menus:
        assert "&" in menu.title(), menu.title()  # Alt+letter opens it
        for action in menu.actions():
            if not action.isSeparator():
                assert "&" in action.text(), action.text()  # a letter picks it in the menu
    for name in ("open", "undo", "redo", "clear", "copy", "why", "keys", "paste", "save"):
        action = getattr(window, f"{name}_action")
        assert not action.shortcut().isEmpty(), name


def test_the_keys_undo_redo_clear_copy_and_why_act(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus_pad(window, qtbot)
    mouse_stroke(window.pad, SEVEN)
    assert window.pad.has_strokes()
    press(window, "Ctrl+Z")
    assert not window.pad.has_strokes()
    press(window, "Ctrl+Shift+Z")
    assert window.pad.has_strokes()
    press(window, "Ctrl+C")
    assert QApplication.clipboard().text() == window.answer().text
    press(window, "Ctrl+E")
    assert window.evidence.is_shown()
    press(window, "Esc")
    assert window.pad.is_empty()


def test_a_digit_key_corrects_the_answer(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus_pad(window, qtbot)
    mouse_stroke(window.pad, SEVEN)
    press(window, "4")
    assert [example.label for example in window._teacher.profile.examples] == [4]


def test_arrow_keys_on_the_pad_select_the_digits_of_a_number(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    ink, _ = compose("2026")
    draw_ink(window.pad, ink)
    assert window.answer().is_number
    focus_pad(window, qtbot)
    press(window, "Home")
    assert window.selected_digit_index() == 0
    press(window, "Right")
    press(window, "Right")
    assert window.selected_digit_index() == 2
    assert [o.selected for o in window.pad.outlines()] == [False, False, True, False]
    press(window, "Left")
    assert window.selected_digit_index() == 1
    press(window, "End")
    assert window.selected_digit_index() == 3
    assert window.digit_strip.selected() == 3


def test_arrow_keys_on_the_digit_strip_move_selection_and_focus(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    ink, _ = compose("2026")
    draw_ink(window.pad, ink)
    window.select_digit(0)
    first = window.digit_strip.buttons()[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    press(window, "Right")
    assert window.selected_digit_index() == 1
    assert window.digit_strip.buttons()[1].hasFocus()
    press(window, "End")
    assert window.selected_digit_index() == 3
    assert window.digit_strip.buttons()[3].hasFocus()


def tab_chain(window: MainWindow, steps: int) -> list[str]:
    names = []
    for _ in range(steps):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        names.append(widget.objectName() or widget.accessibleName())
    return names


def test_tab_goes_from_the_pad_through_the_answer_to_the_tools(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    ink, _ = compose("2026")
    draw_ink(window.pad, ink)
    focus_pad(window, qtbot)
    chain = tab_chain(window, 9)
    # One stop for the digits of the number (the selected one; arrows move along it);
    # Redo is skipped while there is nothing to redo (a disabled button takes no focus).
    selected = window.selected_digit_index()
    assert chain[0] == f"Digit {selected + 1}: {'2026'[selected]}"
    assert chain[1:] == [
        "correctButton",
        "whyButton",
        "confidenceChart",
        "penWidth",
        "openImageButton",
        "Undo",
        "Clear",
        "drawingPad",
    ]


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def test_the_keyboard_focus_is_visible_at_every_tab_stop(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    ink, _ = compose("2026")
    draw_ink(window.pad, ink)
    focus_pad(window, qtbot)
    seen = []
    for _ in range(10):  # round the whole tab chain, back to the pad
        widget = QApplication.focusWidget()
        focused = grab(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)  # the keyboard moves the focus on
        assert not widget.hasFocus()
        assert grab(widget) != focused, widget.objectName() or widget.accessibleName()
        seen.append(widget)
    for stop in (window.pad, window.chart, window.open_button):
        assert stop in seen


def test_the_chart_is_read_bar_by_bar_with_the_arrow_keys(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    mouse_stroke(window.pad, SEVEN)
    hovered: list[int] = []
    clicked: list[int] = []
    window.chart.digitHovered.connect(hovered.append)
    window.chart.digitClicked.connect(clicked.append)
    window.chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.chart.hasFocus)
    press(window, "Right")  # the first arrow lands on the answer's bar
    assert window.chart.current_bar() == 7
    press(window, "Left")
    press(window, "Left")
    assert hovered[-1] == window.chart.current_bar() == 5
    press(window, "Space")
    assert clicked == [5]
    press(window, "Home")
    assert window.chart.current_bar() == 0
    press(window, "Tab")
    assert hovered[-1] == -1  # leaving the chart lets the bar go, as the pointer leaving does


def test_the_help_lists_every_key(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    press(window, "F1")
    dialog = window.show_keys()
    text = dialog.browser.toPlainText()
    for action in window.actions():
        if action.objectName().startswith("correctAs"):
            continue
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in text, action.text()
    for words in ("0-9", "Left, Right (on the pad)", "Tab", "Alt+F"):
        assert words in text
    dialog.close()
