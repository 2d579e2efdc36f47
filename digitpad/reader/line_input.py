"""A picture's whole row of ink as the line model's input, and where its frames fall.

The number reader cuts a picture into pieces and lets the digit model choose
how to group them. On real cheques that choice fails most often on how many
digits there are: a ``000`` written in one stroke read as one zero, a
separator or an underline's end read as a digit. The line model reads the
whole row at once, without cutting it (a small convolutional network trained
with CTC, connectionist temporal classification, by ``python -m
training.train_lines``), and gives for each of its frames, narrow vertical
slices of the row, the probabilities of "no digit here" and of each digit.
:mod:`digitpad.reader.number_reader` asks it how likely each of its candidate readings is
(:func:`digitpad.reader.ctc.log_likelihood`); every digit is still read by the digit model.

Pure numpy and Pillow, like :mod:`digitpad.preprocess`: the training code
builds its examples with :func:`line_array` too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PIL import Image

#: The line model's input: the row of ink scaled to this height...
LINE_HEIGHT = 32
#: ...and laid from the left into this width (wider rows are squeezed).
LINE_WIDTH = 224
#: Pixels of the input per output frame.
FRAME_WIDTH = 4
FRAMES = LINE_WIDTH // FRAME_WIDTH
#: The share of the height the ink's rows take in the input.
FILL = 0.9
#: Left margin of the ink in the input, in pixels.
LEFT = 1
#: A pixel of an ink map at least this dark counts when cropping to the ink.
CROP_LEVEL = 0.25


def ink_bounds(ink: np.ndarray, margin: int = 2) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the ink in an ink map, with a margin; None when there is none."""
    rows = np.flatnonzero((ink > CROP_LEVEL).any(axis=1))
    if rows.size == 0:
        return None
    columns = np.flatnonzero((ink > CROP_LEVEL).any(axis=0))
    height, width = ink.shape
    return (
        max(0, int(columns[0]) - margin),
        max(0, int(rows[0]) - margin),
        min(width, int(columns[-1]) + 1 + margin),
        min(height, int(rows[-1]) + 1 + margin),
    )


def ink_crop(ink: np.ndarray, margin: int = 2) -> np.ndarray | None:
    """The part of an ink map that holds its ink, with a margin (a view); None when there is
    none. Training cuts every row and digit it learns from this way, as the reader does."""
    bounds = ink_bounds(ink, margin)
    if bounds is None:
        return None
    x0, y0, x1, y1 = bounds
    return ink[y0:y1, x0:x1]


def fits_line(ink: np.ndarray, max_aspect: float) -> bool:
    """Whether an ink map's ink is a row the line model can read: not empty, and at most
    ``max_aspect`` times as wide as high (``GroupingSettings.line_max_aspect``)."""
    bounds = ink_bounds(ink)
    if bounds is None:
        return False
    x0, y0, x1, y1 = bounds
    return (x1 - x0) <= max_aspect * (y1 - y0)


def line_array(
    ink: np.ndarray,
    *,
    stretch: float = 1.0,
    fill: float = FILL,
    top: int | None = None,
    left: int = LEFT,
) -> np.ndarray:
    """The LINE_HEIGHT x LINE_WIDTH float32 input of the line model for an ink map.

    The ink is cropped, scaled to ``fill`` of the height keeping its aspect
    (times ``stretch`` across), and laid from ``left``; ``top`` defaults to
    centred. The other arguments are the training code's augmentation.
    """
    bounds = ink_bounds(ink)
    if bounds is None:
        return np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    x0, y0, x1, y1 = bounds
    crop = np.ascontiguousarray(ink[y0:y1, x0:x1], dtype=np.float32)
    height = max(4, round(LINE_HEIGHT * fill))
    width = max(
        4, min(LINE_WIDTH - left - 1, round(crop.shape[1] * height / crop.shape[0] * stretch))
    )
    scaled = np.asarray(
        Image.fromarray(crop, "F").resize((width, height), Image.Resampling.BILINEAR)
    )
    out = np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    y = (LINE_HEIGHT - height) // 2 if top is None else top
    out[y : y + height, left : left + width] = scaled
    return np.clip(out, 0.0, 1.0)


def frame_spans(ink: np.ndarray, spans: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """The line model's frames [start, stop) over each (x0, x1) column span of an ink map,
    as :func:`line_array` (with its defaults) lays the ink out."""
    bounds = ink_bounds(ink)
    if bounds is None:
        return [(0, 0) for _ in spans]
    x0, y0, x1, y1 = bounds
    height = max(4, round(LINE_HEIGHT * FILL))
    width = max(4, min(LINE_WIDTH - LEFT - 1, round((x1 - x0) * height / (y1 - y0))))
    scale = width / (x1 - x0)
    frames = []
    for left, right in spans:
        start = int((LEFT + (left - x0) * scale) // FRAME_WIDTH)
        stop = math.ceil((LEFT + (right - x0) * scale) / FRAME_WIDTH)
        start = min(max(start, 0), FRAMES - 1)
        frames.append((start, min(max(stop, start + 1), FRAMES)))
    return frames
