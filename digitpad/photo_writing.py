"""The writing in a photo: the page's light taken out, and the picture cropped to the writing.

A phone photo of a number on a sheet differs from a scan in two ways that the
reader's own ink finding (:func:`digitpad.preprocess.image_to_ink_map`) was
not made for. The light is uneven (a fall-off to one side or the corners,
the soft or hard edge of a shadow), so one level cannot tell ink from paper:
the darker side of the page becomes "ink". And the writing is small on a big
page, so the reader's work size (a few hundred pixels for the whole picture)
leaves a ballpoint digit a smudge.

So a large picture is first made into what the reader expects: the paper's
brightness is estimated at each place (a closing, max then min filter, wider
than any stroke but narrower than a shadow, on a small copy; the min filter
keeps a hard shadow edge where it is), the picture is divided by it (ink
takes the same share of the light in the shadow as outside it), what takes
away too little light to be ink (printed grid and ruling lines, JPEG noise,
the residue of a shadow's edge) becomes paper, and the result is cropped to
the writing with a margin. Small pictures (scans, crops, drawings), and
pictures with transparency or a dark page, are left as they are: the reader
has always read them well.

Pure numpy and Pillow: no Qt, no model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageFilter

from digitpad.errors import NoDigitError
from digitpad.picture_files import full_size

#: A box (x0, y0, x1, y1) in pixels.
Box = tuple[float, float, float, float]

#: Pictures whose longer side is at least this are treated as photos of a page.
PHOTO_SIDE = 800
#: The photo is worked on at most this many pixels on its longer side: a digit 4% of
#: the page's height is still ~45 px tall, more than the 28x28 the model sees needs.
WORK_SIDE = 1600
#: The paper's level is estimated on a copy at most this many pixels on its longer side.
PAPER_SIDE = 192
#: The closing's window: this share of the paper copy's longer side (5% of the page):
#: over twice as wide as a felt-tip stroke on writing a quarter of the page high,
#: narrower than most shadows (9% left the narrower shadow bands as ink).
PAPER_WINDOW = 0.05
#: Ink takes away at least this share of the strongest ink's light; fainter marks
#: (printed grid and rules, noise, a shadow edge's residue) are paper.
INK_SHARE = 0.4
#: The strongest ink takes away at least this share of the paper's light (a ballpoint
#: about 0.5, printed grid and rules 0.1-0.25, what is left of uneven light less): else
#: the page holds no writing.
MIN_INK = 0.3
#: Ink takes away at least this much light (0-1) in absolute terms: noise in a dark
#: corner takes a large share of the little light there, but little light.
MIN_DARKENING = 0.06
#: The strongest ink is measured at the (size / STRONG_SHARE)-th strongest pixel.
STRONG_SHARE = 40_000
#: Ink fills at least SPECK_SHARE of the SPECK_WINDOW-pixel square around it (a 2-px
#: stroke ~0.28; a 1-px line 0.14, a dot of noise less).
SPECK_WINDOW = 7
SPECK_SHARE = 0.2
#: Printed lines: straight over this share of the page, at most LINE_ROWS rows thick on
#: the quarter-size copy, at one of these angles (a photo turned by up to 12 degrees).
LINE_LENGTH = 0.4
LINE_ROWS = 2
#: A line runs on across breaks of at most this many pixels of the quarter-size copy (8 on
#: the work copy: where the print is faint, or the paper's noise): a row that crosses the
#: tops of a big number's digits is broken at every space between them, and is no line.
LINE_GAP = 2
LINE_ANGLES = tuple(float(a) for a in np.arange(-12.0, 12.01, 0.5))
#: Fewer pixels of ink than this are no writing (the smallest digit on a page has ~150).
MIN_WRITING = 60
#: Pages whose brightest tenth is darker than this (a blackboard, a negative: light
#: writing) are left to the reader as they are; a page in shadow has brighter paper.
DARK_PAGE = 0.3
#: Writing taller than this share of the picture is a drawing or a close-up, not a page,
#: when its strokes are thick for its height (see ``THIN_WRITING``).
CLOSE_UP = 0.5
#: Lines of small writing (a page of text or of numbers), not one number: strokes
#: thinner than THIN_WRITING of the writing's height, and rows busy with marks: a tenth
#: of the rows cross the ink at least BUSY_ROW times. Chosen on tuning photos
#: (``python -m training.evaluate_photos --part tuning --only text``): 150 numbers of
#: 1-6 digits, written small or large, have strokes of 1.39% of their height or more
#: and at most 13 crossings; 24 pages of 6-14 lines of letters 0.16-1.06% and 14-53. A
#: big digit drawn with a thin pen is thin but not busy: it is read, not refused.
THIN_WRITING = 0.012
BUSY_ROW = 14
#: The crop keeps this share of the writing's height as margin on every side.
MARGIN = 0.35

LINES_OF_WRITING = (
    "This photo holds many lines of small writing, not one number: box the number to read "
    "only it, or read the page's numbers as a table."
)


@dataclass(frozen=True)
class PhotoCrop:
    """A photo's writing as the reader should see it, and where it lies in the photo.

    ``image`` is dark ink on white paper, the light evened out; ``box`` is
    (x0, y0, x1, y1) in the photo's own pixels, so that a box found in
    ``image`` maps back with :meth:`to_photo`.
    """

    image: Image.Image
    box: Box
    #: The writing is many lines of small writing (a page of text or of numbers),
    #: which no single number is: the reader says so rather than guess one number.
    lines_of_writing: bool = False

    def to_photo(self, box: Box) -> Box:
        """A box in :attr:`image`'s pixels, in the photo's pixels."""
        x0, y0, x1, y1 = self.box
        sx = (x1 - x0) / self.image.width
        sy = (y1 - y0) / self.image.height
        return (x0 + box[0] * sx, y0 + box[1] * sy, x0 + box[2] * sx, y0 + box[3] * sy)


def is_photo(image: Image.Image) -> bool:
    """Whether a picture is big and opaque enough to be a photo of a page."""
    return max(image.size) >= PHOTO_SIDE and image.mode in ("RGB", "L", "CMYK", "YCbCr")


def photo_page(image: Image.Image) -> PhotoCrop:
    """What the reader reads of a picture: a photo's writing, evened out and cropped, or
    the picture itself when it is no photo of dark writing on a light page."""
    width, height = full_size(image)
    whole = PhotoCrop(image, (0.0, 0.0, float(width), float(height)))
    if not is_photo(image):
        return whole
    gray = _work_gray(image)
    if float(np.percentile(gray, 90)) < DARK_PAGE:
        return whole
    ink = _ink(gray)
    box = _writing_box(ink)
    if box is None:
        # Nothing stands out from the paper: the blank page, evened out, says so.
        return PhotoCrop(_as_image(ink), whole.box)
    top, bottom, left, right = box
    writing = ink[top:bottom, left:right] > 0
    lines = stroke_width(writing) < THIN_WRITING * (bottom - top) and _busy(writing)
    if bottom - top > CLOSE_UP * ink.shape[0] and not lines:
        # Writing this big is a drawing or a close-up, which the reader has always read
        # well as it is; its strokes may be as wide as the paper window.
        return whole
    margin = round(MARGIN * (bottom - top))
    top, left = max(0, top - margin), max(0, left - margin)
    bottom, right = min(ink.shape[0], bottom + margin), min(ink.shape[1], right + margin)
    sx, sy = width / ink.shape[1], height / ink.shape[0]
    return PhotoCrop(
        _as_image(ink[top:bottom, left:right]),
        (left * sx, top * sy, right * sx, bottom * sy),
        lines_of_writing=lines,
    )


def one_writing(page: PhotoCrop) -> PhotoCrop:
    """``page`` itself, when it can be read as one digit or one number; raises
    ``NoDigitError`` for many lines of small writing (a page of text or of numbers),
    where any one reading would be a guess: no one number is found, and the person is
    told to box the number instead (every caller already says why nothing was read)."""
    if page.lines_of_writing:
        raise NoDigitError(LINES_OF_WRITING)
    return page


def stroke_width(mask: np.ndarray) -> float:
    """The mean width of the strokes in ``mask``, in pixels: twice the area over the
    outline's length (a stroke of width w and length l has area w*l, outline ~2*l)."""
    area = int(np.count_nonzero(mask))
    outline = int(np.count_nonzero(mask[:, 1:] != mask[:, :-1])) + int(
        np.count_nonzero(mask[1:] != mask[:-1])
    )
    return 2.0 * area / outline if outline else 0.0


