"""When the window answers a number rather than one digit, and how a number becomes an answer.

The window reads whatever is drawn. One digit is read exactly as the
single-digit path always has (the whole ink or picture, one array, one
reading, with "not a digit" when the model says so). Several digits side by
side are read by :mod:`digitpad.reader.number_reader`, and every digit of the
number keeps its own probabilities, the array the model saw and its box, so
the window can outline each digit and show the chart of the one selected.

When is it a number? The number reader always offers a grouping; the answer
is a number only when that grouping has two digits or more *and* the ink is
laid out like a row of digits (wider than ``number_min_aspect`` of its
height) and every digit reads at least ``number_min_confidence``: a letter
the model refuses as one digit is not turned into a number because its
strokes happen to read as ones. Drawn digits must also stand side by side,
not across each other (``number_max_overlap``). A picture read as one digit by both
ways, whole and cut, takes the cut's digit when the cut is sure of it
(``cut_digit_sure``). The values live in
:class:`~digitpad.reader.settings.AnswerSettings`; the
:class:`~digitpad.reader.pipeline.Reader` applies these rules. Pure numpy:
no Qt, no model.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from digitpad.ink import Ink
from digitpad.reader.settings import AnswerSettings
from digitpad.results import Answer, AnswerPart, Box, NumberReading, Reading


def drawn_box(ink: Ink) -> Box:
    """The box of the drawn points, in ink units."""
    points = ink.points[:, :2]
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return (float(x0), float(y0), float(x1), float(y1))


def wide_enough(width: float, height: float, settings: AnswerSettings) -> bool:
    """Whether ink or a picture this wide for its height may hold a number."""
    return width >= settings.number_min_aspect * height


def wide_ink(ink: Ink, settings: AnswerSettings) -> bool:
    x0, y0, x1, y1 = drawn_box(ink)
    return wide_enough(x1 - x0, max(y1 - y0, 1e-9), settings)


def laid_out_as_a_number(number: NumberReading, settings: AnswerSettings) -> bool:
    """Two digits or more, each read with some confidence."""
    return len(number.digits) >= 2 and number.least_confidence >= settings.number_min_confidence


def overlapping(number: NumberReading, settings: AnswerSettings) -> bool:
    """True when a digit reaches back into its left neighbour, as a letter's strokes do."""
    boxes = [d.box for d in number.digits]
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return any(
        left[2] - right[0] > settings.number_max_overlap * height
        for left, right in itertools.pairwise(boxes)
    )


def cut_digit_stands(number: NumberReading, whole: Answer, settings: AnswerSettings) -> bool:
    """Whether a picture's one digit, as the number reader cut and read it, is the answer
    rather than the reading of the whole picture (``whole``): it is one digit, read at
    least ``cut_digit_sure``, and the whole picture reads otherwise."""
    if len(number.digits) != 1:
        return False
    (digit,) = number.digits
    return digit.confidence >= settings.cut_digit_sure and whole.text != str(digit.digit)


def number_answer(
    number: NumberReading,
    ink_of: Callable[[tuple[int, ...]], Ink] | None = None,
    space: tuple[float, float] | None = None,
) -> Answer:
    """An answer part per digit; ``ink_of`` gives a drawn digit's strokes from its ids.

    Each part's "not a digit" is what the digit's ten probabilities leave over.
    """
    parts = []
    for digit in number.digits:
        probabilities = np.asarray(digit.probabilities, dtype=np.float64)
        not_digit = max(0.0, 1.0 - float(probabilities.sum()))
        reading = Reading(tuple(digit.probabilities), not_digit)
        ink = None if ink_of is None else ink_of(digit.ids)
        parts.append(AnswerPart(reading, digit.array, digit.box, ink))
    return Answer(tuple(parts), space)


def strokes_of(ink: Ink) -> Callable[[tuple[int, ...]], Ink]:
    """Gives the strokes of ``ink`` with the given indices, as ink of their own."""
    return lambda ids: Ink(tuple(ink.strokes[i] for i in ids))
