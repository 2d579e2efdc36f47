"""Turning ink or a picture into the 28x28 array the model reads.

This is the one preprocessing path of digitpad: the window, the command line,
the tests and the training code all call it, so a digit drawn on the pad is
seen by the model exactly as the training data was.

The output follows MNIST's convention: float32 ``(28, 28)`` in ``[0, 1]``,
ink bright on black, the digit scaled to fit a 20x20 box keeping its aspect
ratio and moved so that its centre of mass sits at the centre of the frame.
Pure numpy + Pillow: no Qt, no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageDraw, ImageFilter

from digitpad.errors import NoDigitError
from digitpad.ink import Ink
from digitpad.photo_writing import main_span, one_writing, photo_page
from digitpad.picture_files import ImageSource, open_image

FRAME = 28
BOX = 20
#: Where MNIST puts the centre of mass (row, column), in pixel indices: measured
#: on the training set, 14.00 +- 0.29 both ways.
CENTRE = 14.0
#: Stroke width of rendered ink, in pixels of the 28x28 frame. Chosen so a
#: rendered pen digit carries about as much ink as an MNIST digit (~100 px of
#: full ink): see training/evaluate.py for the measurement.
PEN_WIDTH = 2.4
#: Ink is drawn at this many times the final resolution, then box-filtered down:
#: that is the anti-aliasing.
SUPERSAMPLE = 4
#: Pictures are analysed at most this large (longest side); digits need no more.
WORK_SIDE = 400
#: Below this contrast between ink and paper (0..1) a picture is called blank.
MIN_CONTRAST = 0.12
#: A border this much on one side of the ink/paper split decides the polarity.
BORDER_DECISIVE = 0.75
#: Both sides of the split this large: the corners decide the polarity...
BALANCED_SHARE = 0.15
#: ...of a picture no wider than this many times its height (one digit cropped to
#: its ink). A wider one is a row of digits, not one digit's box: there half the
#: "ink" is a printed background (a cheque's hatching), and four corner pixels on it vote
#: at random.
ONE_DIGIT_ASPECT = 2.0
#: A picture whose ink covers more than this share of it is cropped tight to its
#: digit (a page with a digit on it has far less ink): one paper level, no rules.
TIGHT_COVERAGE = 0.25
#: A picture at most this wide (px) and four times as tall is a one cropped to its stroke.
SLIVER_WIDTH = 8
#: Pictures this small (longest side, px) are treated as tight crops too.
SMALL_SIDE = 48

NOTHING_DRAWN = "Nothing to read: the pad is empty."
NO_INK_IN_PICTURE = "No digit found: the picture has no visible ink."

__all__ = [
    "BOX",
    "FRAME",
    "PEN_WIDTH",
    "InkPlacement",
    "frame_ink_map",
    "image_to_array",
    "image_to_ink_map",
    "ink_to_array",
    "place_ink",
]


# --------------------------------------------------------------------------- ink


def ink_to_array(ink: Ink, pen_width: float = PEN_WIDTH) -> np.ndarray:
    """Render strokes into a 28x28 MNIST-style array.

    The strokes are scaled so that the drawn digit, pen width included, fits
    the 20x20 box: the pad size and the pen used do not matter, only the shape.
    Raises :class:`NoDigitError` for an empty drawing.
    """
    placement = place_ink(ink, pen_width)
    return _render(placement.strokes, placement.offset, pen_width)


@dataclass(frozen=True)
class InkPlacement:
    """Where :func:`ink_to_array` puts a drawing in the 28x28 frame.

    A point ``(x, y)`` of the ink lands at ``(x, y) * scale + shift`` in frame
    pixels (column, row; pixel ``j`` spans ``j - 0.5`` to ``j + 0.5``), so
    anything computed on the frame (the heat map of :mod:`digitpad.reader.explain`)
    can be drawn back over the pad where the ink is.
    """

    scale: float
    #: (x, y) added after scaling, in frame pixels.
    shift: np.ndarray
    #: The strokes scaled, not yet shifted (what the renderer draws).
    strokes: list[np.ndarray] = field(repr=False)
    offset: np.ndarray = field(repr=False)

    def to_frame(self, points: np.ndarray) -> np.ndarray:
        """Ink coordinates ``(n, 2)`` -> frame pixel coordinates (column, row)."""
        result: np.ndarray = np.asarray(points, dtype=np.float64)[:, :2] * self.scale + self.shift
        return result

    def frame_box_in_ink(self) -> tuple[float, float, float, float]:
        """The whole 28x28 frame as (x0, y0, x1, y1) in ink coordinates: where to draw it on the pad.

        None of it when the drawing is a dot (scale 0): then the box is empty.
        """
        if self.scale <= 0:
            x, y = (float(v) for v in -self.shift)
            return (x, y, x, y)
        low = (np.array([-0.5, -0.5]) - self.shift) / self.scale
        high = (np.array([FRAME - 0.5, FRAME - 0.5]) - self.shift) / self.scale
        return (float(low[0]), float(low[1]), float(high[0]), float(high[1]))


def place_ink(ink: Ink, pen_width: float = PEN_WIDTH) -> InkPlacement:
    """How :func:`ink_to_array` scales and moves ``ink`` into the frame; see :class:`InkPlacement`."""
    if ink.is_empty:
        raise NoDigitError(NOTHING_DRAWN)
    points = ink.points
    low = points.min(axis=0)
    extent = float((points.max(axis=0) - low).max())
    scale = (BOX - pen_width) / extent if extent > 0 else 0.0
    if not np.isfinite(scale):  # points closer than floating point can scale up: a dot
        scale = 0.0
    strokes = [(stroke[:, :2] - low) * scale for stroke in ink.strokes]
    # First pass: the digit's box centred; measure where its mass lies, then
    # render again moved so that the centre of mass is at CENTRE.
    size = (points.max(axis=0) - low) * scale
    offset = (FRAME - 1) / 2 - size / 2
    first = _render(strokes, offset, pen_width)
    com = _centre_of_mass(first)
    offset = offset + (CENTRE - com)[::-1]
    # The renderer puts a scaled point p at pixel coordinate p + offset.
    return InkPlacement(scale, offset - low * scale, strokes, offset)


def _render(strokes: list[np.ndarray], offset: np.ndarray, pen_width: float) -> np.ndarray:
    """Draw strokes (frame units, x/y) at SUPERSAMPLE x and box-filter down to 28x28."""
    s = SUPERSAMPLE
    canvas = Image.new("L", (FRAME * s, FRAME * s), 0)
    draw = ImageDraw.Draw(canvas)
    width = max(1, round(pen_width * s))
    radius = width / 2
    # Pixel centres sit at index + 0.5 in the supersampled grid.
    shift = (offset + 0.5) * s
    for stroke in strokes:
        xy = stroke * s + shift
        pairs = [(float(x), float(y)) for x, y in xy]
        if len(pairs) > 1:
            draw.line(pairs, fill=255, width=width, joint="curve")
        for x, y in (pairs[0], pairs[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    small = canvas.reduce(s)
    return np.asarray(small, dtype=np.float32) / 255.0


def _centre_of_mass(array: np.ndarray) -> np.ndarray:
    """(row, column) of the centre of mass; the frame centre for an empty array."""
    total = float(array.sum())
    if total <= 0:
        return np.array([CENTRE, CENTRE])
    rows = np.arange(array.shape[0], dtype=np.float64)
    cols = np.arange(array.shape[1], dtype=np.float64)
    return np.array(
        [float(array.sum(axis=1) @ rows) / total, float(array.sum(axis=0) @ cols) / total]
    )


# ------------------------------------------------------------------------ pictures


def image_to_array(source: ImageSource) -> np.ndarray:
    """Read a picture (path, bytes or Pillow image) into a 28x28 MNIST-style array.

    Raises :class:`~digitpad.errors.InputError` for what cannot be opened and
    :class:`NoDigitError` for a picture without ink or a photo of many lines of small
    writing.
    """
    return picture_array(one_writing(photo_page(open_image(source))).image)


def picture_array(image: Image.Image) -> np.ndarray:
    """An opened picture's 28x28 array, as it is (:func:`image_to_array` evens out a photo's
    light and crops it to the writing first)."""
    try:
        return frame_ink_map(image_to_ink_map(image))
    except NoDigitError:
        gray = _shrink(_grayscale(image))
        if not _is_sliver(gray) or _is_blank_paper(gray):
            raise
        # A one cropped to its stroke fills its box: all of the picture is ink, and
        # whatever shades it has are the stroke's own (a faint or tinted pen).
        return frame_ink_map(np.ones(gray.shape, np.float32))


def _is_sliver(gray: np.ndarray) -> bool:
    """A picture a few pixels wide and four times as tall: a one cropped to its stroke."""
    height, width = gray.shape
    result: bool = width <= SLIVER_WIDTH and height >= 4 * width
    return result


def _is_blank_paper(gray: np.ndarray) -> bool:
    """One light shade all over: paper (a uniform dark sliver is a stroke: dark ink is usual)."""
    return float(gray.max() - gray.min()) < MIN_CONTRAST and float(gray.mean()) >= 0.5


def image_to_ink_map(image: Image.Image, work_side: int = WORK_SIDE) -> np.ndarray:
    """Separate the ink from the paper: float32 map, 1 = full ink, 0 = paper.

    Handles transparency, any pixel mode, either polarity, uneven lighting,
    ruled lines, noise and compression artefacts. Raises :class:`NoDigitError`
    when nothing stands out from the paper. The map is at most ``work_side``
    pixels on its longest side: one digit needs no more, a long number (see
    :mod:`digitpad.reader.number_reader`) asks for more so that each digit keeps its detail.
    """
    gray = _grayscale(image)
    gray = _shrink(gray, work_side)
    if float(gray.max() - gray.min()) < MIN_CONTRAST:
        raise NoDigitError(NO_INK_IN_PICTURE)
    threshold = _otsu(gray)
    if _ink_is_light(gray, threshold):
        gray = 1.0 - gray
        threshold = 1.0 - threshold
    # Now ink is dark on light paper. Measure ink as darkness below the paper.
    coverage = float((gray < threshold).mean())
    tight = coverage > TIGHT_COVERAGE or max(gray.shape) <= SMALL_SIDE
    paper = _global_paper_level(gray, threshold) if tight else _paper_level(gray)
    ink = np.clip(paper - gray, 0.0, 1.0)
    ink = _normalise_contrast(ink)
    if not tight:  # a page with rules; in a tight crop, a stroke may run edge to edge
        ink = _remove_rules(ink)
    return ink


def frame_ink_map(ink: np.ndarray) -> np.ndarray:
    """Crop an ink map to its ink, fit it in the 20x20 box and centre its mass.

    This is MNIST's own framing; an MNIST digit passes through unchanged.
    """
    box = _ink_box(ink)
    if box is None:
        raise NoDigitError(NO_INK_IN_PICTURE)
    top, bottom, left, right = box
    crop = ink[top:bottom, left:right]
    height, width = crop.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    picture = Image.fromarray(crop.astype(np.float32), mode="F")
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    # A zero border, so the sub-pixel shift below does not smear edge pixels outward.
    fitted = np.zeros((size[1] + 4, size[0] + 4), np.float32)  # np.pad costs 5x more
    fitted[2:-2, 2:-2] = np.asarray(picture.resize(size, resample), dtype=np.float32)
    com = _centre_of_mass(fitted)
    # Sub-pixel shift: the result moves smoothly with the picture's scale and
    # position (a whole-pixel shift would jump), at the cost of a faint edge.
    dy, dx = CENTRE - com
    shifted = Image.fromarray(fitted, mode="F").transform(
        (FRAME, FRAME),
        Image.Transform.AFFINE,
        (1, 0, -dx, 0, 1, -dy),
        resample=Image.Resampling.BILINEAR,
    )
    array = np.clip(np.asarray(shifted, dtype=np.float32), 0.0, 1.0)
    if array.max() <= 0:
        raise NoDigitError(NO_INK_IN_PICTURE)
    # Full-strength strokes, as in MNIST, however thin the picture's lines were.
    return array / float(array.max())


def _grayscale(image: Image.Image) -> np.ndarray:
    """Float luminance in [0, 1] (1 = white), transparency composited onto a contrasting background."""
    mode = image.mode
    if mode in ("La", "RGBa"):  # premultiplied alpha: Pillow converts only the plain form onward
        image = image.convert(mode.upper())
        mode = image.mode
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode in ("LA", "PA") or (mode in ("L", "RGB") and "transparency" in image.info):
        image = image.convert("RGBA")
    mode = image.mode
    if mode.startswith("I") or mode == "F":
        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        return ((values - low) / (high - low) if high > low else np.zeros_like(values)).astype(
            np.float32
        )
    alpha = None
    if mode == "RGBA":
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32) / 255.0
    if mode not in ("L", "1"):
        image = image.convert("RGB").convert("L")
    gray = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    if alpha is not None and float(alpha.min()) < 0.98:
        gray = _composite(gray, alpha)
    return gray


def _composite(gray: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Put semi-transparent content on a background that contrasts with it.

    A transparent PNG of black ink has black (0) colour everywhere, opaque or
    not; flattening it onto black would erase the digit. The visible content's
    own brightness decides: dark ink goes onto white, light ink onto black.
    """
    weight = float(alpha.sum())
    if weight <= 0:
        raise NoDigitError("No digit found: the picture is fully transparent.")
    content = float((gray * alpha).sum()) / weight
    background = 1.0 if content < 0.5 else 0.0
    result: np.ndarray = gray * alpha + background * (1.0 - alpha)
    return result


