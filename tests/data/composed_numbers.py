"""Numbers composed from the bundled sample digits, as a person lays them out: ink and pictures."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from digitpad.ink import Ink, load_ink
from tests.data.samples import sample

HEIGHT = 100.0


def digit_ink(digit: int) -> list[np.ndarray]:
    """The strokes of a bundled sample digit, scaled to HEIGHT, its box at the origin."""
    ink = load_ink(sample(digit, ".ink.json"))
    low, high = ink.points.min(axis=0), ink.points.max(axis=0)
    scale = HEIGHT / float(high[1] - low[1])
    return [(stroke[:, :2] - low) * scale for stroke in ink.strokes]


def compose(digits: str, gap: float = 0.3, drift: float = 0.0) -> tuple[Ink, list[float]]:
    """A number written left to right from the sample digits; ``gap`` in digit heights
    (negative: the boxes overlap). Returns the ink and each digit's left edge."""
    strokes: list[np.ndarray] = []
    lefts = []
    x = 0.0
    for index, char in enumerate(digits):
        parts = digit_ink(int(char))
        offset = np.array([x, drift * HEIGHT * index])
        strokes += [part + offset for part in parts]
        lefts.append(x)
        width = max(float(p[:, 0].max()) for p in parts)
        x += width + gap * HEIGHT
    return Ink(tuple(strokes)), lefts


def picture_of(ink: Ink, pen: float = 9.0, margin: int = 30) -> Image.Image:
    """Ink drawn as a picture would show it: dark pen on white paper."""
    low = ink.points.min(axis=0)
    size = ink.points.max(axis=0) - low
    image = Image.new("L", (int(size[0]) + 2 * margin, int(size[1]) + 2 * margin), 250)
    draw = ImageDraw.Draw(image)
    for stroke in ink.strokes:
        xy = [(float(x), float(y)) for x, y in (stroke[:, :2] - low + margin)]
        draw.line(xy, fill=20, width=round(pen), joint="curve")
        for x, y in (xy[0], xy[-1]):
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=20)
    return image
