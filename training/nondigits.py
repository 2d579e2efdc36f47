"""What is not a digit: the examples of the model's eleventh class.

Confidence alone cannot tell a letter or a doodle from a digit (a zig-zag
reads "2" at >99%). The model gets an explicit "not a digit" class, taught
with real handwritten letters (``letters.jsonl.gz``, training sources only)
and with what these functions synthesise:

- scribbles: zig-zags of four or more turns, spirals, loops of loops,
  hatching, several random strokes; never a single line or a plain loop
  (those are ones and zeros);
- pieces of real digits: a stretch of a digit's pen path too short to be the
  digit (the fragments a number reader's over-segmentation produces);
- two digits side by side, as ink and as MNIST rasters (what a number reader
  must not take for one digit).

Ink is rendered later by the app's own ``ink_to_array``; rasters are framed by
``frame_ink_map``, as pictures are.
"""

from __future__ import annotations

import itertools

import numpy as np

from digitpad.ink import Ink
from digitpad.preprocess import frame_ink_map

Stroke = np.ndarray


def _smooth_path(points: np.ndarray, per_segment: int = 6) -> Stroke:
    """Points joined by straight runs, densified so the renderer draws them as a pen would."""
    out = [np.linspace(a, b, per_segment, endpoint=False) for a, b in itertools.pairwise(points)]
    return np.concatenate([*out, points[-1:]])


def zigzag(rng: np.random.Generator) -> list[Stroke]:
    """Four to ten turns back and forth, horizontal or vertical, even or ragged."""
    turns = int(rng.integers(4, 11))
    along = np.linspace(0, 100, turns + 1) + rng.normal(0, 3, turns + 1)
    across = np.where(np.arange(turns + 1) % 2 == 0, 0.0, rng.uniform(30, 100)) + rng.normal(
        0, 6, turns + 1
    )
    points = np.stack([along, across], axis=1)
    if rng.random() < 0.4:
        points = points[:, ::-1]
    return [_smooth_path(points)]


def spiral(rng: np.random.Generator) -> list[Stroke]:
    """Two or more turns winding in or out."""
    turns = rng.uniform(1.8, 4.0)
    t = np.linspace(0, turns * 2 * np.pi, int(40 * turns))
    radius = np.linspace(rng.uniform(2, 10), 50, len(t))
    if rng.random() < 0.5:
        radius = radius[::-1]
    aspect = rng.uniform(0.6, 1.4)
    return [np.stack([radius * np.cos(t) * aspect, radius * np.sin(t)], axis=1)]


def loops(rng: np.random.Generator) -> list[Stroke]:
    """A cursive run of three to six loops (``eeee``, ``llll``)."""
    count = int(rng.integers(3, 7))
    t = np.linspace(0, count * 2 * np.pi, 30 * count)
    size = rng.uniform(10, 25)
    x = t * rng.uniform(3, 6) + size * np.sin(t)
    y = size * np.cos(t) * rng.uniform(0.8, 2.0)
    return [np.stack([x, y], axis=1)]


def hatching(rng: np.random.Generator) -> list[Stroke]:
    """Three to seven parallel or crossing lines (shading, a grid, a hash)."""
    count = int(rng.integers(3, 8))
    angle = rng.uniform(0, np.pi)
    strokes = []
    for i in range(count):
        a = angle + (np.pi / 2 if rng.random() < 0.3 else 0) + rng.normal(0, 0.08)
        offset = (i - count / 2) * rng.uniform(10, 20)
        centre = np.array([-np.sin(a), np.cos(a)]) * offset + rng.normal(0, 4, 2)
        half = np.array([np.cos(a), np.sin(a)]) * rng.uniform(25, 50)
        strokes.append(np.linspace(centre - half, centre + half, 8))
    return strokes


def random_strokes(rng: np.random.Generator) -> list[Stroke]:
    """Two to five short random curves anywhere in the box."""
    strokes = []
    for _ in range(int(rng.integers(2, 6))):
        points = rng.uniform(0, 100, size=(int(rng.integers(3, 6)), 2))
        strokes.append(_smooth_path(points, 4))
    return strokes


