"""What digitpad reads: the result types everything returns, and the rule that says "not a digit".

One module of results, so that the window, the command line, the self-test
and the evaluations speak of the same things and serialise them one way
(``to_dict()``, from which the command line's JSON comes):

- :class:`Reading`: one 28x28 array's eleven probabilities and the answer they
  give, a digit or "not a digit";
- :class:`NumberReading` of :class:`DigitReading`: a whole number as the number
  reader found it (``predict --number``);
- :class:`PageReading` of :class:`PageNumber`: every number on a page, laid out
  as a table (``predict --page``);
- :class:`Answer` of :class:`AnswerPart`: what the window shows for the pad or a
  picture, one digit or a number, with the arrays and boxes it outlines.

What the eleven probabilities say: the model answers ten digit
probabilities and an eleventh, "not a digit" (letters, doodles, pieces of
digits, two digits at once). Confidence alone cannot separate those from
digits (a zig-zag reads "2" at >99% for a ten-class model), so the refusal
is the model's own answer. It is given when the model is sure of it
(:data:`REFUSE_AT`); below that the likeliest digit is answered, with the
wording of an unsure answer when it is weak. Measured on the sources the
model trained on (``python -m training.refusal_threshold``), a bare majority
for "not a digit" refused 0.33% of real pen digits; at 0.9, none, while 98.5%
of letters were still refused. One rule, here, for the window, the command
line, the evaluation and the self-test. Pure numpy: no Qt, no model.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from digitpad.ink import Ink
from digitpad.preprocess import place_ink

#: The digits 0-9 are columns 0-9 of every answer.
DIGIT_CLASSES = 10
#: Column 10: "not a digit" (a letter, a doodle, a piece of a digit, two digits).
NOT_A_DIGIT = 10
CLASSES = 11
#: A frame pixel this dark is ink, for matching the frame to the input.
FRAME_INK_LEVEL = 0.1
#: Boxes: (x0, y0, x1, y1) in the input's own units (ink units or picture pixels).
Box = tuple[float, float, float, float]

NOT_A_DIGIT_REASON = "That doesn't look like a digit."
#: "Not a digit" is answered when the model gives it at least this probability.
REFUSE_AT = 0.9
#: Decimals kept when a result is serialised: probabilities to 6 places, boxes to 2.
PROBABILITY_PLACES = 6
BOX_PLACES = 2


@dataclass(frozen=True)
class Reading:
    """The answer for one drawing or picture."""

    #: The ten digits' probabilities (with ``not_digit`` they sum to 1).
    probabilities: tuple[float, ...]
    #: The probability that this is not a digit at all.
    not_digit: float = 0.0

    @property
    def best_digit(self) -> int:
        """The likeliest digit, whether or not it is the answer."""
        return int(np.argmax(self.probabilities))

    @property
    def is_digit(self) -> bool:
        return not refuses(self.not_digit, self.probabilities[self.best_digit])

    @property
    def digit(self) -> int | None:
        """The digit answered; None when the answer is "not a digit"."""
        return self.best_digit if self.is_digit else None

    @property
    def confidence(self) -> float:
        """The probability of the answer given: the digit's, or "not a digit"'s."""
        return self.probabilities[self.best_digit] if self.is_digit else self.not_digit

    @property
    def reason(self) -> str | None:
        """Why no digit is answered, in plain words; None for a digit."""
        return None if self.is_digit else NOT_A_DIGIT_REASON

    def to_dict(self) -> dict[str, object]:
        """The reading as JSON-ready values (``predict --json``): ``reason`` only when refused."""
        record: dict[str, object] = {
            "digit": self.digit,
            "confidence": _rounded(self.confidence),
            "probabilities": [_rounded(p) for p in self.probabilities],
            "not_digit": _rounded(self.not_digit),
        }
        if self.reason is not None:
            record["reason"] = self.reason
        return record


def read(probabilities: Sequence[float] | np.ndarray) -> Reading:
    """A :class:`Reading` of a model's output: ten digit probabilities, or eleven."""
    values = [float(p) for p in np.asarray(probabilities, dtype=np.float64).ravel()]
    if len(values) not in (DIGIT_CLASSES, DIGIT_CLASSES + 1):
        raise ValueError(f"expected 10 or 11 probabilities, got {len(values)}")
    not_digit = values[NOT_A_DIGIT] if len(values) > DIGIT_CLASSES else 0.0
    return Reading(tuple(values[:DIGIT_CLASSES]), not_digit)


