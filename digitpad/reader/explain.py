"""Why did it answer that? A heat map of where the evidence for a digit lies.

Grad-CAM needs the model's gradients, which the LiteRT runtime does not give.
This is occlusion sensitivity instead: the drawing is read again with one
small square of it wiped at a time (all the wiped copies in one batch, one
run of the model), and each square is as hot as wiping it lowers the class's
log-probability. The squares are centred on the ink: wiping blank paper
changes nothing. A log, so that a model 99.9% sure still shows where its
certainty comes from. For a class that is not the answer ("why not 1?"), its
log-probability against the mean of all classes' (its logit, up to a
constant): wiping any stroke of a 7 hands the 7's probability to every other
class, the 1 included, and would otherwise show no evidence for the 1 at all.

It works with any :class:`~digitpad.reader.digit_model.Recognizer`, the personal one
included (:mod:`digitpad.reader.personal_model`): the heat map then explains the answer
given with the person's examples. Measured against a class-activation map
of the model's last convolution (``tests/benchmarks/bench_explain.py``):
wiping the hottest square lowers the class more with occlusion, and it stays
within a 16 ms frame per update; see the README for the figures.

Pure numpy (Pillow only to draw the picture): no Qt.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from digitpad.preprocess import FRAME
from digitpad.reader.digit_model import Recognizer
from digitpad.results import CLASSES

#: Side of the wiped square, in pixels of the 28x28 frame (a stroke is 2-3 pixels wide).
PATCH = 5
#: Squares are centred on the ink, at least this far apart (in pixels, along rows or
#: columns): every inked pixel lies in a square, and a digit needs 12-25 of them.
SPACING = 3
#: Pixels at least this inky may be the centre of a square.
CORE = 0.5
#: Log-probabilities are floored here: a class ruled out entirely still has a finite score.
FLOOR = 1e-30


def squares(array: np.ndarray, patch: int = PATCH, spacing: int = SPACING) -> np.ndarray:
    """``(m, 28, 28)`` boolean masks of squares centred on the ink, ``spacing`` apart.

    Only the ink can be wiped (blank paper wiped is unchanged), so the squares
    follow the strokes rather than tile the frame: the same detail for a third
    of the model runs. The centres are chosen greedily in reading order.
    """
    half = patch // 2
    centres: list[tuple[int, int]] = []
    for row, col in np.argwhere(np.asarray(array) >= CORE).tolist():
        if all(max(abs(row - r), abs(col - c)) >= spacing for r, c in centres):
            centres.append((row, col))
    masks = np.zeros((len(centres), FRAME, FRAME), bool)
    for index, (row, col) in enumerate(centres):
        masks[index, max(0, row - half) : row + half + 1, max(0, col - half) : col + half + 1] = (
            True
        )
    return masks


def explain(
    recognizer: Recognizer,
    array: np.ndarray,
    klass: int,
    *,
    patch: int = PATCH,
    spacing: int = SPACING,
) -> np.ndarray:
    """Where the evidence for ``klass`` lies in ``array``: a ``(28, 28)`` float32 map in [0, 1].

    ``klass`` is a column of the answer: a digit 0-9, or 10 for "not a
    digit". 1 marks the part of the drawing whose removal lowers the class's
    probability most; 0 marks what does not matter (and the blank paper).
    All zeros when nothing in the drawing supports the class. One run of the
    model over about 12-25 wiped copies (see :func:`squares`).
    """
    array = np.asarray(array, dtype=np.float32)
    if array.shape != (FRAME, FRAME):
        raise ValueError(f"expected a 28x28 array, got shape {array.shape}")
    if not 0 <= klass < CLASSES:
        raise ValueError(f"klass is a column 0-{CLASSES - 1}, not {klass}")
    masks = squares(array, patch, spacing)
    if len(masks) == 0:
        return np.zeros((FRAME, FRAME), np.float32)
    batch = np.concatenate([array[None], array[None] * ~masks])
    logs = np.log(np.maximum(recognizer.predict_batch(batch).astype(np.float64), FLOOR))
    scores = logs[:, klass]
    if int(np.argmax(logs[0])) != klass:
        # Not the answer: its log-probability against the mean of all of them (its logit
        # up to a constant), else wiping the answer's strokes, which hands the answer's
        # probability to every other class, would count as evidence for them all.
        scores = scores - logs.mean(axis=1)
    drops = np.maximum(scores[0] - scores[1:], 0.0)
    covered = masks.sum(axis=0)
    heat = np.tensordot(drops, masks, axes=1) / np.maximum(covered, 1)
    top = float(heat.max())
    return (heat / top).astype(np.float32) if top > 0 else np.zeros((FRAME, FRAME), np.float32)


# ------------------------------------------------------------------------ drawing

#: The colour ramp of the heat (low to high) over dark paper: deep purple, red, orange, yellow.
_STOPS = np.array([[80, 20, 140], [200, 30, 60], [245, 120, 20], [255, 230, 60]], dtype=np.float32)
#: The ramp over light paper, darkest where hottest: yellow on white would vanish
#: (heat 1.0 at 1.2:1), this one keeps the hottest quarter above WCAG's 3:1.
_STOPS_ON_LIGHT = np.array(
    [[255, 200, 40], [240, 110, 20], [190, 20, 50], [90, 0, 80]], dtype=np.float32
)
#: Below this heat nothing is drawn (the drawing shows through untouched).
_VISIBLE = 0.05


def heat_rgba(heat: np.ndarray, opacity: float = 0.75, light_paper: bool = False) -> np.ndarray:
    """The heat map as an overlay layer: ``(h, w, 4)`` uint8 RGBA, transparent where cold.

    Draw it stretched over the 28x28 model preview, or over the pad at
    :meth:`digitpad.preprocess.InkPlacement.frame_box_in_ink` of the drawing;
    ``light_paper`` for a layer laid on light paper (the pad), hot then dark.
    """
    stops = _STOPS_ON_LIGHT if light_paper else _STOPS
    heat = np.clip(np.asarray(heat, dtype=np.float32), 0.0, 1.0)
    position = heat * (len(stops) - 1)
    low = np.minimum(position.astype(int), len(stops) - 2)
    fraction = (position - low)[..., None]
    colour = stops[low] * (1 - fraction) + stops[low + 1] * fraction
    alpha = np.where(heat >= _VISIBLE, opacity * (0.35 + 0.65 * heat), 0.0)
    result: np.ndarray = np.dstack([colour, alpha * 255]).round().astype(np.uint8)
    return result


def overlay(array: np.ndarray, heat: np.ndarray, scale: int = 10) -> np.ndarray:
    """The drawing as the model sees it (dark ink on white) with the heat over it.

    ``(28 * scale, 28 * scale, 3)`` uint8 RGB: the picture ``digitpad explain``
    writes. The heat is smoothed when enlarged, the drawing is not.
    """
    size = (FRAME * scale, FRAME * scale)
    ink = np.asarray(array, dtype=np.float32)
    paper = Image.fromarray(np.round((1.0 - np.clip(ink, 0, 1)) * 255).astype(np.uint8), "L")
    base = np.asarray(paper.resize(size, Image.Resampling.NEAREST).convert("RGB"), np.float32)
    smooth = Image.fromarray(np.asarray(heat, dtype=np.float32), "F").resize(
        size, Image.Resampling.BILINEAR
    )
    layer = heat_rgba(np.asarray(smooth)).astype(np.float32)
    alpha = layer[..., 3:] / 255.0
    return np.round(base * (1 - alpha) + layer[..., :3] * alpha).astype(np.uint8)


def overlay_image(array: np.ndarray, heat: np.ndarray, scale: int = 10) -> Image.Image:
    """:func:`overlay` as a Pillow image (to save as PNG)."""
    return Image.fromarray(overlay(array, heat, scale), "RGB")
