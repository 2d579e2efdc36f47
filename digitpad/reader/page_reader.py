"""Every number on a page, laid out as a table: rows top to bottom, columns by x across rows.

A sheet of numbers (a list of meter readings, a column of prices, a table of
measurements) is read in four steps, none of which needs Qt:

1. **Ink**: a photo's light is evened out and its printed lines taken away
   (:func:`digitpad.photo_writing.page_ink`); a scan or a small picture is
   read as the reader always has (:func:`digitpad.preprocess.image_to_ink_map`).
2. **Numbers**: the ink's connected marks are joined when they lie beside each
   other on one line (their heights overlap) with a gap narrower than
   ``number_gap`` of the writing's height: the space inside a number is a
   fraction of a digit, the space between numbers of a table wider. Specks,
   long rules and underlines are left out here.
3. **Reading**: each group's own ink, cut out with a margin, is read by the
   number reader (the same that reads a picture of one number), with boxes
   given back in the page's pixels. What it refuses (a word, a tick, a
   heading: "not a digit") or reads too unsure (``min_confidence``) is no
   number of the page.
4. **The table**: the page's slant is measured from the numbers themselves (a
   photo is rarely square to the sheet); rows are the groups of numbers whose
   slant-corrected heights follow each other closely, columns the groups
   whose slant-corrected x spans overlap across rows. A list is one column; a
   table with a missing entry keeps the empty cell.

Decimal points and commas are small marks the number reader leaves out (it
reads digits): "12.50" reads as "1250". Pure numpy and Pillow: the number
reader is passed in as a function, so this module never loads a model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from digitpad.errors import InputError, NoDigitError
from digitpad.photo_writing import PhotoCrop, page_ink
from digitpad.picture_files import full_size
from digitpad.preprocess import image_to_ink_map
from digitpad.reader.segment import label_components
from digitpad.reader.settings import DEFAULT_SETTINGS, PageSettings
from digitpad.results import NumberReading, PageNumber, PageReading

#: Reads the number in a part of the page (what :meth:`Reader.read_number_picture` does).
ReadNumber = Callable[[PhotoCrop], NumberReading]

NO_NUMBER_FOUND = "No number found: nothing on this page reads as a number."
TOO_MANY_MARKS = (
    "Too much writing to read as a page of numbers: more than {limit} separate marks "
    "(digitpad reads pages of up to a few hundred numbers)."
)

#: A scan or drawing (no photo) is read at most this many pixels on its longer side.
SCAN_SIDE = 1600


@dataclass(frozen=True)
class _Group:
    """Marks that make one number: their labels and their box on the work-size map."""

    labels: tuple[int, ...]
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)


def read_page(
    image: Image.Image, read_number: ReadNumber, settings: PageSettings = DEFAULT_SETTINGS.page
) -> PageReading:
    """Every number on the page ``image``, as a table; boxes in the picture's own pixels.

    Raises ``NoDigitError`` when nothing on the page reads as a number and
    ``InputError`` when the page holds more marks than ``settings.max_marks``.
    """
    ink, scale = _page_ink(image)
    labels, groups, height = _groups(ink, settings)
    found: list[tuple[NumberReading, tuple[float, float, float, float]]] = []
    for group in groups:
        reading = _read_group(image, (ink, labels), group, (scale, height), read_number, settings)
        if reading is not None:
            found.append(reading)
    if not found:
        raise NoDigitError(NO_NUMBER_FOUND)
    return lay_out(found, settings)


def _page_ink(image: Image.Image) -> tuple[np.ndarray, float]:
    """The page's ink map (0 paper, 1 ink) and the factor from its pixels to the picture's."""
    photo = page_ink(image)
    if photo is not None:
        return photo
    width, _ = full_size(image)
    ink = image_to_ink_map(image, work_side=min(SCAN_SIDE, max(image.size)))
    return ink, width / ink.shape[1]


def _groups(ink: np.ndarray, settings: PageSettings) -> tuple[np.ndarray, list[_Group], float]:
    """The page's marks (a label map), joined into numbers (and words), and the writing's
    height."""
    labels, count = label_components(ink > 0)
    if count > settings.max_marks:
        raise InputError(TOO_MANY_MARKS.format(limit=settings.max_marks))
    if count == 0:
        raise NoDigitError(NO_NUMBER_FOUND)
    boxes, sizes = _component_boxes(labels, count)
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    real = sizes >= settings.min_mark
    if not real.any():
        raise NoDigitError(NO_NUMBER_FOUND)
    writing = _weighted_median(heights[real], sizes[real])
    rules = (widths >= settings.rule_aspect * heights) & (widths >= 2 * writing)
    keep = np.flatnonzero(real & ~rules)
    parent = {int(i): int(i) for i in keep}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    order = keep[np.argsort(boxes[keep, 0], kind="stable")]
    reach = settings.number_gap * writing
    for position, first in enumerate(order.tolist()):
        for second in order[position + 1 :].tolist():
            if boxes[second, 0] - boxes[first, 2] > reach:
                break  # sorted by left edge: every later mark is further right still
            if _same_number(boxes[first], boxes[second], reach, settings.min_overlap):
                a, b = find(first), find(second)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for index in keep.tolist():
        members.setdefault(find(index), []).append(index)
    groups = []
    for indices in members.values():
        chosen = boxes[indices]
        box = (
            int(chosen[:, 0].min()),
            int(chosen[:, 1].min()),
            int(chosen[:, 2].max()),
            int(chosen[:, 3].max()),
        )
        if box[3] - box[1] < settings.min_height * writing:
            continue
        groups.append(_Group(tuple(i + 1 for i in indices), box))
    return labels, groups, writing


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value below which half the weight lies: the writing's height, each mark counted
    by its ink, so that the many small pieces a grid or noise leaves do not pull it down."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _same_number(first: np.ndarray, second: np.ndarray, reach: float, overlap: float) -> bool:
    """Whether two marks' boxes lie side by side on one line, close enough for one number.

    Heights are compared with a quarter of ``reach`` added above and below: a
    digit's tail broken off at the baseline (a thin pen on a photo) shares no
    height with the digit beside it, yet is part of the number.
    """
    gap = max(float(first[0]), float(second[0])) - min(float(first[2]), float(second[2]))
    if gap > reach:
        return False
    pad = reach / 4
    shared = min(float(first[3]), float(second[3])) - max(float(first[1]), float(second[1]))
    smaller = min(float(first[3] - first[1]), float(second[3] - second[1]))
    return shared + 2 * pad >= overlap * (max(smaller, 1.0) + 2 * pad)


def _component_boxes(labels: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each label's (x0, y0, x1, y1) box (exclusive ends) and its count of pixels."""
    rows, cols = np.nonzero(labels)
    ids = labels[rows, cols] - 1
    boxes = np.zeros((count, 4), np.int64)
    boxes[:, 0] = np.iinfo(np.int64).max
    boxes[:, 1] = np.iinfo(np.int64).max
    np.minimum.at(boxes[:, 0], ids, cols)
    np.minimum.at(boxes[:, 1], ids, rows)
    np.maximum.at(boxes[:, 2], ids, cols + 1)
    np.maximum.at(boxes[:, 3], ids, rows + 1)
    return boxes, np.bincount(ids, minlength=count)


