"""Bar chart of the ten class probabilities, painted with the palette's colours.

Custom-painted rather than a chart library: ten bars need no dependency, and
painting from the palette keeps it readable in light and dark themes alike
(each colour is checked against the background for WCAG contrast first:
:func:`chart_colours`). For the keyboard the chart takes the focus and the
arrow keys go from bar to bar, as the pointer does; for screen readers each
bar is an accessible child ("7: 92%").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.gui.answer_wording import percent, spoken_percent
from digitpad.gui.contrast import GRAPHICS_CONTRAST, TEXT_CONTRAST
from digitpad.gui.theme import readable

CLASSES = 10


@dataclass(frozen=True)
class ChartColours:
    """What the chart paints with, each checked against the background it is painted on."""

    background: QColor
    text: QColor
    bar: QColor
    winner: QColor


def chart_colours(palette: QPalette) -> ChartColours:
    """The palette's colours, moved where needed: text 4.5:1, bars 3:1 on the window colour.

    Fusion's own "Mid" grey stands 1.7:1 on its window grey; the bars would
    fade on a dark or high-contrast theme's colours the same way.
    """
    background = palette.color(QPalette.ColorRole.Window)
    return ChartColours(
        background,
        readable(palette.color(QPalette.ColorRole.WindowText), background, TEXT_CONTRAST),
        readable(palette.color(QPalette.ColorRole.Mid), background, GRAPHICS_CONTRAST),
        readable(palette.color(QPalette.ColorRole.Highlight), background, GRAPHICS_CONTRAST),
    )


class BarItem(QWidget):
    """One bar as screen readers see it ("7: 92%"); it paints nothing and takes no clicks."""

    def __init__(self, digit: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"bar{digit}")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(f"{digit}: no answer")


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
        #: The bar the keyboard is on while the chart has the focus (-1: none yet).
        self._current = -1
        self.setObjectName("confidenceChart")
        self.setAccessibleName("Confidence for each digit")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)  # the background its colours are checked against
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._probabilities: tuple[float, ...] | None = None
        self._highlight = True
        self.bars = [BarItem(digit, self) for digit in range(CLASSES)]
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
        self._set_hovered(self._current if self.hasFocus() else -1)
        super().leaveEvent(event)

    def current_bar(self) -> int:
        """The bar the keyboard is on (-1 before the first arrow key)."""
        return self._current

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right/Home/End: go to a bar (as hovering it); Space/Enter: click it."""
        key = Qt.Key(event.key())
        start = self._current if self._current >= 0 else (self.winner() or 0)
        moves = {
            Qt.Key.Key_Left: max(0, start - 1),
            Qt.Key.Key_Right: min(CLASSES - 1, start + 1),
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: CLASSES - 1,
        }
        if key in moves and self._current < 0:
            moves[key] = start  # the first arrow lands on the answer's bar
        if key in moves:
            self._go_to(moves[key])
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current >= 0:
            self.digitClicked.emit(self._current)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _go_to(self, digit: int) -> None:
        self._current = digit
        self._set_hovered(digit)
        self.update()
        # The bar is where the keyboard is: screen readers say its name ("7: 92%").
        QAccessible.updateAccessibility(QAccessibleEvent(self.bars[digit], QAccessible.Event.Focus))

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current >= 0:
            self._set_hovered(self._current)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._set_hovered(-1)
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        slot = self.width() / CLASSES
        for digit, bar in enumerate(self.bars):
            bar.setGeometry(QRectF(digit * slot, 0, slot, self.height()).toAlignedRect())
        super().resizeEvent(event)

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
        colours = chart_colours(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        slot, _, bottom = self._geometry()
        metrics = QFontMetricsF(self.font())
        text = colours.text
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
            colour = colours.winner if digit == winner else colours.bar
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if height > 0:
                painter.drawRoundedRect(bar, 2, 2)
            painter.setPen(text)
            percent_rect = QRectF(left, bar.top() - metrics.height() - 1, slot, metrics.height())
            painter.drawText(percent_rect, Qt.AlignmentFlag.AlignCenter, percent(value))
        if self.hasFocus():
            self._paint_focus(painter, colours, slot)
        painter.end()

    def _paint_focus(self, painter: QPainter, colours: ChartColours, slot: float) -> None:
        """A visible focus: a frame round the column the keyboard is on (or the whole chart)."""
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colours.winner, 2.0))
        column = (
            QRectF(self._current * slot, 0, slot, self.height())
            if self._current >= 0
            else QRectF(self.rect())
        )
        painter.drawRoundedRect(column.adjusted(1, 1, -1, -1), 3, 3)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def _update_description(self) -> None:
        """The chart's description (the three likeliest) and each bar's name, as shown."""
        values = self._probabilities
        for digit, bar in enumerate(self.bars):
            name = f"{digit}: {'no answer' if values is None else percent(values[digit])}"
            if bar.accessibleName() != name:
                bar.setAccessibleName(name)
            spoken = "" if values is None else f"{digit}: {spoken_percent(values[digit])}"
            bar.setAccessibleDescription(
                f"{spoken}, the answer" if spoken and digit == self.winner() else spoken
            )
        if values is None:
            self.setAccessibleDescription("No answer yet.")
            self.setToolTip("")
            return
        ranked = sorted(range(CLASSES), key=values.__getitem__, reverse=True)
        text = ", ".join(f"{d}: {percent(values[d])}" for d in ranked[:3])
        self.setAccessibleDescription(text)
        self.setToolTip(text)
