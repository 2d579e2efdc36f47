"""Teaching digitpad a person's handwriting from the window: "that is a 1".

The actions (keys 0-9 while there is an answer, and "Correct the Answer…"
with a digit menu, also behind a small button near the answer) only say which
digit the person meant; :class:`Teacher` keeps the person's
:class:`~digitpad.handwriting_profile.Profile` and saves the example. The window decides
what the example is (the drawing, or the selected digit of a number) and reads
again afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from digitpad.handwriting_profile import Example, Profile
from digitpad.ink import Ink


class CorrectionActions(QObject):
    """Ten actions, "It Is 0" to "It Is 9", on keys 0-9, and a menu and button offering them."""

    #: The person says the answer is this digit.
    digitChosen = Signal(int)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.group = QActionGroup(self)
        self.actions: list[QAction] = []
        for digit in range(10):
            action = QAction(f"It Is {digit}", window)
            action.setObjectName(f"correctAs{digit}Action")
            action.setShortcut(QKeySequence(str(digit)))
            action.setStatusTip(f"Teach digitpad that this is a {digit} (your handwriting)")
            action.triggered.connect(lambda _=False, d=digit: self.digitChosen.emit(d))
            window.addAction(action)  # the keys work wherever the window has focus
            self.group.addAction(action)
            self.actions.append(action)
        self.menu = QMenu("C&orrect the Answer", window)
        self.menu.setObjectName("correctMenu")
        self.menu.setToolTip("Teach digitpad the right digit: keys 0-9")
        self.menu.addActions(self.actions)
        self.menu_action = self.menu.menuAction()
        self.menu_action.setStatusTip("Teach digitpad the right digit for this drawing")
        self.set_enabled(False)

    def button(self, parent: QWidget) -> QToolButton:
        """The small "Correct…" button near the answer, opening the digit menu."""
        button = QToolButton(parent)
        button.setObjectName("correctButton")
        button.setText("Correct…")
        button.setAccessibleName("Correct the answer")
        button.setToolTip("Wrong digit? Tell digitpad the right one (or press the digit's key)")
        button.setMenu(self.menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def set_enabled(self, enabled: bool) -> None:
        self.group.setEnabled(enabled)
        self.menu_action.setEnabled(enabled)


class Teacher(QObject):
    """The person's profile, changed from the window; says when it changed.

    Remembers the example taught last, so that undoing the correction (Ctrl+Z
    right after it) also undoes the teaching: the window calls
    :meth:`forget_last` as soon as anything else happens on the pad.
    """

    #: The examples changed (taught, removed, forgotten, imported).
    changed = Signal()

    def __init__(self, profile: Profile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        #: The example taught last, while undoing it is still what Undo does; else None.
        self.last_taught: Example | None = None

    def teach(self, label: int, *, ink: Ink | None, array: np.ndarray) -> Example:
        """Keep this drawing or picture as the person's ``label``.

        Raises :class:`~digitpad.handwriting_profile.ProfileError` when it cannot be saved.
        """
        example = self.profile.add(label, ink=ink, array=array)
        self.last_taught = example
        self.changed.emit()
        return example

    def undo_teaching(self) -> Example | None:
        """Forget the example taught last (None when there is none, or it is gone already).

        Raises :class:`~digitpad.handwriting_profile.ProfileError` when the change cannot be saved.
        """
        example, self.last_taught = self.last_taught, None
        if example is None or all(e.id != example.id for e in self.profile.examples):
            return None
        self.remove([example.id])
        return example

    def forget_last(self) -> None:
        """Undo no longer means the last teaching (the pad changed since)."""
        self.last_taught = None

    def remove(self, example_ids: Sequence[str]) -> None:
        """Forget these examples; one change for the window to read again after."""
        removed = 0
        if self.last_taught is not None and self.last_taught.id in example_ids:
            self.last_taught = None
        try:
            for example_id in example_ids:
                self.profile.remove(example_id)
                removed += 1
        finally:
            if removed:
                self.changed.emit()

    def forget_all(self) -> int:
        self.last_taught = None
        count = self.profile.forget_all()
        self.changed.emit()
        return count

    def import_from(self, folder: str) -> str:
        """Import a folder of examples; returns what happened, in words."""
        report = self.profile.import_from(folder)
        self.changed.emit()
        words = f"Imported {report.added} example{'s' * (report.added != 1)}"
        if report.duplicates:
            words += f", {report.duplicates} already known"
        if report.skipped:
            words += f"; {len(report.skipped)} file(s) skipped: {report.skipped[0][1]}"
        return words + "."


def learnt_words(what: str, digit: int, count: int, replaced: Sequence[int] = ()) -> str:
    """What the window says after teaching: "Learnt: this drawing is a 1; 3 examples of your 1."

    ``what`` is "drawing", "picture" or "digit" (one digit of a number); ``count`` how many
    examples of ``digit`` the profile now holds; ``replaced`` the digits this same drawing was
    taught as before (now overruled: the latest counts).
    """
    words = (
        f"Learnt: this {what} is {a_digit(digit)}; "
        f"{count} example{'s' * (count != 1)} of your {digit}."
    )
    if replaced:
        before = " and ".join(str(d) for d in replaced)
        words += f" It replaces the {before} you taught for it before."
    return words


def a_digit(digit: int) -> str:
    """ "a 7", "an 8": the digit with its article, as it is said."""
    return f"{'an' if digit == 8 else 'a'} {digit}"
