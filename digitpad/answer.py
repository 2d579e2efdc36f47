"""What the window answers for what is on the pad or in a picture: one digit, or a number.

The window reads whatever is drawn. One digit is read exactly as the
single-digit path always has (the whole ink or picture, one array, one
reading, with "not a digit" when the model says so). Several digits side by
side are read by :mod:`digitpad.numbers`, and every digit of the number keeps
its own probabilities, the array the model saw and its box, so the window can
outline each digit and show the chart of the one selected.

When is it a number? The number reader always offers a grouping; the answer
is a number only when that grouping has two digits or more *and* the ink is
laid out like a row of digits (wider than :data:`NUMBER_MIN_ASPECT` of its
height) and every digit reads at least :data:`NUMBER_MIN_CONFIDENCE`: a
letter the model refuses as one digit is not turned into a number because its
strokes happen to read as ones. Drawn digits must also stand side by side, not
across each other (:data:`NUMBER_MAX_OVERLAP`). The limits were chosen on the development
writers' digits, letters and composed numbers (``training/evaluate_window.py``)
and are reported on the held-out writers. Pure numpy + Pillow: no Qt.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from digitpad.errors import NoDigitError
from digitpad.inference import Recognizer
from digitpad.ink import Ink
from digitpad.numbers import NumberReading, ink_array, read_number_image, read_number_ink
from digitpad.preprocess import place_ink
from digitpad.reading import Reading, read

#: A number's ink is at least this wide for its height: two digits side by side
#: are (two narrow ones included); most single digits and letters are not.
NUMBER_MIN_ASPECT = 0.75
#: Every digit of a number reads at least this likely: the strokes of a letter,
#: read as digits, rarely all do.
NUMBER_MIN_CONFIDENCE = 0.5
#: Drawn digits of a number stand side by side: each starts at most this share of
#: the number's height before its left neighbour ends. The strokes of a letter read
#: as digits (a ``K`` as "14") lie across or inside each other. Chosen on the
#: development writers (``training/evaluate_window.py``): 0.3 stops 34 of the 78
#: letters turned into numbers and none of 589 numbers, whose composed digits
#: overlap by at most 0.1 of the height; so a real overlap between 0.1 and 0.3
#: is not measured. Drawn input only: cut pictures' leaning digits may overlap more.
NUMBER_MAX_OVERLAP = 0.3
#: A frame pixel this dark is ink, for matching the frame to the input.
INK_LEVEL = 0.1
#: Boxes: (x0, y0, x1, y1) in the input's own units (ink units or picture pixels).
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class AnswerPart:
    """One digit of the answer (or the whole input, for a single digit)."""

    reading: Reading
    #: The 28x28 array the model read.
    array: np.ndarray = field(repr=False, compare=False)
    #: Where it lies in the input; None for the whole input.
    box: Box | None = None
    #: The strokes it was read from (drawn input); None for a picture.
    ink: Ink | None = field(default=None, repr=False, compare=False)

    @property
    def probabilities(self) -> list[float]:
        """All eleven: the ten digits', then "not a digit"'s (as the model answers)."""
        return [*self.reading.probabilities, self.reading.not_digit]


@dataclass(frozen=True)
class Answer:
    """The answer for the pad or a picture: one part for a digit, several for a number."""

    parts: tuple[AnswerPart, ...]
    #: The size of the space the boxes are in: the picture's (width, height); None for ink.
    space: tuple[float, float] | None = None

    @property
    def is_number(self) -> bool:
        return len(self.parts) > 1

    @property
    def text(self) -> str | None:
        """The digit or the number, as text to copy; None when the answer is "not a digit"."""
        if any(part.reading.digit is None for part in self.parts):
            return None
        return "".join(str(part.reading.digit) for part in self.parts)

    @property
    def confidence(self) -> float:
        """How sure the whole answer is: the product of its digits' confidences."""
        return float(np.prod([part.reading.confidence for part in self.parts]))

    def least_sure(self) -> int:
        """The index of the part the model is least sure of: the one worth checking first."""
        return int(np.argmin([part.reading.confidence for part in self.parts]))

    def frame_rect(self, index: int) -> Box | None:
        """Where part ``index``'s 28x28 array lies on the input, in the input's units.

        So that a map of the frame (the evidence heat map) can be laid over the
        pad or the picture. Drawn ink is placed exactly as ``ink_to_array``
        placed it (:func:`~digitpad.preprocess.place_ink`); for a picture the
        array's ink box is matched to the part's box, the same marks. None
        without a box or ink.
        """
        part = self.parts[index]
        if part.ink is not None:
            return place_ink(part.ink).frame_box_in_ink()
        if part.box is None:
            return None
        rows = np.flatnonzero(part.array.max(axis=1) > INK_LEVEL)
        cols = np.flatnonzero(part.array.max(axis=0) > INK_LEVEL)
        if len(rows) == 0 or len(cols) == 0:
            return None
        left, top = cols[0], rows[0]
        width, height = cols[-1] + 1 - left, rows[-1] + 1 - top
        x0, y0, x1, y1 = part.box
        scale = max((x1 - x0) / width, (y1 - y0) / height)
        origin_x, origin_y = x0 - left * scale, y0 - top * scale
        side = part.array.shape[1] * scale
        return (float(origin_x), float(origin_y), float(origin_x + side), float(origin_y + side))


