"""Checking that a refusal costs no memory: the refused input was never read or decoded."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest


def refused_with_peak(call: Callable[[], object], error: type[Exception]) -> tuple[Exception, int]:
    """Run ``call``, which must raise ``error``: (the error, Python's peak traced bytes meanwhile)."""
    tracemalloc.start()
    try:
        with pytest.raises(error) as info:
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value, peak