def refuses(
    not_digit: float | np.ndarray, best_digit: float | np.ndarray, at: float = REFUSE_AT
) -> bool | np.ndarray:
    """The rule: "not a digit" when the model is sure of it and it beats every digit.

    Works on single values and on arrays (one answer per row), so the
    evaluation counts exactly what the app answers.
    """
    return (not_digit >= at) & (not_digit > best_digit)


def answer_classes(probabilities: np.ndarray) -> np.ndarray:
    """The class answered for each row of eleven probabilities: 0-9, or 10 for "not a digit"."""
    rows = np.asarray(probabilities)
    best = rows[:, :DIGIT_CLASSES].argmax(axis=1)
    if rows.shape[1] <= DIGIT_CLASSES:
        result: np.ndarray = best
        return result
    refused = refuses(rows[:, NOT_A_DIGIT], rows[:, :DIGIT_CLASSES].max(axis=1))
    return np.where(refused, NOT_A_DIGIT, best)


@dataclass(frozen=True)
class DigitReading:
    """One digit of a number."""

    digit: int
    #: The model's probability of this digit.
    confidence: float
    #: The ten digit probabilities.
    probabilities: tuple[float, ...]
    #: (x0, y0, x1, y1) in the input's own units: ink units or picture pixels.
    box: tuple[float, float, float, float]
    #: The 28x28 array the model read, for showing what it sees.
    array: np.ndarray = field(repr=False, compare=False)
    #: What it is made of: stroke indices (ink) or piece-map ids (pictures).
    ids: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The digit as JSON-ready values: its ten probabilities and its box."""
        return {
            "digit": self.digit,
            "confidence": _rounded(self.confidence),
            "probabilities": [_rounded(p) for p in self.probabilities],
            "box": [round(v, BOX_PLACES) for v in self.box],
        }


@dataclass(frozen=True)
class NumberReading:
    """A whole number read from ink or a picture."""

    digits: tuple[DigitReading, ...]

    @property
    def number(self) -> str:
        return "".join(str(d.digit) for d in self.digits)

    @property
    def confidence(self) -> float:
        """How sure the reader is of the whole number: the product of its digits' confidences."""
        return float(math.prod(d.confidence for d in self.digits))

    @property
    def least_confidence(self) -> float:
        """How sure the reader is of its least sure digit (0 with none): the window gives a
        number only when every digit is sure enough, and a doubtful one is cut again."""
        return min((d.confidence for d in self.digits), default=0.0)

    def to_dict(self) -> dict[str, object]:
        """The number as JSON-ready values (``predict --number --json``)."""
        return {
            "number": self.number,
            "confidence": _rounded(self.confidence),
            "digits": [digit.to_dict() for digit in self.digits],
        }


def with_separators(digits: str, separators: Sequence[tuple[int, str]]) -> str:
    """``digits`` with each (position, mark) written in: ("1250", [(2, ".")]) is "12.50"."""
    for position, mark in sorted(separators, reverse=True):
        digits = digits[:position] + mark + digits[position:]
    return digits


@dataclass(frozen=True)
class PageNumber:
    """One number found on a page: its reading, where it is, and its cell in the table."""

    reading: NumberReading
    #: (x0, y0, x1, y1) of the number's ink in the picture's own pixels.
    box: Box
    #: Its row and column in the table, from 0 (top, left).
    row: int
    column: int
    #: Decimal points and commas seen between its digits: (how many digits come before
    #: it, "." or ","). The number reader reads digits only; the page reader sees these.
    separators: tuple[tuple[int, str], ...] = ()

    @property
    def number(self) -> str:
        """The number as written: its digits, with the points and commas seen among them
        ("12.50", "3,5")."""
        return with_separators(self.reading.number, self.separators)

    @property
    def confidence(self) -> float:
        return self.reading.confidence

    def to_dict(self) -> dict[str, object]:
        """The number as JSON-ready values (an entry of ``predict --page --json``'s numbers)."""
        return {
            "number": self.number,
            "confidence": _rounded(self.confidence),
            "box": [round(v, BOX_PLACES) for v in self.box],
            "row": self.row,
            "column": self.column,
            "digits": [digit.to_dict() for digit in self.reading.digits],
        }


