"""Phone photos of pages of numbers: lists and tables in one writer's hand.

A page holds 4-20 numbers (1-5 digits each) of one UNIPEN writer, laid out
as a list (one column) or a table of 2-4 columns in which some cells may be
empty, with or without a heading word above (UNIPEN letters of a writer of
the same part) and ticks beside some numbers, on plain, squared or ruled
paper under the lighting of :mod:`training.photos`, 2000-4000 px wide. Some
numbers have a decimal point or comma written in ("12.50", "3,5"); some
pages have hand-ruled lines: a table's lines between its columns and under
its heading (sometimes under every row), a list's margin line. The truth
says where each number is and its row and column, so that the page reader
can be measured (``python -m training.evaluate_pages``).

The decimal marks and ruled lines are drawn from a second random stream
(seeded by the photo's own seed), so that a page is the same page as before
they were added, with them added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from digitpad.ink import Ink
from digitpad.results import Box
from training.datasets import PenDigit, PenLetter
from training.evaluate_numbers import compose_pen_number
from training.photos import PhotoStyle, photograph_mapped, stroke_coverage

#: A number of two digits or more has a decimal point or comma written in this often.
DECIMAL_SHARE = 0.15
#: Of those, this share have a comma ("3,5"); the rest a point ("12.50").
COMMA_SHARE = 0.3
#: Tables have hand-ruled lines this often, lists a margin line this often.
TABLE_RULES = 0.4
LIST_RULES = 0.2
#: Of ruled tables, this share have a line under every row too (a grid), and this
#: share a frame (lines left and right of the table).
ROW_RULES = 0.3
FRAME_RULES = 0.5


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
    #: Hand-ruled lines: between a table's columns and under its heading, or a list's
    #: margin line.
    rules: bool = False


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
        PhotoStyle.cycled(rng, index),
        width=width,
        rotation=float(rng.uniform(-4, 4)),
    )
    heading = bool(rng.random() < 0.5) and bool(letters)
    ticks = bool(rng.random() < 0.3)
    extra = np.random.default_rng(style.seed + 1)  # marks and lines: see the module's doc
    ruled = bool(extra.random() < (TABLE_RULES if table else LIST_RULES))
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
        label = "".join(str(d.label) for d in chosen)
        if length >= 2 and extra.random() < DECIMAL_SHARE:
            ink, label = with_separator(ink, chosen, extra)
        points = ink.points[:, :2]
        span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
        # A ruled table keeps its numbers a little narrower: a tick beside the widest one
        # still ends before the line between the columns.
        wide = min(tall * float(span[0] / span[1]), (5.0 if ruled and table else 6.0) * tall)
        high = wide * float(span[1] / span[0])
        x0 = x_start + column * cell + float(rng.normal(0, 0.1)) * tall
        y0 = y_start + row * pitch * tall + float(rng.normal(0, 0.05)) * tall
        box = (x0, y0, x0 + wide, y0 + high)
        draw_ink(coverage, ink, box, pen)
        truths.append(TrueNumber(label, box, row, column))
        if ticks and rng.random() < 0.5:
            mark = tick(rng)
            left = x0 + wide + 1.0 * tall
            draw_ink(coverage, mark, (left, y0 + 0.2 * tall, left + 0.8 * tall, y0 + tall), pen)
    pitch_px = tall * float(rng.uniform(0.6, 1.2) if style.paper == "grid" else pitch)
    if ruled and truths:
        last_row = max(t.row for t in truths)
        grid = _Grid(x_start, y_start, tall, pitch * tall, cell, columns, last_row + 1)
        for start, end in ruled_lines(grid, table, extra):
            rule(coverage, start, end, pen, extra)
    photo, to_photo = photograph_mapped(coverage, style, max(pitch_px, 8.0))
    moved = [replace(t, box=_moved(t.box, to_photo)) for t in truths]
    layout = "table" if table else "list"
    return Page(photo, _ranked(moved), style, layout, heading, ticks, ruled and bool(truths))


@dataclass(frozen=True)
class _Grid:
    """Where a page's cells lie: the first cell's corner, the writing's height, the rows'
    pitch and the columns' width (pixels), and how many columns and rows there are."""

    left: float
    top: float
    tall: float
    pitch: float
    cell: float
    columns: int
    rows: int


Point = tuple[float, float]


