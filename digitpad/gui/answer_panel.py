"""The answer side of the window: the digit or number, how sure, its digits, chart and preview.

It shows an :class:`~digitpad.reader.digit_or_number.Answer` and the digit selected in it;
the window decides what to read and which digit is selected (a click here on
the digit strip, or on the pad, says which). No image maths here.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from digitpad.gui.accessibility import Announcer
from digitpad.gui.answer_wording import (
    PageWords,
    number_detail,
    spoken_answer,
    spoken_digit,
    spoken_reading,
    wording,
)
from digitpad.gui.chart import ConfidenceChart
from digitpad.gui.digit_strip import DigitStrip
from digitpad.gui.preview import ModelInputPreview
from digitpad.results import Answer


class AnswerPanel(QWidget):
    """Big answer, digit strip, confidence line, tools row, bar chart, model preview."""

    #: The person chose digit ``index`` of the number on the strip.
    digitSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.prediction_label = QLabel(self)
        self.prediction_label.setObjectName("predictionLabel")
        self.prediction_label.setAccessibleName(spoken_answer(None))
        self.prediction_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prediction_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prediction_label.setFont(headline_font(self.font(), 1))
        metrics = self.prediction_label.fontMetrics()
        self.prediction_label.setMinimumHeight(metrics.height())
        self.prediction_label.setMinimumWidth(metrics.horizontalAdvance("8?") + 8)
        layout.addWidget(self.prediction_label)

        self.digit_strip = DigitStrip(self)
        self.digit_strip.digitSelected.connect(self.digitSelected)
        layout.addWidget(self.digit_strip)

        self.confidence_label = QLabel(self)
        self.confidence_label.setObjectName("confidenceLabel")
        self.confidence_label.setAccessibleDescription("How sure the model is")
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confidence_label.setWordWrap(True)
        self.confidence_label.setFont(scaled_font(self.font(), 1.2))
        self.confidence_label.setMinimumHeight(2 * self.confidence_label.fontMetrics().height())
        layout.addWidget(self.confidence_label)

        #: Buttons about the answer ("Correct…", "Why?"), added by the window.
        self.tools = QHBoxLayout()
        self.tools.addStretch(1)
        layout.addLayout(self.tools)

        self.chart = ConfidenceChart(self)
        layout.addWidget(self.chart, 1)

        preview_row = QHBoxLayout()
        caption = QLabel("What the model sees:", self)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.preview = ModelInputPreview(self)
        caption.setBuddy(self.preview)
        preview_row.addWidget(caption, 1)
        preview_row.addWidget(self.preview)
        layout.addLayout(preview_row)
        #: Says a settled answer out loud to screen readers (the window says when it settled).
        self.announcer = Announcer(self)
        self._spoken = spoken_answer(None)

    def show_answer(
        self,
        answer: Answer | None,
        selected: int,
        waiting: str = "",
        input_array: np.ndarray | None = None,
    ) -> None:
        """Show ``answer`` with digit ``selected`` in the chart and preview.

        With no answer: ``waiting`` (e.g. "Loading the model…") and, in the
        preview, ``input_array``: what the model would read.
        """
        self._set_spoken(answer, selected)
        if answer is None:
            self.prediction_label.setText("")
            self.prediction_label.setToolTip("")
            self._set_confidence(waiting)
            self.digit_strip.set_digits([], [], 0)
            self.preview.set_array(input_array)
            self.chart.set_probabilities(None)
            return
        part = answer.parts[selected]
        self.preview.set_array(part.array)
        self.chart.set_probabilities(part.reading.probabilities, highlight=part.reading.is_digit)
        self.prediction_label.setFont(headline_font(self.font(), len(answer.parts)))
        if answer.is_number:
            count = len(answer.parts)
            text = answer.text or ""
            self.prediction_label.setText(text)
            self.prediction_label.setToolTip(f"The number read: {text}")
            self._set_confidence(
                number_detail(answer.confidence, selected, count, part.probabilities)
            )
            labels = [str(p.reading.digit) for p in answer.parts]
            tips = [wording(p.probabilities).detail for p in answer.parts]
            self.digit_strip.set_digits(labels, tips, selected)
            self.digit_strip.set_spoken(
                [spoken_reading(p.probabilities) for p in answer.parts],
                spoken_digit(answer, selected),
            )
        else:
            said = wording(part.probabilities)
            self.prediction_label.setText(said.headline)
            self.prediction_label.setToolTip(said.detail)
            self._set_confidence(said.detail)
            self.digit_strip.set_digits([], [], 0)

    def show_page(self, words: PageWords) -> None:
        """A whole page of numbers: how many and in what table; no digit, so no chart or preview
        (a click on a number shows its own)."""
        self.prediction_label.setFont(headline_font(self.font(), len(words.headline)))
        self.prediction_label.setText(words.headline)
        self.prediction_label.setToolTip(words.detail)
        self._set_confidence(words.detail)
        self.digit_strip.set_digits([], [], 0)
        self.preview.set_array(None)
        self.chart.set_probabilities(None)
        self._spoken, self._spoken_detail = words.spoken, ""
        if self.prediction_label.accessibleName() != self._spoken:
            self.prediction_label.setAccessibleName(self._spoken)
        self.prediction_label.setAccessibleDescription("")

    def _set_spoken(self, answer: Answer | None, selected: int) -> None:
        """The answer as a screen reader says it: the label's name, the digit in its description."""
        self._spoken = spoken_answer(answer)
        if answer is not None and answer.is_number:
            self._spoken_detail = spoken_digit(answer, selected)
        elif answer is not None:
            self._spoken_detail = wording(answer.parts[0].probabilities).detail
        else:
            self._spoken_detail = ""
        if self.prediction_label.accessibleName() != self._spoken:
            self.prediction_label.setAccessibleName(self._spoken)  # Qt sends NameChanged
        if self.prediction_label.accessibleDescription() != self._spoken_detail:
            self.prediction_label.setAccessibleDescription(self._spoken_detail)

    def _set_confidence(self, text: str) -> None:
        self.confidence_label.setText(text)
        self.confidence_label.setAccessibleName(text or "No answer yet")

    def spoken(self) -> str:
        """The answer in words, as the label's accessible name says it."""
        return self._spoken

    def announce(self, with_digit: bool = False) -> bool:
        """Have screen readers say the answer shown (and the selected digit), if it changed."""
        message = self._spoken
        if with_digit and self._spoken_detail:
            message = f"{message}. {self._spoken_detail}"
        return self.announcer.announce(self.prediction_label, message)


def headline_font(base: QFont, length: int) -> QFont:
    """The big answer: a digit at full size, a long number smaller so that it fits."""
    return scaled_font(base, 4.5 if length <= 3 else max(2.0, 4.5 * 3 / length), bold=True)


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font