@dataclass(frozen=True)
class PageReading:
    """Every number on a page, top to bottom, and the table they make.

    ``rows`` holds one tuple of cells per row, every row as wide as the table;
    a cell with no number is "" (a table with a gap keeps it).
    """

    numbers: tuple[PageNumber, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_dict(self) -> dict[str, object]:
        """The page as JSON-ready values (``predict --page --json``)."""
        return {
            "rows": [list(row) for row in self.rows],
            "numbers": [number.to_dict() for number in self.numbers],
        }

    def table_text(self, delimiter: str = ",") -> str:
        """The table as CSV (or tab-separated with ``delimiter="\\t"``, which pastes into a
        spreadsheet as cells): one line per row. The csv module quotes what needs it."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerows(self.rows)
        return buffer.getvalue()


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

    def to_dict(self) -> dict[str, object]:
        """The part as JSON-ready values: its reading, and its box when it has one."""
        record = self.reading.to_dict()
        if self.box is not None:
            record["box"] = [round(v, BOX_PLACES) for v in self.box]
        return record


@dataclass(frozen=True)
class Answer:
    """The answer for the pad or a picture: one part for a digit, several for a number."""

    parts: tuple[AnswerPart, ...]
    #: The size of the space the boxes are in: the picture's (width, height); None for ink.
    space: tuple[float, float] | None = None
    #: Decimal points and commas between the parts, as a page's number holds them
    #: (:attr:`PageNumber.separators`): the number is shown and copied as written.
    separators: tuple[tuple[int, str], ...] = ()

    @property
    def is_number(self) -> bool:
        return len(self.parts) > 1

    @property
    def text(self) -> str | None:
        """The digit or the number, as text to copy; None when the answer is "not a digit"."""
        if any(part.reading.digit is None for part in self.parts):
            return None
        digits = "".join(str(part.reading.digit) for part in self.parts)
        return with_separators(digits, self.separators)

    @property
    def confidence(self) -> float:
        """How sure the whole answer is: the product of its digits' confidences."""
        return float(np.prod([part.reading.confidence for part in self.parts]))

    def least_sure(self) -> int:
        """The index of the part the model is least sure of: the one worth checking first."""
        return int(np.argmin([part.reading.confidence for part in self.parts]))

    def to_dict(self) -> dict[str, object]:
        """The answer as JSON-ready values: the text (None for "not a digit") and its parts."""
        return {
            "text": self.text,
            "confidence": _rounded(self.confidence),
            "parts": [part.to_dict() for part in self.parts],
        }

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
        rows = np.flatnonzero(part.array.max(axis=1) > FRAME_INK_LEVEL)
        cols = np.flatnonzero(part.array.max(axis=0) > FRAME_INK_LEVEL)
        if len(rows) == 0 or len(cols) == 0:
            return None
        left, top = cols[0], rows[0]
        width, height = cols[-1] + 1 - left, rows[-1] + 1 - top
        x0, y0, x1, y1 = part.box
        scale = max((x1 - x0) / width, (y1 - y0) / height)
        origin_x, origin_y = x0 - left * scale, y0 - top * scale
        side = part.array.shape[1] * scale
        return (float(origin_x), float(origin_y), float(origin_x + side), float(origin_y + side))


def box_overlap(first: Sequence[float], second: Sequence[float]) -> float:
    """The area two (x0, y0, x1, y1) boxes share, as a share of the smaller one's: how a
    reading is matched to a number on a page (the window after a re-reading, the page
    evaluation against the truth)."""
    width = min(first[2], second[2]) - max(first[0], second[0])
    height = min(first[3], second[3]) - max(first[1], second[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min(
        (first[2] - first[0]) * (first[3] - first[1]),
        (second[2] - second[0]) * (second[3] - second[1]),
    )
    return width * height / smaller if smaller > 0 else 0.0


def _rounded(value: float) -> float:
    return round(float(value), PROBABILITY_PLACES)
