"""Drawing on the pad the way a person does: real mouse, touch and tablet events."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from digitpad.ink import Ink

Points = Sequence[tuple[float, float]]


def _mouse(
    widget: QWidget, kind: QEvent.Type, point: tuple[float, float], buttons: Qt.MouseButton
) -> None:
    position = QPointF(*point)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        position,
        widget.mapToGlobal(position),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def mouse_press(widget: QWidget, point: tuple[float, float]) -> None:
    _mouse(widget, QEvent.Type.MouseButtonPress, point, Qt.MouseButton.LeftButton)


def mouse_move(widget: QWidget, point: tuple[float, float]) -> None:
    _mouse(widget, QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)


def mouse_release(widget: QWidget, point: tuple[float, float]) -> None:
    _mouse(widget, QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton)


def mouse_stroke(widget: QWidget, points: Points) -> None:
    """Press at the first point, move through the rest, release at the last."""
    mouse_press(widget, points[0])
    for point in points[1:]:
        mouse_move(widget, point)
    mouse_release(widget, points[-1])


def fit_ink(
    ink: Ink, width: float, height: float, fill: float = 0.7
) -> list[list[tuple[float, float]]]:
    """A pen-drawn digit's strokes, scaled and centred to fill part of a pad."""
    points = ink.points
    low, high = points.min(axis=0), points.max(axis=0)
    extent = float((high - low).max()) or 1.0
    scale = fill * min(width, height) / extent
    centre = (low + high) / 2
    offset = np.array([width / 2, height / 2]) - centre * scale
    return [
        [(float(x), float(y)) for x, y in stroke[:, :2] * scale + offset] for stroke in ink.strokes
    ]


def draw_ink(widget: QWidget, ink: Ink) -> None:
    for stroke in fit_ink(ink, widget.width(), widget.height()):
        mouse_stroke(widget, stroke)


_STYLUS: QPointingDevice | None = None


def stylus() -> QPointingDevice:
    global _STYLUS
    if _STYLUS is None:
        _STYLUS = QPointingDevice(
            "test stylus",
            4242,
            QInputDevice.DeviceType.Stylus,
            QPointingDevice.PointerType.Pen,
            QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
            1,
            2,
        )
    return _STYLUS


def tablet_event(
    widget: QWidget, kind: QEvent.Type, point: tuple[float, float], pressure: float
) -> QTabletEvent:
    position = QPointF(*point)
    button = (
        Qt.MouseButton.NoButton if kind == QEvent.Type.TabletMove else Qt.MouseButton.LeftButton
    )
    buttons = (
        Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    )
    event = QTabletEvent(
        kind,
        stylus(),
        position,
        widget.mapToGlobal(position),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        button,
        buttons,
    )
    QApplication.sendEvent(widget, event)
    return event


def tablet_stroke(widget: QWidget, points: Points, pressures: Sequence[float]) -> None:
    tablet_event(widget, QEvent.Type.TabletPress, points[0], pressures[0])
    for point, pressure in zip(points[1:], pressures[1:], strict=True):
        tablet_event(widget, QEvent.Type.TabletMove, point, pressure)
    tablet_event(widget, QEvent.Type.TabletRelease, points[-1], 0.0)


_TOUCHSCREEN: QPointingDevice | None = None


def touchscreen() -> QPointingDevice:
    global _TOUCHSCREEN
    if _TOUCHSCREEN is None:
        _TOUCHSCREEN = QTest.createTouchDevice()
    return _TOUCHSCREEN


def touch_stroke(widget: QWidget, points: Points) -> None:
    """One finger down, along the points, and up (QTest's real touch sequence)."""
    device = touchscreen()
    first = QPointF(*points[0]).toPoint()
    QTest.touchEvent(widget, device).press(0, first, widget)
    for point in points[1:]:
        QTest.touchEvent(widget, device).move(0, QPointF(*point).toPoint(), widget)
    QTest.touchEvent(widget, device).release(0, QPointF(*points[-1]).toPoint(), widget)
