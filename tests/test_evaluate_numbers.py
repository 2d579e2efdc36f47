"""The number figures' 95% intervals (training/evaluate_numbers.py)."""

from __future__ import annotations

import numpy as np
import pytest

from training.evaluate_numbers import mnist_row, report, wilson_interval


@pytest.mark.parametrize(
    ("right", "count", "low", "high"),
    [(5, 10, 0.2366, 0.7634), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (1, 10, 0.0179, 0.4042)],
)
def test_wilson_interval_matches_published_values(
    right: int, count: int, low: float, high: float
) -> None:
    assert wilson_interval(right, count) == pytest.approx((low, high), abs=5e-4)


def test_the_report_gives_the_interval_beside_the_share() -> None:
    scores = {
        "numbers": 540,
        "whole": 457 / 540,
        "interval": list(wilson_interval(457, 540)),
        "baseline_whole": 0.08,
        "by_length": {},
        "seconds": 1.0,
        "errors": [],
    }
    line = report("cheque amounts (CAR-A)", scores, ">= 85%")
    assert "84.63% of 540 numbers read whole (95% interval 81.3%-87.4%; target >= 85%)" in line


def test_an_mnist_row_lays_its_digits_out_left_to_right_with_a_margin() -> None:
    # Digit pictures whose ink width tells them apart: a 1 is 3 px wide, a 7 is 15.
    one = np.zeros((28, 28), np.float32)
    one[4:24, 12:15] = 1.0
    seven = np.zeros((28, 28), np.float32)
    seven[4:24, 6:21] = 1.0
    images, labels = np.stack([one] * 3 + [seven] * 3), np.array([1] * 3 + [7] * 3)
    rng = np.random.default_rng(2)
    lone = 0
    for _ in range(40):
        coverage, number = mnist_row(images, labels, rng)
        assert set(number) <= {"1", "7"}
        assert number.count("1") <= 3  # each picture at most once
        assert number.count("7") <= 3
        assert coverage.max() == pytest.approx(1.0)
        margin = (coverage.shape[0] // 5) // 2  # at least a third of a 48-px row's height / 2
        assert not coverage[:margin].any()
        assert not coverage[:, :margin].any()
        ink_width = int(np.count_nonzero(coverage.max(axis=0) > 0.5))
        tall = int(np.count_nonzero(coverage.max(axis=1) > 0.5))
        if len(number) == 1:  # a lone digit's own picture, scaled to the row
            lone += 1
            assert (ink_width < 0.3 * tall) == (number == "1")
    assert lone > 0
