"""The drawing pad: mouse, touch and tablet pen in, strokes (vectors) out.

The pad keeps the drawing as strokes in a :class:`~digitpad.stroke_history.StrokeHistory`
and hands them on as :class:`~digitpad.ink.Ink`; it knows nothing of the model.
Strokes are stored in the coordinates of the area they were drawn on and are
shown scaled to fit the pad, so resizing the window never crops or distorts a
drawing. Painting happens at the screen's device pixel ratio (crisp on high-DPI
screens) while every position stays in logical pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.gui.outlines import Outline, paint_focus_ring, paint_outlines, tag_at, tag_rects
from digitpad.ink import Ink
from digitpad.stroke_history import Stroke, StrokeHistory

DEFAULT_PEN_WIDTH = 14.0
#: A drag on a picture shorter than this (widget pixels) on either axis is a click, not a box.
MIN_REGION_DRAG = 6
#: A click on a picture counts for what lies this close to it (widget pixels): an outline's margin.
CLICK_REACH = 6.0
#: A pen at zero pressure still draws this share of the full width.
MIN_PRESSURE_SHARE = 0.3


class Viewport:
    """Maps drawing coordinates to the widget: uniform scale, centred."""

    def __init__(self, drawing: QSize | tuple[float, float] | None, widget: QSize) -> None:
        width, height = float(widget.width()), float(widget.height())
        if drawing is None:
            self.scale, self.dx, self.dy = 1.0, 0.0, 0.0
            return
        dw, dh = (
            (float(drawing.width()), float(drawing.height()))
            if isinstance(drawing, QSize)
            else drawing
        )
        self.scale = min(width / dw, height / dh) if dw > 0 and dh > 0 else 1.0
        self.dx = (width - dw * self.scale) / 2
        self.dy = (height - dh * self.scale) / 2

    def to_widget(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.scale + self.dx, y * self.scale + self.dy)

    def to_drawing(self, point: QPointF) -> tuple[float, float]:
        return ((point.x() - self.dx) / self.scale, (point.y() - self.dy) / self.scale)


def paint_strokes(
    painter: QPainter,
    strokes: Sequence[Stroke],
    viewport: Viewport,
    width: float,
    color: QColor,
) -> None:
    """Draw strokes as smooth, round-capped lines; pressure (3rd value) varies the width."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    scaled = width * viewport.scale
    for stroke in strokes:
        if not stroke:
            continue
        points = [viewport.to_widget(p[0], p[1]) for p in stroke]
        if len(stroke[0]) == 3 and len(stroke) > 1:
            _paint_pressure_stroke(painter, stroke, points, scaled, color)
            continue
        painter.setPen(_pen(color, scaled))
        if len(points) == 1:
            painter.drawPoint(points[0])
            continue
        painter.drawPath(_smooth_path(points))


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, max(0.5, width))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _smooth_path(points: list[QPointF]) -> QPainterPath:
    """A curve through the midpoints, with the sampled points as control points: no corners."""
    path = QPainterPath(points[0])
    for previous, point in pairwise(points[1:]):
        path.quadTo(previous, (previous + point) / 2)
    path.lineTo(points[-1])
    return path


def _paint_pressure_stroke(
    painter: QPainter, stroke: Stroke, points: list[QPointF], width: float, color: QColor
) -> None:
    for index in range(1, len(points)):
        pressure = (_pressure(stroke[index - 1]) + _pressure(stroke[index])) / 2
        painter.setPen(
            _pen(color, width * (MIN_PRESSURE_SHARE + (1 - MIN_PRESSURE_SHARE) * pressure))
        )
        painter.drawLine(points[index - 1], points[index])


def _pressure(point: Sequence[float]) -> float:
    return min(1.0, max(0.0, point[2])) if len(point) > 2 else 1.0