def ruled_lines(grid: _Grid, table: bool, rng: np.random.Generator) -> list[tuple[Point, Point]]:
    """The lines a person rules on a page: a table's lines between its columns and under its
    heading (sometimes under every row, sometimes a frame too); a list's margin line.

    Each line lies in the space between cells: a column's line half a writing
    height left of its numbers, a row's line halfway between the rows.
    """
    space = grid.pitch - grid.tall  # between one row's writing and the next's
    top = grid.top - space / 2
    bottom = grid.top + (grid.rows - 1) * grid.pitch + grid.tall + space / 2
    if not table:
        x = grid.left - 0.5 * grid.tall
        return [((x, top), (x, bottom))]
    right = grid.left + grid.columns * grid.cell - 0.5 * grid.tall
    left = grid.left - 0.5 * grid.tall
    xs = [grid.left + c * grid.cell - 0.5 * grid.tall for c in range(1, grid.columns)]
    if rng.random() < FRAME_RULES:
        xs = [left, *xs, right]
    ys = [top]
    if rng.random() < ROW_RULES:
        ys += [grid.top + r * grid.pitch - space / 2 for r in range(1, grid.rows)]
    return [((x, top), (x, bottom)) for x in xs] + [((left, y), (right, y)) for y in ys]


def rule(
    coverage: np.ndarray, start: Point, end: Point, pen: float, rng: np.random.Generator
) -> None:
    """A line ruled by hand from ``start`` to ``end``: straight, its ends a little off."""
    wobble = rng.normal(0, 0.15 * pen, (2, 2))
    ends = np.array([start, end], np.float64) + wobble
    line = Ink((np.linspace(ends[0], ends[1], 12),))
    low, high = ends.min(axis=0), ends.max(axis=0)
    # The box is widened across the line (the ink is centred there), so that the line's
    # length, not its few pixels of slant, sets its scale.
    pad = 4 * pen
    if high[0] - low[0] < high[1] - low[1]:
        box = (low[0] - pad, low[1], high[0] + pad, high[1])
    else:
        box = (low[0], low[1] - pad, high[0], high[1] + pad)
    draw_ink(coverage, line, box, pen)


def with_separator(
    ink: Ink,
    digits: list[PenDigit],
    rng: np.random.Generator,
    written: tuple[int, str] | None = None,
    room: float | None = None,
) -> tuple[Ink, str]:
    """``ink`` (the number ``digits`` composed) with a decimal point or comma written after
    one of its digits, the digits after it moved right to make room; and its label.

    ``written`` is (how many digits before it, "." or ","), and ``room`` the space
    made for it (a share of the number's height); both drawn at random when not
    given. The mark sits on the baseline of the digit before it: a point is a
    small filled dot, a comma a short tail down and to the left, below the
    baseline.
    """
    after = int(rng.integers(1, len(digits))) if written is None else written[0]
    first = sum(len(d.ink.strokes) for d in digits[: after - 1])
    cut = sum(len(d.ink.strokes) for d in digits[:after])
    strokes = [s[:, :2] for s in ink.strokes]
    height = float(np.ptp(np.concatenate(strokes)[:, 1]))
    room = height * (float(rng.uniform(0.3, 0.5)) if room is None else room)
    moved = [s + np.array([room, 0.0]) for s in strokes[cut:]]
    before = np.concatenate(strokes[first:cut])  # the digit before the mark
    following = np.concatenate(moved)
    x = (float(before[:, 0].max()) + float(following[:, 0].min())) / 2
    base = float(before[:, 1].max())
    comma = rng.random() < COMMA_SHARE if written is None else written[1] == ","
    if comma:
        mark = np.array([[0.02, -0.04], [0.03, 0.03], [0.0, 0.1], [-0.05, 0.18]]) * height
        mark += [x, base]
    else:
        radius = height * float(rng.uniform(0.02, 0.04))
        turn = np.linspace(0.0, 4 * np.pi, 16)
        shrink = radius * (1 - turn / (4 * np.pi))
        mark = np.stack([np.cos(turn) * shrink, np.sin(turn) * shrink], axis=1)
        mark += [x, base - radius]
    label = "".join(str(d.label) for d in digits)
    separator = "," if comma else "."
    return Ink((*strokes[:cut], mark, *moved)), label[:after] + separator + label[after:]


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
