"""The window on a high-DPI screen (device pixel ratio 2), in a fresh process.

The pad keeps ink in logical pixels and paints at the screen's resolution: a
stroke drawn on a 2x screen must give the same ink, the same 28x28 array and
the same answer as on a 1x screen, and be painted sharp (true 2x rendering),
not a 1x picture blown up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .child import run_child

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from digitpad.app import create_window
from digitpad.preprocess import ink_to_array
from tests.gui.child import wait_for_model
from tests.gui.drawing import mouse_stroke

app = QApplication(sys.argv)
window = create_window()
window.resize(760, 520)
window.show()
wait_for_model(window)
pad = window.pad
# A seven: the bar, then the long diagonal.
mouse_stroke(pad, [(70 + 8 * i, 60) for i in range(12)])
mouse_stroke(pad, [(158 - 3 * i, 60 + 9 * i) for i in range(16)])
for _ in range(50):
    app.processEvents()
image = pad.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
stride = image.bytesPerLine()
pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
pixels = pixels.reshape(image.height(), stride)[:, : image.width()].astype(int)
h, w = (image.height() // 2) * 2, (image.width() // 2) * 2
blocks = pixels[:h, :w].reshape(h // 2, 2, w // 2, 2)
background = int(np.median(pixels))
inked = (blocks != background).any(axis=(1, 3))
uneven = blocks.max(axis=(1, 3)) != blocks.min(axis=(1, 3))
print(json.dumps({
    "ratio": pad.devicePixelRatioF(),
    "grab": [image.width(), image.height()],
    "logical": [pad.width(), pad.height()],
    "strokes": [s.tolist() for s in pad.ink().strokes],
    "array_sum": float(ink_to_array(pad.ink()).sum()),
    "label": window.prediction_label.text(),
    "uneven_share": float(uneven[inked].mean()),
}))
"""


def run_at_scale(scale: int, config_dir: Path) -> dict:
    return run_child(CHILD, config_dir, str(ROOT), env={"QT_SCALE_FACTOR": str(scale)})


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_at_scale(1, tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_at_scale(2, tmp_path_factory.mktemp("config"))


def test_the_pad_paints_at_twice_the_pixels(normal: dict, double: dict) -> None:
    assert normal["ratio"] == 1.0
    assert double["ratio"] == 2.0
    assert double["logical"] == normal["logical"]
    assert double["grab"] == [2 * side for side in double["logical"]]


def test_ink_and_answer_do_not_depend_on_the_screen(normal: dict, double: dict) -> None:
    assert double["strokes"] == normal["strokes"]
    assert double["array_sum"] == pytest.approx(normal["array_sum"])
    assert double["label"] == normal["label"]
    assert double["label"].startswith("7")


def test_strokes_are_drawn_sharp_not_scaled_up(normal: dict, double: dict) -> None:
    # A 1x painting blown up to 2x fills every 2x2 block with one grey; a true
    # 2x painting of anti-aliased strokes has edges that cut through blocks.
    assert double["uneven_share"] > 0.05, double["uneven_share"]
