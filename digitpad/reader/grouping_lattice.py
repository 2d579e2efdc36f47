"""The lattice of ways to group a number's pieces into digits, and the best paths through it.

:mod:`digitpad.reader.number_reader` builds the lattice: every run of neighbouring pieces
that could be one digit (a candidate), read by the digit model and scored by
its shape, and the score of leaving each piece out. What remains is pure
arithmetic, kept here so it can be checked against brute force
(``tests/test_number_paths.py``): the best reading, the best one for each count
of digits, and the best one reading given digits (the line model's candidates).
No images, no model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digitpad.reader.segment import Piece
from digitpad.results import DIGIT_CLASSES, Reading

#: Probabilities are floored here before taking logs: a candidate the model
#: rules out entirely still compares with others.
FLOOR = 1e-6


@dataclass(frozen=True)
class Candidate:
    """A run of neighbouring pieces, ``pieces[start:stop]``, read as one digit."""

    start: int
    stop: int
    box: tuple[float, float, float, float]
    array: np.ndarray
    #: Log-score of the group's shape as one digit (numbers._shape_score and _torn).
    shape: float


@dataclass(frozen=True)
class Lattice:
    """Every way of grouping the pieces into digits, read by the model and scored."""

    pieces: Sequence[Piece]
    candidates: list[Candidate]
    probabilities: np.ndarray
    readings: list[Reading]
    #: Log-score of each candidate as one digit: the model's and its shape's.
    gains: list[float]
    #: Log-score of leaving piece i out.
    skips: list[float]
    by_stop: dict[int, list[int]]


#: One path through the lattice: its log-score and the candidates it reads as digits.
LatticePath = tuple[float, list[int]]


def best_paths(lattice: Lattice, *, by_count: bool = False) -> dict[int, LatticePath]:
    """The best path through the lattice; with ``by_count``, the best one for each digit
    count (:func:`forced_paths` finds the best one reading given digits).

    A dynamic programme left to right: best[i] holds, per key (the count of
    digits so far, or 0 when counts are not kept apart), the best score of
    reading pieces[:i] and how it ends: (where it came from, its key there, the
    candidate read last or -1 when piece i-1 was left out). A candidate scores
    the model's probability of its best digit.
    """
    count = len(lattice.pieces)
    best: list[dict[int, tuple[float, tuple[int, int, int]]]] = [{0: (0.0, (0, 0, -1))}]
    for stop in range(1, count + 1):
        here = {
            key: (score + lattice.skips[stop - 1], (stop - 1, key, -1))
            for key, (score, _) in best[stop - 1].items()
        }
        for index in lattice.by_stop.get(stop, []):
            candidate = lattice.candidates[index]
            for key, (score, _) in best[candidate.start].items():
                new_key = key + 1 if by_count else 0
                value = score + lattice.gains[index]
                if value > here.get(new_key, (-math.inf, ()))[0]:
                    here[new_key] = (value, (candidate.start, key, index))
        best.append(here)
    paths: dict[int, LatticePath] = {}
    for final_key, (score, _) in best[count].items():
        chosen: list[int] = []
        position, key = count, final_key
        while position > 0:
            position, key, index = best[position][key][1]
            if index >= 0:
                chosen.append(index)
        chosen.reverse()
        paths[final_key] = (score, chosen)
    return paths


def forced_paths(lattice: Lattice, numbers: Sequence[str]) -> list[LatticePath | None]:
    """For each number, the best path through the lattice whose digits are that number
    (None when none is): what :func:`best_paths` finds, kept to paths reading that number.

    The same dynamic programme, with the scores of every number and every count
    of its digits read so far as one array per piece boundary: a cheque's ten
    candidate numbers cost about what one does.
    """
    if not numbers:
        return []
    longest = max(len(n) for n in numbers)
    # wanted[n, k]: the k-th digit of number n (0 past its end, where past_end masks it out).
    wanted = np.zeros((len(numbers), longest), np.intp)
    past_end = np.ones(wanted.shape, bool)
    for index, number in enumerate(numbers):
        wanted[index, : len(number)] = [int(d) for d in number]
        past_end[index, : len(number)] = False
    logs = np.log(np.maximum(lattice.probabilities[:, :DIGIT_CLASSES].astype(np.float64), FLOOR))
    count = len(lattice.pieces)
    score = np.full((len(numbers), longest + 1), -np.inf)
    score[:, 0] = 0.0
    scores = [score]
    # came[stop][n, k]: the candidate read last on the best way to (stop, k), -1 for a skip.
    came = [np.full(score.shape, -1)]
    for stop in range(1, count + 1):
        here = scores[stop - 1] + lattice.skips[stop - 1]
        last = np.full(score.shape, -1)
        for index in lattice.by_stop.get(stop, []):
            candidate = lattice.candidates[index]
            gain = np.where(past_end, -np.inf, logs[index][wanted] + candidate.shape)
            value = scores[candidate.start][:, :-1] + gain
            better = value > here[:, 1:]
            here[:, 1:][better] = value[better]
            last[:, 1:][better] = index
        scores.append(here)
        came.append(last)
    paths: list[LatticePath | None] = []
    for row, number in enumerate(numbers):
        total = float(scores[count][row, len(number)])
        if total == -math.inf:
            paths.append(None)
            continue
        chosen: list[int] = []
        position, key = count, len(number)
        while position > 0:
            index = int(came[position][row, key])
            if index < 0:
                position -= 1
            else:
                chosen.append(index)
                position, key = lattice.candidates[index].start, key - 1
        chosen.reverse()
        paths.append((total, chosen))
    return paths


def path_digits(lattice: Lattice, chosen: list[int]) -> str:
    """The digits a path reads: each candidate's best digit."""
    return "".join(str(lattice.readings[i].best_digit) for i in chosen)


__all__ = [
    "FLOOR",
    "Candidate",
    "Lattice",
    "LatticePath",
    "best_paths",
    "forced_paths",
    "path_digits",
]
