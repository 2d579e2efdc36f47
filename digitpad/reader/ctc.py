"""CTC arithmetic over the line model's frames: the best path and each number's likelihood.

The line model (:mod:`digitpad.reader.line_model`) gives, for each narrow
frame of a row of ink (:mod:`digitpad.reader.line_input`), the log-probabilities
of "no digit here" (CTC's blank) and of each digit. The number reader asks
how likely each candidate reading is under those frames, summed over every
alignment (connectionist temporal classification's forward pass). Pure
numpy: no model, no images.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Output column 0 is "no digit in this frame" (CTC's blank); digit d is column d + 1.
BLANK = 0
#: The least probability a count of digits is given (:func:`count_log_probabilities`).
TINY = 1e-300


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


def best_path(log_probabilities: np.ndarray) -> str:
    """The digits of the most likely frame-by-frame path (repeats merged, blanks dropped)."""
    digits = []
    previous = BLANK
    for column in log_probabilities.argmax(axis=-1):
        if column != previous and column != BLANK:
            digits.append(str(int(column) - 1))
        previous = int(column)
    return "".join(digits)


def log_likelihood(log_probabilities: np.ndarray, number: Sequence[int] | str) -> float:
    """log P(number | the line), summed over every frame alignment (CTC's forward pass).

    ``log_probabilities``: (frames, 11), column 0 the blank. A number longer
    than the frames can hold is impossible (-inf).
    """
    return float(log_likelihoods(log_probabilities, [number])[0])


def log_likelihoods(
    log_probabilities: np.ndarray, numbers: Sequence[Sequence[int] | str]
) -> np.ndarray:
    """:func:`log_likelihood` of each number, all in one forward pass over the frames.

    The reader judges about ten candidate numbers of a cheque against the same
    line: stepping them together, as rows of one array, costs about what one
    costs, where one at a time in Python cost a few milliseconds a cheque.
    """
    frames = log_probabilities.shape[0]
    if not numbers:
        return np.zeros(0)
    # Each number's CTC states: a blank before, between and after its digits. Shorter
    # rows are padded with a state whose every frame is impossible (column 11).
    extended = [[BLANK, *(s for d in number for s in (int(d) + 1, BLANK))] for number in numbers]
    states = max(len(row) for row in extended)
    padded = np.full((len(numbers), states), log_probabilities.shape[1])
    for index, row in enumerate(extended):
        padded[index, : len(row)] = row
    columns = np.concatenate(
        [np.asarray(log_probabilities, np.float64), np.full((frames, 1), -np.inf)], axis=1
    )
    emissions = columns[:, padded]  # (frames, numbers, states)
    # A state may skip the blank before it when its label differs from the one before.
    skips = np.zeros(padded.shape, bool)
    skips[:, 2:] = (padded[:, 2:] != BLANK) & (padded[:, 2:] != padded[:, :-2])
    alpha = np.full(padded.shape, -np.inf)
    alpha[:, :2] = emissions[0, :, :2]
    before = np.full(padded.shape, -np.inf)
    skipped = np.full(padded.shape, -np.inf)
    for t in range(1, frames):
        before[:, 1:] = alpha[:, :-1]
        skipped[:, 2:] = np.where(skips[:, 2:], alpha[:, :-2], -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, before), skipped) + emissions[t]
    result = np.full(len(numbers), -np.inf)
    for index, row in enumerate(extended):
        last = len(row) - 1
        if last // 2 > frames:  # more digits than frames
            continue
        result[index] = (
            alpha[index, 0] if last == 0 else np.logaddexp(*alpha[index, last - 1 : last + 1])
        )
    return result


def count_log_probabilities(log_probabilities: np.ndarray) -> np.ndarray:
    """log P(the line holds exactly k digits), for k = 0 .. frames: every number of k digits
    summed, whatever its digits (each frame path read as CTC reads it).

    The line model often knows how many digits a row holds when it is unsure
    which: the reader weighs that apart from the digits' names
    (``GroupingSettings.line_count_weight``). A forward pass over (digits read so far,
    the frame's class): a digit read after a blank or another digit is one more; the same
    digit again continues the one before.
    """
    frames, classes = log_probabilities.shape
    probabilities = np.exp(np.asarray(log_probabilities, np.float64))
    # state[k, c]: P(k digits read so far and the current frame's class is c).
    state = np.zeros((frames + 1, classes))
    state[0, BLANK] = probabilities[0, BLANK]
    state[1, 1:] = probabilities[0, 1:]
    for t in range(1, frames):
        emit = probabilities[t]
        new = np.zeros_like(state)
        total = state.sum(axis=1)  # (k,)
        new[:, BLANK] = total * emit[BLANK]
        # Digit d: from the same digit (k stays), or from anything else (k + 1).
        new[:, 1:] += state[:, 1:] * emit[1:]
        new[1:, 1:] += (total[:-1, None] - state[:-1, 1:]) * emit[1:]
        state = new
    # Probabilities of counts far from the likely one underflow to 0; the floor keeps their
    # logs finite, so that candidates of such counts are still told apart by the rest.
    result: np.ndarray = np.log(np.maximum(state.sum(axis=1), TINY))
    return result
