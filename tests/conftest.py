"""Shared fixtures: the real bundled model and the real data sets.

Data sets come from ``DIGITPAD_DATA_DIR`` (CI sets it); tests that need one
are skipped, visibly, when it is not configured.
"""

from __future__ import annotations

import os

# Qt runs offscreen in every test, before any Qt module is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from digitpad.inference import LiteRTRecognizer
from training.datasets import PenDigit, data_dir, load_mnist, load_unipen


@pytest.fixture(scope="session")
def recognizer() -> LiteRTRecognizer:
    """The bundled LiteRT model, loaded once."""
    return LiteRTRecognizer()


@pytest.fixture(scope="session")
def unipen() -> list[PenDigit]:
    folder = data_dir("unipen-dev")
    if folder is None:
        pytest.skip("UNIPEN data not configured (set DIGITPAD_DATA_DIR)")
    return load_unipen(folder)


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test digits (float32 in [0, 1], ink bright) and their labels."""
    folder = data_dir("mnist")
    if folder is None:
        pytest.skip("MNIST not configured (set DIGITPAD_DATA_DIR)")
    _, test = load_mnist(folder)
    return test
