"""Telling screen readers that the answer changed, through Qt's accessibility events.

A new answer changes the label's accessible name (Qt sends NameChanged for
that by itself), but a screen reader only reads out a change on the widget
with the focus, which is the pad while a person draws. So a settled answer
is also sent as an announcement (Qt 6.8's ``QAccessibleAnnouncementEvent``,
polite: after what the reader is saying), once per change, never for each
frame of a stroke in progress.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget


class Announcer(QObject):
    """Sends each accessibility event to Qt, and tells listeners (tests, logs) it did."""

    #: The QAccessibleEvent just handed to ``QAccessible.updateAccessibility``.
    sent = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = ""

    def announce(self, widget: QWidget, message: str) -> bool:
        """Have screen readers say ``message`` about ``widget``, unless it was the last said."""
        if not message or message == self._last:
            return False
        self._last = message
        event = QAccessibleAnnouncementEvent(widget, message)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        self._send(event)
        return True

    def forget(self) -> None:
        """Say the next message even if it is the same as the last (the pad was cleared)."""
        self._last = ""

    def _send(self, event: QAccessibleEvent) -> None:
        QAccessible.updateAccessibility(event)
        self.sent.emit(event)
