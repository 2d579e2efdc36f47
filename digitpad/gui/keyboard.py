"""The window without a mouse: arrow keys choose a digit of a number, and the keys in the help.

Every action is a QAction with a shortcut or a menu entry (Alt+letter opens
the menus); what actions cannot say is here: the arrow keys that move the
selection along a number while the pad has the keyboard focus, the tab order,
and the "Keyboard" help page, written from the window's own actions so that
it cannot fall behind them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

#: Keys no action carries: (keys, what they do), shown in the help after the actions'.
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("0-9", "Correct the answer: the drawing, or the selected digit, is that digit"),
    ("Tab, Shift+Tab", "Move the keyboard focus: pad, digits of the number, Correct…, Why?, "
     "chart, pen width, Open, Undo, Redo, Clear"),
    ("Left, Right (on the pad)", "Select the previous or next digit of a number"),
    ("Home, End (on the pad)", "Select the first or last digit of a number"),
    ("Up, Down (on the pad)", "On a page of numbers: select the previous or next number"),
    ("Left, Right (on the digits)", "Select the previous or next digit of a number"),
    ("Left, Right, Home, End (on the chart)", "Go from bar to bar; with Why? on, see that "
     "digit's evidence"),
    ("Space, Enter (on the chart)", "Keep that digit's evidence shown (again: let it go)"),
    ("Space (on a button)", "Press it; on Correct… it opens the digit menu"),
    ("Alt+F, Alt+E, Alt+V, Alt+H", "Open the File, Edit, View or Help menu; then arrows, "
     "Enter, Esc"),
)  # fmt: skip

_STEPS = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Home: -(10**6),
    Qt.Key.Key_End: 10**6,
}
_NUMBER_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


class DigitKeys(QObject):
    """Arrow keys on a watched widget (the pad) move the selection along the number read (Left,
    Right) and, on a page of numbers, from number to number (Up, Down).

    An event filter, so the pad itself stays a drawing surface that knows
    nothing of numbers; keys with Ctrl, Alt or Meta pass on untouched.
    """

    #: Move the selection by this many digits (Home and End: far enough to reach the end).
    stepped = Signal(int)
    #: Move to the number this many places on, in the reading order of a page.
    numberStepped = Signal(int)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event  # a QKeyEvent for KeyPress
        assert isinstance(key, QKeyEvent)
        modifiers = key.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        step = _STEPS.get(Qt.Key(key.key()))
        if step is not None:
            self.stepped.emit(step)
            return True
        number_step = _NUMBER_STEPS.get(Qt.Key(key.key()))
        if number_step is not None:
            self.numberStepped.emit(number_step)
            return True
        return False


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits ``widgets`` in this order (Qt ignores a widget that takes no focus)."""
    for first, second in pairwise(w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus):
        QWidget.setTabOrder(first, second)


def key_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, action) for every action with a shortcut, then the keys no action carries."""
    rows = []
    for action in actions:
        if action.objectName().startswith("correctAs"):
            continue  # "0-9" stands for the ten in one row
        keys = ", ".join(
            key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
        )
        if keys and action.isVisible():
            name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            rows.append((keys, name))
    return rows + list(FIXED_KEYS)


def keys_html(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='padding-right:16px'><b>{html.escape(keys)}</b></td>"
        f"<td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return (
        "<p>Everything in digitpad works from the keyboard. A digit key (0-9) teaches "
        "digitpad that the drawing, or the selected digit of a number, is that digit.</p>"
        f"<table cellspacing='0' cellpadding='3'>{cells}</table>"
    )


class KeysDialog(QDialog):
    """Help → Keyboard: every key of the window in one table."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysDialog")
        self.setWindowTitle("digitpad: keyboard")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("keysText")
        self.browser.setAccessibleName("Keyboard keys of digitpad")
        self.browser.setHtml(keys_html(rows))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 460)
