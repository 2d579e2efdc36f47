"""Phone photos of pages of numbers: lists and tables in one writer's hand.

A page holds 4-20 numbers (1-5 digits each) of one UNIPEN writer, laid out
as a list (one column) or a table of 2-4 columns in which some cells may be
empty, with or without a heading word above (UNIPEN letters of a writer of
the same part) and ticks beside some numbers, on plain, squared or ruled
paper under the lighting of :mod:`training.photos`, 2000-4000 px wide. The
truth says where each number is and its row and column, so that the page
reader can be measured (``python -m training.evaluate_pages``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from digitpad.ink import Ink
from training.datasets import PenDigit, PenLetter
from training.evaluate_numbers import compose_pen_number
from training.photos import LIGHTS, PAPERS, PhotoStyle, photograph_mapped, stroke_coverage

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class TrueNumber:
    """A number written on the page: its digits, its box in pixels, its row and column."""

    label: str
    box: Box
    row: int
    column: int


@dataclass(frozen=True)
class Page:
    """One photographed page and what is on it."""

    photo: bytes
    numbers: tuple[TrueNumber, ...]
    style: PhotoStyle
    layout: str  # "list" or "table"
    heading: bool
    ticks: bool


def make_page(
    writer: list[PenDigit],
    letters: list[PenLetter],
    rng: np.random.Generator,
    index: int = 0,
) -> Page:
    """A page of 4-20 of ``writer``'s numbers, as a list or a table, photographed.

    Paper and light go round by ``index`` so that a small count covers them all.
    """
    table = rng.random() < 0.5
    columns = int(rng.integers(2, 5)) if table else 1
    count = int(rng.integers(4, 21))
    rows = -(-count // columns)
    width = int(rng.integers(2000, 4001))
    height = round(width * float(rng.uniform(0.75, 1.4)))
    style = replace(
        PhotoStyle.draw(
            rng, paper=PAPERS[index % len(PAPERS)], light=LIGHTS[index // 3 % len(LIGHTS)]
        ),
        width=width,
        rotation=float(rng.uniform(-4, 4)),
    )
    heading = bool(rng.random() < 0.5) and bool(letters)
    ticks = bool(rng.random() < 0.3)
    # The writing's height: every row (and the heading) fits in 80% of the page's height,
    # every column (a number of up to 5 digits, up to 6 heights wide with its gaps, and
    # 1.5 heights between columns, a tick in them) in 85% of its width.
    lines = rows + (2 if heading else 0)
    pitch = float(rng.uniform(1.6, 2.4))
    tall = min(0.8 * height / (lines * pitch), 0.85 * width / (columns * 7.5), 0.05 * height)
    cell = 7.5 * tall
    x_start = float(rng.uniform(0.05, 0.15)) * width
    y_start = float(rng.uniform(0.05, 0.1)) * height
    coverage = np.zeros((height, width), np.float32)
    share = 0.035 if style.pen == "ballpoint" else 0.08
    pen = max(1.5, tall * share * float(rng.uniform(0.7, 1.3)))
    if heading:
        word = _word(letters, rng)
        draw_ink(coverage, word, (x_start, y_start, x_start + 6 * tall, y_start + tall), pen)
        y_start += 2 * pitch * tall
    truths: list[TrueNumber] = []
    empty = rng.random(rows * columns) < (0.12 if table else 0.0)
    cells = [(r, c) for r in range(rows) for c in range(columns) if not empty[r * columns + c]]
    cells = cells[:count]
    for row, column in cells:
        length = int(rng.integers(1, 6))
        chosen = [writer[int(i)] for i in rng.choice(len(writer), length, replace=False)]
        ink = compose_pen_number(chosen, rng)
        points = ink.points[:, :2]
        span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
        wide = min(tall * float(span[0] / span[1]), 6.0 * tall)
        high = wide * float(span[1] / span[0])
        x0 = x_start + column * cell + float(rng.normal(0, 0.1)) * tall
        y0 = y_start + row * pitch * tall + float(rng.normal(0, 0.05)) * tall
        box = (x0, y0, x0 + wide, y0 + high)
        draw_ink(coverage, ink, box, pen)
        label = "".join(str(d.label) for d in chosen)
        truths.append(TrueNumber(label, box, row, column))
        if ticks and rng.random() < 0.5:
            mark = tick(rng)
            left = x0 + wide + 1.0 * tall
            draw_ink(coverage, mark, (left, y0 + 0.2 * tall, left + 0.8 * tall, y0 + tall), pen)
    pitch_px = tall * float(rng.uniform(0.6, 1.2) if style.paper == "grid" else pitch)
    photo, to_photo = photograph_mapped(coverage, style, max(pitch_px, 8.0))
    moved = [replace(t, box=_moved(t.box, to_photo)) for t in truths]
    return Page(photo, _ranked(moved), style, "table" if table else "list", heading, ticks)


def _moved(box: Box, homography: np.ndarray) -> Box:
    """The box around where ``box``'s corners lie after the camera's turn and slant."""
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], np.float64)
    mapped = corners @ homography.T
    xy = mapped[:, :2] / mapped[:, 2:]
    return (
        float(xy[:, 0].min()),
        float(xy[:, 1].min()),
        float(xy[:, 0].max()),
        float(xy[:, 1].max()),
    )


def draw_ink(coverage: np.ndarray, ink: Ink, box: Box, pen: float) -> None:
    """Add the strokes of ``ink``, scaled into ``box``, to the page's coverage."""
    x0, y0, x1, y1 = (round(v) for v in box)
    pad = round(pen * 2) + 2
    left, top = max(0, x0 - pad), max(0, y0 - pad)
    right, bottom = min(coverage.shape[1], x1 + pad), min(coverage.shape[0], y1 + pad)
    if right <= left or bottom <= top:
        return
    part = stroke_coverage(
        ink, (bottom - top, right - left), (x0 - left, y0 - top, x1 - left, y1 - top), pen
    )
    np.maximum(coverage[top:bottom, left:right], part, out=coverage[top:bottom, left:right])


