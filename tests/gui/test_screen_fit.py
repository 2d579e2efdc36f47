"""The window fits the screen it opens on: small screens, display scaling, a monitor gone.

The rule (:func:`digitpad.gui.screen_fit.fit_window`) on plain numbers first;
then the real window in fresh processes on virtual offscreen screens of the
sizes laptops have (1400 x 900 at 150 % is 933 x 600 logical pixels; 1366 x
768 at 125 % is 1093 x 614), where every control must lie on the screen; and
at 800 x 560, the smallest size the window promises to stay usable at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digitpad.gui.screen_fit import Box, Frame, fit_window

from .child import run_child
from .screens import offscreen_platform

FRAME = Frame(8, 40, 8, 8)


# ------------------------------------------------------------------- the rule


def test_a_first_window_too_big_is_cut_to_the_screen_and_centred() -> None:
    laptop = Box(0, 0, 933, 600)  # 1400 x 900 at 150 %
    placed = fit_window(laptop, (1180, 600), FRAME, None)
    assert (placed.width, placed.height) == (933 - 16, 600 - 48)
    assert (placed.x, placed.y) == (8, 40)


def test_a_first_window_that_fits_keeps_its_size_and_is_centred() -> None:
    desktop = Box(0, 0, 1920, 1040)
    placed = fit_window(desktop, (1180, 600), FRAME, None)
    assert (placed.width, placed.height) == (1180, 600)
    assert placed.x == 8 + (1920 - 16 - 1180) // 2


def test_a_remembered_window_that_fits_stays_where_it_was() -> None:
    remembered = Box(100, 120, 900, 500)
    assert fit_window(Box(0, 0, 1920, 1040), (1180, 600), FRAME, remembered) == remembered


def test_a_window_remembered_on_a_monitor_now_gone_comes_back_on_screen() -> None:
    # It was on a second monitor right of the laptop; only the laptop is left.
    remembered = Box(2000, 100, 1180, 600)
    placed = fit_window(Box(0, 0, 1093, 614), (1180, 600), FRAME, remembered)
    assert placed == Box(8, 40, 1093 - 16, 614 - 48)


def test_a_window_half_off_the_left_and_top_moves_in_the_least() -> None:
    placed = fit_window(Box(0, 24, 1280, 776), (1180, 600), FRAME, Box(-300, -50, 800, 560))
    assert placed == Box(8, 24 + 40, 800, 560)


def test_screens_with_an_offset_origin_are_respected() -> None:
    right_monitor = Box(1920, 0, 1280, 1024)
    placed = fit_window(right_monitor, (1180, 600), FRAME, None)
    assert right_monitor.x + FRAME.left <= placed.x
    assert placed.x + placed.width + FRAME.right <= right_monitor.x + right_monitor.width


# ---------------------------------------------------------- the real window

CHILD = """
import json, sys
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QSpinBox, QWidget
from digitpad.app import create_window
from digitpad.handwriting_profile import APPLICATION, ORGANISATION
from tests.gui.child import wait_for_model
from tests.data.composed_numbers import compose
from tests.gui.drawing import draw_ink

app = QApplication(sys.argv)
mode = sys.argv[1]
settings = QSettings(ORGANISATION, APPLICATION)
window = create_window()
window.show()
wait_for_model(window)
if mode == "small":
    window.resize(800, 560)
draw_ink(window.pad, compose("2026")[0])  # a number: the digit strip and a longer line show
for _ in range(20):
    app.processEvents()
available = window.screen().availableGeometry()
frame = window.frameGeometry()

def on_screen(widget):
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return available.contains(QRect(top_left, widget.size()))

def whole_in_window(widget):
    # Not cut off by the window or by the scrolling side panel around it.
    return widget.visibleRegion().boundingRect().size() == widget.size()

controls = [
    w for w in window.findChildren(QWidget)
    if w.isVisible() and isinstance(w, (QAbstractButton, QLabel, QSpinBox))
] + [window.pad, window.chart, window.preview]
names = lambda ws: sorted(w.objectName() or w.accessibleName() or type(w).__name__ for w in ws)
scroller = window.findChild(QScrollArea, "sidePanelScroller")
off_screen, cut_off = [], []
for w in controls:
    if scroller is not None and scroller.widget().isAncestorOf(w):
        scroller.ensureWidgetVisible(w, 0, 0)  # as moving the keyboard focus to it does
        app.processEvents()
    if not on_screen(w):
        off_screen.append(w)
    if not whole_in_window(w):
        cut_off.append(w)
print(json.dumps({
    "available": [available.x(), available.y(), available.width(), available.height()],
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "window_on_screen": available.contains(frame),
    "size": [window.width(), window.height()],
    "controls": len(controls),
    "off_screen": names(off_screen),
    "cut_off": names(cut_off),
    "scrolls": scroller is not None and scroller.verticalScrollBar().maximum() > 0,
    "pad": [window.pad.width(), window.pad.height()],
    "answer": window.prediction_label.text(),
}))
if mode == "remember":
    window.setGeometry(QRect(int(sys.argv[2]), 100, 1180, 600))
window.close()
"""


def run_window(
    tmp_path: Path,
    screens: list[tuple[int, int, int, int]],
    scale: float,
    mode: str = "",
    *args: str,
) -> dict:
    platform = offscreen_platform(*screens, folder=tmp_path)
    env = {"QT_QPA_PLATFORM": platform, "QT_SCALE_FACTOR": str(scale)}
    return run_child(CHILD, tmp_path / "config", mode or "plain", *args, env=env)


@pytest.mark.parametrize(
    ("device", "scale", "logical"),
    [
        ((1400, 900), 1.5, (933, 600)),
        ((1366, 768), 1.25, (1093, 614)),
        ((1280, 720), 1.0, (1280, 720)),
        ((1024, 600), 1.5, (683, 400)),  # shorter than the side panel: it scrolls
    ],
    ids=["1400x900@150%", "1366x768@125%", "1280x720", "1024x600@150%"],
)
def test_the_window_and_every_control_are_on_a_small_or_scaled_screen(
    tmp_path: Path, device: tuple[int, int], scale: float, logical: tuple[int, int]
) -> None:
    shown = run_window(tmp_path, [(0, 0, *device)], scale)
    assert shown["available"][2:] == list(logical)
    assert shown["window_on_screen"], shown
    assert shown["controls"] >= 10
    assert shown["off_screen"] == [], shown
    assert shown["cut_off"] == [], shown
    assert shown["answer"] == "2026"
    # All in view at once down to 560 logical pixels high; below, the side panel scrolls.
    assert shown["scrolls"] == (logical[1] < 560)


def test_at_800_by_560_every_control_is_whole_and_the_pad_roomy(tmp_path: Path) -> None:
    shown = run_window(tmp_path, [(0, 0, 1920, 1080)], 1.0, "small")
    assert shown["size"] == [800, 560]
    assert shown["cut_off"] == [], shown
    assert min(shown["pad"]) >= 360, shown["pad"]  # 398 x 497 when measured


def test_a_window_remembered_on_an_unplugged_monitor_opens_on_the_one_left(
    tmp_path: Path,
) -> None:
    two = [(0, 0, 1366, 768), (1366, 0, 1920, 1080)]
    run_window(tmp_path, two, 1.0, "remember", "1700")  # closes there: remembered
    shown = run_window(tmp_path, two[:1], 1.0)
    assert shown["window_on_screen"], shown
    assert shown["off_screen"] == [], shown