def _busy(mask: np.ndarray) -> bool:
    """Whether a tenth of the rows with ink cross it ``BUSY_ROW`` times or more."""
    crossings = np.count_nonzero(mask[:, 1:] & ~mask[:, :-1], axis=1) + mask[:, 0]
    inked = crossings[crossings > 0]
    return bool(inked.size) and float(np.percentile(inked, 90)) >= BUSY_ROW


def page_ink(image: Image.Image) -> tuple[np.ndarray, float, np.ndarray] | None:
    """The whole page's ink map at work size (0 paper, up to 1 the strongest ink), the
    factor from its pixels to the picture's own (its size in the file) and the pixels of
    the long straight lines taken out of it (printed or ruled across the page: the page
    reader finds its rows' slope in them); None when the picture is no photo of dark
    writing on a light page (the caller finds ink its own way).

    The page reader (:mod:`digitpad.reader.page_reader`) finds every number on
    the page in this map: unlike :func:`photo_page` it keeps all the writing,
    not just the main block of it.
    """
    if not is_photo(image):
        return None
    gray = _page_gray(image)
    if float(np.percentile(gray, 90)) < DARK_PAGE:
        return None
    width, _ = full_size(image)
    # The light is evened out first: ink must take away a share of the strongest ink's
    # light, and a number in a shadow across part of the page takes away less light in
    # all than one in the light (one number's photo is in the light or in the shadow).
    evened = gray / np.maximum(paper_level(gray), 1e-3)
    ink, lines = _ink_and_lines(np.clip(evened, 0.0, 1.0).astype(np.float32))
    return ink, width / gray.shape[1], lines