class DrawingPad(QWidget):
    """Where a digit is drawn, or an opened picture is shown.

    Signals say what happened; the owner decides what it means (the window
    reads the ink and asks the model).
    """

    #: The ink changed: a point added, a stroke undone, the pad cleared, a drawing loaded.
    inkChanged = Signal()
    strokeStarted = Signal()
    #: The pen lifted: a stroke entered the history.
    strokeFinished = Signal()
    canUndoChanged = Signal(bool)
    canRedoChanged = Signal(bool)
    #: True while an opened picture is shown instead of the drawing.
    pictureShownChanged = Signal(bool)
    #: The tag of the outline at this index was clicked (see :meth:`set_outlines`).
    outlineClicked = Signal(int)
    #: A box was dragged on the shown picture: (x0, y0, x1, y1) in the picture's pixels.
    regionSelected = Signal(tuple)
    #: A click (a drag too short to box anything) on the shown picture: (x, y, reach) in the
    #: picture's pixels, ``reach`` how far from the point what the click aims at may lie.
    pictureClicked = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingPad")
        self.setAccessibleName("Drawing pad")
        self.setAccessibleDescription(
            "Draw a digit or a number here with the mouse, a finger or a pen."
        )
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._history = StrokeHistory()
        self._pen_width = DEFAULT_PEN_WIDTH
        self._picture: QImage | None = None
        self._cache: QPixmap | None = None
        self._can_undo = False
        self._can_redo = False
        #: Which device draws the stroke in progress; the others are ignored meanwhile.
        self._device: str | None = None
        self._touch_id: int | None = None
        self._outlines: tuple[Outline, ...] = ()
        #: A picture laid over the drawing (the evidence heat map) and where, in drawing units.
        self._overlay: tuple[QImage, QRectF] | None = None
        #: The shown picture's own size, which outlines and overlays on it are measured in.
        self._picture_space: tuple[float, float] | None = None
        #: The shown picture's size in its file's pixels, which dragged boxes are given in.
        self._shown_space: tuple[float, float] = (1.0, 1.0)
        #: The box dragged on the picture (its pixels), and the drag in progress (widget points).
        self._region: tuple[float, float, float, float] | None = None
        self._drag: tuple[QPointF, QPointF] | None = None

    # ------------------------------------------------------------- public API

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160)

    @property
    def history(self) -> StrokeHistory:
        return self._history

    def ink(self) -> Ink:
        """The drawing as the recognizer reads it (the stroke in progress included)."""
        return self._history.to_ink()

    def is_empty(self) -> bool:
        """Nothing drawn and no picture shown."""
        return self._history.is_empty and self._picture is None

    def has_strokes(self) -> bool:
        return not self._history.is_empty

    def is_drawing(self) -> bool:
        return self._history.is_drawing

    def picture(self) -> QImage | None:
        return self._picture

    def pen_width(self) -> float:
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        """Width of the drawn line in logical pixels (the recognizer uses its own)."""
        width = float(max(1.0, width))
        if width != self._pen_width:
            self._pen_width = width
            self._invalidate()

    def undo(self) -> bool:
        had_picture = self._drop_picture()
        changed = self._history.undo() or had_picture
        self._after_edit(changed)
        return changed

    def redo(self) -> bool:
        changed = self._history.redo()
        if changed:
            self._drop_picture()
        self._after_edit(changed)
        return changed

    def clear(self) -> bool:
        had_picture = self._drop_picture()
        changed = self._history.clear() or had_picture
        self._after_edit(changed)
        return changed

    def set_ink(self, ink: Ink) -> None:
        """Show an opened drawing, editable; undo brings back what was there."""
        self._drop_picture()
        strokes, width, height = _placed(ink)
        self._history.replace(strokes, width, height)
        self._after_edit(True)

    def show_picture(self, image: QImage, space: tuple[float, float] | None = None) -> None:
        """Show an opened picture in place of the drawing; Clear or Undo leave it.

        ``space`` is the picture's size in its own pixels (the file's, which may
        be larger than the shown copy): boxes dragged on it are given in those.
        Dragging on the picture boxes a part of it (:attr:`regionSelected`).
        """
        self._history.clear()
        self._picture = image
        self._shown_space = space or (float(image.width()), float(image.height()))
        self._region = None
        self.pictureShownChanged.emit(True)
        self._after_edit(True)

    def set_outlines(
        self, outlines: Sequence[Outline], space: tuple[float, float] | None = None
    ) -> None:
        """Outline digits: boxes in drawing units, or in the shown picture's pixels (``space``)."""
        outlines = tuple(outlines)
        if outlines != self._outlines or space != self._picture_space:
            self._outlines = outlines
            self._picture_space = space
            self.update()

    def set_overlay(
        self,
        image: QImage | None,
        box: tuple[float, float, float, float] | None = None,
        space: tuple[float, float] | None = None,
    ) -> None:
        """Lay ``image`` over the drawing at ``box`` (drawing units, or ``space``'s pixels)."""
        if image is None or box is None:
            self._overlay = None
        else:
            self._overlay = (image, QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]))
            self._picture_space = space
        self.update()

    def overlay(self) -> tuple[QImage, QRectF] | None:
        return self._overlay

    def region(self) -> tuple[float, float, float, float] | None:
        """The box dragged on the shown picture, in its pixels; None when the whole is read."""
        return self._region

    def clear_region(self) -> bool:
        """Forget the dragged box (the whole picture is read again); False when there was none."""
        if self._region is None:
            return False
        self._region = None
        self.update()
        return True

    def outlines(self) -> tuple[Outline, ...]:
        return self._outlines

    def outline_tag_rect(self, index: int) -> QRectF:
        """Where the tag of outline ``index`` is on the widget (click it to select the digit)."""
        mapping, metrics = self._outline_mapping(), QFontMetricsF(self.font())
        return tag_rects(self._outlines, mapping, metrics)[index]

    def _outline_mapping(self) -> Viewport:
        if self._picture is not None and self._picture_space is not None:
            return Viewport(self._picture_space, self.size())
        return self._viewport()

    def render_image(self, background: QColor | None = None, ink: QColor | None = None) -> QImage:
        """The drawing at the size it was drawn, dark ink on white unless told otherwise."""
        drawing = self._history.drawing
        width = round(drawing.width or self.width())
        height = round(drawing.height or self.height())
        image = QImage(max(1, width), max(1, height), QImage.Format.Format_RGB32)
        image.fill(background or QColor(Qt.GlobalColor.white))
        painter = QPainter(image)
        viewport = Viewport((float(width), float(height)), QSize(width, height))
        paint_strokes(
            painter,
            self._history.all_strokes(),
            viewport,
            self._pen_width,
            ink or QColor(Qt.GlobalColor.black),
        )
        painter.end()
        return image

    # ---------------------------------------------------------------- drawing

    def _viewport(self) -> Viewport:
        drawing = self._history.drawing
        if drawing.width and drawing.height:
            return Viewport((drawing.width, drawing.height), self.size())
        return Viewport(None, self.size())

    def _begin(self, device: str, position: QPointF, pressure: float | None) -> None:
        if self._history.is_drawing or self._drag is not None:
            return
        if self._picture is not None:
            self._device = device
            self._drag = (position, position)  # on a picture, a drag boxes a part of it
            return
        self._device = device
        # A fresh drawing is recorded at the pad's present size; later strokes keep that size.
        self._history.begin_stroke(
            self._point(position, pressure), (float(self.width()), float(self.height()))
        )
        self._update_around(position)
        self.strokeStarted.emit()
        self.inkChanged.emit()

    def _move(self, device: str, position: QPointF, pressure: float | None) -> None:
        if self._drag is not None and self._device == device:
            self._drag = (self._drag[0], position)
            self.update()
            return
        if self._device != device or not self._history.is_drawing:
            return
        current = self._history.current
        previous = current[-1] if current else None
        if self._history.add_point(self._point(position, pressure)):
            if previous is not None:
                self._update_around(self._viewport().to_widget(previous[0], previous[1]))
            self._update_around(position)
            self.inkChanged.emit()

    def _end(self, device: str, position: QPointF | None, pressure: float | None) -> None:
        if self._drag is not None and self._device == device:
            self._finish_drag(position or self._drag[1])
            return
        if self._device != device or not self._history.is_drawing:
            return
        if position is not None and self._history.add_point(self._point(position, pressure)):
            self.inkChanged.emit()
        self._device = None
        self._history.end_stroke()
        self._invalidate()
        self._emit_can()
        self.strokeFinished.emit()

    def _finish_drag(self, position: QPointF) -> None:
        """A drag long enough on both axes boxes that part of the picture; a click says where."""
        start = self._drag[0] if self._drag is not None else position
        self._drag, self._device = None, None
        self.update()
        mapping = Viewport(self._shown_space, self.size())
        wide = abs(position.x() - start.x()) >= MIN_REGION_DRAG
        high = abs(position.y() - start.y()) >= MIN_REGION_DRAG
        if not (wide or high):
            x, y = mapping.to_drawing(start)
            self.pictureClicked.emit((x, y, CLICK_REACH / mapping.scale))
            return
        if not (wide and high):
            return  # a stroke along one edge boxes nothing
        (ax, ay), (bx, by) = mapping.to_drawing(start), mapping.to_drawing(position)
        width, height = self._shown_space
        x0, x1 = max(0.0, min(ax, bx)), min(width, max(ax, bx))
        y0, y1 = max(0.0, min(ay, by)), min(height, max(ay, by))
        if x1 - x0 < 1 or y1 - y0 < 1:
            return  # dragged beside the picture, not on it
        self._region = (x0, y0, x1, y1)
        self.regionSelected.emit(self._region)

    def _point(self, position: QPointF, pressure: float | None) -> tuple[float, ...]:
        x, y = self._viewport().to_drawing(position)
        return (x, y) if pressure is None else (x, y, float(pressure))

    # ---------------------------------------------------------------- events

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            tag = tag_at(
                self._outlines,
                self._outline_mapping(),
                QFontMetricsF(self.font()),
                event.position(),
            )
            if tag is not None and not self._history.is_drawing:
                self.outlineClicked.emit(tag)  # a click on a digit's tag selects it, draws nothing
                event.accept()
                return
            self._begin("mouse", event.position(), None)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move("mouse", event.position(), None)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end("mouse", event.position(), None)
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = float(event.pressure())
        if kind == QEvent.Type.TabletPress:
            self._begin("tablet", event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            self._move("tablet", event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._end("tablet", None, None)
        # Accepted: Qt then synthesises no mouse events for the pen.
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            self._touch(event)  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        if event.type() == QEvent.Type.TouchCancel:
            if self._device == "touch" and self._history.cancel_stroke():
                self._device = None
                self._invalidate()
                self.inkChanged.emit()
            self._touch_id = None
            return
        # One finger draws: the first to touch; the others are ignored.
        for point in event.points():
            state = point.state()
            if self._touch_id is None and state == point.State.Pressed:
                self._touch_id = point.id()
                self._begin("touch", point.position(), None)
            elif point.id() == self._touch_id:
                if state == point.State.Released:
                    self._end("touch", point.position(), None)
                    self._touch_id = None
                elif state == point.State.Updated:
                    self._move("touch", point.position(), None)
        if event.type() == QEvent.Type.TouchEnd and self._touch_id is not None:
            self._end("touch", None, None)
            self._touch_id = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._invalidate()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._invalidate()
        super().changeEvent(event)

    # ---------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._cache is None or self._cache.devicePixelRatio() != self.devicePixelRatioF():
            self._cache = self._render_cache()
        painter.drawPixmap(0, 0, self._cache)
        current = self._history.current
        if current:
            paint_strokes(painter, [current], self._viewport(), self._pen_width, self._ink_colour())
        if self._overlay is not None:
            image, box = self._overlay
            mapping = self._outline_mapping()
            target = QRectF(
                mapping.to_widget(box.left(), box.top()),
                mapping.to_widget(box.right(), box.bottom()),
            )
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, image)
        paint_outlines(painter, self._outlines, self._outline_mapping(), self.palette())
        self._paint_region(painter)
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()), self.palette())
        painter.end()

    def _paint_region(self, painter: QPainter) -> None:
        """The box being dragged, or the one that is read, as a dashed frame."""
        if self._drag is not None:
            rect = QRectF(self._drag[0], self._drag[1]).normalized()
        elif self._region is not None:
            mapping = Viewport(self._shown_space, self.size())
            x0, y0, x1, y1 = self._region
            rect = QRectF(mapping.to_widget(x0, y0), mapping.to_widget(x1, y1))
        else:
            return
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()  # the focus ring
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _ink_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _render_cache(self) -> QPixmap:
        """Background, picture or finished strokes, at the device pixel ratio."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        palette = self.palette()
        pixmap.fill(palette.color(QPalette.ColorRole.Base))
        painter = QPainter(pixmap)
        rect = QRectF(0, 0, self.width(), self.height())
        if self._picture is not None:
            self._paint_picture(painter, rect)
        elif self._history.is_empty:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Draw a digit or a number here")
        else:
            paint_strokes(
                painter,
                self._history.strokes,
                self._viewport(),
                self._pen_width,
                self._ink_colour(),
            )
        painter.end()
        return pixmap

    def _paint_picture(self, painter: QPainter, rect: QRectF) -> None:
        picture = self._picture
        assert picture is not None
        size = QSize(picture.width(), picture.height())
        size.scale(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(
            (rect.width() - size.width()) / 2,
            (rect.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, picture)

    def _update_around(self, position: QPointF) -> None:
        radius = self._pen_width * self._viewport().scale / 2 + 2
        self.update(
            QRectF(
                position.x() - radius, position.y() - radius, 2 * radius, 2 * radius
            ).toAlignedRect()
        )

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def _drop_picture(self) -> bool:
        if self._picture is None:
            return False
        self._picture = None
        self._region, self._drag = None, None
        self.pictureShownChanged.emit(False)
        return True

    def _after_edit(self, changed: bool) -> None:
        self._device = None
        self._touch_id = None
        if changed:
            self._invalidate()
            self.inkChanged.emit()
        self._emit_can()

    def _emit_can(self) -> None:
        can_undo, can_redo = self._history.can_undo, self._history.can_redo
        if can_undo != self._can_undo:
            self._can_undo = can_undo
            self.canUndoChanged.emit(can_undo)
        if can_redo != self._can_redo:
            self._can_redo = can_redo
            self.canRedoChanged.emit(can_redo)

    def can_undo(self) -> bool:
        """Undo can act: a step in the history, or a picture to put away."""
        return self._history.can_undo

    def can_redo(self) -> bool:
        return self._history.can_redo


def _placed(ink: Ink) -> tuple[list[list[list[float]]], float | None, float | None]:
    """Strokes and area of an opened drawing: its own size, else its extent plus a margin."""
    if ink.is_empty or (ink.width and ink.height):
        return ink.to_lists(), ink.width, ink.height
    points = ink.points
    low, high = points.min(axis=0), points.max(axis=0)
    margin = float((high - low).max()) * 0.15 + 1.0
    shift = low - margin
    strokes = [
        [[float(p[0] - shift[0]), float(p[1] - shift[1]), *map(float, p[2:])] for p in stroke]
        for stroke in ink.strokes
    ]
    width, height = (high - low) + 2 * margin
    return strokes, float(width), float(height)
