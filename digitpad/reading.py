"""What the model's eleven probabilities say: a digit, or "not a digit".

The model answers ten digit probabilities and an eleventh, "not a digit"
(letters, doodles, pieces of digits, two digits at once). Confidence alone
cannot separate those from digits (a zig-zag reads "2" at >99% for a
ten-class model), so the refusal is the model's own answer: it wins when its
probability is above every digit's. One rule, here, for the window, the
command line and the self-test. Pure numpy: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digitpad.inference import DIGIT_CLASSES, NOT_A_DIGIT

NOT_A_DIGIT_REASON = "That doesn't look like a digit."


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
        return self.probabilities[self.best_digit] >= self.not_digit

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
