"""From the model's probabilities to what the window says: the digit and how sure,
or that it does not look like a digit.

Kept free of Qt so the wording rules (when to admit doubt, when to name a
runner-up, when to refuse) are tested on numbers alone; the refusal rule
itself is :mod:`digitpad.reader.refusal`'s, shared with the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digitpad.results import NOT_A_DIGIT_REASON, Answer, read

#: Below this top probability the answer is called unsure.
UNSURE_BELOW = 0.6
#: Two candidates closer than this are both named.
CLOSE_MARGIN = 0.25


@dataclass(frozen=True)
class Wording:
    """How the window words one reading: the digit and how sure, the runner-up, or a refusal."""

    digit: int
    confidence: float
    runner_up: int
    runner_up_confidence: float
    #: The model's answer is "not a digit": no digit is shown.
    refused: bool = False

    @property
    def unsure(self) -> bool:
        return (
            self.confidence < UNSURE_BELOW
            or self.confidence - self.runner_up_confidence < CLOSE_MARGIN
        )

    @property
    def headline(self) -> str:
        """The big text: the digit, with a question mark when unsure; a dash for no digit."""
        if self.refused:
            return "—"
        return f"{self.digit}?" if self.unsure else str(self.digit)

    @property
    def detail(self) -> str:
        if self.refused:
            return NOT_A_DIGIT_REASON
        if self.unsure:
            return (
                f"Not sure: {self.digit} ({percent(self.confidence)}) "
                f"or {self.runner_up} ({percent(self.runner_up_confidence)})"
            )
        return f"{percent(self.confidence)} sure"


def wording(probabilities: Sequence[float]) -> Wording:
    """The top two digits of the model's ten (or eleven, with "not a digit") probabilities."""
    answer = read(probabilities)
    values = answer.probabilities
    ranked = sorted(range(len(values)), key=values.__getitem__, reverse=True)
    first, second = ranked[0], ranked[1]
    return Wording(first, values[first], second, values[second], refused=not answer.is_digit)


def percent(value: float) -> str:
    """Whole percent, but never round a small chance to a bare 0% or a near-certainty to 100%."""
    share = value * 100
    if 0 < share < 1:
        return "<1%"
    if 99 < share < 100:
        return ">99%"
    return f"{share:.0f}%"


def number_detail(confidence: float, index: int, count: int, probabilities: Sequence[float]) -> str:
    """The line under a number: how sure of the whole, and what the selected digit says."""
    digit = wording(probabilities)
    return (
        f"{percent(confidence)} sure of the number. "
        f"Digit {index + 1} of {count}: {digit.headline}, {digit.detail[0].lower()}{digit.detail[1:]}"
    )


def spoken_percent(value: float) -> str:
    """:func:`percent` as a screen reader should say it: "over 99%", not "greater-than 99%"."""
    shown = percent(value)
    return shown.replace(">", "over ").replace("<", "under ")


def spoken_reading(probabilities: Sequence[float]) -> str:
    """One reading in words: "7, 92% sure", "not sure: 7 (48%) or 1 (40%)", "not a digit"."""
    said = wording(probabilities)
    if said.refused:
        return f"not a digit. {NOT_A_DIGIT_REASON}"
    if said.unsure:
        return (
            f"not sure: {said.digit} ({spoken_percent(said.confidence)}) "
            f"or {said.runner_up} ({spoken_percent(said.runner_up_confidence)})"
        )
    return f"{said.digit}, {spoken_percent(said.confidence)} sure"


def spoken_answer(answer: Answer | None) -> str:
    """What the big answer says to a screen reader: "Answer: 2026, over 99% sure"."""
    if answer is None:
        return "No answer yet"
    if answer.is_number:
        return f"Answer: {answer.text}, {spoken_percent(answer.confidence)} sure"
    return f"Answer: {spoken_reading(answer.parts[0].probabilities)}"


def spoken_digit(answer: Answer, index: int) -> str:
    """The selected digit of a number: "Digit 3 of 4: 2, 88% sure"."""
    part = answer.parts[index]
    return f"Digit {index + 1} of {len(answer.parts)}: {spoken_reading(part.probabilities)}"


@dataclass(frozen=True)
class PageWords:
    """What the window says of a whole page: the big text, the line under it, and both spoken."""

    headline: str
    detail: str
    spoken: str


def page_words(count: int, rows: int, columns: int, to_check: int) -> PageWords:
    """ "7 numbers", "A table of 4 rows and 2 columns; 1 not sure (marked ?). Click …"."""
    numbers = f"{count} number{'s' * (count != 1)}"
    shape = (
        f"A list of {rows} row{'s' * (rows != 1)}"
        if columns == 1
        else f"A table of {rows} row{'s' * (rows != 1)} and {columns} columns"
    )
    doubt = f"; {to_check} not sure (marked\u00a0?)" if to_check else ""
    detail = f"{shape}{doubt}. Click a number to check its digits."
    said = f"; {to_check} not sure" if to_check else ""
    spoken = f"Page: {numbers}, {shape[0].lower()}{shape[1:]}{said}."
    return PageWords(numbers, detail, spoken)
