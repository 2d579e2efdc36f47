"""Every number on a page, laid out as a table: rows top to bottom, columns by x across rows.

A sheet of numbers (a list of meter readings, a column of prices, a table of
measurements) is read in six steps, none of which needs Qt:

1. **Ink**: a photo's light is evened out and its printed lines taken away
   (:func:`digitpad.photo_writing.page_ink`); a scan or a small picture is
   read as the reader always has (:func:`digitpad.preprocess.image_to_ink_map`).
2. **Lines ruled by hand**: a table's lines between its columns and under its
   heading are straight runs of ink longer than any digit's stroke; they are
   erased (where a digit's stroke crosses one, the stroke stays), and so are
   the short pieces a faint or crossed line breaks into when they lie on one
   straight line. Left in, a line reads as a 1 and glues the numbers it touches.
3. **Numbers**: the marks left are joined when they lie beside each other on
   one line (their heights overlap) with a gap narrower than ``number_gap``
   of the writing's height: the space inside a number is a fraction of a
   digit, the space between numbers of a table wider. A wider gap is still
   inside a number when a decimal point or comma sits in it on the line.
4. **Reading**: each group is cut out of the picture itself (other marks and
   the lines painted over) and read by the number reader, the same that reads
   a picture of one number; a tick written close after the number is taken
   off it, and a point or comma seen at the baseline between two of its
   digits is kept in the number ("12.50", "3,5").
5. **Judging**: a reading the model's own "not a digit" answer outweighs, or
   a tick's (all wide 1s), is no number; one read sure enough is a number;
   one less sure is a number only where it fills an empty cell of the sure
   numbers' table (a heading read as digits above the table, a tick beside a
   number, stay out). Two numbers read close together on one line are one.
6. **The table**: the page's slant is measured from the numbers themselves
   (the line through each number's digits, and each number's neighbour in the
   next column; a photo is rarely square to the sheet); rows are the numbers
   whose slant-corrected heights follow each other closely, columns those
   whose slant-corrected x spans overlap across rows. A list is one column; a
   table with a missing entry keeps the empty cell, and so does a group read
   as no number that stands in an empty cell: the numbers after it keep their
   rows and columns.

Pure numpy and Pillow: the number reader is passed in as a function, so this
module never loads a model.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from digitpad.errors import InputError, NoDigitError
from digitpad.photo_writing import Box, PhotoCrop, page_ink
from digitpad.picture_files import full_size
from digitpad.preprocess import image_to_ink_map
from digitpad.reader.segment import label_components
from digitpad.reader.settings import DEFAULT_SETTINGS, PageSettings
from digitpad.results import DigitReading, NumberReading, PageNumber, PageReading

#: Reads the number in a part of the page (what :meth:`Reader.read_number_picture` does).
ReadNumber = Callable[[PhotoCrop], NumberReading]

NO_NUMBER_FOUND = "No number found: nothing on this page reads as a number."
MOSTLY_WRITING = (
    "No number found: this page holds writing rather than numbers; box a number on it to "
    "read only that."
)
TOO_MANY_MARKS = (
    "Too much writing to read as a page of numbers: more than {limit} separate marks "
    "(digitpad reads pages of up to a few hundred numbers)."
)
TOO_MANY_GROUPS = (
    "Too much writing to read as a page of numbers: more than {limit} words or numbers "
    "(digitpad reads pages of up to a few hundred numbers)."
)

#: A scan or drawing (no photo) is read at most this many pixels on its longer side.
SCAN_SIDE = 1600
#: Lines ruled by hand are looked for at these slants (degrees) from upright or level;
#: a line within 2 degrees of one of them still runs on for 30 times its thickness.
LINE_SLANTS = (-6.0, -3.0, 0.0, 3.0, 6.0)
#: The slope of the lines across a page is found from at most this many of their pixels,
#: and only when they pile up at it this many times as sharply as at the median slope.
SLOPE_POINTS = 20000
SLOPE_SHARPNESS = 1.5


@dataclass(frozen=True)
class PageMark:
    """A group of marks on the page and what the number reader reads in it.

    ``box`` is in the picture's own pixels. ``reading`` is None when the
    number reader refused the group (nothing like a digit in it);
    ``separators`` are the decimal points and commas seen between its digits,
    as (digits before it, "." or ",").
    """

    box: Box
    reading: NumberReading | None
    separators: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class PageMarks:
    """Everything the page holds that might be a number, and its writing's height (pixels)."""

    marks: tuple[PageMark, ...]
    writing: float
    #: The slope (dy/dx) of the lines across the page (ruled by hand, or printed as dark
    #: as writing), when it has any: it picks each number's neighbour in its row. None:
    #: the numbers' own lines do.
    slope: float | None = None


@dataclass(frozen=True)
class _Group:
    """Marks that make one number: their labels and their box on the work-size map."""

    labels: tuple[int, ...]
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)


@dataclass(frozen=True)
class _Ink:
    """The page's work-size maps: ink (0-1), its marks' labels, and the lines erased."""

    ink: np.ndarray
    labels: np.ndarray
    lines: np.ndarray
    scale: float  # from the maps' pixels to the picture's own
    printed: np.ndarray  # the long straight lines the photo's ink step took out


def read_page(
    image: Image.Image, read_number: ReadNumber, settings: PageSettings = DEFAULT_SETTINGS.page
) -> PageReading:
    """Every number on the page ``image``, as a table; boxes in the picture's own pixels.

    Raises ``NoDigitError`` when nothing on the page reads as a number and
    ``InputError`` when the page holds more marks than ``settings.max_marks``.
    """
    return arrange(find_marks(image, read_number, settings), settings)


# ------------------------------------------------------------------------ finding


def find_marks(
    image: Image.Image, read_number: ReadNumber, settings: PageSettings = DEFAULT_SETTINGS.page
) -> PageMarks:
    """Every group of marks on the page, read by the number reader, before any is judged.

    :func:`arrange` judges them and lays out the table; the evaluation calls the
    two apart to compare confidence floors on one reading of each page.
    """
    maps, boxes, keep, writing = _marks(_page_ink(image), settings)
    groups = _groups(boxes, keep, writing, settings)
    if len(groups) > settings.max_groups:
        raise InputError(TOO_MANY_GROUPS.format(limit=settings.max_groups))
    groups = _joined_at_points(image, maps, groups, writing, settings)
    marks = tuple(
        part
        for group in groups
        for part in _at_ticks(
            _read_group(image, maps, group, writing, read_number, settings), settings
        )
    )
    return PageMarks(marks, writing * maps.scale, _ruled_slope(maps.lines | maps.printed, settings))


def _page_ink(image: Image.Image) -> tuple[np.ndarray, float, np.ndarray]:
    """The page's ink map (0 paper, 1 ink), the factor from its pixels to the picture's, and
    the long straight lines the photo's ink step took out (none on a scan)."""
    photo = page_ink(image)
    if photo is not None:
        return photo
    width, _ = full_size(image)
    ink = image_to_ink_map(image, work_side=min(SCAN_SIDE, max(image.size)))
    return ink, width / ink.shape[1], np.zeros(ink.shape, bool)


