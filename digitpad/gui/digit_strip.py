"""The digits of a number read, as a row of buttons: click one to see its chart.

Hidden for a single digit (there is nothing to choose). The strip only shows
and reports a choice; the window decides what selecting a digit shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget


class DigitStrip(QWidget):
    """One checkable button per digit of the number; exactly one is checked."""

    #: The person chose the digit at this index.
    digitSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitStrip")
        self.setAccessibleName("Digits of the number")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._caption = QLabel("Digit:", self)
        self._layout.addWidget(self._caption)
        self._layout.addStretch(1)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.digitSelected)
        self._buttons: list[QToolButton] = []
        self._tab_after: QWidget | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def tab_after(self, widget: QWidget) -> None:
        """Tab comes to the digits from ``widget`` (the strip itself takes no focus)."""
        self._tab_after = widget

    def buttons(self) -> list[QToolButton]:
        return list(self._buttons)

    def selected(self) -> int | None:
        index = self._group.checkedId()
        return None if index < 0 else index

    def set_digits(self, labels: Sequence[str], tips: Sequence[str], selected: int) -> None:
        """Show a button per digit (hidden when fewer than two), ``selected`` checked."""
        while len(self._buttons) < len(labels):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            # In the tab order right after the widget before the strip (see tab_after).
            previous = self._buttons[-1] if self._buttons else self._tab_after
            if previous is not None:
                QWidget.setTabOrder(previous, button)
            self._group.addButton(button, len(self._buttons))
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        for index, button in enumerate(self._buttons):
            shown = index < len(labels)
            button.setVisible(shown)
            # One tab stop, the selected digit; the arrow keys go along the number.
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if index == selected else Qt.FocusPolicy.ClickFocus
            )
            if shown:
                button.setText(labels[index])
                button.setToolTip(tips[index])
                button.setAccessibleName(f"Digit {index + 1}: {labels[index]}")
        if 0 <= selected < len(labels):
            had_focus = any(button.hasFocus() for button in self._buttons)
            self._buttons[selected].setChecked(True)
            if had_focus:  # the keyboard moved the selection: the focus goes with it
                self._buttons[selected].setFocus(Qt.FocusReason.OtherFocusReason)
        self.setVisible(len(labels) > 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right/Home/End on a digit (passed up from its button): choose another digit."""
        count = sum(button.isVisible() for button in self._buttons)
        current = self.selected()
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Home: -count,
            Qt.Key.Key_End: count,
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None or current is None or count < 2:
            super().keyPressEvent(event)
            return
        chosen = max(0, min(count - 1, current + step))
        if chosen != current:
            self.digitSelected.emit(chosen)
        event.accept()

    def set_spoken(self, readings: Sequence[str], selected: str) -> None:
        """Each digit's reading as its description, the selected digit as the strip's."""
        for button, reading in zip(self._buttons, readings, strict=False):
            button.setAccessibleDescription(reading)
        self.setAccessibleDescription(f"Selected: {selected}")
