"""Thin outlines around the digits of a number on the pad, each with a tag naming its digit.

The pad paints them over the drawing or picture and tells its owner when a
tag is clicked; what the outlines mean (which digit, which one is selected)
is the owner's business. Boxes are in the drawing's or picture's own units
and are mapped to the widget with the same :class:`~digitpad.gui.pad.Viewport`
the ink is painted with, so they stay on their digits at any size and
device pixel ratio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen

from digitpad.gui.contrast import GRAPHICS_CONTRAST, TEXT_CONTRAST
from digitpad.gui.theme import readable

#: Space between a digit's ink and its outline, in widget pixels.
MARGIN = 4.0


class Mapping(Protocol):
    def to_widget(self, x: float, y: float) -> QPointF: ...


@dataclass(frozen=True)
class Outline:
    """One digit's box (x0, y0, x1, y1) in drawing units, and the tag shown on it."""

    box: tuple[float, float, float, float]
    label: str
    selected: bool = False


def outline_rect(outline: Outline, mapping: Mapping) -> QRectF:
    x0, y0, x1, y1 = outline.box
    rect = QRectF(mapping.to_widget(x0, y0), mapping.to_widget(x1, y1)).normalized()
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def tag_rect(outline: Outline, mapping: Mapping, metrics: QFontMetricsF) -> QRectF:
    """The clickable tag: above the box's top-left corner, or inside it at the very top."""
    rect = outline_rect(outline, mapping)
    width = metrics.horizontalAdvance(outline.label) + 2 * metrics.averageCharWidth()
    height = metrics.height() + 2
    top = rect.top() - height if rect.top() - height >= 0 else rect.top()
    return QRectF(rect.left(), top, max(width, height), height)


def tag_at(
    outlines: Sequence[Outline], mapping: Mapping, metrics: QFontMetricsF, point: QPointF
) -> int | None:
    """The index of the outline whose tag is under ``point``; None elsewhere."""
    for index, outline in enumerate(outlines):
        if tag_rect(outline, mapping, metrics).contains(point):
            return index
    return None


@dataclass(frozen=True)
class OutlineColours:
    """The colours of outlines and tags, each checked against what it is painted on."""

    paper: QColor
    selected: QColor
    other: QColor
    tag_text: QColor
    selected_tag_text: QColor


def outline_colours(palette: QPalette) -> OutlineColours:
    """From the pad's palette: outlines 3:1 on the paper, tag text 4.5:1 on its tag.

    The outlines of digits not selected are the highlight colour faded
    towards the paper, but never below 3:1; the selected tag is filled with
    the highlight colour and its text chosen to read on it.
    """
    paper = palette.color(QPalette.ColorRole.Base)
    selected = readable(palette.color(QPalette.ColorRole.Highlight), paper, GRAPHICS_CONTRAST)
    faded = QColor(selected)
    faded.setAlphaF(0.55)
    return OutlineColours(
        paper,
        selected,
        readable(faded, paper, GRAPHICS_CONTRAST),
        readable(palette.color(QPalette.ColorRole.Text), paper, TEXT_CONTRAST),
        readable(palette.color(QPalette.ColorRole.HighlightedText), selected, TEXT_CONTRAST),
    )


def paint_outlines(
    painter: QPainter, outlines: Sequence[Outline], mapping: Mapping, palette: QPalette
) -> None:
    """Thin outlines in the highlight colour; the selected one thicker, its tag filled."""
    if not outlines:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    colours = outline_colours(palette)
    metrics = QFontMetricsF(painter.font())
    for outline in outlines:
        colour = colours.selected if outline.selected else colours.other
        painter.setPen(QPen(colour, 2.0 if outline.selected else 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(outline_rect(outline, mapping), 3, 3)
        tag = tag_rect(outline, mapping, metrics)
        painter.setBrush(colour if outline.selected else colours.paper)
        painter.drawRoundedRect(tag, 3, 3)
        painter.setPen(colours.selected_tag_text if outline.selected else colours.tag_text)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, outline.label)
    painter.restore()


def paint_focus_ring(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    """The pad has the keyboard focus: a 2-pixel ring inside its edge, 3:1 on the paper."""
    painter.save()
    paper = palette.color(QPalette.ColorRole.Base)
    colour = readable(palette.color(QPalette.ColorRole.Highlight), paper, GRAPHICS_CONTRAST)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour, 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()