def _marks(
    page: tuple[np.ndarray, float, np.ndarray], settings: PageSettings
) -> tuple[_Ink, np.ndarray, np.ndarray, float]:
    """The page's marks: its maps, each mark's box, the marks that may be writing, and the
    writing's height (work-size pixels). Lines ruled by hand are erased first."""
    ink, scale, printed = page
    mask = ink > 0
    labels, count = label_components(mask)
    if count > settings.max_marks:
        raise InputError(TOO_MANY_MARKS.format(limit=settings.max_marks))
    if count == 0:
        raise NoDigitError(NO_NUMBER_FOUND)
    boxes, sizes = _component_boxes(labels, count)
    writing = _writing_height(boxes, sizes, settings)
    lines, whole = _ruled_lines(labels, boxes, writing, settings)
    # Marks that are lines all through are no writing, whatever their box's shape; they
    # keep their labels where the lines found in other marks are erased.
    line_marks = np.isin(labels, np.flatnonzero(whole) + 1)
    if lines.any():
        mask &= ~lines
        labels, count = label_components(mask)
        if count == 0:
            raise NoDigitError(NO_NUMBER_FOUND)
        boxes, sizes = _component_boxes(labels, count)
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    real = sizes >= settings.min_mark
    level = (widths >= settings.rule_aspect * heights) & (widths >= 2 * writing)
    upright = (heights >= settings.rule_aspect * widths) & (
        heights >= settings.rule_length * writing
    )
    all_line = np.zeros(len(boxes), bool)
    all_line[np.unique(labels[line_marks & (labels > 0)]) - 1] = True
    keep = real & ~level & ~upright & ~all_line
    pieces = _line_pieces(labels, boxes, keep | (real & upright), writing, settings, lines, printed)
    keep &= ~pieces
    # Lines found as whole marks are painted over too where a number is cut out.
    lines |= np.isin(labels, np.flatnonzero(real & (level | upright | pieces | all_line)) + 1)
    return _Ink(ink, labels, lines, scale, printed), boxes, keep, writing


def _writing_height(boxes: np.ndarray, sizes: np.ndarray, settings: PageSettings) -> float:
    """The writing's height: the ink-weighted median height of the marks, specks and long
    thin marks (lines, a 1's lone stroke, a dash) left out, so that neither the many small
    pieces a grid or noise leaves nor a ruled line pulls it."""
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    real = sizes >= settings.min_mark
    if not real.any():
        raise NoDigitError(NO_NUMBER_FOUND)
    long_side = np.maximum(heights, widths)
    short_side = np.maximum(np.minimum(heights, widths), 1)
    solid = real & (long_side < settings.rule_aspect * short_side)
    chosen = solid if solid.any() else real
    return _weighted_median(heights[chosen], sizes[chosen])


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value below which half the weight lies."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


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


# ----------------------------------------------------------------------- ruled lines


def _ruled_lines(
    labels: np.ndarray, boxes: np.ndarray, writing: float, settings: PageSettings
) -> tuple[np.ndarray, np.ndarray]:
    """The pixels of lines ruled by hand inside marks too big to be one number (a table's
    frame, a line with the digits that touch it): straight thin runs of ink longer than
    ``rule_length`` writing heights upright, or twice that level; and which marks are
    such lines all through (at least ``line_share`` of their ink: lines ruled across and
    down that meet, a frame's corner).

    Only such big marks are searched, each in its own box, so a page without
    lines costs nothing here.
    """
    found = np.zeros(labels.shape, bool)
    whole = np.zeros(len(boxes), bool)
    tall = settings.rule_length * writing
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    thick = max(3.0, settings.rule_thickness * writing)
    for index in np.flatnonzero((heights >= tall) | (widths >= 2 * tall)).tolist():
        x0, y0, x1, y1 = (int(v) for v in boxes[index])
        mask = labels[y0:y1, x0:x1] == index + 1
        line = np.zeros_like(mask)
        if y1 - y0 >= tall:
            line |= _straight_runs(mask, tall, thick)
        if x1 - x0 >= 2 * tall:
            line |= _straight_runs(mask.T, 2 * tall, thick).T
        rim = _with_rim(line, mask, thick) if line.any() else line
        # A mark that is all line is left whole: it is a ruled line as it is, and the
        # thin pieces of the same line beside it are known by it (_line_pieces).
        if rim.any() and rim.sum() < settings.line_share * mask.sum():
            found[y0:y1, x0:x1] |= rim
        elif rim.any():
            whole[index] = True
    return found, whole


def _ruled_slope(lines: np.ndarray, settings: PageSettings) -> float | None:
    """The slope (dy/dx) of the lines across the page (ruled by hand, or printed and as
    dark as writing); None without such lines. Upright lines are no guide: a photo
    taken at a slant shears them (tuning page: rows at -0.105, lines ruled down the page
    square to -0.061).

    A page turned a few degrees moves a wide table's last column half a row up or
    down, and the numbers alone then tell its rows apart poorly (tuning pages: rows
    split on turned ruled tables); a ruled line is long and straight, and
    :func:`_slant` picks each number's row-mate by it. The slope is
    the one at which the line pixels' levels (y - slope * x) pile up most sharply:
    upright lines spread over every level whatever the slope, level ones pile up
    into a few.
    """
    ys, xs = np.nonzero(lines)
    if len(ys) < settings.min_mark:
        return None
    if len(ys) > SLOPE_POINTS:
        chosen = np.random.default_rng(0).choice(len(ys), SLOPE_POINTS, replace=False)
        ys, xs = ys[chosen], xs[chosen]
    return _sharpest(ys.astype(np.float64), xs.astype(np.float64), settings.max_slope)


def _sharpest(along: np.ndarray, across: np.ndarray, reach: float) -> float | None:
    """The slope s within +-``reach`` at which ``along - s * across`` piles up most
    sharply (the sum of the squared counts of its one-pixel bins), first in steps of
    0.01 and then of 0.001 around the best; None when it piles up less than
    ``SLOPE_SHARPNESS`` times as sharply as at the median slope (no line that way)."""

    def sharpness(slope: float) -> float:
        levels = np.round(along - slope * across).astype(np.int64)
        counts = np.bincount(levels - levels.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-reach, reach + 1e-9, 0.01)
    scores = np.array([sharpness(float(s)) for s in coarse])
    best = float(coarse[int(np.argmax(scores))])
    if scores.max() < SLOPE_SHARPNESS * float(np.median(scores)):
        return None
    fine = np.arange(best - 0.01, best + 0.01 + 1e-9, 0.001)
    return float(fine[int(np.argmax([sharpness(float(s)) for s in fine]))])


def _with_rim(line: np.ndarray, mask: np.ndarray, thick: float) -> np.ndarray:
    """A line's pixels and its rim: the mark's pixels within two pixels of the line where
    the ink is thin across both ways (a stroke crossing the line runs on, and stays).
    Left behind, the rim's slivers chain the numbers beside the line into one group."""
    band = Image.fromarray(line.astype(np.uint8) * 255, mode="L").filter(ImageFilter.MaxFilter(5))
    thin = (_run_lengths(mask) <= thick) | (thick >= _run_lengths(mask.T).T)
    rim: np.ndarray = line | ((np.asarray(band) > 0) & mask & thin)
    return rim