SCRIBBLES = (zigzag, spiral, loops, hatching, random_strokes)


def scribble_ink(rng: np.random.Generator) -> Ink:
    """One doodle of a random kind."""
    maker = SCRIBBLES[int(rng.integers(len(SCRIBBLES)))]
    return Ink(tuple(s.astype(np.float64) for s in maker(rng)))


def _path_length(stroke: np.ndarray) -> np.ndarray:
    """Cumulative length along a stroke, starting at 0."""
    steps = np.linalg.norm(np.diff(stroke[:, :2], axis=0), axis=1)
    return np.concatenate([[0.0], np.cumsum(steps)])


def fragment_ink(ink: Ink, rng: np.random.Generator) -> Ink | None:
    """A stretch of 20-40% of a digit's pen path; None where it could pass for a digit.

    Stretches that are nearly straight and upright (a one) or that close on
    themselves (a zero) are skipped: a piece must not look like a whole digit.
    """
    path = np.concatenate([s[:, :2] for s in ink.strokes])
    if len(path) < 6:
        return None
    length = _path_length(path)
    total = float(length[-1])
    if total <= 0:
        return None
    share = rng.uniform(0.2, 0.4)
    start = rng.uniform(0, 1 - share) * total
    keep = (length >= start) & (length <= start + share * total)
    piece = path[keep]
    if len(piece) < 3:
        return None
    (x0, y0), (x1, y1) = piece.min(axis=0), piece.max(axis=0)
    width, height = x1 - x0, y1 - y0
    size = max(width, height, 1e-9)
    if width < 0.5 * height or _is_straight(piece):  # a stick, upright or slanted, is a one
        return None
    if np.linalg.norm(piece[0] - piece[-1]) < 0.25 * size:  # closed: a zero
        return None
    return Ink((piece,))


def _is_straight(points: np.ndarray) -> bool:
    """Every point lies near the chord from the first to the last point."""
    chord = points[-1] - points[0]
    length = float(np.linalg.norm(chord))
    if length <= 0:
        return False
    offsets = np.abs(np.cross(chord, points - points[0])) / length
    return bool(offsets.max() < 0.2 * length)


def pair_ink(left: Ink, right: Ink, rng: np.random.Generator) -> Ink:
    """Two digits side by side at one height, from wide apart to slightly overlapping."""
    parts = []
    cursor = 0.0
    for ink in (left, right):
        points = ink.points
        low, high = points.min(axis=0), points.max(axis=0)
        height = max(float(high[1] - low[1]), 1e-9)
        scale = 100.0 / height * rng.uniform(0.9, 1.1)
        width = float(high[0] - low[0]) * scale
        shift = np.array([cursor, rng.uniform(-8, 8)])
        parts += [(s[:, :2] - low) * scale + shift for s in ink.strokes]
        cursor += width + rng.uniform(-0.05, 0.45) * 70
    return Ink(tuple(parts))


def pair_raster(left: np.ndarray, right: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two MNIST digits side by side on one canvas, framed like one picture."""
    gap = int(rng.integers(-3, 8))
    width = 28 + 28 + gap
    canvas = np.zeros((28, max(width, 28)), np.float32)
    canvas[:, :28] = left
    start = 28 + gap
    canvas[:, start : start + 28] = np.maximum(canvas[:, start : start + 28], right)
    # Trim MNIST's own blank margins between the two, so the gap is what was drawn.
    return frame_ink_map(_close_gap(canvas, gap))


def _close_gap(canvas: np.ndarray, gap: int) -> np.ndarray:
    """Remove blank columns between the two digits beyond ``gap`` (at least one stays)."""
    filled = canvas.max(axis=0) > 0.1
    columns = np.flatnonzero(filled)
    if len(columns) == 0:
        return canvas
    inner = np.arange(columns[0], columns[-1] + 1)
    blank = inner[~filled[inner]]
    keep = np.ones(canvas.shape[1], bool)
    keep[blank[max(1, gap) :]] = False
    return canvas[:, keep]
