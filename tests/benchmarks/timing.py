"""Timing shared by the benchmarks: median and 95th percentile of repeated calls."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def timings(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and p95 in milliseconds, after one warm-up call."""
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def each_timed(function: Callable[[T], object], items: Iterable[T]) -> list[float]:
    """Milliseconds of ``function(item)`` for each item, in order (no warm-up)."""
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples
