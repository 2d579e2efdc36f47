"""Cutting a number into candidate pieces: strokes of ink, blobs of a picture.

The number reader (:mod:`digitpad.reader.number_reader`) never decides on its own where
one digit ends: it over-segments here into pieces that are each at most one
digit (a stroke; a connected blob of ink, cut again where it is wide enough
to hold two touching digits), and lets the model choose how to group them.
So this module errs on the side of too many pieces: the model joins them back
cheaply, while a piece holding two digits could never be read right.

Pure numpy: no Qt, no scipy (connected components are labelled by runs).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from digitpad.ink import Ink
from digitpad.reader.settings import CutSettings


@dataclass(frozen=True)
class Piece:
    """One candidate piece: its box (x0, y0, x1, y1) in the input's units, and its ids."""

    box: tuple[float, float, float, float]
    #: Stroke indices (ink) or piece-map ids (pictures) that make this piece.
    ids: tuple[int, ...]

    @property
    def centre_x(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


# ----------------------------------------------------------------------------- ink


def stroke_pieces(ink: Ink) -> list[Piece]:
    """One piece per stroke, in reading order (left to right by the stroke's centre).

    Ordering by centre rather than by first point puts a stroke added later
    (the bar of a 7 drawn after the next digit) beside the digit it belongs to.
    """
    pieces = []
    for index, stroke in enumerate(ink.strokes):
        low = stroke[:, :2].min(axis=0)
        high = stroke[:, :2].max(axis=0)
        box = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))
        pieces.append(Piece(box, (index,)))
    return sorted(pieces, key=lambda piece: (piece.centre_x, piece.ids))


def ink_height(pieces: list[Piece]) -> float:
    """The height of one digit of the number: its tallest strokes' height.

    Taken over pieces (not the whole number), so baseline drift across a long
    number does not make digits look short. The median of the taller half is
    robust to a stray long stroke and to short bars and dots.
    """
    heights = np.sort([max(p.height, p.width * 0.5) for p in pieces])
    tall = heights[len(heights) // 2 :]
    return float(np.median(tall)) if len(tall) else 0.0


# ------------------------------------------------------------------------ pictures


def _row_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of True along each row, in reading order: (row, first column, end column)."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    rows, starts = np.nonzero(changes == 1)
    _, ends = np.nonzero(changes == -1)
    return rows, starts, ends


def label_components(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the 8-connected components of a boolean mask: (labels, count), 0 = background.

    Run-length labelling: each row's runs of ink are joined with the runs of
    the row above that touch them (diagonals included), through union-find.
    Python loops over runs, not pixels: a strip of digits has a few per row.
    """
    height, width = mask.shape
    rows_start, cols_start, cols_end = _row_runs(mask)
    count = len(rows_start)
    parent = list(range(count))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    row_first = np.searchsorted(rows_start, np.arange(height + 1))
    starts, ends, rows = cols_start.tolist(), cols_end.tolist(), rows_start.tolist()
    for row in range(1, height):
        above = range(int(row_first[row - 1]), int(row_first[row]))
        if not above:
            continue
        first_above = above.start
        for run in range(int(row_first[row]), int(row_first[row + 1])):
            start, end = starts[run], ends[run]  # end is exclusive
            for other in range(first_above, above.stop):
                if ends[other] < start:  # ends before (diagonal touch when == start)
                    first_above = other + 1
                    continue
                if starts[other] > end:
                    break
                a, b = find(run), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    roots = np.array([find(i) for i in range(count)], dtype=np.int64)
    _, compact = np.unique(roots, return_inverse=True)
    labels = np.zeros((height, width), dtype=np.int32)
    for run, label in enumerate(compact.tolist()):
        labels[rows[run], starts[run] : ends[run]] = label + 1
    return labels, int(compact.max()) + 1 if count else 0


@dataclass(frozen=True)
class PictureCut:
    """A picture cut into pieces: the ink map, a map of piece ids, and the pieces in order."""

    ink: np.ndarray
    #: Same shape as ``ink``: 0 where no piece, else the id of the piece holding the pixel.
    ids: np.ndarray
    pieces: list[Piece]
    #: The height of one digit, in pixels of the ink map.
    digit_height: float


def erase_rules(ink: np.ndarray, settings: CutSettings) -> np.ndarray:
    """Erase rules (underlines, printed ruled lines), keeping strokes that cross them.

    An amount is often underlined, or written on a printed ruled line, and the rule
    touches its digits: left in, it glues them into one blob. A pixel goes when
    it lies on a horizontal run of ink longer than the picture is high (no
    digit stroke is) and the ink there is thin vertically (where a digit's
    stroke crosses the line, the ink runs on up or down and stays).
    """
    mask = ink > settings.ink_level
    height = mask.shape[0]
    # A faint scanned rule breaks into short runs at its lighter pixels; its length
    # is measured on the faint ink too, with gaps of a pixel or two bridged.
    faint = _bridged(ink > settings.rule_level, settings.rule_gap)
    long_run = _run_lengths(faint) >= max(settings.rule_length * height, 8)
    thickest = max(2, settings.rule_thickness * height)
    thin = thickest >= _run_lengths(mask.T).T
    erase = long_run & thin
    if not erase.any():
        return ink
    # Take the rule's faint rim with it (a row above and below).
    grown = erase.copy()
    grown[1:] |= erase[:-1]
    grown[:-1] |= erase[1:]
    grown &= ~mask | erase
    return np.where(grown, 0.0, ink).astype(ink.dtype)


def _bridged(mask: np.ndarray, gap: int) -> np.ndarray:
    """The mask with gaps of at most ``gap`` pixels between runs of the same row filled."""
    height, width = mask.shape
    rows, starts, ends = _row_runs(mask)
    short = np.nonzero((rows[1:] == rows[:-1]) & (starts[1:] - ends[:-1] <= gap))[0]
    # +1 where a short gap opens, -1 where it closes; a running sum marks the gaps.
    marks = np.zeros((height, width + 1), dtype=np.int32)
    np.add.at(marks, (rows[short], ends[short]), 1)
    np.add.at(marks, (rows[short], starts[short + 1]), -1)
    return mask | (np.cumsum(marks, axis=1)[:, :width] > 0)


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """For each pixel, the length of the run of True it lies in along its row (0 off runs)."""
    height, width = mask.shape
    rows, starts, ends = _row_runs(mask)
    lengths = np.zeros((height, width + 1), dtype=np.int64)
    # Mark each run's length at its start and subtract it at its end; a running sum fills it in.
    np.add.at(lengths, (rows, starts), ends - starts)
    np.add.at(lengths, (rows, ends), -(ends - starts))
    result: np.ndarray = np.cumsum(lengths, axis=1)[:, :width] * mask
    return result


def picture_pieces(ink: np.ndarray, settings: CutSettings) -> PictureCut:
    """Cut an ink map into pieces: blobs, wide ones cut along thin paths; rules and specks dropped."""
    ink = erase_rules(ink, settings)
    labels, count = label_components(ink > settings.ink_level)
    ids = np.zeros_like(labels)
    if count == 0:
        return PictureCut(ink, ids, [], 0.0)
    boxes = _boxes(labels, count)
    widths = boxes[:, 2] - boxes[:, 0]
    digit_height = _digit_height(boxes)
    pieces: list[Piece] = []
    next_id = 1
    for label in range(1, count + 1):
        x0, y0, x1, y1 = (int(v) for v in boxes[label - 1])
        # Specks: dust and JPEG blotches, far smaller than any digit or separator.
        if max(x1 - x0, y1 - y0) < 0.12 * digit_height:
            continue
        region = labels[y0:y1, x0:x1] == label
        paths = (
            _cut_paths(region, digit_height, settings)
            if widths[label - 1] > settings.narrow_cut * digit_height
            else []
        )
        columns = np.arange(x1 - x0)[None, :]
        segment = np.zeros(region.shape, dtype=np.int32)
        for path in paths:
            segment += columns >= path[:, None]
        for index in range(len(paths) + 1):
            part = region & (segment == index)
            rows = np.flatnonzero(part.any(axis=1))
            cols = np.flatnonzero(part.any(axis=0))
            if not len(rows):
                continue
            ids[y0:y1, x0:x1][part] = next_id
            box = (
                float(x0 + cols[0]),
                float(y0 + rows[0]),
                float(x0 + cols[-1] + 1),
                float(y0 + rows[-1] + 1),
            )
            pieces.append(Piece(box, (next_id,)))
            next_id += 1
    pieces.sort(key=lambda piece: (piece.centre_x, piece.ids))
    return PictureCut(ink, ids, pieces, digit_height)


def _digit_height(boxes: np.ndarray) -> float:
    """The height of one digit: blobs stacked over each other count as one (a broken digit).

    Blobs that overlap horizontally by half the narrower one's width are taken
    together, so a digit broken across the middle counts at its full height;
    the median of the taller columns of ink is robust to dots and dashes.
    """
    order = np.argsort(boxes[:, 0], kind="stable")
    columns: list[list[int]] = []  # x0, y0, x1, y1 of each stack of blobs
    for index in order.tolist():
        x0, y0, x1, y1 = (int(v) for v in boxes[index])
        for column in columns:
            overlap = min(x1, column[2]) - max(x0, column[0])
            if overlap >= 0.5 * min(x1 - x0, column[2] - column[0]):
                column[:] = [
                    min(x0, column[0]),
                    min(y0, column[1]),
                    max(x1, column[2]),
                    max(y1, column[3]),
                ]
                break
        else:
            columns.append([x0, y0, x1, y1])
    heights = np.array([c[3] - c[1] for c in columns], dtype=np.float64)
    return float(np.median(heights[heights >= 0.5 * heights.max()]))


def _boxes(labels: np.ndarray, count: int) -> np.ndarray:
    """(count, 4) boxes x0, y0, x1, y1 (exclusive ends) of labels 1..count."""
    rows, cols = np.nonzero(labels)
    which = labels[rows, cols] - 1
    boxes = np.empty((count, 4), dtype=np.int64)
    boxes[:, 0] = np.iinfo(np.int64).max
    boxes[:, 1] = np.iinfo(np.int64).max
    boxes[:, 2] = -1
    boxes[:, 3] = -1
    np.minimum.at(boxes[:, 0], which, cols)
    np.minimum.at(boxes[:, 1], which, rows)
    np.maximum.at(boxes[:, 2], which, cols + 1)
    np.maximum.at(boxes[:, 3], which, rows + 1)
    return boxes


def _cut_paths(region: np.ndarray, digit_height: float, settings: CutSettings) -> list[np.ndarray]:
    """Paths from top to bottom along which a wide blob may be cut: one column per row.

    Touching digits meet in a thin bridge, or lean into each other so that no
    straight column separates them; a path that bends (one column a row at
    most) around the strokes, crossing as little ink as it can, separates both.
    Paths start at the blob's thin columns, and at regular steps where no thin
    column is near. More cuts than needed are fine: the model joins pieces back.
    """
    width = region.shape[1]
    wide = width > settings.cut_width * digit_height
    profile = region.sum(axis=0).astype(np.float64)
    spacing = max(2, round(settings.cut_spacing * digit_height))
    # A narrow 1 touching its neighbour sits close to the blob's edge.
    margin = round(settings.edge_margin * digit_height)
    # A blob narrower than two margins has no column between them: two 1s
    # touching. It is cut only into two halves of the ink (a 7's bar is no 1).
    pair = not wide and width < 2 * margin
    margin = max(2, width // 4 if pair else margin)
    thin = (settings.cut_thin if wide else settings.narrow_thin) * float(profile.max())
    smooth = np.convolve(profile, np.ones(3) / 3, mode="same")
    starts: list[int] = []
    for column in np.argsort(smooth, kind="stable").tolist():
        if smooth[column] > thin:
            break
        if margin <= column <= width - margin and all(
            abs(column - other) >= spacing for other in starts
        ):
            starts.append(column)
    if wide:
        # Where no thin column is near, cut at regular steps anyway: two digits
        # leaning into each other have no thin column at all.
        edges = sorted([0, *starts, width])
        for left, right in itertools.pairwise(edges):
            steps = int((right - left) // (2 * spacing))
            starts += [left + (right - left) * (k + 1) // (steps + 1) for k in range(steps)]
    reach = spacing
    cost = region.astype(np.float64) + 0.01
    paths = []
    for start in sorted(starts):
        # A path hugging the blob's edge would cut nothing off: keep it in a little.
        inner = max(1, margin // 2)
        low, high = max(inner, start - reach), min(width - inner, start + reach + 1)
        if high - low < 1:
            continue
        paths.append(low + _least_ink_path(cost[:, low:high], start - low, settings.cut_slope))
    # Paths must not cross: each stays right of the one before.
    for index in range(1, len(paths)):
        paths[index] = np.maximum(paths[index], paths[index - 1])
    return _drop_slivers(region, paths, settings.pair_share if pair else settings.sliver)


def _least_ink_path(cost: np.ndarray, start: int, slope: int) -> np.ndarray:
    """The column of each row of the path, top to bottom, crossing the least ``cost``.

    A path moves at most ``slope`` columns from one row to the next, paying a
    little for each column: it keeps straight through paper and bends only
    around ink. A move of two columns steps over the pixel between without
    paying for it: so a path slips through a thin slanting stroke, which the
    recut wants (``CutSettings.recut_slope``). Of equal paths, the one ending
    nearest ``start`` is taken.
    """
    height, width = cost.shape
    shifts = np.arange(-slope, slope + 1)
    # Padded so that a move from outside the window costs infinitely much.
    padded = np.full(width + 2 * slope, np.inf)
    columns = np.arange(width)
    total = cost[0].copy()
    moves = np.zeros(cost.shape, dtype=np.int8)
    for row in range(1, height):
        padded[slope : slope + width] = total
        # options[k, c]: the path reaching column c from column c + shifts[k] of the row above.
        options = np.stack([padded[slope + s : slope + s + width] for s in shifts.tolist()])
        options += 0.02 * np.abs(shifts)[:, None]
        choice = options.argmin(axis=0)
        moves[row] = shifts[choice]
        total = options[choice, columns] + cost[row]
    column = int(np.argmin(total + 0.001 * np.abs(columns - start)))
    path = np.empty(height, dtype=np.int64)
    for row in range(height - 1, -1, -1):
        path[row] = column
        column += int(moves[row, column])
    return path


def _drop_slivers(region: np.ndarray, paths: list[np.ndarray], sliver: float) -> list[np.ndarray]:
    """Leave out cuts that would shave a sliver off a piece (the tip of a stroke).

    A sliver is no digit and no useful part of one: reading it costs time,
    and a digit shaved into many slivers can need more pieces than a group holds.
    """
    columns = np.arange(region.shape[1])[None, :]
    total = float(region.sum())
    kept: list[np.ndarray] = []
    for path in paths:
        left = region & (columns < path[:, None])
        if kept:
            left &= columns >= kept[-1][:, None]
        right = region & (columns >= path[:, None])
        if min(float(left.sum()), float(right.sum())) >= sliver * total:
            kept.append(path)
    return kept