def _page_gray(image: Image.Image) -> np.ndarray:
    """Luminance in [0, 1] at ``WORK_SIDE``, thin strokes kept: before the shrink each
    pixel takes the darkest of the k x k around it (k the shrink rounded up), so that a
    pen line thinner than a work pixel keeps its darkness. Averaged alone, a ballpoint
    line on a big page (a 1, a ruled line, a decimal point) fades into the paper and the
    page reader finds its number in pieces or not at all.
    """
    gray = image.convert("L")
    shrink = max(gray.size) / WORK_SIDE
    if shrink <= 1:
        return np.asarray(gray, dtype=np.float32) / 255.0
    side = math.ceil(shrink)
    pixels = np.asarray(gray)
    if side > 1:
        pixels = _darkest(_darkest(pixels, side).T, side).T
    size = (max(1, round(gray.width / shrink)), max(1, round(gray.height / shrink)))
    small = Image.fromarray(np.ascontiguousarray(pixels)).resize(size, Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


def _darkest(pixels: np.ndarray, side: int) -> np.ndarray:
    """Each pixel the darkest of the ``side`` pixels around it along its row."""
    before = (side - 1) // 2
    padded = np.pad(pixels, ((0, 0), (before, side - 1 - before)), mode="edge")
    width = pixels.shape[1]
    result = padded[:, :width]
    for offset in range(1, side):
        result = np.minimum(result, padded[:, offset : offset + width])
    return result


def _work_gray(image: Image.Image) -> np.ndarray:
    """Luminance in [0, 1], shrunk (by averaging: it lowers the noise) to ``WORK_SIDE``."""
    gray = image.convert("L")
    scale = WORK_SIDE / max(gray.size)
    if scale < 1:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.BOX)
    return np.asarray(gray, dtype=np.float32) / 255.0


def _ink(gray: np.ndarray) -> np.ndarray:
    """The share of the paper's light each pixel takes away, faint marks and specks set to 0."""
    return _ink_and_lines(gray)[0]


