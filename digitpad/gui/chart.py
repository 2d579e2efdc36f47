"""Bar chart of the ten class probabilities, painted with the palette's colours.

Custom-painted rather than a chart library: ten bars need no dependency, and
painting from the palette keeps it readable in light and dark themes alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.gui.answer_wording import percent

CLASSES = 10


class ConfidenceChart(QWidget):
    """One bar per digit 0-9 with its percentage; the winner in the highlight colour."""

    #: The pointer is over this digit's column (-1: over none): "why this one?".
    digitHovered = Signal(int)
    #: This digit's column was clicked.
    digitClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._hovered = -1
        self.setObjectName("confidenceChart")
        self.setAccessibleName("Confidence for each digit")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._probabilities: tuple[float, ...] | None = None
        self._highlight = True
        self._update_description()

    def sizeHint(self) -> QSize:
        return QSize(320, 180)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(CLASSES * (metrics.horizontalAdvance("100%") + 2), 5 * metrics.height())

    def probabilities(self) -> tuple[float, ...] | None:
        return self._probabilities

    def winner(self) -> int | None:
        """The highlighted digit: the likeliest, unless the answer is "not a digit"."""
        if self._probabilities is None or not self._highlight:
            return None
        return max(range(CLASSES), key=self._probabilities.__getitem__)

    def set_probabilities(
        self, probabilities: Sequence[float] | None, highlight: bool = True
    ) -> None:
        """Show ten probabilities, or nothing (``None``) when there is no answer.

        ``highlight=False`` for an answer that is no digit: the bars still show
        what each digit scored, but none is marked as the answer.
        """
        if probabilities is None:
            values = None
        else:
            values = tuple(min(1.0, max(0.0, float(p))) for p in probabilities)
            if len(values) != CLASSES:
                raise ValueError(f"expected {CLASSES} probabilities, got {len(values)}")
        self._probabilities = values
        self._highlight = highlight
        self._update_description()
        self.update()

    def bar_rect(self, digit: int) -> QRectF:
        """The full-height slot of a digit's bar (bar area only, labels excluded)."""
        slot, top, bottom = self._geometry()
        return QRectF(digit * slot + slot * 0.15, top, slot * 0.7, bottom - top)

    def digit_at(self, point: QPointF) -> int | None:
        """The digit whose column (bar, percentage and label) holds ``point``."""
        if not self.rect().toRectF().contains(point):
            return None
        slot = self.width() / CLASSES
        return min(CLASSES - 1, max(0, int(point.x() // slot))) if slot > 0 else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        digit = self.digit_at(event.position())
        self._set_hovered(-1 if digit is None else digit)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        digit = self.digit_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and digit is not None:
            self.digitClicked.emit(digit)
            event.accept()
            return
        super().mousePressEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hovered(-1)
        super().leaveEvent(event)

    def _set_hovered(self, digit: int) -> None:
        if digit != self._hovered:
            self._hovered = digit
            self.digitHovered.emit(digit)

    def _geometry(self) -> tuple[float, float, float]:
        metrics = QFontMetricsF(self.font())
        slot = self.width() / CLASSES
        top = metrics.height() + 2  # room for the percentage above a full bar
        bottom = self.height() - metrics.height() - 4  # room for the digit below
        return slot, top, max(top + 1, bottom)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        slot, _, bottom = self._geometry()
        metrics = QFontMetricsF(self.font())
        text = palette.color(QPalette.ColorRole.WindowText)
        baseline_colour = QColor(text)
        baseline_colour.setAlphaF(0.35)
        painter.setPen(baseline_colour)
        painter.drawLine(0, round(bottom), self.width(), round(bottom))
        winner = self.winner()
        bold = self.font()
        bold.setBold(True)
        for digit in range(CLASSES):
            left = digit * slot
            label_rect = QRectF(left, bottom + 2, slot, metrics.height())
            painter.setFont(bold if digit == winner else self.font())
            painter.setPen(text)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, str(digit))
            if self._probabilities is None:
                continue
            value = self._probabilities[digit]
            bar = self.bar_rect(digit)
            height = value * bar.height()
            bar.setTop(bar.bottom() - height)
            colour = palette.color(
                QPalette.ColorRole.Highlight if digit == winner else QPalette.ColorRole.Mid
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if height > 0:
                painter.drawRoundedRect(bar, 2, 2)
            painter.setPen(text)
            percent_rect = QRectF(left, bar.top() - metrics.height() - 1, slot, metrics.height())
            painter.drawText(percent_rect, Qt.AlignmentFlag.AlignCenter, percent(value))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def _update_description(self) -> None:
        if self._probabilities is None:
            self.setAccessibleDescription("No answer yet.")
            self.setToolTip("")
            return
        ranked = sorted(range(CLASSES), key=self._probabilities.__getitem__, reverse=True)
        text = ", ".join(f"{d}: {percent(self._probabilities[d])}" for d in ranked[:3])
        self.setAccessibleDescription(text)
        self.setToolTip(text)
