"""The "Why?" overlay: where the evidence for a digit lies, as a picture to lay over the ink.

The map itself comes from :mod:`digitpad.reader.explain` (no Qt); this turns it into
a translucent QImage of the 28x28 frame that the pad (over the drawing) and
the model preview (over its input) both draw, scaled smoothly. Which digit's
evidence is shown: the answer's, or the bar of the chart hovered ("why 7 and
not 1?"), or the bar clicked (until clicked again).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from digitpad.gui.chart import ConfidenceChart
from digitpad.gui.pad import DrawingPad
from digitpad.gui.preview import ModelInputPreview
from digitpad.gui.theme import is_dark
from digitpad.reader.digit_model import Recognizer
from digitpad.reader.explain import explain, heat_rgba
from digitpad.results import Answer


def heat_image(heat: np.ndarray, light_paper: bool = False) -> QImage:
    """A (28, 28) map in [0, 1] as a translucent colour picture (hot: opaque red-yellow, or
    dark red-purple for ``light_paper``, so that the hot parts stand out from the paper)."""
    pixels = np.ascontiguousarray(heat_rgba(heat, light_paper=light_paper), dtype=np.uint8)
    height, width = pixels.shape[:2]
    # copy(): the QImage must own its pixels, not borrow numpy's buffer.
    return QImage(pixels.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


class EvidenceOverlay(QObject):
    """Keeps the pad's and the preview's evidence overlays in step with the answer and the chart."""

    def __init__(
        self,
        pad: DrawingPad,
        preview: ModelInputPreview,
        chart: ConfidenceChart,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pad, self._preview = pad, preview
        self._shown = False
        self._hovered: int | None = None
        self._pinned: int | None = None
        self._last: tuple[Answer | None, int, Recognizer | None] = (None, 0, None)
        chart.digitHovered.connect(self._bar_hovered)
        chart.digitClicked.connect(self._bar_clicked)

    def is_shown(self) -> bool:
        return self._shown

    def set_shown(self, shown: bool) -> None:
        self._shown = shown
        self._pinned = None
        self.show(*self._last)

    def digit(self) -> int | None:
        """The digit whose evidence is shown: a hovered or clicked bar's, else the answer's."""
        answer, selected, _ = self._last
        if answer is None:
            return None
        for chosen in (self._hovered, self._pinned):
            if chosen is not None:
                return chosen
        return answer.parts[selected].reading.best_digit

    def show(self, answer: Answer | None, selected: int, recognizer: Recognizer | None) -> None:
        """Show the evidence for part ``selected`` of ``answer`` (None: take the overlays away)."""
        self._last = (answer, selected, recognizer)
        digit = self.digit()
        if not self._shown or answer is None or recognizer is None or digit is None:
            self._preview.set_overlay(None)
            self._pad.set_overlay(None)
            return
        heat = explain(recognizer, answer.parts[selected].array, digit)
        self._preview.set_overlay(heat_image(heat))  # over the model's black frame
        on_pad = heat_image(heat, light_paper=not is_dark(self._pad.palette()))
        self._pad.set_overlay(on_pad, answer.frame_rect(selected), answer.space)

    def _bar_hovered(self, digit: int) -> None:
        self._hovered = None if digit < 0 else digit
        if self._shown:
            self.show(*self._last)

    def _bar_clicked(self, digit: int) -> None:
        self._pinned = None if digit == self._pinned else digit
        if self._shown:
            self.show(*self._last)
