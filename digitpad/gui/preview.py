"""What the model sees: its 28x28 input, scaled up with visible pixels.

Showing the exact array the model reads explains odd answers at a glance (a
stray dot, a digit cut in two) better than any message could.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class ModelInputPreview(QWidget):
    """The model's input as a square of big pixels (white ink on black, as the model sees it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInputPreview")
        self.setAccessibleName("What the model sees")
        self.setToolTip("What the model sees: the 28 × 28 picture it reads")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._image: QImage | None = None
        self._overlay: QImage | None = None

    def sizeHint(self) -> QSize:
        return QSize(112, 112)

    def minimumSizeHint(self) -> QSize:
        return QSize(56, 56)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def image(self) -> QImage | None:
        return self._image

    def set_array(self, array: np.ndarray | None) -> None:
        """Show a (h, w) float array in [0, 1], or nothing (``None``)."""
        if array is None:
            self._image = None
        else:
            pixels = np.ascontiguousarray(np.clip(array, 0.0, 1.0) * 255 + 0.5, dtype=np.uint8)
            height, width = pixels.shape
            # copy(): the QImage must own its pixels, not borrow numpy's buffer.
            self._image = QImage(
                pixels.data, width, height, width, QImage.Format.Format_Grayscale8
            ).copy()
        self.update()

    def set_overlay(self, image: QImage | None) -> None:
        """Lay a picture of the same frame over the input (the evidence heat map), or none."""
        self._overlay = image
        self.update()

    def overlay(self) -> QImage | None:
        return self._overlay

    def target_rect(self) -> QRectF:
        """Where the picture is drawn: the largest square that fits, whole pixels per cell."""
        side = min(self.width(), self.height())
        if self._image is not None and self._image.width() > 0:
            cells = self._image.width()
            side = max(cells, side // cells * cells)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.target_rect()
        if self._image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            # Nearest neighbour: each model pixel stays a crisp square.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(rect, self._image)
            if self._overlay is not None:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(rect, self._overlay)
        painter.end()
