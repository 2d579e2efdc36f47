"""Photos of pages of numbers written with the bundled sample drawings (no data set needed)."""

from __future__ import annotations

import numpy as np

from digitpad.ink import Ink, load_ink
from tests.data.samples import sample
from training.datasets import PenDigit
from training.evaluate_numbers import compose_pen_number
from training.pages import draw_ink, tick
from training.photos import PhotoStyle, photograph

#: The writing's height, the rows' pitch and the columns' width, in pixels.
TALL = 70.0
PITCH = 2.0 * TALL
CELL = 7.5 * TALL


def sample_number(digits: str, seed: int = 0) -> Ink:
    """The bundled sample drawings of ``digits``, laid out as one writer writes a number."""
    pen = [
        PenDigit(int(d), "samples", "samples", load_ink(sample(int(d), ".ink.json")))
        for d in digits
    ]
    return compose_pen_number(pen, np.random.default_rng(seed))


def heading_word() -> Ink:
    """A word drawn by hand: "WEEK" in capitals (zig-zags and bars, no digit among them)."""
    w = np.array([[0, 0], [15, 100], [30, 30], [45, 100], [60, 0]], float)
    e = [
        np.array([[70, 0], [70, 100], [110, 100]], float),
        np.array([[70, 0], [110, 0]], float),
        np.array([[70, 50], [100, 50]], float),
    ]
    e2 = [stroke + np.array([50.0, 0.0]) for stroke in e]
    k = [
        np.array([[180, 0], [180, 100]], float),
        np.array([[220, 0], [182, 55], [222, 100]], float),
    ]
    return Ink((w, *e, *e2, *k))


def page_photo(
    cells: dict[tuple[int, int], str],
    heading: bool = False,
    ticks: bool = False,
    paper: str = "ruled",
    light: str = "linear",
    dot_after: dict[tuple[int, int], int] | None = None,
    size: tuple[int, int] = (2400, 1800),
) -> bytes:
    """A phone photo of the numbers ``cells`` ((row, column) -> digits) on one page.

    ``dot_after`` puts a decimal point after that many digits of a cell's number.
    """
    width, height = size
    coverage = np.zeros((height, width), np.float32)
    pen = 3.0
    top = 120.0
    if heading:
        draw_ink(coverage, heading_word(), (150, top, 150 + 3.2 * TALL, top + TALL), pen)
        top += 1.5 * PITCH
    for index, ((row, column), digits) in enumerate(sorted(cells.items())):
        ink = sample_number(digits, seed=index)
        points = ink.points[:, :2]
        span = points.max(axis=0) - points.min(axis=0)
        wide = TALL * float(span[0] / span[1])
        x0, y0 = 150 + column * CELL, top + row * PITCH
        draw_ink(coverage, ink, (x0, y0, x0 + wide, y0 + TALL), pen)
        if dot_after and (row, column) in dot_after:
            share = dot_after[(row, column)] / len(digits)
            x = x0 + share * wide
            draw_ink(
                coverage,
                Ink((np.array([[0.0, 0.0], [1.0, 1.0]]),)),
                (x - 4, y0 + TALL - 8, x + 4, y0 + TALL),
                pen,
            )
        if ticks:
            left = x0 + wide + TALL
            draw_ink(
                coverage,
                tick(np.random.default_rng(index)),
                (left, y0 + 15, left + 0.8 * TALL, y0 + TALL),
                pen,
            )
    style = PhotoStyle(
        paper=paper,  # type: ignore[arg-type]
        light=light,  # type: ignore[arg-type]
        pen="ballpoint",
        width=width,
        digit_height=TALL / height,
        rotation=2.0,
        quality=80,
        blur=0.5,
        noise=0.01,
        seed=11,
    )
    return photograph(coverage, style, spacing=1.5 * TALL)
