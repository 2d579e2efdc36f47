"""Photos of pages of numbers written with the bundled sample drawings (no data set needed)."""

from __future__ import annotations

import numpy as np

from digitpad.ink import Ink, load_ink
from tests.data.samples import sample
from training.datasets import PenDigit
from training.evaluate_numbers import compose_pen_number
from training.pages import draw_ink, rule, tick, with_separator
from training.photos import PhotoStyle, photograph

#: The writing's height, the rows' pitch and the columns' width, in pixels.
TALL = 70.0
PITCH = 2.0 * TALL
CELL = 7.5 * TALL


def sample_number(written: str, seed: int = 0, room: float | None = None) -> Ink:
    """The bundled sample drawings of the number ``written``, laid out as one writer writes
    it; a "." or "," in it is written as a pen's point or comma between its digits, with
    ``room`` (a share of the height; at random when None) made for it."""
    digits = [c for c in written if c.isdigit()]
    pen = [
        PenDigit(int(d), "samples", "samples", load_ink(sample(int(d), ".ink.json")))
        for d in digits
    ]
    rng = np.random.default_rng(seed)
    ink = compose_pen_number(pen, rng)
    marks = [(i, c) for i, c in enumerate(written) if not c.isdigit()]
    if marks:
        position, mark = marks[0]
        ink, _ = with_separator(ink, pen, rng, (position, mark), room)
    return ink


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
    rules: bool = False,
    size: tuple[int, int] = (2400, 1800),
    rule_gap: float = 0.5,
    pen: float = 3.0,
    point_room: float | None = None,
    rotation: float = 2.0,
) -> bytes:
    """A phone photo of the numbers ``cells`` ((row, column) -> the number as written, a
    "." or "," in it written with the pen) on one page.

    ``rules`` rules lines by hand between the columns, down the table (``rule_gap``
    writing heights left of a column's numbers), and one across under the heading
    (or above the first row). ``pen`` is the pen's width in pixels; ``point_room``
    the room made for a point or comma (a share of the writing's height); ``rotation``
    how far the page is turned, in degrees.
    """
    width, height = size
    coverage = np.zeros((height, width), np.float32)
    top = 120.0
    if heading:
        draw_ink(coverage, heading_word(), (150, top, 150 + 3.2 * TALL, top + TALL), pen)
        top += 1.5 * PITCH
    for index, ((row, column), written) in enumerate(sorted(cells.items())):
        ink = sample_number(written, seed=index, room=point_room)
        points = ink.points[:, :2]
        span = points.max(axis=0) - points.min(axis=0)
        wide = TALL * float(span[0] / span[1])
        x0, y0 = 150 + column * CELL, top + row * PITCH
        draw_ink(coverage, ink, (x0, y0, x0 + wide, y0 + TALL), pen)
        if ticks:
            left = x0 + wide + TALL
            draw_ink(
                coverage,
                tick(np.random.default_rng(index)),
                (left, y0 + 15, left + 0.8 * TALL, y0 + TALL),
                pen,
            )
    if rules and cells:
        rows = max(row for row, _ in cells) + 1
        columns = max(column for _, column in cells) + 1
        lines = np.random.default_rng(7)
        bottom = top + (rows - 1) * PITCH + TALL + 0.4 * TALL
        for column in range(1, columns):
            x = 150 + column * CELL - rule_gap * TALL
            rule(coverage, (x, top - 0.4 * TALL), (x, bottom), pen, lines)
        right = 150 + columns * CELL - 0.5 * TALL
        rule(coverage, (100, top - 0.4 * TALL), (right, top - 0.4 * TALL), pen, lines)
    style = PhotoStyle(
        paper=paper,  # type: ignore[arg-type]
        light=light,  # type: ignore[arg-type]
        pen="ballpoint",
        width=width,
        digit_height=TALL / height,
        rotation=rotation,
        quality=80,
        blur=0.5,
        noise=0.01,
        seed=11,
    )
    return photograph(coverage, style, spacing=1.5 * TALL)