def _straight_runs(mask: np.ndarray, length: float, thick: float) -> np.ndarray:
    """The pixels of ``mask`` on near-upright straight runs at least ``length`` long (gaps
    of up to two pixels bridged) where the ink across is at most ``thick`` wide: a line,
    and not the digit strokes that cross it (the ink there runs on sideways)."""
    height, width = mask.shape
    across = _run_lengths(mask) <= thick
    found = np.zeros_like(mask)
    rows = np.arange(height)
    for slant in LINE_SLANTS:
        shifts = np.round(math.tan(math.radians(slant)) * (rows - height / 2)).astype(np.int64)
        pad = int(np.abs(shifts).max())
        sheared = np.zeros((height, width + 2 * pad), bool)
        columns = np.arange(width)[None, :] + (shifts + pad)[:, None]
        sheared[rows[:, None], columns] = mask
        closed = sheared.copy()
        for gap in (1, 2):
            closed[gap:-gap] |= sheared[: -2 * gap] & sheared[2 * gap :]
        runs = _run_lengths(closed.T).T[rows[:, None], columns]
        found |= runs >= length
    line: np.ndarray = found & mask & across
    return line


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """For each pixel, the length of the run of True it lies in along its row (0 off runs)."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    rows, starts = np.nonzero(changes == 1)
    _, ends = np.nonzero(changes == -1)
    lengths = np.zeros((height, width + 1), np.int64)
    np.add.at(lengths, (rows, starts), ends - starts)
    np.add.at(lengths, (rows, ends), -(ends - starts))
    result: np.ndarray = np.cumsum(lengths, axis=1)[:, :width] * mask
    return result


def _line_pieces(
    labels: np.ndarray,
    boxes: np.ndarray,
    marks: np.ndarray,
    writing: float,
    settings: PageSettings,
    lines: np.ndarray,
    printed: np.ndarray,
) -> np.ndarray:
    """Of ``marks``, those that are pieces of one ruled line: thin straight marks lying on
    one straight line, together longer than ``rule_length`` writing heights, running on
    from a ruled line found in a big mark (``lines``), or meeting lines taken out
    (``lines`` or ``printed``) at both ends, and the next piece on such a piece's line
    running on from it. A faint line breaks into such pieces on the work-size map, a
    table's line into one piece per row where the printed-line step took its rules
    across away, and a frame drawn in two strokes into a line and a stub; one piece
    alone is as thin as a 1."""
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    thin = marks & (heights >= settings.piece_length * writing)
    thin &= widths <= settings.rule_thickness * writing + 0.1 * heights
    result = np.zeros(len(boxes), bool)
    candidates = np.flatnonzero(thin)
    if not len(candidates):
        return result
    fits = np.array([_upright_fit(labels, boxes[i], i + 1) for i in candidates.tolist()])
    near = settings.rule_thickness * writing / 2
    straight = fits[:, 2] <= near / 2
    chosen, fits = candidates[straight], fits[straight]
    taken = lines | printed
    if taken.any():
        for index, (slope, offset, _) in zip(chosen.tolist(), fits.tolist(), strict=True):
            fit = (slope, offset)
            result[index] = _between_lines(taken, boxes[index], fit, near) or (
                lines.any() and _runs_on(lines, boxes[index], fit, writing, near, settings)
            )
    centres = (boxes[chosen, :2] + boxes[chosen, 2:]) / 2
    for index, (slope, offset, _) in enumerate(fits.tolist()):
        if result[chosen[index]]:
            continue  # its line is found already
        # The pieces on this one's line, top to bottom.
        on_line = _on_line(fits, centres, (slope, offset), near)
        along = chosen[on_line][np.argsort(boxes[chosen[on_line], 1], kind="stable")]
        # A dashed line: pieces one after another with short breaks between them, together
        # long. A list's 1s stand a row apart (over half a writing height between them).
        run = [int(along[0])]
        for other in along[1:].tolist():
            if boxes[other, 1] - boxes[run[-1], 3] <= settings.piece_gap * writing:
                run.append(other)
                continue
            _mark_run(result, run, boxes, writing, settings)
            run = [other]
        _mark_run(result, run, boxes, writing, settings)
    # The last piece of a line cut into pieces, on the line of a piece found, runs on from
    # it through what was taken out between them (a frame's piece in the last row meets a
    # line across at its top alone).
    found = result[chosen]
    if found.any():
        known = taken | np.isin(labels, chosen[found] + 1)
        for index, (slope, offset, _) in enumerate(fits.tolist()):
            fit = (slope, offset)
            if not found[index] and (found & _on_line(fits, centres, fit, near)).any():
                result[chosen[index]] = _runs_on(
                    known, boxes[chosen[index]], fit, writing, near, settings
                )
    return result


def _on_line(
    fits: np.ndarray, centres: np.ndarray, fit: tuple[float, float], near: float
) -> np.ndarray:
    """Which pieces (their ``fits`` and box ``centres``) lie on the line ``fit`` (x = slope
    * y + offset): about as steep, their centres within ``near`` of it."""
    slope, offset = fit
    steep = np.abs(fits[:, 0] - slope) <= 0.06
    on_line: np.ndarray = steep & (np.abs(centres[:, 0] - (slope * centres[:, 1] + offset)) <= near)
    return on_line


def _runs_on(
    lines: np.ndarray,
    box: np.ndarray,
    fit: tuple[float, float],
    reach: float,
    near: float,
    settings: PageSettings,
) -> bool:
    """Whether a ruled line found in a big mark runs on, straight, from the top or the
    bottom of a thin straight piece: in ``run_on`` of the rows over ``reach`` pixels
    beyond its end, line pixels lie within ``near`` of the piece's own line (``fit``:
    x = slope * y + offset). A real 1 stands apart from the table's lines, or touches
    them and is part of their mark."""
    height = lines.shape[0]
    for top, bottom in ((box[1] - reach, box[1]), (box[3], box[3] + reach)):
        ys = np.arange(max(0, int(top)), min(height, int(bottom)))
        if len(ys) < reach / 2:
            continue  # at the page's edge: too little to tell
        if np.mean(_row_hits(lines, ys, fit, near)) >= settings.run_on:
            return True
    return False


def _between_lines(
    lines: np.ndarray, box: np.ndarray, fit: tuple[float, float], near: float
) -> bool:
    """Whether a thin straight piece meets lines taken out at both its ends: within
    ``near`` above its top and below its bottom, line pixels lie within ``near`` of its
    own line (``fit``: x = slope * y + offset). A table's line ruled down the page, cut
    into one piece per row where its lines across were taken out, reads as a 1 in
    each row; a 1 is shorter than the room between two lines across."""
    height = lines.shape[0]
    reach = max(2, round(near))
    for top, bottom in ((int(box[1]) - reach, int(box[1])), (int(box[3]), int(box[3]) + reach)):
        ys = np.arange(max(0, top), min(height, bottom))
        if not any(_row_hits(lines, ys, fit, near)):
            return False
    return True


def _row_hits(
    lines: np.ndarray, ys: np.ndarray, fit: tuple[float, float], near: float
) -> list[bool]:
    """For each row of ``ys``, whether line pixels lie within ``near`` of the line ``fit``
    (x = slope * y + offset) there."""
    slope, offset = fit
    width = lines.shape[1]
    centres = slope * ys + offset
    lefts = np.clip(np.round(centres - near).astype(np.int64), 0, width - 1)
    rights = np.clip(np.round(centres + near).astype(np.int64) + 1, 1, width)
    return [bool(lines[y, a:b].any()) for y, a, b in zip(ys, lefts, rights, strict=True)]


def _mark_run(
    result: np.ndarray, run: list[int], boxes: np.ndarray, writing: float, settings: PageSettings
) -> None:
    """Mark a run of pieces on one line as a ruled line when they are long enough together:
    ``rule_length`` writing heights in three pieces or more, half as long again in two
    (two 1s one above the other are about two heights)."""
    length = sum(int(boxes[i, 3] - boxes[i, 1]) for i in run)
    needed = settings.rule_length * writing * (1.0 if len(run) >= 3 else 1.5)
    if len(run) >= 2 and length >= needed:
        result[run] = True


def _upright_fit(labels: np.ndarray, box: np.ndarray, label: int) -> tuple[float, float, float]:
    """The line x = slope * y + offset through a mark's pixels (page coordinates), and how
    far its pixels lie from it (their spread across it, in pixels)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    ys, xs = np.nonzero(labels[y0:y1, x0:x1] == label)
    ys = ys + y0
    xs = xs + x0
    if np.ptp(ys) == 0:
        return 0.0, float(xs.mean()), float(np.ptp(xs))
    slope, offset = np.polyfit(ys.astype(np.float64), xs.astype(np.float64), 1)
    spread = float(np.std(xs - (slope * ys + offset)))
    return float(slope), float(offset), spread


