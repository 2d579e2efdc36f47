"""A message strip across the top of the window: seen at once, never in the way.

Used instead of modal message boxes for problems the user can carry on
working through (a file that would not open, a model that did not load):
nothing blocks, and the drawing stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_STYLES = {
    # Fixed light backgrounds with dark text: legible whatever the theme.
    "warning": "background: #fff4ce; color: #3d2e00; border: 1px solid #e0c36a;",
    "error": "background: #fde7e9; color: #5c0d12; border: 1px solid #e8a3a9;",
}


class Banner(QFrame):
    """A one-line message with an optional close button."""

    closed = Signal()

    def __init__(
        self, kind: str = "warning", closable: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{kind}Banner")
        self.setStyleSheet(
            f"#{kind}Banner {{ {_STYLES[kind]} border-radius: 4px; }}"
            f" #{kind}Banner QLabel {{ border: none; background: transparent; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setObjectName(f"{kind}BannerText")
        layout.addWidget(self._label, 1)
        if closable:
            close = QToolButton(self)
            close.setText("✕")
            close.setAutoRaise(True)
            close.setToolTip("Dismiss this message")
            close.setAccessibleName("Dismiss message")
            close.clicked.connect(self.dismiss)
            layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName("Message")
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
