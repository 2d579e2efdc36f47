"""The line model's input and arithmetic (digitpad.reader.line_input): pure numpy, no model."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from digitpad.reader import DEFAULT_SETTINGS
from digitpad.reader.ctc import (
    BLANK,
    best_path,
    count_log_probabilities,
    log_likelihood,
    log_likelihoods,
    log_softmax,
)
from digitpad.reader.line_input import (
    FILL,
    FRAME_WIDTH,
    FRAMES,
    LINE_HEIGHT,
    LINE_WIDTH,
    fits_line,
    frame_spans,
    ink_crop,
    line_array,
)

MAX_ASPECT = DEFAULT_SETTINGS.grouping.line_max_aspect


def _collapse(path: tuple[int, ...]) -> str:
    digits, previous = [], BLANK
    for column in path:
        if column != previous and column != BLANK:
            digits.append(str(column - 1))
        previous = column
    return "".join(digits)


@pytest.mark.parametrize("number", ["", "3", "11", "07", "100"])
def test_log_likelihood_sums_every_alignment(number: str) -> None:
    """The forward pass equals the sum over all frame paths that collapse to the number."""
    rng = np.random.default_rng(len(number))
    frames = 5
    log_p = log_softmax(rng.normal(size=(frames, 11)) * 2)
    total = 0.0
    for path in itertools.product(range(11), repeat=frames):
        if _collapse(path) == number:
            total += math.exp(sum(log_p[t, c] for t, c in enumerate(path)))
    assert log_likelihood(log_p, number) == pytest.approx(math.log(total), rel=1e-9)


def test_a_number_longer_than_the_frames_is_impossible() -> None:
    log_p = log_softmax(np.zeros((3, 11)))
    assert log_likelihood(log_p, "1234") == -math.inf
    # A repeated digit needs a blank between its two frames: "11" fits 3 frames, "111" not.
    assert log_likelihood(log_p, "11") > -math.inf
    assert log_likelihood(log_p, "111") == -math.inf


def test_best_path_merges_repeats_and_drops_blanks() -> None:
    columns = [BLANK, 2, 2, BLANK, 2, 1, 1, BLANK, BLANK, 10]
    log_p = np.full((len(columns), 11), -10.0)
    log_p[np.arange(len(columns)), columns] = 0.0
    assert best_path(log_p) == "1109"


def test_line_array_crops_scales_and_lays_the_ink_from_the_left() -> None:
    ink = np.zeros((100, 300), np.float32)
    ink[30:70, 100:180] = 1.0  # 40 high, 80 wide
    line = line_array(ink)
    assert line.shape == (LINE_HEIGHT, LINE_WIDTH)
    assert line.dtype == np.float32
    rows = np.flatnonzero(line.max(axis=1) > 0.5)
    columns = np.flatnonzero(line.max(axis=0) > 0.5)
    # Ink plus the 2-pixel margin fills FILL of the height, keeping the aspect.
    assert rows[-1] - rows[0] + 1 == pytest.approx(round(LINE_HEIGHT * FILL) * 40 / 44, abs=2)
    assert columns[0] <= 4
    assert columns[-1] - columns[0] + 1 == pytest.approx((rows[-1] - rows[0] + 1) * 2, abs=3)


def test_line_array_of_nothing_is_empty_and_a_long_row_is_squeezed_in() -> None:
    assert not line_array(np.zeros((40, 40), np.float32)).any()
    long_row = np.ones((10, 10 * 100), np.float32)
    line = line_array(long_row)
    assert line[:, -1].max() == 0.0  # still inside the input
    assert line[:, LINE_WIDTH - 3].max() > 0.5


def test_only_rows_short_enough_go_to_the_line_model() -> None:
    ink = np.zeros((50, 1000), np.float32)
    assert not fits_line(ink, MAX_ASPECT)
    ink[10:30, 10:150] = 1.0  # 24 x 144 with the margins: 6 times as wide as tall
    assert fits_line(ink, MAX_ASPECT)
    ink[10:30, 10 : 10 + int(24 * MAX_ASPECT)] = 1.0  # over MAX_ASPECT with the margins
    assert not fits_line(ink, MAX_ASPECT)


def test_frame_spans_are_exactly_the_frames_line_array_draws_the_columns_in() -> None:
    ink = np.zeros((60, 400), np.float32)
    ink[10:50, 50:90] = 1.0  # two blocks: columns 50-90 and 200-240
    ink[10:50, 200:240] = 1.0
    line = line_array(ink)
    spans = frame_spans(ink, [(50, 90), (200, 240)])
    inked = np.flatnonzero(line.max(axis=0) > 0.5) // FRAME_WIDTH
    first, second = inked[inked < inked.mean()], inked[inked > inked.mean()]
    # Not a frame more or less: the line model's reading of a digit's own columns.
    assert spans == [(first.min(), first.max() + 1), (second.min(), second.max() + 1)]
    # 194 columns with the margins, drawn 128 wide (29/44 of a pixel each) from column 1.
    assert spans == [(0, 8), (25, 32)]
    assert frame_spans(np.zeros((10, 10), np.float32), [(0, 5)]) == [(0, 0)]


def test_frame_spans_stay_inside_the_frames_and_are_never_empty() -> None:
    long_row = np.ones((10, 10 * 100), np.float32)  # squeezed into the input's whole width
    spans = frame_spans(long_row, [(-50.0, 5.0), (500.0, 500.0), (990.0, 2000.0)])
    assert spans == [(0, 1), (28, 29), (FRAMES - 1, FRAMES)]


def test_log_likelihoods_of_many_numbers_equal_each_alone() -> None:
    """The batched forward pass gives each number what it gets alone, whatever the lengths."""
    rng = np.random.default_rng(7)
    log_p = log_softmax(rng.normal(size=(12, 11)) * 2)
    wanted = ["", "5", "55", "505", "1234567", "0000000", "12345678901234"]
    alone = [log_likelihood(log_p, n) for n in wanted]
    together = log_likelihoods(log_p, wanted)
    assert together.shape == (len(wanted),)
    assert together[-1] == -math.inf  # 14 digits cannot fit 12 frames
    for a, b in zip(alone[:-1], together[:-1], strict=True):
        assert b == pytest.approx(a, rel=1e-12)
    # No row takes another's value: every number here has its own likelihood.
    assert len(set(together[:-1].tolist())) == len(wanted) - 1
    assert log_likelihoods(log_p, []).shape == (0,)


def test_ink_crop_keeps_the_ink_and_a_margin_and_finds_none_in_paper() -> None:
    ink = np.zeros((20, 30), np.float32)
    ink[5:8, 10:20] = 1.0
    crop = ink_crop(ink, margin=2)
    assert crop is not None
    assert crop.shape == (7, 14)
    assert crop.sum() == ink.sum()
    assert ink_crop(np.zeros((5, 5), np.float32)) is None


def test_count_probabilities_sum_every_path_by_its_count_of_digits() -> None:
    # Three "digits" and the blank over five frames: every one of the 4**5 paths, read as
    # CTC reads it (repeats merged, blanks dropped), adds its probability to its count.
    log_probabilities = log_softmax(np.random.default_rng(4).normal(size=(5, 4)) * 2)
    expected = np.zeros(6)
    for path in itertools.product(range(4), repeat=5):
        probability = math.exp(sum(log_probabilities[t, c] for t, c in enumerate(path)))
        digits = sum(1 for t, c in enumerate(path) if c != BLANK and (t == 0 or path[t - 1] != c))
        expected[digits] += probability
    counts = np.exp(count_log_probabilities(log_probabilities))
    np.testing.assert_allclose(counts, expected, rtol=1e-9, atol=1e-15)
    assert counts.sum() == pytest.approx(1.0)


def test_the_count_of_a_sure_row_is_sure_whatever_its_digits() -> None:
    # Frames sure of a digit in frames 3 and 7 (blanks elsewhere), unsure which digit:
    # no one number is likely, but two digits surely.
    frames = np.full((10, 11), 1e-6)
    frames[:, BLANK] = 1.0
    frames[[3, 7], BLANK] = 1e-6
    frames[[3, 7], 1:] = 0.1
    log_probabilities = np.log(frames / frames.sum(axis=1, keepdims=True))
    assert math.exp(count_log_probabilities(log_probabilities)[2]) > 0.999
    assert math.exp(log_likelihood(log_probabilities, "42")) < 0.011


def test_a_count_far_from_a_sure_rows_is_unlikely_but_never_impossible() -> None:
    # 56 frames each surely a digit, alternating 1 and 2: 56 digits, and P(0 digits) is
    # 1e-9 ** 56, far under what a float holds. Its log stays finite, so that candidate
    # numbers of such counts are still ranked by the rest of their scores.
    frames = np.full((56, 11), 1e-9)
    frames[0::2, 2] = 1.0
    frames[1::2, 3] = 1.0
    counts = count_log_probabilities(np.log(frames / frames.sum(axis=1, keepdims=True)))
    assert np.isfinite(counts).all()
    assert counts.argmax() == 56
    assert counts[0] < -600
