"""Synthetic writing styles missing from MNIST, for every writer.

Held-out writers' errors come in a few recurring kinds: a ``1`` with a long
flag read as ``7``; a ``1`` with a flag and a foot read as ``2`` or ``3``; an
``l``-shaped ``1`` with a curved foot read as ``6``; a zero crossed by a bar
(slashed, or barred like a theta) read as ``8``; a ``9`` with a straight or
open tail read as ``3`` or ``7``; a ``4`` open at the top read as ``9``; a
``7`` with a crossbar. MNIST has almost none of these.

Two ways in, so no style is tied to one writer's hand:

- :func:`styled_ink` adds the style's stroke(s) to a real digit of any
  training writer (flags, feet, bars, slashes), rendered later by the app's
  own ``ink_to_array``;
- :func:`template_ink` draws whole digits whose *shape* is the style (open
  fours, straight- and open-tailed nines, flagged ones), with random slant,
  proportions and wobble;
- :func:`styled_raster` draws the same extra strokes onto MNIST rasters
  (enlarged, drawn, framed again by ``frame_ink_map``).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from digitpad.ink import Ink
from digitpad.preprocess import PEN_WIDTH, frame_ink_map

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Stroke = np.ndarray  # (n, 2) x, y; y down

#: Digits that :func:`styled_ink` / :func:`styled_raster` can restyle.
STYLED_DIGITS = (0, 1, 7)
#: Digits :func:`template_ink` draws.
TEMPLATE_DIGITS = (1, 4, 9)


def slash_stroke(box: Box, rng: np.random.Generator) -> Stroke:
    """A stroke across the digit's box, corner to corner: ``/`` from below-left to above-right,
    or (some writers, often in the zero's own stroke) ``\\`` from above-left to below-right;
    running past the box or stopping inside it."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    over = rng.uniform(-0.15, 0.25, size=2)
    jitter = rng.uniform(-0.15, 0.15, size=2)
    start = (x0 - over[0] * w + jitter[0] * w, y1 + over[0] * h)
    end = (x1 + over[1] * w + jitter[1] * w, y0 - over[1] * h)
    stroke = np.array([start, end])
    if rng.random() < 0.5:
        stroke[:, 0] = x0 + x1 - stroke[:, 0]  # mirrored: the backslash
    return stroke


def theta_bar(box: Box, rng: np.random.Generator) -> Stroke:
    """A bar across a zero's middle, inside or running past its sides (a theta)."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    y = y0 + rng.uniform(0.4, 0.6) * h
    over = rng.uniform(-0.15, 0.2, size=2) * w
    tilt = rng.uniform(-0.06, 0.06) * h
    return np.array([(x0 - over[0], y + tilt), (x1 + over[1], y - tilt)])


def cross_stroke(box: Box, stem_x: float, rng: np.random.Generator) -> Stroke:
    """A short bar across the middle of a seven's stem."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    y = y0 + rng.uniform(0.45, 0.62) * h
    half = rng.uniform(0.2, 0.35) * w
    tilt = rng.uniform(-0.05, 0.05) * h
    return np.array([(stem_x - half, y + tilt), (stem_x + half, y - tilt)])


def flag_stroke(top: np.ndarray, height: float, rng: np.random.Generator) -> Stroke:
    """A one's flag: from down-left of the stem's top up to it; sometimes nearly as long as
    the stem (a ``Λ``-shaped one, as some writers make it)."""
    length = rng.uniform(0.25, 0.95) * height
    angle = np.radians(rng.uniform(15, 70))  # below the horizontal
    start = top + length * np.array([-np.cos(angle), np.sin(angle)])
    return np.array([start, top])


def foot_stroke(bottom: np.ndarray, height: float, rng: np.random.Generator) -> Stroke:
    """A base line under a one's stem."""
    half = rng.uniform(0.15, 0.35) * height
    shift = rng.uniform(-0.3, 0.3) * half
    tilt = rng.uniform(-0.03, 0.03) * height
    y = bottom[1] + rng.uniform(-0.02, 0.03) * height
    return np.array([(bottom[0] - half + shift, y + tilt), (bottom[0] + half + shift, y - tilt)])


def curved_foot(bottom: np.ndarray, height: float, rng: np.random.Generator) -> Stroke:
    """An ``l``'s foot: the stem's end curving to the right and a little up."""
    radius = rng.uniform(0.12, 0.28) * height
    sweep = np.radians(rng.uniform(70, 130))
    angles = np.linspace(np.pi, np.pi + sweep, 8)  # from the stem's left side, going round under
    centre = bottom + np.array([radius, -radius])
    return centre + radius * np.stack([np.cos(angles), -np.sin(angles)], axis=1)


def _stem_x(points: np.ndarray, y: float) -> float:
    """Where the ink crosses height ``y`` (the point nearest to it)."""
    return float(points[np.argmin(np.abs(points[:, 1] - y)), 0])


def _box(points: np.ndarray) -> Box:
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _one_strokes(points: np.ndarray, rng: np.random.Generator) -> list[Stroke]:
    """Flag, foot, flag and foot, or a curved foot for a one whose ink is ``points``."""
    box = _box(points)
    height = max(box[3] - box[1], 1e-6)
    top = points[np.argmin(points[:, 1])]
    bottom = points[np.argmax(points[:, 1])]
    kind = rng.integers(4)
    if kind == 0:
        return [flag_stroke(top, height, rng)]
    if kind == 1:
        return [flag_stroke(top, height, rng), foot_stroke(bottom, height, rng)]
    if kind == 2:
        return [foot_stroke(bottom, height, rng)]
    return [curved_foot(bottom, height, rng)]


def extra_strokes(points: np.ndarray, label: int, rng: np.random.Generator) -> list[Stroke]:
    """The strokes a style adds to a digit whose ink is ``points`` (x, y); [] for none."""
    box = _box(points)
    width, height = box[2] - box[0], box[3] - box[1]
    if label == 0:
        return [slash_stroke(box, rng) if rng.random() < 0.5 else theta_bar(box, rng)]
    if label == 7:
        return [cross_stroke(box, _stem_x(points, box[1] + 0.55 * height), rng)]
    if label == 1 and width < 0.45 * height:  # a plain stick: flags and feet go on it
        return _one_strokes(points, rng)
    return []


def styled_ink(ink: Ink, label: int, rng: np.random.Generator) -> Ink | None:
    """The ink with a style's strokes added; None when the digit has no style to add."""
    extra = extra_strokes(ink.points, label, rng)
    if not extra:
        return None
    return Ink((*(s[:, :2] for s in ink.strokes), *extra))


# ---------------------------------------------------------------- whole templates


def _wobble(stroke: Stroke, scale: float, rng: np.random.Generator) -> Stroke:
    """Smooth hand tremor: low-frequency noise along the stroke."""
    n = len(stroke)
    knots = rng.normal(0, scale, size=(4, 2))
    t = np.linspace(0, 3, n)
    noise = np.stack([np.interp(t, np.arange(4), knots[:, i]) for i in range(2)], axis=1)
    return stroke + noise


def _slanted(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """Shear (slant), aspect change and wobble, the same for all strokes of a digit."""
    slant = rng.uniform(-0.35, 0.15)  # most people lean right (negative x shift going up)
    aspect = rng.uniform(0.75, 1.3)
    out = []
    for stroke in strokes:
        s = stroke.astype(np.float64).copy()
        s[:, 0] = s[:, 0] * aspect + slant * (s[:, 1] - 50)
        out.append(_wobble(s, 1.2, rng))
    return out


def _line(a: tuple[float, float], b: tuple[float, float], n: int = 8) -> Stroke:
    return np.linspace(a, b, n)


def _four_open(rng: np.random.Generator) -> list[Stroke]:
    """A four whose two top ends never meet: ``|_|`` with a long right stem."""
    bar_y = rng.uniform(55, 70)
    left_top = (rng.uniform(22, 38), rng.uniform(8, 22))
    corner = (left_top[0] - rng.uniform(-4, 10), bar_y)
    bar_end = (rng.uniform(74, 86), bar_y + rng.uniform(-4, 3))
    stem_x = rng.uniform(58, 72)
    stem = _line((stem_x, rng.uniform(2, 25)), (stem_x + rng.uniform(-6, 3), rng.uniform(90, 99)))
    first = np.concatenate([_line(left_top, corner), _line(corner, bar_end)[1:]])
    return [first, stem]


def _nine(rng: np.random.Generator) -> list[Stroke]:
    """A nine: a loop (closed or left open) and a straight or slightly curved tail."""
    cx, cy = rng.uniform(45, 55), rng.uniform(22, 32)
    rx, ry = rng.uniform(16, 26), rng.uniform(14, 22)
    gap = np.radians(rng.uniform(0, 70) if rng.random() < 0.5 else 0.0)
    # From the loop's right side, counter-clockwise (on screen: up, left, down, right).
    angles = np.linspace(0.0, 2 * np.pi - gap, 24)
    loop = np.stack([cx + rx * np.cos(angles), cy - ry * np.sin(angles)], axis=1)
    join = (cx + rx * rng.uniform(0.85, 1.05), cy + rng.uniform(-0.3, 0.3) * ry)
    end = (join[0] - rng.uniform(-6, 14), rng.uniform(88, 99))
    tail = _line(join, end)
    if rng.random() < 0.3:  # a slight hook at the tail's end
        tail = np.concatenate([tail, [(end[0] - rng.uniform(4, 12), end[1] - rng.uniform(0, 5))]])
    if rng.random() < 0.5:  # written as one stroke
        return [np.concatenate([loop, tail])]
    return [loop, tail]


def _one(rng: np.random.Generator) -> list[Stroke]:
    top = (rng.uniform(50, 60), rng.uniform(3, 12))
    bottom = (top[0] + rng.uniform(-8, 4), rng.uniform(90, 99))
    stem = _line(top, bottom)
    return [stem, *_one_strokes(stem, rng)]


_TEMPLATES = {1: _one, 4: _four_open, 9: _nine}


def template_ink(label: int, rng: np.random.Generator) -> Ink:
    """A whole digit drawn in one of the styles MNIST lacks (1, 4 or 9), on a 100x100 pad."""
    return Ink(tuple(_slanted(_TEMPLATES[label](rng), rng)), 100.0, 100.0)


# -------------------------------------------------------------------- rasters


def styled_raster(array: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray | None:
    """An MNIST-style (28, 28) digit with the style's strokes drawn in and framed again."""
    scale = 4
    rows, cols = np.nonzero(array > 0.2)
    if len(rows) == 0:
        return None
    points = np.stack([cols, rows], axis=1).astype(np.float64)
    extra = extra_strokes(points, label, rng)
    if not extra:
        return None
    pad = 8  # room for a slash or flag that runs past the digit
    big = Image.fromarray((array * 255).astype(np.uint8)).resize(
        (28 * scale, 28 * scale), Image.Resampling.BILINEAR
    )
    canvas = Image.new("L", ((28 + 2 * pad) * scale,) * 2, 0)
    canvas.paste(big, (pad * scale, pad * scale))
    draw = ImageDraw.Draw(canvas)
    width = round(PEN_WIDTH * scale * rng.uniform(0.8, 1.2))
    for stroke in extra:
        xy = [((x + pad + 0.5) * scale, (y + pad + 0.5) * scale) for x, y in stroke]
        draw.line(xy, fill=255, width=width, joint="curve")
    return frame_ink_map(np.asarray(canvas, dtype=np.float32) / 255.0)