def _word(letters: list[PenLetter], rng: np.random.Generator) -> Ink:
    """A heading: 3-7 letters of one writer, side by side."""
    by_writer: dict[str, list[PenLetter]] = {}
    for letter in letters:
        by_writer.setdefault(letter.writer, []).append(letter)
    names = sorted(w for w, mine in by_writer.items() if len(mine) >= 7)
    mine = by_writer[names[int(rng.integers(len(names)))]]
    chosen = [mine[int(i)] for i in rng.choice(len(mine), int(rng.integers(3, 8)), replace=False)]
    strokes: list[np.ndarray] = []
    right = 0.0
    for letter in chosen:
        points = letter.ink.points[:, :2]
        low, high = points.min(axis=0), points.max(axis=0)
        scale = 100.0 / max(float(high[1] - low[1]), 1e-9)
        for stroke in letter.ink.strokes:
            strokes.append((stroke[:, :2] - [low[0], high[1]]) * scale + [right, 100.0])
        right += float(high[0] - low[0]) * scale + 15.0
    return Ink(tuple(strokes))


def tick(rng: np.random.Generator) -> Ink:
    """A tick (check mark): a short stroke down and a long one up, a little wobbly."""
    wobble = rng.normal(0, 3, (3, 2))
    points = np.array([[0.0, 55.0], [30.0, 100.0], [100.0, 0.0]]) + wobble
    line = np.concatenate(
        [np.linspace(points[0], points[1], 8), np.linspace(points[1], points[2], 16)]
    )
    return Ink((line,))


def _ranked(truths: list[TrueNumber]) -> tuple[TrueNumber, ...]:
    """Rows and columns renumbered as the table shows them: only those that hold a number."""
    rows = {r: i for i, r in enumerate(sorted({t.row for t in truths}))}
    columns = {c: i for i, c in enumerate(sorted({t.column for t in truths}))}
    return tuple(replace(t, row=rows[t.row], column=columns[t.column]) for t in truths)
