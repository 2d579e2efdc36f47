"""Thin outlines around the digits of a number (or the numbers of a page) on the pad, each with
a tag naming its reading; the ones to check stand out in a colour of their own.

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

from digitpad.gui.contrast import GRAPHICS_CONTRAST, TEXT_CONTRAST, relative_luminance
from digitpad.gui.page_view import PageView
from digitpad.gui.theme import readable, rgb

#: Space between a digit's ink and its outline, in widget pixels.
MARGIN = 4.0
#: The colour of a reading to check (amber: "look again", not "wrong"), on light paper and on
#: dark paper; moved further from the paper where a theme's paper needs it (3:1).
UNSURE_ON_LIGHT = "#b45309"
UNSURE_ON_DARK = "#fbbc04"


class Mapping(Protocol):
    def to_widget(self, x: float, y: float) -> QPointF: ...


@dataclass(frozen=True)
class Outline:
    """One digit's box (x0, y0, x1, y1) in drawing units, and the tag shown on it."""

    box: tuple[float, float, float, float]
    label: str
    selected: bool = False
    #: A reading worth checking: drawn in the "not sure" colour (its label says "?" too).
    unsure: bool = False


def page_outlines(page: PageView, digit: int) -> list[Outline]:
    """A page's numbers (or the selected number's digits, ``digit`` selected), as outlines in
    the order of :meth:`~digitpad.gui.page_view.PageView.marks`, which the tags' indices follow."""
    return [Outline(m.box, m.label, m.selected, m.unsure) for m in page.marks(digit)]


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


def tag_rects(
    outlines: Sequence[Outline], mapping: Mapping, metrics: QFontMetricsF
) -> list[QRectF]:
    """Every outline's tag (:func:`tag_rect`), a tag that would cover one to its left moved
    just right of it: a narrow digit (a 1, a squeezed 5) keeps a tag that can be read and
    clicked."""
    rects = [tag_rect(outline, mapping, metrics) for outline in outlines]
    placed: list[QRectF] = []
    for index in sorted(range(len(rects)), key=lambda i: rects[i].left()):
        rect = rects[index]
        for other in placed:
            if rect.intersects(other):
                rect.moveLeft(other.right() + 1)
        rects[index] = rect
        placed.append(rect)
    return rects


def tag_at(
    outlines: Sequence[Outline], mapping: Mapping, metrics: QFontMetricsF, point: QPointF
) -> int | None:
    """The index of the outline whose tag is under ``point``; None elsewhere."""
    for index, rect in enumerate(tag_rects(outlines, mapping, metrics)):
        if rect.contains(point):
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
    #: A reading to check: its outline and its tag's fill, and the tag's text on that fill.
    unsure: QColor
    unsure_tag_text: QColor


def outline_colours(palette: QPalette) -> OutlineColours:
    """From the pad's palette: outlines 3:1 on the paper, tag text 4.5:1 on its tag.

    The outlines of digits not selected are the highlight colour faded
    towards the paper, but never below 3:1; the selected tag is filled with
    the highlight colour and its text chosen to read on it. A reading to
    check is amber, 3:1 on the paper, its tag filled amber with the paper's
    colour or the ink's as text, whichever reads 4.5:1 on it.
    """
    paper = palette.color(QPalette.ColorRole.Base)
    selected = readable(palette.color(QPalette.ColorRole.Highlight), paper, GRAPHICS_CONTRAST)
    faded = QColor(selected)
    faded.setAlphaF(0.55)
    dark_paper = relative_luminance(rgb(paper)) < 0.5
    unsure = readable(
        QColor(UNSURE_ON_DARK if dark_paper else UNSURE_ON_LIGHT), paper, GRAPHICS_CONTRAST
    )
    return OutlineColours(
        paper,
        selected,
        readable(faded, paper, GRAPHICS_CONTRAST),
        readable(palette.color(QPalette.ColorRole.Text), paper, TEXT_CONTRAST),
        readable(palette.color(QPalette.ColorRole.HighlightedText), selected, TEXT_CONTRAST),
        unsure,
        readable(paper, unsure, TEXT_CONTRAST),
    )


def paint_outlines(
    painter: QPainter, outlines: Sequence[Outline], mapping: Mapping, palette: QPalette
) -> None:
    """Thin outlines in the highlight colour; the selected one thicker, its tag filled; one to
    check (not selected) amber and thicker, its tag filled amber."""
    if not outlines:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    colours = outline_colours(palette)
    tags = tag_rects(outlines, mapping, QFontMetricsF(painter.font()))
    for outline, tag in zip(outlines, tags, strict=True):
        colour, fill, text = _outline_paint(outline, colours)
        painter.setPen(QPen(colour, 2.0 if outline.selected or outline.unsure else 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(outline_rect(outline, mapping), 3, 3)
        painter.setBrush(fill)
        painter.drawRoundedRect(tag, 3, 3)
        painter.setPen(text)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, outline.label)
    painter.restore()


def _outline_paint(outline: Outline, colours: OutlineColours) -> tuple[QColor, QColor, QColor]:
    """(outline, tag fill, tag text): the selection's colours first, then a reading to check's."""
    if outline.selected:
        return colours.selected, colours.selected, colours.selected_tag_text
    if outline.unsure:
        return colours.unsure, colours.unsure, colours.unsure_tag_text
    return colours.other, colours.paper, colours.tag_text


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