def _shrink(gray: np.ndarray, work_side: int = WORK_SIDE) -> np.ndarray:
    height, width = gray.shape
    longest = max(height, width)
    if longest <= work_side:
        return gray
    scale = work_side / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(
        Image.fromarray(gray, mode="F").resize(size, Image.Resampling.BOX), dtype=np.float32
    )


def _otsu(gray: np.ndarray) -> float:
    """The brightness that best splits the picture into two classes (Otsu's method)."""
    histogram, edges = np.histogram(gray, bins=64, range=(0.0, 1.0))
    weights = histogram.astype(np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(weights)
    above = below[-1] - below
    mass = np.cumsum(weights * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = mass / below
        mean_above = (mass[-1] - mass) / above
        between = below * above * (mean_below - mean_above) ** 2
    best = int(np.nanargmax(np.where(np.isfinite(between), between, -1.0)))
    return float(edges[best + 1])


def _ink_is_light(gray: np.ndarray, threshold: float) -> bool:
    """Which side is ink: the paper is what the picture's border mostly shows.

    Even a digit cropped to its ink touches each edge at a few points only, so
    the border is paper wherever it is decisive; there the rule holds however
    much of the picture the ink covers. Where it is not (a photo whose edges
    are half shadow), ink is the minority: it lies in the longer tail away from
    the typical (paper) value.
    """
    dark_share = float((gray < threshold).mean())
    if _is_sliver(gray) and 1.0 - dark_share < BALANCED_SHARE:
        # A one cropped to its stroke: a few pixels wide, dark nearly everywhere, light
        # only in scraps at its bends. Area and border cannot tell ink from paper here;
        # dark ink is the usual case.
        return False
    height, width = gray.shape
    if min(dark_share, 1.0 - dark_share) > BALANCED_SHARE and width <= ONE_DIGIT_ASPECT * height:
        # Ink and paper both cover much of the picture: a digit cropped to its
        # ink. Its corners are paper (a digit is no rectangle), even where its
        # strokes hug the edges.
        corners = gray[[0, 0, -1, -1], [0, -1, 0, -1]] >= threshold
        if corners.sum() != 2:
            return bool(corners.sum() < 2)
    border = np.concatenate([gray[0], gray[-1], gray[1:-1, 0], gray[1:-1, -1]])
    light = float((border >= threshold).mean())
    if light >= BORDER_DECISIVE:
        return False
    if light <= 1.0 - BORDER_DECISIVE:
        return True
    low, median, high = np.percentile(gray, [1, 50, 99])
    return bool(high - median > median - low)


def _global_paper_level(gray: np.ndarray, threshold: float) -> np.ndarray:
    """One paper level for the whole picture: its paper class's typical brightness.

    A small or tightly cropped picture has no room for uneven lighting, and
    its strokes are as wide as any local filter, which would take them for paper.
    """
    paper = gray[gray >= threshold]
    level = float(np.median(paper)) if paper.size else float(gray.max())
    result: np.ndarray = np.maximum(np.float32(level), gray)
    return result


def _paper_level(gray: np.ndarray) -> np.ndarray:
    """Local paper brightness: a max filter wider than any stroke, then smoothed."""
    height, width = gray.shape
    # Work on a small copy: lighting varies slowly.
    factor = max(1, max(height, width) // 64)
    # 8-bit is precise enough for a paper level, and Pillow blurs only 8-bit images.
    small = Image.fromarray(np.round(gray * 255).astype(np.uint8), mode="L")
    if factor > 1:
        small = small.resize(
            (max(1, width // factor), max(1, height // factor)), Image.Resampling.BOX
        )
    side = max(small.size)
    size = max(3, (side // 4) | 1)
    paper = Image.fromarray(_max_filter(np.asarray(small), min(size, 31)), mode="L")
    paper = paper.filter(ImageFilter.GaussianBlur(max(1.0, size / 2)))
    paper = paper.resize((width, height), Image.Resampling.BILINEAR)
    level = np.asarray(paper, dtype=np.float32) / 255.0
    # Never below the pixel itself: the filter can undershoot at edges.
    result: np.ndarray = np.maximum(level, gray)
    return result


def _max_filter(array: np.ndarray, size: int) -> np.ndarray:
    """Square max filter, separable (Pillow's MaxFilter is O(size^2) a pixel)."""
    half = size // 2
    padded = np.pad(array, half, mode="edge")
    rows = sliding_window_view(padded, size, axis=0).max(axis=-1)
    return np.ascontiguousarray(sliding_window_view(rows, size, axis=1).max(axis=-1))


def _normalise_contrast(ink: np.ndarray) -> np.ndarray:
    """Scale ink so strokes are ~1 and drop the faint noise floor (grain, JPEG ringing)."""
    # The ink level: the k-th strongest pixel, with k small enough that a small
    # digit on a large page still counts (a percentile would call it blank).
    k = max(16, ink.size // 2000)
    flat = ink.ravel()
    strong = (
        float(np.partition(flat, flat.size - k)[flat.size - k])
        if flat.size > k
        else float(flat.max())
    )
    if strong < MIN_CONTRAST:
        raise NoDigitError(NO_INK_IN_PICTURE)
    # The noise floor is measured on the paper alone: where ink covers half the
    # picture, the median pixel is ink.
    paper = flat[flat < 0.5 * strong]
    if paper.size == 0:
        paper = flat
    typical = float(np.median(paper))
    noise = typical + 3.0 * float(np.median(np.abs(paper - typical)))
    floor = max(0.25 * strong, noise)
    full = max(floor + 1e-3, 0.75 * strong)
    return np.clip((ink - floor) / (full - floor), 0.0, 1.0).astype(np.float32)


def _remove_rules(ink: np.ndarray) -> np.ndarray:
    """Erase ruled lines: thin bands of ink running from edge to edge.

    Faint lines count too (a grey rule is weaker than the ink), and a band is
    widened by a row each side to take its anti-aliased edges with it.
    """
    for axis in (0, 1):
        view = ink if axis == 0 else ink.T
        solid = view > 0.15
        length = view.shape[1]
        edge = max(1, length // 50)
        spans = (
            (solid.mean(axis=1) > 0.9) & solid[:, :edge].any(axis=1) & solid[:, -edge:].any(axis=1)
        )
        if not spans.any() or spans.mean() > 0.25:
            continue
        view = view.copy()
        last = view.shape[0] - 1
        for first, final in _runs(np.flatnonzero(spans)):
            start, stop = max(0, first - 1), min(last, final + 1)
            zero = np.zeros(length, np.float32)
            above = view[start - 1] if start >= 1 else zero
            below = view[stop + 1] if stop < last else zero
            # Keep the line only where a stroke crosses it (ink on both sides).
            crossing = np.minimum(above, below)
            view[start : stop + 1] = np.minimum(view[start : stop + 1], crossing)
        ink = view if axis == 0 else view.T
    return ink


def _runs(indices: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs in sorted indices, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for index in indices.tolist():
        if runs and index == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _ink_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """Bounding box (top, bottom, left, right) of the digit, ignoring stray specks.

    Along each axis the ink profile is split where a wide gap of paper runs
    across; groups holding a tiny share of the ink (dust, a stray mark in a
    corner) are dropped. Parts of one digit, such as the detached bar of a 5,
    sit close together and stay.
    """
    mass = ink * (ink > 0.2)
    if float(mass.sum()) <= 0:
        return None
    top, bottom = _main_span(mass.sum(axis=1))
    left, right = _main_span(mass[top:bottom].sum(axis=0))
    # Rows again, now without the columns of the dropped specks.
    top, bottom = _main_span(mass[:, left:right].sum(axis=1))
    return top, bottom, left, right


def _main_span(profile: np.ndarray) -> tuple[int, int]:
    """A digit's span: gaps of a tenth of the picture split it, 3% of the ink counts."""
    return main_span(profile, 10, 2, 0.03)