def answer_ink(ink: Ink, recognizer: Recognizer) -> Answer | None:
    """The answer for the strokes on the pad; None when nothing readable is drawn."""
    try:
        array = ink_array(ink)  # ink_to_array's, kept for the number reader's whole group
    except NoDigitError:
        return None
    whole = Answer((AnswerPart(read(recognizer.predict(array)), array, _bounds(ink), ink),))
    if not _wide(ink):
        return whole
    try:
        number = read_number_ink(ink, recognizer)
    except NoDigitError:
        return whole
    if not _laid_out_as_a_number(number) or _overlapping(number):
        return whole
    return _as_number(number, lambda ids: Ink(tuple(ink.strokes[i] for i in ids)))


def answer_picture(image: Image.Image, array: np.ndarray, recognizer: Recognizer) -> Answer:
    """The answer for an opened picture; ``array`` is its single-digit 28x28 array."""
    whole = Answer((AnswerPart(read(recognizer.predict(array)), array),), space=image.size)
    width, height = image.size
    if width < NUMBER_MIN_ASPECT * height:
        return whole
    try:
        number = read_number_image(image, recognizer)
    except NoDigitError:
        return whole
    if not _laid_out_as_a_number(number):
        return whole
    return _as_number(number, space=(float(width), float(height)))


def _bounds(ink: Ink) -> Box:
    points = ink.points[:, :2]
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return (float(x0), float(y0), float(x1), float(y1))


def _wide(ink: Ink) -> bool:
    x0, y0, x1, y1 = _bounds(ink)
    return x1 - x0 >= NUMBER_MIN_ASPECT * max(y1 - y0, 1e-9)


def _laid_out_as_a_number(number: NumberReading) -> bool:
    """Two digits or more, each read with some confidence."""
    digits = number.digits
    return len(digits) >= 2 and min(d.confidence for d in digits) >= NUMBER_MIN_CONFIDENCE


def _overlapping(number: NumberReading) -> bool:
    """True when a digit reaches back into its left neighbour, as a letter's strokes do."""
    boxes = [d.box for d in number.digits]
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return any(
        left[2] - right[0] > NUMBER_MAX_OVERLAP * height
        for left, right in itertools.pairwise(boxes)
    )


def _as_number(
    number: NumberReading,
    ink_of: Callable[[tuple[int, ...]], Ink] | None = None,
    space: tuple[float, float] | None = None,
) -> Answer:
    """An answer part per digit; ``ink_of`` gives a drawn digit's strokes from its ids."""
    parts = []
    for digit in number.digits:
        probabilities = np.asarray(digit.probabilities, dtype=np.float64)
        not_digit = max(0.0, 1.0 - float(probabilities.sum()))
        reading = Reading(tuple(digit.probabilities), not_digit)
        ink = None if ink_of is None else ink_of(digit.ids)
        parts.append(AnswerPart(reading, digit.array, digit.box, ink))
    return Answer(tuple(parts), space)