def _ink_and_lines(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The share of the paper's light each pixel takes away, faint marks and specks set to 0,
    and the pixels of the long straight lines taken out (:func:`_printed_lines`).

    Ink must stand out both as a share of the local paper's light and as light
    taken away: in a corner the vignette has made nearly black, noise alone
    takes a large share of what little light there is.
    """
    paper = paper_level(gray)
    ink = np.clip(1.0 - gray / np.maximum(paper, 1e-3), 0.0, 1.0)
    darkening = paper - gray
    strong = _strong_level(ink)
    if strong < MIN_INK:
        # A blank page, or printed lines only.
        return np.zeros_like(ink), np.zeros(ink.shape, bool)
    keep = (ink >= INK_SHARE * strong) & (
        darkening >= max(MIN_DARKENING, INK_SHARE * _strong_level(darkening))
    )
    # A stroke fills a good part of the window around it; a speck of noise or what is
    # left of a printed line does not.
    printed = _printed_lines(keep)
    lines = keep & printed
    keep &= ~printed
    mask = Image.fromarray(keep.astype(np.uint8) * 255, mode="L")
    around = np.asarray(mask.filter(ImageFilter.BoxBlur(SPECK_WINDOW // 2)))
    keep &= around >= round(SPECK_SHARE * 255)
    return np.where(keep, ink, 0.0).astype(np.float32), lines


def paper_level(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness at each pixel: a closing of a small copy, smoothed and enlarged.

    The max filter lifts the paper over the strokes; the min filter after it
    brings a hard shadow edge back to where it was, which a max filter and a
    blur alone would spread over the dark side. Both work on the copy extended
    by a window beyond its border (its edge repeated): a shadow that leaves the
    picture at a shallow angle is a thin wedge at the border, which each filter
    padded on its own takes for a stroke and leaves as ink (a hard shadow edge
    across a corner made the whole page "writing", and the number went unread).
    """
    height, width = gray.shape
    factor = max(1, max(height, width) // PAPER_SIDE)
    small = gray
    if factor > 1:
        size = (max(1, width // factor), max(1, height // factor))
        small = np.asarray(
            Image.fromarray(gray, mode="F").resize(size, Image.Resampling.BOX), dtype=np.float32
        )
    window = max(3, round(PAPER_WINDOW * max(small.shape)) | 1)
    extended = np.pad(small, window, mode="edge")
    closed = _filter(_filter(extended, window, np.max), window, np.min)[
        window:-window, window:-window
    ]
    smooth = _filter(closed, max(3, window // 2 | 1), np.mean)
    level = Image.fromarray(smooth.astype(np.float32), mode="F").resize(
        (width, height), Image.Resampling.BILINEAR
    )
    result: np.ndarray = np.maximum(np.asarray(level, dtype=np.float32), gray)
    return result


def _filter(array: np.ndarray, size: int, reduce: np.ufunc | object) -> np.ndarray:
    """A square ``size`` filter (max, min or mean), separable: rows, then columns."""
    half = size // 2
    padded = np.pad(array, half, mode="edge")
    rows = reduce(sliding_window_view(padded, size, axis=0), axis=-1)  # type: ignore[operator]
    return np.ascontiguousarray(reduce(sliding_window_view(rows, size, axis=1), axis=-1))  # type: ignore[operator]


def _printed_lines(keep: np.ndarray) -> np.ndarray:
    """Thin straight lines across half the page or more, at up to 12 degrees: printed rules,
    the grid, a margin line, where they are as dark as writing.

    Worked on a copy a quarter of the size, turned by each angle in turn: a line
    is a row (or column) filled over LINE_LENGTH of the page and at most
    LINE_ROWS rows thick there (a stroke of writing that long is a close-up, and
    thicker). The lines found are turned back, enlarged and returned as a mask.
    """
    height, width = (keep.shape[0] // 4) * 4, (keep.shape[1] // 4) * 4
    small = keep[:height, :width].reshape(height // 4, 4, width // 4, 4).any(axis=(1, 3))
    picture = Image.fromarray(small.astype(np.uint8) * 255, mode="L")
    found = np.zeros(small.shape, bool)
    for angle in LINE_ANGLES:
        turned = np.asarray(picture.rotate(float(angle), Image.Resampling.NEAREST)) > 0
        rows = _line_runs(_long_run(turned))
        cols = _line_runs(_long_run(turned.T))
        if not rows.any() and not cols.any():
            continue
        lines = np.zeros(turned.shape, bool)
        lines[rows] = True
        lines[:, cols] = True
        lines &= turned
        back = Image.fromarray(lines.astype(np.uint8) * 255, mode="L").rotate(
            -float(angle), Image.Resampling.NEAREST
        )
        found |= np.asarray(back) > 0
    mask = np.zeros(keep.shape, bool)
    if found.any():
        grown = Image.fromarray(found.astype(np.uint8) * 255, mode="L").filter(
            ImageFilter.MaxFilter(3)
        )
        mask[:height, :width] = np.repeat(np.repeat(np.asarray(grown) > 0, 4, 0), 4, 1)
    return mask


def _long_run(picture: np.ndarray) -> np.ndarray:
    """For each row of ``picture``, whether it is a line's: filled over ``LINE_LENGTH`` of
    its length, and in one run there (breaks of at most ``LINE_GAP`` bridged) with the rows
    beside it (a line ruled by hand, or turned a little off the angle tried, steps from row
    to row).

    Counting the row's filled pixels alone took a row across the tops of a big
    number's digits (a felt-tip number across half the page, its 7s' bars in
    line) for a printed line, and erased the writing on it.
    """
    length = picture.shape[1]
    result = np.zeros(picture.shape[0], bool)
    # A run that long needs that many filled pixels: most rows are ruled out at once.
    (candidates,) = np.nonzero(picture.sum(axis=1) >= LINE_LENGTH * length)
    if candidates.size == 0:
        return result
    padded = np.pad(picture, ((1, 1), (0, 0)))
    filled = padded[candidates] | padded[candidates + 1] | padded[candidates + 2]
    columns = np.arange(length)
    never = -length - LINE_GAP - 2
    last = np.maximum.accumulate(np.where(filled, columns, never), axis=1)
    before = np.concatenate([np.full((len(candidates), 1), never), last[:, :-1]], axis=1)
    starts = filled & (columns - before > LINE_GAP + 1)
    start = np.maximum.accumulate(np.where(starts, columns, 0), axis=1)
    runs = np.where(filled, columns - start + 1, 0)
    result[candidates] = runs.max(axis=1) >= LINE_LENGTH * length
    return result


def _line_runs(filled: np.ndarray) -> np.ndarray:
    """The filled rows that lie in runs of at most LINE_ROWS: thin lines, not thick strokes."""
    result = np.zeros_like(filled)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], filled.astype(np.int8), [0]])))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start <= LINE_ROWS:
            result[start:stop] = True
    return result


def _strong_level(ink: np.ndarray) -> float:
    """The ink's level: about the k-th strongest pixel, k small enough that one small
    ballpoint digit (a few hundred pixels of ink on the work copy) sets it, not the page's
    lines. Taken on every other row and column (a stroke is two pixels wide or more
    there): a quarter of the pixels to sort."""
    sample = ink[::2, ::2].ravel()
    k = max(2, ink.size // STRONG_SHARE // 4)
    return float(np.partition(sample, sample.size - k)[sample.size - k]) if sample.size > k else 0.0


def _writing_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the writing: where the ink's mass lies, specks left out."""
    mass = ink * (ink > 0)
    if np.count_nonzero(mass) < MIN_WRITING:
        return None
    top, bottom = _main_span(mass.sum(axis=1))
    left, right = _main_span(mass[top:bottom].sum(axis=0))
    top, bottom = _main_span(mass[:, left:right].sum(axis=1))
    return top, bottom, left, right


def main_span(
    profile: np.ndarray, gap_divisor: int, min_gap: int, mass_share: float
) -> tuple[int, int]:
    """The span (first, last + 1) of a profile's groups that hold real ink.

    The filled entries are split where a gap of more than 1/``gap_divisor`` of
    the profile's length (at least ``min_gap``) runs across; groups holding less
    than ``mass_share`` of the mass (dust, a stray mark) are left out, unless
    none is left. Shared with the single digit's own box
    (:func:`digitpad.preprocess.frame_ink_map`).
    """
    total = float(profile.sum())
    filled = np.flatnonzero(profile > 0)
    gap = max(min_gap, len(profile) // gap_divisor)
    groups: list[list[int]] = [[int(filled[0]), int(filled[0])]]
    for index in filled[1:].tolist():
        if index - groups[-1][1] > gap:
            groups.append([index, index])
        else:
            groups[-1][1] = index
    masses = [float(profile[a : b + 1].sum()) for a, b in groups]
    keep = [g for g, m in zip(groups, masses, strict=True) if m >= mass_share * total]
    if not keep:
        keep = [groups[int(np.argmax(masses))]]
    return keep[0][0], keep[-1][1] + 1


def _main_span(profile: np.ndarray) -> tuple[int, int]:
    """The writing's span on a photo: gaps of 1/12 of the page split it, 5% of the ink counts."""
    return main_span(profile, 12, 4, 0.05)


def _as_image(ink: np.ndarray) -> Image.Image:
    """An ink map as a picture: dark ink on white paper."""
    return Image.fromarray(np.round((1.0 - ink) * 255).astype(np.uint8), mode="L")