# --------------------------------------------------------------------------- groups


def _groups(
    boxes: np.ndarray, keep: np.ndarray, writing: float, settings: PageSettings
) -> list[_Group]:
    """The marks kept, joined into numbers (and words): marks side by side on one line
    closer than ``number_gap`` writing heights."""
    indices = np.flatnonzero(keep)
    parent = {int(i): int(i) for i in indices}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    order = indices[np.argsort(boxes[indices, 0], kind="stable")]
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
    for index in indices.tolist():
        members.setdefault(find(index), []).append(index)
    groups = []
    for chosen_indices in members.values():
        chosen = boxes[chosen_indices]
        box = (
            int(chosen[:, 0].min()),
            int(chosen[:, 1].min()),
            int(chosen[:, 2].max()),
            int(chosen[:, 3].max()),
        )
        if box[3] - box[1] < settings.min_height * writing:
            continue
        groups.append(_Group(tuple(i + 1 for i in chosen_indices), box))
    return groups


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


def _joined_at_points(
    image: Image.Image, maps: _Ink, groups: list[_Group], writing: float, settings: PageSettings
) -> list[_Group]:
    """The groups, those on one line that a decimal point or comma joins made one: a
    point widens the gap between a number's digits past ``number_gap``, and on the
    work-size map a pen's dot is often too small to be kept. Groups level with each
    other and at most ``point_gap`` writing heights apart are joined when the picture
    shows a point or comma at their baseline in the gap between them."""
    reach, far = settings.number_gap * writing, settings.point_gap * writing
    order = sorted(range(len(groups)), key=lambda i: groups[i].box[0])
    parent = list(range(len(groups)))
    for position, first in enumerate(order):
        a = groups[first].box
        for second in order[position + 1 :]:
            b = groups[second].box
            if b[0] - a[2] > far:
                break  # sorted by left edge: every later group is further right still
            shared = min(a[3], b[3]) - max(a[1], b[1])
            level = shared >= 0.5 * min(a[3] - a[1], b[3] - b[1])
            if (
                reach < b[0] - a[2]
                and level
                and _point_between(image, maps, a, b, writing, settings)
            ):
                parent[_root(parent, second)] = _root(parent, first)
    members: dict[int, list[int]] = {}
    for index in range(len(groups)):
        members.setdefault(_root(parent, index), []).append(index)
    return [
        _Group(
            tuple(label for i in chosen for label in groups[i].labels),
            (
                min(groups[i].box[0] for i in chosen),
                min(groups[i].box[1] for i in chosen),
                max(groups[i].box[2] for i in chosen),
                max(groups[i].box[3] for i in chosen),
            ),
        )
        for chosen in members.values()
    ]


