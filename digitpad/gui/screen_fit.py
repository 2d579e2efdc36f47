"""Where the window opens: the size it asks for, or the one remembered, cut to fit the screen.

A laptop at 150 % shows a 1400 x 900 screen as 933 x 600 logical pixels, less
its panels; the window's first size (wide enough for an eight-digit number)
or a size remembered from a bigger monitor would start past the screen's
edge, with the answer and the buttons out of reach. :func:`fit_window` is
the rule, on plain numbers (tested without a window); :func:`place_window`
applies it to the real window and the screen it opens on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


@dataclass(frozen=True)
class Box:
    """A rectangle in logical pixels: left, top, width, height."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Frame:
    """What the window manager adds around the window's contents (title bar, borders).

    Before the window is shown its frame is unknown; these are the room left
    for a usual title bar and border, so that the frame too stays on screen.
    """

    left: int = 8
    top: int = 40
    right: int = 8
    bottom: int = 8


def fit_window(available: Box, preferred: tuple[int, int], frame: Frame, wanted: Box | None) -> Box:
    """The window's contents rectangle: ``wanted`` (remembered) or ``preferred``, fitted.

    The size is cut so that contents and frame fit ``available`` (the screen
    less its panels); never grown. A remembered position is kept if the
    window fits there, else moved the least to come inside; a first window is
    centred.
    """
    width, height = (wanted.width, wanted.height) if wanted is not None else preferred
    room_w = max(1, available.width - frame.left - frame.right)
    room_h = max(1, available.height - frame.top - frame.bottom)
    width, height = max(1, min(width, room_w)), max(1, min(height, room_h))
    low_x, high_x = available.x + frame.left, available.x + frame.left + room_w - width
    low_y, high_y = available.y + frame.top, available.y + frame.top + room_h - height
    if wanted is None:
        return Box((low_x + high_x) // 2, (low_y + high_y) // 2, width, height)
    return Box(_clamp(wanted.x, low_x, high_x), _clamp(wanted.y, low_y, high_y), width, height)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def place_window(window: QWidget, saved: QByteArray | None, preferred: QSize) -> QScreen:
    """Restore ``saved`` geometry (if any) or take ``preferred``, then fit the screen it lands on.

    The screen is the one under the middle of the remembered window (a
    monitor since unplugged has none: then the window's own screen, the
    primary one). A maximised or full-screen window is left to the system.
    Returns the screen fitted to.
    """
    restored = saved is not None and window.restoreGeometry(saved)
    if restored and (window.isMaximized() or window.isFullScreen()):
        return window.screen()
    wanted = _box(window.geometry()) if restored else None
    screen = None
    if wanted is not None:
        screen = QGuiApplication.screenAt(
            QPoint(wanted.x + wanted.width // 2, wanted.y + wanted.height // 2)
        )
    if screen is None:
        screen = window.screen() or QGuiApplication.primaryScreen()
    size = (preferred.width(), preferred.height())
    fitted = fit_window(_box(screen.availableGeometry()), size, _frame(window), wanted)
    window.setGeometry(QRect(fitted.x, fitted.y, fitted.width, fitted.height))
    return screen


def _box(rect: QRect) -> Box:
    return Box(rect.x(), rect.y(), rect.width(), rect.height())


def _frame(window: QWidget) -> Frame:
    """The window's real frame once it is shown; the usual allowance before."""
    outer, inner = window.frameGeometry(), window.geometry()
    if not window.isVisible() or outer == inner:
        return Frame()
    return Frame(
        inner.left() - outer.left(),
        inner.top() - outer.top(),
        outer.right() - inner.right(),
        outer.bottom() - inner.bottom(),
    )


class SideScroller(QScrollArea):
    """A frameless scroll area for the side panel: it scrolls up and down when the window is short.

    The panel gets the whole height when its minimum fits, its chart taking
    what is left; only below its minimum does it scroll. (QScrollArea's own
    "widget resizable" mode sizes a panel holding word-wrapped text at its
    preferred height instead, and would scroll a panel that fits.) Never
    sideways: it asks for the panel's minimum width and room for the scroll
    bar, which the window's minimum width then includes. Keyboard focus
    moving into a part scrolled out of view brings it into view.
    """

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanelScroller")
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(panel)
        panel.installEventFilter(self)  # its layout changing (a banner, a longer answer)

    def needed_height(self, width: int) -> int:
        """The panel's least height at ``width`` (word-wrapped text taken into account)."""
        panel = self.widget()
        layout = panel.layout() if panel is not None else None
        if layout is None:
            return panel.minimumSizeHint().height() if panel is not None else 0
        if layout.hasHeightForWidth():
            return layout.totalMinimumHeightForWidth(width)
        return layout.totalMinimumSize().height()

    def fit_panel(self) -> None:
        panel = self.widget()
        if panel is None:
            return
        width = self.viewport().width()
        height = max(self.viewport().height(), self.needed_height(width))
        if panel.size() != QSize(width, height):
            panel.resize(width, height)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_panel()
        return super().viewportEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_panel()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        panel = self.widget()
        width = panel.minimumSizeHint().width() if panel is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(), 120)

    def sizeHint(self) -> QSize:
        panel = self.widget()
        hint = panel.sizeHint() if panel is not None else QSize(0, 0)
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())
