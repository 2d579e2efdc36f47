"""Render the sample digit pictures in this folder from real pen-drawn UNIPEN digits.

Run from the project root with DIGITPAD_DATA_DIR set:
``PYTHONPATH=. python resources/samples/make_samples.py``. One picture per
digit, dark ink on white paper, a few hundred bytes each. Samples are
chosen by a fixed rule (the first digit of each class, in file order, drawn
in at most two strokes by a writer of the "apb" source), not by hand, and
also saved as ``*.ink.json`` so the window can open them as editable ink.

The strokes come from UNIPEN (I. Guyon et al., ICPR 1994), CC BY 4.0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from digitpad.ink import Ink, save_ink
from training.datasets import data_dir, load_unipen

SIDE = 160
MARGIN = 28
PEN = 9
NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def render(ink: Ink) -> Image.Image:
    points = ink.points
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (SIDE - 2 * MARGIN) / float((high - low).max())
    offset = np.array([SIDE / 2, SIDE / 2]) - (low + high) / 2 * scale
    image = Image.new("L", (SIDE, SIDE), 255)
    draw = ImageDraw.Draw(image)
    for stroke in ink.strokes:
        xy = [tuple(p) for p in (stroke[:, :2] * scale + offset).tolist()]
        if len(xy) > 1:
            draw.line(xy, fill=30, width=PEN, joint="curve")
        for x, y in (xy[0], xy[-1]):
            draw.ellipse((x - PEN / 2, y - PEN / 2, x + PEN / 2, y + PEN / 2), fill=30)
    return image


def main() -> int:
    folder = data_dir("unipen-dev")
    if folder is None:
        print("set DIGITPAD_DATA_DIR to the folder holding unipen-dev/", file=sys.stderr)
        return 2
    digits = load_unipen(folder)
    out = Path(__file__).parent
    for label, name in enumerate(NAMES):
        sample = next(
            d for d in digits if d.label == label and d.source == "apb" and len(d.ink.strokes) <= 2
        )
        render(sample.ink).save(out / f"{name}.png", optimize=True)
        save_ink(sample.ink, out / f"{name}.ink.json")
        print(f"{name}: {sample.writer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
