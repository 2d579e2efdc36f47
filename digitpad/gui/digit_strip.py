"""The digits of a number read, as a row of buttons: click one to see its chart.

Hidden for a single digit (there is nothing to choose). The strip only shows
and reports a choice; the window decides what selecting a digit shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
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
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

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
            self._group.addButton(button, len(self._buttons))
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        for index, button in enumerate(self._buttons):
            shown = index < len(labels)
            button.setVisible(shown)
            if shown:
                button.setText(labels[index])
                button.setToolTip(tips[index])
                button.setAccessibleName(f"Digit {index + 1}: {labels[index]}")
        if 0 <= selected < len(labels):
            self._buttons[selected].setChecked(True)
        self.setVisible(len(labels) > 1)