def _read_group(
    image: Image.Image,
    maps: tuple[np.ndarray, np.ndarray],
    group: _Group,
    sizes: tuple[float, float],
    read_number: ReadNumber,
    settings: PageSettings,
) -> tuple[NumberReading, tuple[float, float, float, float]] | None:
    """The number a group reads as, and its box on the page; None when it is none.

    ``maps`` are the page's work-size ink and label maps; ``sizes`` is (the
    factor from their pixels to the picture's, the writing's height). The
    number is read from the picture itself, cut out around the group: the
    work-size map halves a ballpoint digit's detail, and the number reader
    reads a crop of a photo as well as it reads the photo of one number
    (tuning pages: 7890 read at 0.99 from the crop, at 0.00 from the map).
    Marks of other groups reaching into the margin are painted over with the
    paper around them.
    """
    ink, labels = maps
    scale, writing = sizes
    x0, y0, x1, y1 = group.box
    margin = max(2, round(settings.margin * writing))
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    right, bottom = min(ink.shape[1], x1 + margin), min(ink.shape[0], y1 + margin)
    factor = image.width / ink.shape[1]  # work map -> the decoded picture (a JPEG draft)
    window = (
        round(left * factor),
        round(top * factor),
        max(round(left * factor) + 1, round(right * factor)),
        max(round(top * factor) + 1, round(bottom * factor)),
    )
    gray = np.asarray(image.crop(window).convert("L"), dtype=np.uint8).copy()
    part = labels[top:bottom, left:right]
    foreign = (part > 0) & ~np.isin(part, group.labels)
    if foreign.any():
        grow = 2 * max(1, round(factor)) + 1
        mask = Image.fromarray(foreign.astype(np.uint8) * 255, mode="L").resize(
            (gray.shape[1], gray.shape[0]), Image.Resampling.NEAREST
        )
        covered = np.asarray(mask.filter(ImageFilter.MaxFilter(grow))) > 0
        side = max(5, round(0.3 * writing * factor)) | 1
        paper = np.asarray(Image.fromarray(gray, mode="L").filter(ImageFilter.MaxFilter(side)))
        gray[covered] = paper[covered]
    crop = PhotoCrop(
        Image.fromarray(gray, mode="L"), (left * scale, top * scale, right * scale, bottom * scale)
    )
    try:
        reading = read_number(crop)
    except NoDigitError:
        return None
    if not reading.digits or reading.confidence < settings.min_confidence:
        return None
    if _all_wide_ones(reading, settings.wide_one):
        return None  # a tick: its strokes read as 1s, each as wide as it is high
    return reading, (x0 * scale, y0 * scale, x1 * scale, y1 * scale)


