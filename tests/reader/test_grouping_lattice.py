"""The number reader's dynamic programme (digitpad.reader.grouping_lattice), checked against brute force.

A lattice of made-up pieces, candidates and probabilities: the paths are pure
arithmetic, so every way of reading the pieces can be enumerated and the
programme's answer compared with the best of them.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import digitpad.reader.grouping_lattice as paths
from digitpad.reader.segment import Piece


def _lattice(seed: int, count: int = 6) -> paths.Lattice:
    rng = np.random.default_rng(seed)
    pieces = [Piece((float(i), 0.0, i + 1.0, 1.0), (i + 1,)) for i in range(count)]
    candidates = [
        paths.Candidate(start, stop, (start, 0.0, stop, 1.0), np.zeros((28, 28)), shape)
        for start in range(count)
        for stop in range(start + 1, min(count, start + 3) + 1)
        for shape in [float(-rng.exponential())]
        if rng.random() < 0.8 or stop == start + 1
    ]
    probabilities = rng.dirichlet(np.full(11, 0.3), size=len(candidates)).astype(np.float32)
    by_stop: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        by_stop.setdefault(candidate.stop, []).append(index)
    skips = [float(-rng.exponential(3)) for _ in pieces]
    gains = [
        math.log(max(float(p[:10].max()), paths.FLOOR)) + c.shape
        for p, c in zip(probabilities, candidates, strict=True)
    ]
    return paths.Lattice(pieces, candidates, probabilities, [], gains, skips, by_stop)


def _brute_force(lattice: paths.Lattice, number: str) -> float:
    """The best score of any path reading exactly ``number``, by trying every path."""

    def best(position: int, read: int) -> float:
        if position == len(lattice.pieces):
            return 0.0 if read == len(number) else -math.inf
        score = lattice.skips[position] + best(position + 1, read)
        if read < len(number):
            for index, candidate in enumerate(lattice.candidates):
                if candidate.start == position:
                    p = float(lattice.probabilities[index][int(number[read])])
                    gain = math.log(max(p, paths.FLOOR)) + candidate.shape
                    score = max(score, gain + best(candidate.stop, read + 1))
        return score

    return best(0, 0)


@pytest.mark.parametrize("seed", range(6))
def test_forced_paths_are_the_best_paths_reading_each_number(seed: int) -> None:
    lattice = _lattice(seed)
    wanted = ["7", "31", "314", "3141", "31415", "314159", "0000000", "99"]
    for number, found in zip(wanted, paths.forced_paths(lattice, wanted), strict=True):
        expected = _brute_force(lattice, number)
        if expected == -math.inf:  # more digits than pieces
            assert found is None, number
            continue
        assert found is not None, number
        score, chosen = found
        assert score == pytest.approx(expected, abs=1e-9), number
        # The path is real: its candidates follow each other and score what it says.
        spans = [(lattice.candidates[i].start, lattice.candidates[i].stop) for i in chosen]
        assert all(first[1] <= second[0] for first, second in itertools.pairwise(spans))
        covered = {p for start, stop in spans for p in range(start, stop)}
        left_out = sum(lattice.skips[p] for p in range(len(lattice.pieces)) if p not in covered)
        gains = sum(
            math.log(max(float(lattice.probabilities[i][int(d)]), paths.FLOOR))
            + lattice.candidates[i].shape
            for i, d in zip(chosen, number, strict=True)
        )
        assert left_out + gains == pytest.approx(score, abs=1e-9)


def test_no_numbers_no_paths() -> None:
    assert paths.forced_paths(_lattice(0), []) == []


def _best_by_count(lattice: paths.Lattice) -> dict[int, float]:
    """The best score of any path for each count of digits it reads, by trying every path."""
    found: dict[int, float] = {}

    def walk(position: int, read: int, score: float) -> None:
        if position == len(lattice.pieces):
            found[read] = max(found.get(read, -math.inf), score)
            return
        walk(position + 1, read, score + lattice.skips[position])
        for index, candidate in enumerate(lattice.candidates):
            if candidate.start == position:
                walk(candidate.stop, read + 1, score + lattice.gains[index])

    walk(0, 0, 0.0)
    return found


@pytest.mark.parametrize("seed", range(6))
def test_best_paths_are_the_best_of_every_path(seed: int) -> None:
    lattice = _lattice(seed)
    expected = _best_by_count(lattice)
    by_count = paths.best_paths(lattice, by_count=True)
    assert sorted(by_count) == sorted(expected)
    for count, (score, chosen) in by_count.items():
        assert len(chosen) == count
        assert score == pytest.approx(expected[count], abs=1e-9)
        assert _path_score(lattice, chosen) == pytest.approx(score, abs=1e-9)
    ((score, chosen),) = paths.best_paths(lattice).values()
    assert score == pytest.approx(max(expected.values()), abs=1e-9)
    assert _path_score(lattice, chosen) == pytest.approx(score, abs=1e-9)


def _path_score(lattice: paths.Lattice, chosen: list[int]) -> float:
    """What a path scores, checking that it is one: its candidates left to right, apart."""
    spans = [(lattice.candidates[i].start, lattice.candidates[i].stop) for i in chosen]
    assert all(first[1] <= second[0] for first, second in itertools.pairwise(spans)), spans
    covered = {p for start, stop in spans for p in range(start, stop)}
    left_out = sum(lattice.skips[p] for p in range(len(lattice.pieces)) if p not in covered)
    return left_out + sum(lattice.gains[i] for i in chosen)


def test_the_best_path_reads_its_digits_left_to_right() -> None:
    """Four pieces: a digit, a mark to leave out, a digit in two pieces. The path lists its
    candidates in reading order, as the number's digits are."""
    pieces = [Piece((float(i), 0.0, i + 1.0, 1.0), (i + 1,)) for i in range(4)]
    spans = [(0, 1), (1, 2), (2, 3), (3, 4), (2, 4), (1, 3)]
    candidates = [
        paths.Candidate(a, b, (a, 0.0, b, 1.0), np.zeros((28, 28)), 0.0) for a, b in spans
    ]
    gains = [-0.1, -9.0, -5.0, -5.0, -0.2, -9.0]
    by_stop: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        by_stop.setdefault(candidate.stop, []).append(index)
    probabilities = np.full((len(candidates), 11), 1 / 11, np.float32)
    lattice = paths.Lattice(pieces, candidates, probabilities, [], gains, [-3, -1, -3, -3], by_stop)
    ((score, chosen),) = paths.best_paths(lattice).values()
    assert chosen == [0, 4]
    assert score == pytest.approx(-0.1 - 1.0 - 0.2)
    by_count = paths.best_paths(lattice, by_count=True)
    assert by_count[2] == (pytest.approx(-1.3), [0, 4])
    assert by_count[3][1] == [0, 1, 4]
