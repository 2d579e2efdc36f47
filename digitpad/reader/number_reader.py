"""Reading a whole number: several digits drawn on the pad or in one picture.

The input is over-segmented into pieces (:mod:`digitpad.reader.segment`: strokes, or
blobs of ink cut along thin paths), and the model chooses how to group them: a
dynamic programme over the pieces, left to right, scores every run of up to
``max_group`` neighbouring pieces (:class:`~digitpad.reader.settings.GroupingSettings`)
by how well the model reads it as one digit, and keeps the grouping whose
digits read best together. Gap
thresholds alone cannot tell a 5's detached bar from a narrow 1 beside it;
the model can, and with its eleventh answer ("not a digit") it also says
when a group is two digits or half of one. Small marks that read as no digit
(a decimal point, a comma, a dash, an underline) may be left out.

Every candidate goes through the single-digit path (``ink_to_array`` or
``frame_ink_map``) and all candidates of a number are read in one
``predict_batch`` call. In pictures the line model (:mod:`digitpad.reader.line_model`),
which reads the whole row without cutting it, judges the candidate numbers
too (:func:`_judged_by_line`): the count of digits is what cutting alone most
often gets wrong. The functions here take everything they use as arguments
(the model, the line model, the settings, the cache of rendered groups):
:class:`~digitpad.reader.pipeline.Reader` owns those and calls them. Pure
numpy + Pillow (and LiteRT): no Qt.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

import numpy as np
from PIL import Image

from digitpad.errors import InputError, NoDigitError
from digitpad.ink import Ink
from digitpad.photo_writing import PhotoCrop, photo_page
from digitpad.picture_files import ImageSource, open_image
from digitpad.preprocess import (
    NO_INK_IN_PICTURE,
    NOTHING_DRAWN,
    frame_ink_map,
    image_to_ink_map,
    ink_to_array,
)
from digitpad.reader.ctc import best_path, count_log_probabilities, log_likelihoods
from digitpad.reader.digit_model import Recognizer
from digitpad.reader.grouping_lattice import (
    FLOOR,
    Candidate,
    Lattice,
    best_paths,
    forced_paths,
    path_digits,
)
from digitpad.reader.line_input import fits_line, frame_spans, line_array
from digitpad.reader.line_model import LineModel
from digitpad.reader.segment import (
    PictureCut,
    Piece,
    erase_rules,
    ink_height,
    picture_pieces,
    stroke_pieces,
)
from digitpad.reader.settings import DEFAULT_SETTINGS, CutSettings, GroupingSettings
from digitpad.results import DIGIT_CLASSES, DigitReading, NumberReading, read

#: Turns a group of pieces into the 28x28 array the model reads.
_Render = Callable[[Sequence[Piece]], np.ndarray]

NOTHING_LIKE_A_DIGIT = "No digit found: nothing here looks like a digit."
TOO_MANY_PIECES = (
    "Too much to read as one number: more than {limit} separate marks "
    "(digitpad reads numbers of up to about 100 digits)."
)


class RenderedGroups:
    """The 28x28 arrays of recently read stroke groups, by the strokes' exact coordinates.

    While a number is drawn on the pad it is read every frame, and only the
    groups that hold the stroke being drawn change: the others are found
    here instead of being drawn again (rendering is most of a reading's time).
    The strokes' order is not part of the key: ``ink_to_array`` draws the same
    array in any order, so the whole drawing read as one digit (by
    :mod:`digitpad.reader.digit_or_number`) is the number reader's whole-group candidate too.
    Only arrays are kept, never probabilities: the model or the person's
    profile may change between two readings.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._arrays: OrderedDict[tuple[bytes, ...], np.ndarray] = OrderedDict()

    def render(self, strokes: tuple[np.ndarray, ...]) -> np.ndarray:
        key = tuple(sorted(np.ascontiguousarray(s, dtype=np.float64).tobytes() for s in strokes))
        array = self._arrays.get(key)
        if array is None:
            array = ink_to_array(Ink(strokes))
            array.flags.writeable = False  # shared between readings
            self._arrays[key] = array
            if len(self._arrays) > self._size:
                self._arrays.popitem(last=False)
        else:
            self._arrays.move_to_end(key)
        return array

    def clear(self) -> None:
        self._arrays.clear()


# --------------------------------------------------------------------------- entry points


def read_number_ink(
    ink: Ink, recognizer: Recognizer, settings: GroupingSettings, groups: RenderedGroups
) -> NumberReading:
    """Read the number drawn as ``ink``; raises :class:`NoDigitError` when there is nothing.

    ``groups`` keeps the arrays of stroke groups between readings of a drawing
    that grows (the pad reads every frame).
    """
    if ink.is_empty:
        raise NoDigitError(NOTHING_DRAWN)
    pieces = stroke_pieces(ink)
    _check_count(pieces, settings)
    height = ink_height(pieces)

    def render(group: Sequence[Piece]) -> np.ndarray:
        return groups.render(tuple(ink.strokes[i] for piece in group for i in piece.ids))

    # On the pad only dots may be left out: every stroke a person draws in a
    # number is part of a digit, unless the model says it is none.
    lattice = _lattice(
        pieces,
        height,
        render,
        recognizer,
        settings,
        separators=False,
        nothing=NOTHING_DRAWN,
    )
    return _best_reading(lattice)


def read_number_image(
    source: ImageSource,
    recognizer: Recognizer,
    line_model: LineModel | None,
    settings: GroupingSettings,
    cut_settings: CutSettings,
) -> NumberReading:
    """Read the number in a picture; boxes are in the picture's own pixels.

    The line model (None reads by cutting alone) judges the candidate readings
    of a row short enough for it. A photo is read from its writing, evened out
    and cropped (:func:`~digitpad.photo_writing.photo_page`).
    """
    return read_number_page(
        photo_page(open_image(source)), recognizer, line_model, settings, cut_settings
    )


def read_number_page(
    page: PhotoCrop,
    recognizer: Recognizer,
    line_model: LineModel | None,
    settings: GroupingSettings,
    cut_settings: CutSettings,
) -> NumberReading:
    """Read the number in a picture's page (:class:`~digitpad.photo_writing.PhotoCrop`);
    boxes are in the pixels of the picture it was taken from."""
    image = page.image
    width, height = image.size
    ink = number_ink_map(image, settings)
    # The map's actual scale (rounding), to give boxes back in the picture's pixels.
    back_x, back_y = width / ink.shape[1], height / ink.shape[0]
    reading = _read_ink_map(ink, recognizer, line_model, settings, cut_settings)
    if reading.least_confidence < cut_settings.recut_below:
        reading = _read_again(ink, reading, recognizer, line_model, settings, cut_settings)
    return NumberReading(
        tuple(
            replace(
                d,
                box=page.to_photo(
                    (d.box[0] * back_x, d.box[1] * back_y, d.box[2] * back_x, d.box[3] * back_y)
                ),
            )
            for d in reading.digits
        )
    )


def _read_ink_map(
    ink: np.ndarray,
    recognizer: Recognizer,
    line_model: LineModel | None,
    settings: GroupingSettings,
    cut_settings: CutSettings,
) -> NumberReading:
    """The number in a picture's ink map, cut with ``cut_settings``; boxes in the map's pixels."""
    cut = picture_pieces(ink, cut_settings)
    if not cut.pieces:
        raise NoDigitError(NO_INK_IN_PICTURE)
    _check_count(cut.pieces, settings)
    lattice = _lattice(
        cut.pieces,
        cut.digit_height,
        lambda group: _picture_array(cut, group),
        recognizer,
        settings,
        separators=True,
        nothing=NO_INK_IN_PICTURE,
    )
    if line_model is None or not fits_line(cut.ink, settings.line_max_aspect):
        return _best_reading(lattice)
    return _as_taught(_judged_by_line(lattice, cut.ink, line_model, settings), recognizer)


def _read_again(
    ink: np.ndarray,
    first: NumberReading,
    recognizer: Recognizer,
    line_model: LineModel | None,
    settings: GroupingSettings,
    cut_settings: CutSettings,
) -> NumberReading:
    """The map cut again, finer and steeper, and read: given instead of ``first`` when
    its least sure digit is surer.

    Two digits written into each other cross where no path of the first cut can
    pass without cutting a stroke in two; the second cut's paths step over thin
    slanting strokes. Only a doubtful reading is cut again: cutting every picture
    so breaks as many sure readings as it mends (``CutSettings.recut_below``).
    """
    finer = replace(
        cut_settings, cut_slope=cut_settings.recut_slope, cut_spacing=cut_settings.recut_spacing
    )
    try:
        again = _read_ink_map(ink, recognizer, line_model, settings, finer)
    except (NoDigitError, InputError):  # none, or too many pieces: the first reading stands
        return first
    return again if again.least_confidence > first.least_confidence else first


@runtime_checkable
class Taught(Protocol):
    """A digit model that knows the drawings its person taught (the profile's reader)."""

    def taught_digits(self, arrays: np.ndarray) -> list[int | None]:
        """For each array, the digit it was taught as when it is that drawing drawn again."""
        ...


def _as_taught(reading: NumberReading, recognizer: Recognizer) -> NumberReading:
    """Each digit the person taught, drawn again, read as taught, whatever the line model says.

    The line model judges a row by what numbers look like; a correction is the
    person's word on this very drawing (issue 29). With no profile, or none of
    its drawings here, the reading is returned as it is.
    """
    if not isinstance(recognizer, Taught) or not reading.digits:
        return reading
    taught = recognizer.taught_digits(np.stack([d.array for d in reading.digits]))
    if all(t is None or t == d.digit for t, d in zip(taught, reading.digits, strict=True)):
        return reading
    own = recognizer.predict_batch(np.stack([d.array for d in reading.digits]))
    return NumberReading(
        tuple(
            d
            if t is None or t == d.digit
            else replace(
                d,
                digit=t,
                confidence=float(p[t]),
                probabilities=tuple(float(v) for v in p[:DIGIT_CLASSES]),
            )
            for d, t, p in zip(reading.digits, taught, own, strict=True)
        )
    )


def _judged_by_line(
    lattice: Lattice, ink: np.ndarray, line_model: LineModel, settings: GroupingSettings
) -> NumberReading:
    """The reading the cut and the line model together find likeliest.

    The candidates are the number the line model reads alone and the cut's best
    reading of each digit count (counts far behind the best are not asked).
    Each is scored by its best grouping with those very digits (each digit's
    probability by the digit model, the shapes, the marks left out) plus
    ``line_weight`` times the line model's log-likelihood of the whole number.
    Every digit is still a group of pieces the digit model read; its
    probabilities are the digit model's, weighed by the line model's reading of
    the same columns (:func:`_weighed`).
    """
    line = line_model.log_probabilities(line_array(ink))
    own = best_path(line)
    if not own:
        if float(np.exp(line[:, 0].sum())) >= settings.line_vouch:
            # Sure there is no digit in the row (it reads none in a row of letters): no number.
            raise NoDigitError(NOTHING_LIKE_A_DIGIT)
        # The line model sees no digit where the cut found marks: it has nothing to judge
        # by (its votes would all go to the fewest digits), so the cut's reading stands.
        return _best_reading(lattice)
    paths = best_paths(lattice, by_count=True)
    top = max(score for score, _ in paths.values())
    numbers = {
        path_digits(lattice, chosen)
        for score, chosen in paths.values()
        if score >= top - settings.line_reach
    }
    numbers.add(own)
    numbers.discard("")  # a number has a digit; reading none is the cut's to say
    ordered = sorted(numbers)
    likelihoods = log_likelihoods(line, ordered)
    counts = count_log_probabilities(line)
    judged = [
        (
            forced[0]
            + settings.line_weight * float(likelihood)
            + settings.line_count_weight * float(counts[min(len(number), len(counts) - 1)]),
            forced[1],
            number,
        )
        for number, likelihood, forced in zip(
            ordered, likelihoods, forced_paths(lattice, ordered), strict=True
        )
        if forced is not None
    ]
    if not judged:
        return _best_reading(lattice)
    _, chosen, number = max(judged, key=lambda item: item[0])
    spans = frame_spans(ink, [lattice.candidates[i].box[0::2] for i in chosen])
    weighed = [
        _weighed(lattice.probabilities[i][:DIGIT_CLASSES], line[start:stop], settings.line_weight)
        for i, (start, stop) in zip(chosen, spans, strict=True)
    ]
    sure = float(np.exp(likelihoods[ordered.index(number)]))
    if sure >= settings.line_vouch:
        weighed = [_vouched(ten, int(d), sure) for ten, d in zip(weighed, number, strict=True)]
    return _reading(lattice, chosen, [int(d) for d in number], weighed)


def _weighed(probabilities: np.ndarray, frames: np.ndarray, weight: float) -> np.ndarray:
    """The digit model's ten probabilities times the line model's share of each digit in
    the digit's columns (to the power ``weight``), keeping the digit model's total."""
    own = np.asarray(probabilities, np.float64)
    mass = np.exp(frames[:, 1:]).sum(axis=0) if len(frames) else np.zeros(DIGIT_CLASSES)
    if mass.sum() <= 0:
        return own
    joint = own * (mass / mass.sum()) ** weight
    return joint / joint.sum() * own.sum() if joint.sum() > 0 else own


def _vouched(probabilities: np.ndarray, digit: int, sure: float) -> np.ndarray:
    """``probabilities`` with ``digit`` read at least ``sure`` (the line model's probability
    of the whole number), the other digits sharing what is left of their total in
    proportion, and "not a digit" (what the ten leave over) no more than before."""
    if probabilities[digit] >= sure:
        return probabilities
    total = max(float(probabilities.sum()), sure)
    others = np.delete(probabilities, digit)
    rest = float(others.sum())
    out = np.zeros_like(probabilities)
    if rest > 0:
        out[np.arange(len(out)) != digit] = others / rest * (total - sure)
    out[digit] = sure
    return out


def number_ink_map(image: Image.Image, settings: GroupingSettings) -> np.ndarray:
    """The picture's ink map as the number reader cuts it: at the picture's own size, or
    shrunk to fit ``work_height`` x ``work_width``."""
    width, height = image.size
    scale = min(1.0, settings.work_height / height, settings.work_width / width)
    return image_to_ink_map(image, work_side=max(1, round(max(width, height) * scale)))


def erased_ink_map(
    source: ImageSource,
    settings: GroupingSettings = DEFAULT_SETTINGS.grouping,
    cut_settings: CutSettings = DEFAULT_SETTINGS.cut,
) -> np.ndarray:
    """A picture's ink map with its rules erased: what the reader cuts into pieces
    (``picture_pieces(...).ink``) and the line model reads. The self-test and the
    training code build the line model's input with it, so they see what the app sees."""
    return erase_rules(number_ink_map(open_image(source), settings), cut_settings)


# ------------------------------------------------------------------------------ choice


def _check_count(pieces: Sequence[Piece], settings: GroupingSettings) -> None:
    if len(pieces) > settings.max_pieces:
        raise InputError(TOO_MANY_PIECES.format(limit=settings.max_pieces))


def _skip_prior(piece: Piece, height: float, separators: bool, settings: GroupingSettings) -> float:
    """How likely a lone piece is a mark to leave out, by its size alone."""
    if height <= 0:
        return settings.other_prior
    if max(piece.width, piece.height) < settings.dot_size * height:
        return settings.dot_prior
    if separators and piece.height < settings.flat_size * height:
        return settings.separator_prior
    return settings.other_prior


def _lattice(
    pieces: Sequence[Piece],
    height: float,
    render: _Render,
    recognizer: Recognizer,
    settings: GroupingSettings,
    *,
    separators: bool,
    nothing: str,
) -> Lattice:
    """The candidate groups (runs of up to ``max_group`` neighbouring pieces), read in one batch."""
    count = len(pieces)
    candidates: list[Candidate] = []
    for start in range(count):
        for stop in range(start + 1, min(count, start + settings.max_group) + 1):
            group = pieces[start:stop]
            box = _union(group)
            if stop - start > 1 and box[2] - box[0] > settings.max_group_width * height:
                break
            shape = _shape_score(group, box, height, settings) - _torn(
                pieces, start, stop, box, height, settings
            )
            # A shape this unlikely rarely wins against reading the pieces apart:
            # not worth rendering and reading. Single pieces are always read, and
            # so is everything as one group, so that one digit is never split.
            whole = start == 0 and stop == count
            if stop - start > 1 and shape < settings.prune and not whole:
                continue
            try:
                array = render(group)
            except NoDigitError:
                continue
            candidates.append(Candidate(start, stop, box, array, shape))
    if not candidates:
        raise NoDigitError(nothing)
    probabilities = recognizer.predict_batch(np.stack([c.array for c in candidates]))
    readings = [read(p) for p in probabilities]
    gains = [
        math.log(max(r.probabilities[r.best_digit], FLOOR)) + c.shape
        for r, c in zip(readings, candidates, strict=True)
    ]
    by_stop: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        by_stop.setdefault(candidate.stop, []).append(index)
    skips = []
    for stop in range(1, count + 1):
        prior = _skip_prior(pieces[stop - 1], height, separators, settings)
        single = next(
            (i for i in by_stop.get(stop, []) if candidates[i].start == stop - 1),
            None,
        )
        # Left out: as likely as its size makes a separator, times the model's
        # "not a digit" (a ten-class model never says it: not_digit_floor stands in).
        refusal = readings[single].not_digit if single is not None else 1.0
        skips.append(math.log(max(prior * max(refusal, settings.not_digit_floor), FLOOR)))
    return Lattice(pieces, candidates, probabilities, readings, gains, skips, by_stop)


def _reading(
    lattice: Lattice,
    chosen: list[int],
    digits: Sequence[int] | None = None,
    probabilities: Sequence[np.ndarray] | None = None,
) -> NumberReading:
    """The number a path reads: each candidate's best digit, or the ``digits`` given
    (with their ``probabilities``, when the line model judged them)."""
    if not chosen:  # every mark left out: the model calls them all "not a digit"
        raise NoDigitError(NOTHING_LIKE_A_DIGIT)
    read_digits = []
    for k, index in enumerate(chosen):
        reading = lattice.readings[index]
        candidate = lattice.candidates[index]
        digit = reading.best_digit if digits is None else digits[k]
        ten = (
            lattice.probabilities[index][:DIGIT_CLASSES]
            if probabilities is None
            else probabilities[k]
        )
        read_digits.append(
            DigitReading(
                digit,
                float(ten[digit]),
                tuple(float(p) for p in ten),
                candidate.box,
                candidate.array,
                tuple(
                    i
                    for piece in lattice.pieces[candidate.start : candidate.stop]
                    for i in piece.ids
                ),
            )
        )
    return NumberReading(tuple(read_digits))


def _best_reading(lattice: Lattice) -> NumberReading:
    """The grouping of the pieces into digits that the model reads best."""
    ((_, chosen),) = best_paths(lattice, by_count=False).values()
    return _reading(lattice, chosen)


def _shape_score(
    group: Sequence[Piece],
    box: tuple[float, float, float, float],
    height: float,
    settings: GroupingSettings,
) -> float:
    """Log-score of a group's shape as one digit: narrow enough, its pieces close together."""
    if height <= 0:
        return settings.digit_bonus
    width = (box[2] - box[0]) / height
    tall = (box[3] - box[1]) / height
    score = (
        settings.digit_bonus
        - settings.wide * max(0.0, width - settings.wide_start)
        - settings.short * max(0.0, settings.short_start - tall)
    )
    if len(group) > 1:
        spans = sorted((p.box[0], p.box[2]) for p in group)
        reach = spans[0][1]
        widest = 0.0
        for left, right in spans[1:]:
            widest = max(widest, left - reach)
            reach = max(reach, right)
        score -= settings.gap * max(0.0, widest) / height
    return score


def _torn(
    pieces: Sequence[Piece],
    start: int,
    stop: int,
    box: tuple[float, float, float, float],
    height: float,
    settings: GroupingSettings,
) -> float:
    """Penalty for a group that leaves out a piece lying above or below it.

    Digits of a number stand side by side: neighbours overlap a little at
    most. A piece outside the group that overlaps it by much (the lower loop
    of an 8 drawn as two circles, the bar of a 5) belongs with it.
    """
    if height <= 0:
        return 0.0
    left, right = box[0], box[2]
    worst = 0.0
    low = max(0, start - settings.max_group)
    high = min(len(pieces), stop + settings.max_group)
    for index in [*range(low, start), *range(stop, high)]:
        box = pieces[index].box
        overlap = min(right, box[2]) - max(left, box[0])
        worst = max(worst, overlap / height)
    return settings.torn * max(0.0, worst - settings.torn_start)


def _union(group: Sequence[Piece]) -> tuple[float, float, float, float]:
    return (
        min(p.box[0] for p in group),
        min(p.box[1] for p in group),
        max(p.box[2] for p in group),
        max(p.box[3] for p in group),
    )


def _picture_array(cut: PictureCut, group: Sequence[Piece]) -> np.ndarray:
    """The 28x28 array of a group of picture pieces: their ink alone, framed as one digit."""
    x0, y0, x1, y1 = (int(v) for v in _union(group))
    ids = [i for piece in group for i in piece.ids]
    region = cut.ids[y0:y1, x0:x1]
    mask = region == ids[0]
    for other in ids[1:]:  # a few ids: faster than np.isin
        mask |= region == other
    return frame_piece(cut.ink[y0:y1, x0:x1], mask, region == 0)


def frame_piece(ink: np.ndarray, mask: np.ndarray, unlabelled: np.ndarray) -> np.ndarray:
    """The ink under ``mask`` alone, framed as one digit.

    The anti-aliased rim below the labelling level (``unlabelled`` pixels)
    belongs to the piece it touches, so the digit keeps its stroke width; the
    ink of other pieces is left out.
    """
    return frame_ink_map(ink * (_grown(mask) & (unlabelled | mask)))


def _grown(mask: np.ndarray) -> np.ndarray:
    """The mask grown by one pixel each way, diagonals included (a 3x3 max filter)."""
    rows = mask.copy()
    rows[1:] |= mask[:-1]
    rows[:-1] |= mask[1:]
    grown = rows.copy()
    grown[:, 1:] |= rows[:, :-1]
    grown[:, :-1] |= rows[:, 1:]
    result: np.ndarray = grown
    return result
