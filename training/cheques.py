"""Digits and non-digits cut from real cheque amounts (CAR-A), for training.

The bundled model learnt digits from MNIST, pen strokes and USPS scans; cheque
amounts look different again (a printed security background left faint after
paper removal, hurried strokes, digits leaning into each other), and read
through labelled boxes the model got about 89% of their digits right. The
CAR-A development part labels a box for every digit, so its tuning half
(:func:`training.splits.car_a_held_out`) gives real cheque digits to train on,
cut out of the same ink map the number reader cuts pictures from; the ink
between the boxes (separators, underline ends, stray strokes) gives real
"not a digit" pieces. The other half is never trained on: it is what
``python -m training.evaluate_numbers`` measures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from digitpad.errors import DigitpadError
from digitpad.reader import DEFAULT_SETTINGS
from digitpad.reader.number_reader import erased_ink_map, frame_piece
from digitpad.reader.segment import label_components

#: A component with less than this share of its ink inside a digit's box is a
#: neighbour poking in, not part of the digit: it is left out of the digit's crop.
NEIGHBOUR_SHARE = 0.2
#: Ink outside every digit box is a non-digit piece when it is at least this
#: tall or wide (in digit heights): smaller bits are specks the reader drops anyway.
PIECE_SIZE = 0.15


def cheque_samples(
    folder: str | Path, rows: list[dict[str, Any]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(digit arrays, their labels, non-digit arrays), 28x28 each, from the rows' pictures."""
    digits: list[np.ndarray] = []
    labels: list[int] = []
    others: list[np.ndarray] = []
    for row in rows:
        ink, boxes = cheque_ink(folder, row)
        components, _ = label_components(ink > DEFAULT_SETTINGS.cut.ink_level)
        for box, digit in zip(boxes, row["digits"], strict=True):
            array = _framed(ink, components, _digit_mask(components, box), box)
            if array is not None:
                digits.append(array)
                labels.append(int(digit["digit"]))
        others += _non_digit_pieces(ink, components, boxes)
    empty = np.zeros((0, 28, 28), np.float32)
    return (
        np.stack(digits).astype(np.float32) if digits else empty,
        np.array(labels, np.int64),
        np.stack(others).astype(np.float32) if others else empty,
    )


def cheque_ink(
    folder: str | Path, row: dict[str, Any]
) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A CAR-A amount's ink map as the number reader makes it (lines erased), and its
    digit boxes in the map's pixels, (x0, y0, x1, y1) from ``labels.jsonl``."""
    ink = erased_ink_map(Path(folder) / row["file"])
    scale = ink.shape[1] / row["width"], ink.shape[0] / row["height"]
    return ink, [_scaled(d["box"], scale) for d in row["digits"]]


def _scaled(box: list[float], scale: tuple[float, float]) -> tuple[int, int, int, int]:
    x, y, w, h = box
    sx, sy = scale
    return int(x * sx), int(y * sy), int(np.ceil((x + w) * sx)), int(np.ceil((y + h) * sy))


def _digit_mask(components: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The pixels of the box that belong to the digit: neighbours merely poking in left out."""
    x0, y0, x1, y1 = box
    inside = components[y0:y1, x0:x1]
    ids, counts = np.unique(inside[inside > 0], return_counts=True)
    totals = np.bincount(components.ravel(), minlength=int(components.max()) + 1)
    kept = ids[counts >= NEIGHBOUR_SHARE * totals[ids]]
    mask = np.zeros(components.shape, dtype=bool)
    mask[y0:y1, x0:x1] = np.isin(inside, kept)
    return mask


def _non_digit_pieces(
    ink: np.ndarray, components: np.ndarray, boxes: list[tuple[int, int, int, int]]
) -> list[np.ndarray]:
    """Components lying (almost) wholly outside every digit box: separators, strokes, lines."""
    in_a_box = np.zeros(components.shape, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        in_a_box[y0:y1, x0:x1] = True
    height = float(np.median([y1 - y0 for _, y0, _, y1 in boxes])) if boxes else ink.shape[0]
    pieces = []
    for label in range(1, int(components.max()) + 1):
        mask = components == label
        if (mask & in_a_box).sum() > 0.1 * mask.sum():
            continue
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        size = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
        if size < PIECE_SIZE * height:
            continue
        box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
        array = _framed(ink, components, mask, box)
        if array is not None:
            pieces.append(array)
    return pieces


def _framed(
    ink: np.ndarray, components: np.ndarray, mask: np.ndarray, box: tuple[int, int, int, int]
) -> np.ndarray | None:
    """The masked ink in the box framed as one digit, as the number reader frames a piece."""
    x0, y0, x1, y1 = box
    try:
        return frame_piece(ink[y0:y1, x0:x1], mask[y0:y1, x0:x1], components[y0:y1, x0:x1] == 0)
    except DigitpadError:
        return None
