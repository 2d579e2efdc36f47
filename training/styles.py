"""Synthetic European digit styles missing from MNIST: slashed zeros and crossed sevens.

Many writers (UNIPEN's European contributors among them) slash their zeros
and cross their sevens; MNIST has almost none, and an MNIST-trained model
reads a slashed zero as an 8. These functions add the extra stroke to real
zeros and sevens, both pen-drawn (as ink, rendered by the app's own
``ink_to_array``) and MNIST rasters (drawn on an enlarged copy and framed
again by ``frame_ink_map``), so the model learns the styles without any of
the held-out writers' samples.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from digitpad.ink import Ink
from digitpad.preprocess import PEN_WIDTH, frame_ink_map

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def slash_stroke(box: Box, rng: np.random.Generator) -> np.ndarray:
    """A stroke from below-left of the digit's box to above-right of it."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    over = rng.uniform(-0.05, 0.25, size=2)
    jitter = rng.uniform(-0.15, 0.15, size=2)
    start = (x0 - over[0] * w + jitter[0] * w, y1 + over[0] * h)
    end = (x1 + over[1] * w + jitter[1] * w, y0 - over[1] * h)
    return np.array([start, end])


def cross_stroke(box: Box, stem_x: float, rng: np.random.Generator) -> np.ndarray:
    """A short bar across the middle of a seven's stem."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    y = y0 + rng.uniform(0.45, 0.62) * h
    half = rng.uniform(0.2, 0.35) * w
    tilt = rng.uniform(-0.05, 0.05) * h
    return np.array([(stem_x - half, y + tilt), (stem_x + half, y - tilt)])


def _stem_x(points: np.ndarray, y: float) -> float:
    """Where the ink crosses height ``y`` (the point nearest to it)."""
    return float(points[np.argmin(np.abs(points[:, 1] - y)), 0])


def styled_ink(ink: Ink, label: int, rng: np.random.Generator) -> Ink | None:
    """The ink with a slash (zeros) or a cross bar (sevens) added; None for other digits."""
    points = ink.points
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    box = (float(x0), float(y0), float(x1), float(y1))
    if label == 0:
        extra = slash_stroke(box, rng)
    elif label == 7:
        extra = cross_stroke(box, _stem_x(points, y0 + 0.55 * (y1 - y0)), rng)
    else:
        return None
    return Ink((*(s[:, :2] for s in ink.strokes), extra))


def styled_raster(array: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray | None:
    """An MNIST-style (28, 28) digit with the extra stroke drawn in and framed again."""
    scale = 4
    rows, cols = np.nonzero(array > 0.2)
    if len(rows) == 0:
        return None
    box = (float(cols.min()), float(rows.min()), float(cols.max()), float(rows.max()))
    if label == 0:
        extra = slash_stroke(box, rng)
    elif label == 7:
        ink_points = np.stack([cols, rows], axis=1).astype(np.float64)
        extra = cross_stroke(box, _stem_x(ink_points, box[1] + 0.55 * (box[3] - box[1])), rng)
    else:
        return None
    pad = 8  # room for a slash that runs past the digit
    big = Image.fromarray((array * 255).astype(np.uint8)).resize(
        (28 * scale, 28 * scale), Image.Resampling.BILINEAR
    )
    canvas = Image.new("L", ((28 + 2 * pad) * scale,) * 2, 0)
    canvas.paste(big, (pad * scale, pad * scale))
    xy = [((x + pad + 0.5) * scale, (y + pad + 0.5) * scale) for x, y in extra]
    width = round(PEN_WIDTH * scale * rng.uniform(0.8, 1.2))
    ImageDraw.Draw(canvas).line(xy, fill=255, width=width, joint="curve")
    return frame_ink_map(np.asarray(canvas, dtype=np.float32) / 255.0)