def _root(parent: list[int], node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _point_between(
    image: Image.Image,
    maps: _Ink,
    first: tuple[int, int, int, int],
    second: tuple[int, int, int, int],
    writing: float,
    settings: PageSettings,
) -> bool:
    """Whether the picture shows a point or comma at the baseline in the gap between two
    groups' boxes (work-map pixels), ``first`` the left one."""
    factor = image.width / maps.labels.shape[1]
    margin = round(0.3 * writing)
    left, top = first[0], max(0, min(first[1], second[1]) - margin)
    right = second[2]
    bottom = min(maps.labels.shape[0], max(first[3], second[3]) + margin)
    window = (
        round(left * factor),
        round(top * factor),
        max(round(left * factor) + 1, round(right * factor)),
        max(round(top * factor) + 1, round(bottom * factor)),
    )
    gray = np.asarray(image.crop(window).convert("L"))
    boxes = [
        (
            (box[0] - left) * factor,
            (box[1] - top) * factor,
            (box[2] - left) * factor,
            (box[3] - top) * factor,
        )
        for box in (first, second)
    ]
    height = writing * factor
    found = _spots(gray, boxes, height, settings)
    if found is None or len(found[0]) == 0:
        return False
    spots = found[0]
    baseline = (boxes[0][3] + boxes[1][3]) / 2
    centres = (spots[:, 0] + spots[:, 2]) / 2
    inside = (centres > boxes[0][2]) & (centres < boxes[1][0])
    at_base = (spots[:, 3] >= baseline - 0.2 * height) & (spots[:, 1] >= baseline - 0.45 * height)
    flat = spots[:, 2] - spots[:, 0] > settings.comma_shape * (spots[:, 3] - spots[:, 1])
    return bool((inside & at_base & ~flat).any())


# -------------------------------------------------------------------------- reading


def _read_group(
    image: Image.Image,
    maps: _Ink,
    group: _Group,
    writing: float,
    read_number: ReadNumber,
    settings: PageSettings,
) -> PageMark:
    """What a group reads as, and its box on the page.

    The number is read from the picture itself, cut out around the group: the
    work-size map halves a ballpoint digit's detail, and the number reader
    reads a crop of a photo as well as it reads the photo of one number
    (tuning pages: 7890 read at 0.99 from the crop, at 0.00 from the map).
    Marks of other groups reaching into the margin, and lines ruled through
    it, are painted over with the paper around them.
    """
    x0, y0, x1, y1 = group.box
    scale = maps.scale
    box = (x0 * scale, y0 * scale, x1 * scale, y1 * scale)
    crop = _crop(image, maps, group, writing, settings)
    try:
        reading = read_number(crop)
    except NoDigitError:
        return PageMark(box, None)
    if not reading.digits:
        return PageMark(box, None)
    separators = _separators(crop, reading, settings) if len(reading.digits) > 1 else ()
    kept = _without_tick(reading, separators, settings)
    if kept is not reading:
        reading = kept
        separators = tuple((k, mark) for k, mark in separators if k < len(kept.digits))
    return PageMark(_digits_box(reading), reading, separators)


def _at_ticks(mark: PageMark, settings: PageSettings) -> list[PageMark]:
    """The group's reading cut in two at each tick inside it: a 1 wider than ``wide_one``
    of its height with gaps of half a digit's height or more on both sides, no point or
    comma in them. A tick written after one number and reaching towards the next one
    glues the two into one group (tuning pages: "36.607", a tick and "75" read as
    "36.607175"); the tick itself is dropped."""
    reading = mark.reading
    if reading is None or len(reading.digits) < 3:
        return [mark]
    digits = reading.digits
    height = float(np.median([d.box[3] - d.box[1] for d in digits]))
    points = {k for k, _ in mark.separators}
    ticks = [
        k
        for k in range(1, len(digits) - 1)
        if _wide_one(digits[k], settings.wide_one)
        and k not in points
        and k + 1 not in points
        and digits[k].box[0] - digits[k - 1].box[2] >= 0.5 * height
        and digits[k + 1].box[0] - digits[k].box[2] >= 0.5 * height
    ]
    if not ticks:
        return [mark]
    parts = []
    for start, end in itertools.pairwise([-1, *ticks, len(digits)]):
        if end == start + 1:
            continue  # two ticks side by side: nothing between them
        part = NumberReading(digits[start + 1 : end])
        separators = tuple((k - start - 1, m) for k, m in mark.separators if start + 1 < k < end)
        parts.append(PageMark(_digits_box(part), part, separators))
    return parts


def _wide_one(digit: DigitReading, wide: float) -> bool:
    """Whether a digit is read as a 1 wider than ``wide`` of its height: a tick's strokes."""
    return digit.digit == 1 and digit.box[2] - digit.box[0] > wide * (digit.box[3] - digit.box[1])


def _without_tick(
    reading: NumberReading, separators: tuple[tuple[int, str], ...], settings: PageSettings
) -> NumberReading:
    """The reading without a tick written close after the number: the digits after its
    widest gap (half a digit's height at least, and no point or comma in it), when each
    is a 1 wider than ``wide_one`` of its height or is lower than ``tick_height`` of the
    digits before it (a tick's strokes read as 1s, or as a small 6 and a 1). A number's
    own 1 is narrow."""
    digits = sorted(reading.digits, key=lambda d: d.box[0] + d.box[2])
    if len(digits) < 2:
        return reading
    gaps = [after.box[0] - before.box[2] for before, after in itertools.pairwise(digits)]
    cut = int(np.argmax(gaps)) + 1
    if any(k == cut for k, _ in separators):
        return reading
    height = float(np.median([d.box[3] - d.box[1] for d in digits[:cut]]))
    if gaps[cut - 1] < 0.5 * height:
        return reading
    tick = all(
        _wide_one(d, settings.wide_one) or d.box[3] - d.box[1] < settings.tick_height * height
        for d in digits[cut:]
    )
    return NumberReading(tuple(digits[:cut])) if tick else reading


def _digits_box(reading: NumberReading) -> Box:
    """The box around the digits read: the number's own ink, without what the reader left
    out of it (a stub of a ruled line, a speck) that the group's box holds."""
    boxes = np.array([d.box for d in reading.digits], np.float64)
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def _crop(
    image: Image.Image, maps: _Ink, group: _Group, writing: float, settings: PageSettings
) -> PhotoCrop:
    """The group cut out of the picture with a margin, other marks and lines painted over."""
    x0, y0, x1, y1 = group.box
    height, width = maps.labels.shape
    margin = max(2, round(settings.margin * writing))
    left, top = max(0, x0 - margin), max(0, y0 - margin)
    right, bottom = min(width, x1 + margin), min(height, y1 + margin)
    factor = image.width / width  # work map -> the decoded picture (a JPEG draft)
    window = (
        round(left * factor),
        round(top * factor),
        max(round(left * factor) + 1, round(right * factor)),
        max(round(top * factor) + 1, round(bottom * factor)),
    )
    gray = np.asarray(image.crop(window).convert("L"), dtype=np.uint8).copy()
    paper = _paper(gray, max(5, round(0.3 * writing * factor)) | 1)
    part = maps.labels[top:bottom, left:right]
    foreign = ((part > 0) & ~np.isin(part, group.labels)) | maps.lines[top:bottom, left:right]
    if foreign.any():
        grow = 2 * max(1, round(factor)) + 1
        mask = Image.fromarray(foreign.astype(np.uint8) * 255, mode="L").resize(
            (gray.shape[1], gray.shape[0]), Image.Resampling.NEAREST
        )
        covered = np.asarray(mask.filter(ImageFilter.MaxFilter(grow))) > 0
        gray[covered] = paper[covered]
    thick = max(3.0, settings.rule_thickness * writing * factor)
    lines = _upright_lines(gray, paper, thick)
    gray[lines] = paper[lines]
    scale = maps.scale
    return PhotoCrop(
        Image.fromarray(gray, mode="L"), (left * scale, top * scale, right * scale, bottom * scale)
    )


def _paper(gray: np.ndarray, side: int) -> np.ndarray:
    """The paper's brightness around each pixel: the brightest in about the ``side`` square
    around it (wider than a stroke), found on blocks of a quarter of that side."""
    block = max(1, side // 4)
    height, width = gray.shape
    padded = np.pad(gray, ((0, -height % block), (0, -width % block)), mode="edge")
    rows = np.maximum.reduce([padded[i::block] for i in range(block)])
    blocks = np.maximum.reduce([rows[:, i::block] for i in range(block)])
    brightest = Image.fromarray(np.ascontiguousarray(blocks), mode="L")
    spread = np.asarray(brightest.filter(ImageFilter.MaxFilter(5)))
    result: np.ndarray = np.repeat(np.repeat(spread, block, 0), block, 1)[:height, :width]
    return result


def _upright_lines(gray: np.ndarray, paper: np.ndarray, thick: float) -> np.ndarray:
    """Lines ruled down the page through a cut-out (a table's column line, a margin line):
    straight thin upright runs of ink across nearly all its height, which no digit of
    the number cut out spans (the cut-out has a margin above and below). The work-size
    map's printed-line step may have taken such a line away, but the picture still
    shows it, and the number reader would read it as a 1."""
    darkness = 1.0 - gray / np.maximum(paper, 1).astype(np.float32)
    strong = float(np.percentile(darkness, 99))
    if strong <= 0.1:
        return np.zeros(gray.shape, bool)
    ink = darkness >= 0.5 * strong
    line = _straight_runs(ink, 0.85 * gray.shape[0], thick)
    if not line.any():
        return line
    return _with_rim(line, ink, thick)


# ----------------------------------------------------------------- points and commas


def _separators(
    crop: PhotoCrop, reading: NumberReading, settings: PageSettings
) -> tuple[tuple[int, str], ...]:
    """The decimal points and commas between a number's digits: (digits before, mark).

    The number reader reads digits and leaves small marks out, so they are
    looked for here, in the cut-out picture (the work-size map is too coarse to
    keep a ballpoint's dot): a small solid mark of ink nearly as dark as the
    digits' strokes, between two neighbouring digits, at their baseline. A
    comma is higher than wide, a point about as wide as high.
    """
    gray = np.asarray(crop.image.convert("L"))
    (bx0, by0, bx1, by1) = crop.box
    sx = gray.shape[1] / max(bx1 - bx0, 1e-9)
    sy = gray.shape[0] / max(by1 - by0, 1e-9)
    digits = sorted(
        (
            (
                (d.box[0] - bx0) * sx,
                (d.box[1] - by0) * sy,
                (d.box[2] - bx0) * sx,
                (d.box[3] - by0) * sy,
            )
            for d in reading.digits
        ),
        key=lambda b: b[0] + b[2],
    )
    height = float(np.median([b[3] - b[1] for b in digits]))
    found = _spots(gray, digits, height, settings)
    if found is None:
        return ()
    spots, strokes = found
    # The reader may have grouped the mark with a digit beside it: each digit's box is
    # taken again around its strokes only, so that the mark lies between the boxes.
    digits = [_tight(strokes, box) for box in digits]
    marks = []
    for k, (before, after) in enumerate(itertools.pairwise(digits)):
        mark = _mark_between(before, after, spots, height, settings)
        if mark is not None:
            marks.append((k + 1, mark))
    return tuple(marks)


def _spots(
    gray: np.ndarray, digits: list[Box], height: float, settings: PageSettings
) -> tuple[np.ndarray, np.ndarray] | None:
    """The boxes of the marks in a cut-out that could be a point or a comma, and a mask of
    the digits' strokes; None when the digits (``digits``' boxes, ``height`` high) are
    too small or too faint to tell.

    A point or comma is small (at most ``mark_size`` of the digits' height long), solid
    (two pixels and ``mark_width`` of the height across at least: JPEG noise and what
    is left of squared paper's lines are thinner) and nearly as dark as the digits'
    strokes (``mark_dark`` of their median darkness: the noise is fainter).
    """
    if height < 8:
        return None
    side = max(5, round(0.3 * height)) | 1
    darkness = 1.0 - gray / np.maximum(_paper(gray, side), 1).astype(np.float32)
    inside = np.zeros(gray.shape, bool)
    for x0, y0, x1, y1 in digits:
        inside[max(0, round(y0)) : round(y1), max(0, round(x0)) : round(x1)] = True
    strong = float(np.percentile(darkness[inside], 95)) if inside.any() else 0.0
    if strong <= 0.1:
        return None
    labels, count = label_components(darkness >= settings.mark_ink * strong)
    if count == 0:
        return None
    boxes, sizes = _component_boxes(labels, count)
    widths = boxes[:, 2] - boxes[:, 0]
    heights = boxes[:, 3] - boxes[:, 1]
    longest = np.maximum(widths, heights)
    # (Ink far longer than a digit, a ruled line through the cut-out, is no digit's.)
    digit_like = (longest > settings.mark_size * height) & (longest <= 1.5 * height)
    strokes = np.isin(labels, np.flatnonzero(digit_like) + 1)
    level = float(np.median(darkness[strokes])) if strokes.any() else strong
    mean = np.bincount(labels.ravel(), weights=darkness.ravel(), minlength=count + 1)[1:] / sizes
    solid = np.minimum(widths, heights) >= max(2.0, settings.mark_width * height)
    small = longest <= settings.mark_size * height
    spots = boxes[small & solid & (mean >= settings.mark_dark * level)]
    return spots.astype(np.float64), strokes


def _tight(mask: np.ndarray, box: Box) -> Box:
    """``box`` shrunk to the pixels of ``mask`` inside it (unchanged when there are none)."""
    x0, y0 = max(0, round(box[0])), max(0, round(box[1]))
    part = mask[y0 : round(box[3]), x0 : round(box[2])]
    if not part.any():
        return box
    ys = np.flatnonzero(part.any(axis=1))
    xs = np.flatnonzero(part.any(axis=0))
    return (x0 + xs[0], y0 + ys[0], x0 + xs[-1] + 1, y0 + ys[-1] + 1)


def _mark_between(
    before: Box, after: Box, spots: np.ndarray, height: float, settings: PageSettings
) -> str | None:
    """ "." or "," when one of ``spots`` lies between the digit boxes ``before`` and
    ``after`` at their baseline; None when none does."""
    if len(spots) == 0:
        return None
    baseline = (before[3] + after[3]) / 2
    low = (before[0] + before[2]) / 2 + 0.25 * (before[2] - before[0])
    high = (after[0] + after[2]) / 2 - 0.25 * (after[2] - after[0])
    centres = (spots[:, 0] + spots[:, 2]) / 2
    between = (centres > low) & (centres < high)
    at_base = (spots[:, 3] >= baseline - 0.2 * height) & (spots[:, 1] >= baseline - 0.45 * height)
    chosen = spots[between & at_base]
    if len(chosen) == 0:
        return None
    widths = chosen[:, 2] - chosen[:, 0]
    heights = chosen[:, 3] - chosen[:, 1]
    best = int(np.argmax(widths * heights))
    if widths[best] > settings.comma_shape * heights[best]:
        return None  # a dash: a broken-off foot of a digit, a piece of a line
    tall = heights[best] >= settings.comma_shape * widths[best]
    return "," if tall and heights[best] >= 0.15 * height else "."


# -------------------------------------------------------------------------- judging


def arrange(marks: PageMarks, settings: PageSettings = DEFAULT_SETTINGS.page) -> PageReading:
    """The page's numbers as a table: each group judged, then rows and columns laid out.

    Raises ``NoDigitError`` when no group is a number.
    """
    sure: list[tuple[PageMark, NumberReading]] = []
    unsure: list[tuple[PageMark, NumberReading]] = []
    refused: list[PageMark] = []
    for mark in marks.marks:
        reading = mark.reading
        if reading is None or _not_a_number(reading, settings):
            refused.append(mark)
        elif reading.confidence >= settings.min_confidence:
            sure.append((mark, reading))
        else:
            unsure.append((mark, reading))
    if not sure:
        raise NoDigitError(NO_NUMBER_FOUND)
    # Ticks are no doubt: a page that ticks off most of its numbers is still a page of them.
    ticks = sum(1 for m in refused if m.reading and _all_wide_ones(m.reading, settings.wide_one))
    doubtful = len(unsure) + len(refused) - ticks
    if doubtful >= settings.min_doubt and doubtful > settings.max_doubt * len(sure):
        # Words read as digits are mostly unsure or refused; the few read surely would be
        # numbers the page does not hold (a page of text gave 5 to 107 of them).
        raise NoDigitError(MOSTLY_WRITING)
    sure = _rejoined(sure, settings.rejoin_gap * marks.writing)
    heading = _heading(sure, settings, marks.slope)
    if heading is not None:
        unsure.append(sure.pop(heading))
    readable = [
        mark
        for mark in refused
        if _has_digits(mark, settings) or _lone_one(mark, marks.marks, marks.writing, settings)
    ]
    numbers = _filled(sure, [mark for mark, _ in unsure] + readable, settings, marks.slope)
    kept = {id(mark) for mark, _ in numbers}
    places = _in_empty_cells(
        numbers, [m for m in refused if id(m) not in kept], settings, ruled=marks.slope
    )
    return _table(numbers, [mark.box for mark in places], settings, marks.slope)


def _has_digits(mark: PageMark, settings: PageSettings) -> bool:
    """Whether a group judged no number still read as digits, and not as a tick: where it
    fills an empty cell it is shown, unsure, rather than left out (a number the model
    mostly called "not a digit", in a shadow or on a grid, is still the table's)."""
    reading = mark.reading
    return (
        reading is not None
        and bool(reading.digits)
        and not _all_wide_ones(reading, settings.wide_one)
    )


@dataclass(frozen=True)
class _Rows:
    """The numbers' rows, as the table lays them out: their boxes, the writing's height,
    the page's slope, each number's row and each row's slant-corrected level."""

    boxes: np.ndarray
    height: float
    slope: float
    rows: np.ndarray
    row_levels: np.ndarray


def _rows_of(
    numbers: list[tuple[PageMark, NumberReading]], settings: PageSettings, ruled: float | None
) -> _Rows:
    """The rows of ``numbers`` (by slant-corrected height, as :func:`_table` makes them;
    ``ruled``: the ruled lines' slope, when the page has any)."""
    boxes = np.array([mark.box for mark, _ in numbers], np.float64)
    height = float(np.median(boxes[:, 3] - boxes[:, 1]))
    slope = _slant([reading for _, reading in numbers], boxes, height, ruled)
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    levels = centres[:, 1] - slope * centres[:, 0]
    rows = np.array(_rows(levels, settings.row_gap * height))
    row_levels = np.array([np.median(levels[rows == r]) for r in range(rows.max() + 1)])
    return _Rows(boxes, height, slope, rows, row_levels)


def _heading(
    numbers: list[tuple[PageMark, NumberReading]], settings: PageSettings, ruled: float | None
) -> int | None:
    """The index of a heading read surely as digits, else None: the only group on the
    table's top row, that row more than ``unsure_reach`` row pitches (of the rows below)
    above the next. It is then judged as an unsure reading is, which a row of its own
    that far above the table never is."""
    if len(numbers) < 4:
        return None
    rows = _rows_of(numbers, settings, ruled)
    if rows.rows.max() < 3 or (rows.rows == 0).sum() != 1:
        return None
    row_levels = rows.row_levels
    pitch = float(np.median(np.diff(row_levels[1:])))
    if row_levels[1] - row_levels[0] <= settings.unsure_reach * pitch:
        return None
    return int(np.flatnonzero(rows.rows == 0)[0])


def _lone_one(
    mark: PageMark, others: tuple[PageMark, ...], writing: float, settings: PageSettings
) -> bool:
    """Whether a reading of one or two wide 1s (a tick's shape) is a lone 1 rather than a
    tick: a tick is written just after a number on its line (within ``tick_reach``
    writing heights of any group, read surely or not), while a 1 with a flag, as wide,
    stands in its column with nothing just before it on its line."""
    reading = mark.reading
    if reading is None or not 1 <= len(reading.digits) <= 2:
        return False
    if not _all_wide_ones(reading, settings.wide_one):
        return False
    x0, y0, _, y1 = mark.box
    for other in others:
        if other is mark:
            continue
        _, b0, a1, b1 = other.box
        level = min(y1, b1) - max(y0, b0) >= 0.3 * min(y1 - y0, b1 - b0)
        if level and a1 <= x0 + 0.2 * writing and x0 - a1 <= settings.tick_reach * writing:
            return False  # just after a group on its line: a tick
    return True


def _filled(
    sure: list[tuple[PageMark, NumberReading]],
    doubtful: list[PageMark],
    settings: PageSettings,
    ruled: float | None,
) -> list[tuple[PageMark, NumberReading]]:
    """The sure numbers, and the ``doubtful`` groups that fill the table's empty cells, until
    none is left to add: each one shown may bring the next within reach (a list's first
    three numbers all read unsure, above the first sure one)."""
    numbers = list(sure)
    left = list(doubtful)
    while left:
        shown = _in_empty_cells(numbers, left, settings, new_columns=True, ruled=ruled)
        if not shown:
            break
        numbers += [(mark, mark.reading) for mark in shown if mark.reading is not None]
        taken = {id(mark) for mark in shown}
        left = [mark for mark in left if id(mark) not in taken]
    return numbers


def _rejoined(
    numbers: list[tuple[PageMark, NumberReading]], reach: float
) -> list[tuple[PageMark, NumberReading]]:
    """The numbers, two read side by side on one line closer than ``reach`` made one: a
    number its writer spaced wide (a gap past ``number_gap`` before its last digit) is
    found as two groups, each read well; two numbers of a table are further apart."""
    ordered = sorted(numbers, key=lambda item: item[0].box[0])
    result: list[tuple[PageMark, NumberReading]] = []
    for mark, reading in ordered:
        for index, (left, before) in enumerate(result):
            a, b = left.box, mark.box
            shared = min(a[3], b[3]) - max(a[1], b[1])
            if 0 <= b[0] - a[2] < reach and shared >= 0.5 * min(a[3] - a[1], b[3] - b[1]):
                joined = NumberReading(before.digits + reading.digits)
                count = len(before.digits)
                separators = left.separators + tuple((k + count, m) for k, m in mark.separators)
                box = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                result[index] = (PageMark(box, joined, separators), joined)
                break
        else:
            result.append((mark, reading))
    return result


def _not_a_number(reading: NumberReading, settings: PageSettings) -> bool:
    """Whether what the number reader read is no number: a tick (its strokes read as 1s as
    wide as they are high), or marks the model mostly calls "not a digit" (a tick, a
    letter, a speck), on the mean of its digits' "not a digit" probabilities."""
    if _all_wide_ones(reading, settings.wide_one):
        return True
    not_digit = [1.0 - sum(d.probabilities) for d in reading.digits]
    return float(np.mean(not_digit)) >= settings.max_not_digit


def _in_empty_cells(
    numbers: list[tuple[PageMark, NumberReading]],
    candidates: list[PageMark],
    settings: PageSettings,
    new_columns: bool = False,
    ruled: float | None = None,
) -> list[PageMark]:
    """The ``candidates`` that fill an empty cell of the ``numbers``' table: about a
    number's height high, in one of its columns, and in a row where that column has no
    number, or in a row of its own within ``unsure_reach`` row pitches of the table's first
    and last rows. With ``new_columns``, also a reading of ``new_column_digits`` digits or
    more level with a row and in no column, ``new_column_gap`` writing heights or more
    from that row's numbers: the only number of its column (a table of one row). Anything
    else (a heading above the table, a tick beside a number, a note in the margin) is no
    part of the table."""
    if not candidates:
        return []
    laid = _rows_of(numbers, settings, ruled)
    boxes, height, slope = laid.boxes, laid.height, laid.slope
    rows, row_levels = laid.rows, laid.row_levels
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    lefts = boxes[:, 0] + slope * centres[:, 1]
    rights = boxes[:, 2] + slope * centres[:, 1]
    columns = np.array(_columns(lefts, rights, settings.column_gap * height))
    pitch = float(np.median(np.diff(row_levels))) if len(row_levels) > 1 else 2.0 * height
    reach = settings.unsure_reach * pitch
    spans = [
        (lefts[columns == c].min(), rights[columns == c].max()) for c in range(columns.max() + 1)
    ]
    taken = set(zip(rows.tolist(), columns.tolist(), strict=True))
    inside = []
    for mark in candidates:
        x0, y0, x1, y1 = mark.box
        if not 0.6 * height <= y1 - y0 <= 1.6 * height:
            continue  # a speck, a word two lines high: no number's
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        level = cy - slope * cx
        left, right = x0 + slope * cy, x1 + slope * cy
        shared = [min(right, high) - max(left, low) for low, high in spans]
        nearest = int(np.argmin(np.abs(row_levels - level)))
        level_with = abs(row_levels[nearest] - level) < settings.row_gap * height
        if max(shared) <= 0:
            if new_columns and level_with:
                on_row = rows == nearest
                gap = np.maximum(lefts[on_row] - right, left - rights[on_row]).min()
                digits = len(mark.reading.digits) if mark.reading is not None else 0
                if gap >= settings.new_column_gap * height and digits >= settings.new_column_digits:
                    inside.append(mark)
            continue
        if not row_levels[0] - reach <= level <= row_levels[-1] + reach:
            continue
        column = int(np.argmax(shared))
        if level_with and (nearest, column) in taken:
            continue  # beside a number in its cell: a tick, a note, a piece of it
        inside.append(mark)
    return inside


def _all_wide_ones(reading: NumberReading, wide: float) -> bool:
    """Whether every digit read is a 1 wider than ``wide`` of its height: a tick or a slash
    (a tick's two strokes each read as a 1 at up to 100% on the tuning pages), not a 1."""
    return all(_wide_one(d, wide) for d in reading.digits)


# ---------------------------------------------------------------------------- table


def lay_out(
    found: list[tuple[NumberReading, Box]],
    settings: PageSettings = DEFAULT_SETTINGS.page,
) -> PageReading:
    """Numbers already read (readings with their boxes) as a table: rows, then columns."""
    return _table(
        [(PageMark(box, reading), reading) for reading, box in found], None, settings, None
    )


def _table(
    numbers: list[tuple[PageMark, NumberReading]],
    places: list[Box] | None,
    settings: PageSettings,
    ruled: float | None,
) -> PageReading:
    """The numbers' rows and columns: rows by slant-corrected height, then columns by
    slant-corrected x spans across the rows. ``places`` (boxes of what stands where a
    number would but reads as none) take their rows and columns too, and leave their
    cells empty: the numbers after them keep theirs."""
    count = len(numbers)
    boxes = np.array([mark.box for mark, _ in numbers] + list(places or []), np.float64)
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    height = float(np.median(boxes[:count, 3] - boxes[:count, 1]))
    slope = _slant([reading for _, reading in numbers], boxes[:count], height, ruled)
    rows = _rows(centres[:, 1] - slope * centres[:, 0], settings.row_gap * height)
    columns = _columns(
        boxes[:, 0] + slope * centres[:, 1],
        boxes[:, 2] + slope * centres[:, 1],
        settings.column_gap * height,
    )
    table = [["" for _ in range(max(columns) + 1)] for _ in range(max(rows) + 1)]
    result = []
    order = sorted(range(count), key=lambda i: (rows[i], centres[i, 0]))
    for index in order:
        mark, reading = numbers[index]
        row, column = rows[index], columns[index]
        number = PageNumber(reading, mark.box, row, column, mark.separators)
        cell = table[row][column]
        table[row][column] = f"{cell} {number.number}" if cell else number.number
        result.append(number)
    return PageReading(tuple(result), tuple(tuple(row) for row in table))


def _slant(
    readings: list[NumberReading], boxes: np.ndarray, height: float, ruled: float | None
) -> float:
    """The page's slope (dy/dx), from two measures: the line through each long number's
    digits (noisy, one number at a time, but never mistaken for another row), and the
    slope from each number to its neighbour in the next column (long, sure baselines).

    On a page turned several degrees, a table's next column is half a row higher or
    lower, so the number most nearly level there may sit in the next row: the
    neighbour taken is the one whose slope best agrees with the digits' lines. A
    list has no neighbours: its digits' lines give its slope; 0 when neither is seen.
    Lines across the page (``ruled``, their slope) are straighter and longer than the
    digits' lines and take their place in choosing the neighbours; the neighbours still
    give the slope, as a photo taken at a slant tilts each row differently (tuning page:
    a line above the table level, the rows under it falling at up to 0.09).
    """
    digit_slopes = []
    for reading in readings:
        xs = np.array([(d.box[0] + d.box[2]) / 2 for d in reading.digits])
        ys = np.array([(d.box[1] + d.box[3]) / 2 for d in reading.digits])
        if len(xs) >= 3 and np.ptp(xs) >= height:
            digit_slopes.append(_theil_sen(xs, ys))
    prior = float(np.median(digit_slopes)) if digit_slopes else None
    if ruled is not None:
        prior = ruled
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    slopes = []
    for index, (x, y) in enumerate(centres.tolist()):
        dx = centres[:, 0] - x
        dy = centres[:, 1] - y
        beside = (dx > 0) & (np.abs(dy) < 1.5 * height) & (np.abs(dy) < 0.3 * dx)
        beside[index] = False
        if not beside.any():
            continue
        near = np.flatnonzero(beside & (dx <= 1.5 * dx[beside].min()))
        pair = dy[near] / dx[near]
        if prior is None:
            slopes.append(float(pair[np.argmin(np.abs(dy[near]))]))
        else:
            slopes.append(float(pair[np.argmin(np.abs(pair - prior))]))
    if slopes:
        return float(np.median(slopes))
    return prior if prior is not None else 0.0


def _theil_sen(xs: np.ndarray, ys: np.ndarray) -> float:
    """The median of the slopes between every two points: one digit set high or low (a 7's
    tail, a digit joined with a speck) does not tip the line."""
    dx = xs[None, :] - xs[:, None]
    dy = ys[None, :] - ys[:, None]
    apart = dx > 0
    return float(np.median(dy[apart] / dx[apart])) if apart.any() else 0.0


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


def _columns(lefts: np.ndarray, rights: np.ndarray, gap: float) -> list[int]:
    """Column numbers: the x spans that overlap, or nearly (closer than ``gap``), directly or
    through others, are a column (a lone 1 at the edge of a column of wide numbers, the
    page turned a little, may miss them by a pixel or two)."""
    order = np.argsort(lefts, kind="stable")
    columns = [0] * len(lefts)
    column, reach = 0, float(rights[order[0]])
    for index in order.tolist():
        if lefts[index] > reach + gap:
            column += 1
            reach = float(rights[index])
        reach = max(reach, float(rights[index]))
        columns[index] = column
    return columns


__all__ = [
    "NO_NUMBER_FOUND",
    "TOO_MANY_GROUPS",
    "TOO_MANY_MARKS",
    "PageMark",
    "PageMarks",
    "ReadNumber",
    "arrange",
    "find_marks",
    "lay_out",
    "read_page",
]