def _all_wide_ones(reading: NumberReading, wide: float) -> bool:
    """Whether every digit read is a 1 wider than ``wide`` of its height: a tick or a slash
    (a tick's two strokes each read as a 1 at up to 100% on the tuning pages), not a 1."""
    return all(
        d.digit == 1 and (d.box[2] - d.box[0]) > wide * (d.box[3] - d.box[1])
        for d in reading.digits
    )


def lay_out(
    found: list[tuple[NumberReading, tuple[float, float, float, float]]],
    settings: PageSettings = DEFAULT_SETTINGS.page,
) -> PageReading:
    """The numbers (readings with their boxes) as a table: rows, then columns across rows."""
    boxes = np.array([box for _, box in found], np.float64)
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    height = float(np.median(boxes[:, 3] - boxes[:, 1]))
    slope = _slant(boxes, height)
    rows = _rows(centres[:, 1] - slope * centres[:, 0], settings.row_gap * height)
    columns = _columns(boxes[:, 0] + slope * centres[:, 1], boxes[:, 2] + slope * centres[:, 1])
    width = max(columns) + 1
    table = [["" for _ in range(width)] for _ in range(max(rows) + 1)]
    numbers = []
    order = sorted(range(len(found)), key=lambda i: (rows[i], centres[i, 0]))
    for index in order:
        reading, box = found[index]
        row, column = rows[index], columns[index]
        cell = table[row][column]
        table[row][column] = f"{cell} {reading.number}" if cell else reading.number
        numbers.append(PageNumber(reading, box, row, column))
    return PageReading(tuple(numbers), tuple(tuple(row) for row in table))


def _slant(boxes: np.ndarray, height: float) -> float:
    """The page's slope (dy/dx) from each number to its nearest neighbour on its right that
    lies about level with it; 0 for a list (no neighbours)."""
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    slopes = []
    for index, (x, y) in enumerate(centres.tolist()):
        dx = centres[:, 0] - x
        dy = centres[:, 1] - y
        beside = (dx > 0) & (np.abs(dy) < 0.6 * height) & (np.abs(dy) < 0.3 * dx)
        beside[index] = False
        if beside.any():
            nearest = int(np.flatnonzero(beside)[np.argmin(dx[beside])])
            slopes.append(dy[nearest] / dx[nearest])
    return float(np.median(slopes)) if slopes else 0.0


def _rows(levels: np.ndarray, gap: float) -> list[int]:
    """Row numbers: the levels sorted, a new row wherever the next is ``gap`` or more lower."""
    order = np.argsort(levels, kind="stable")
    rows = [0] * len(levels)
    row = 0
    for previous, current in zip(order[:-1].tolist(), order[1:].tolist(), strict=True):
        if levels[current] - levels[previous] >= gap:
            row += 1
        rows[current] = row
    return rows


def _columns(lefts: np.ndarray, rights: np.ndarray) -> list[int]:
    """Column numbers: the x spans that overlap (directly or through others) are a column."""
    order = np.argsort(lefts, kind="stable")
    columns = [0] * len(lefts)
    column, reach = 0, float(rights[order[0]])
    for index in order.tolist():
        if lefts[index] > reach:
            column += 1
            reach = float(rights[index])
        reach = max(reach, float(rights[index]))
        columns[index] = column
    return columns
