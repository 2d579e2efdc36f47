"""The number figures' 95% intervals (training/evaluate_numbers.py)."""

from __future__ import annotations

import pytest

from training.evaluate_numbers import report, wilson_interval


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
