"""What the model's eleven probabilities say: a digit, or "not a digit".

The model answers ten digit probabilities and an eleventh, "not a digit"
(letters, doodles, pieces of digits, two digits at once). Confidence alone
cannot separate those from digits (a zig-zag reads "2" at >99% for a
ten-class model), so the refusal is the model's own answer. It is given when
the model is sure of it (:data:`REFUSE_AT`); below that the likeliest digit is
answered, with the wording of an unsure answer when it is weak. Measured on
the sources the model trained on (``python -m training.refusal_threshold``),
a bare majority for "not a digit" refused 0.33% of real pen digits; at 0.9,
none, while 98.5% of letters were still refused. One rule,
here, for the window, the command line, the evaluation and the self-test.
Pure numpy: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digitpad.inference import DIGIT_CLASSES, NOT_A_DIGIT

NOT_A_DIGIT_REASON = "That doesn't look like a digit."
#: "Not a digit" is answered when the model gives it at least this probability.
REFUSE_AT = 0.9


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
        return best
    refused = refuses(rows[:, NOT_A_DIGIT], rows[:, :DIGIT_CLASSES].max(axis=1))
    return np.where(refused, NOT_A_DIGIT, best)
