"""The bundled model reads real handwriting as well as the project promises.

Measured exactly as the app feeds the model: UNIPEN pen strokes through
``ink_to_array`` (the drawing pad's path), USPS scans rendered as picture
files through ``image_to_array`` (the Open path). Only the parts held out of
training count (training/splits.py). A digit answered "not a digit" counts
as wrong. The MNIST target is checked in test_inference.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from digitpad.reader.digit_model import LiteRTRecognizer
from tests.data.sets import data_folder
from training.evaluate import (
    evaluate_letters,
    evaluate_mnist,
    evaluate_tight,
    evaluate_unipen,
    evaluate_usps,
)

pytestmark = pytest.mark.slow

#: Targets from the recognizer issues.
PEN_TARGET = 0.995
PEN_SOURCE_TARGET = 0.985
#: Sources this small measure one writer's sample, not a source: one error in
#: 7 digits is 86%. They are reported, not held to the per-source target.
PEN_SOURCE_MIN_COUNT = 50
SCAN_TARGET = 0.98
TIGHT_TARGET = 0.99
LETTERS_REFUSED_TARGET = 0.97
DIGITS_REFUSED_LIMIT = 0.003


@pytest.fixture(scope="module")
def unipen_scores(recognizer: LiteRTRecognizer) -> dict[str, Any]:
    return evaluate_unipen(recognizer, data_folder("unipen-dev"))


@pytest.fixture(scope="module")
def usps_scores(recognizer: LiteRTRecognizer) -> dict[str, Any]:
    return evaluate_usps(recognizer, data_folder("usps"))


def test_pen_digits_of_held_out_writers(unipen_scores: dict[str, Any]) -> None:
    assert unipen_scores["held_out_count"] > 1000
    assert unipen_scores["held_out_accuracy"] >= PEN_TARGET, unipen_scores["per_source"]


def _weak_sources(unipen_scores: dict[str, Any], below: float) -> dict[str, float]:
    return {
        source: round(s["accuracy"], 4)
        for source, s in unipen_scores["per_source"].items()
        if s["count"] >= PEN_SOURCE_MIN_COUNT and s["accuracy"] < below
    }


def test_every_pen_source_reads_well(unipen_scores: dict[str, Any]) -> None:
    assert not _weak_sources(unipen_scores, PEN_SOURCE_TARGET)


def test_scanned_digits_opened_as_pictures(usps_scores: dict[str, Any]) -> None:
    assert usps_scores["held_out_count"] > 2000
    assert usps_scores["held_out_accuracy"] >= SCAN_TARGET


@pytest.fixture(scope="module")
def tight_scores(recognizer: LiteRTRecognizer) -> dict[str, Any]:
    return evaluate_tight(recognizer, data_folder("usps"))


def test_scanned_digits_cropped_tight_and_saved_small(tight_scores: dict[str, Any]) -> None:
    assert tight_scores["held_out_count"] > 2000
    assert tight_scores["held_out_accuracy"] >= TIGHT_TARGET


def test_letters_of_held_out_writers_are_not_digits(recognizer: LiteRTRecognizer) -> None:
    scores = evaluate_letters(recognizer, data_folder("unipen-dev"))
    assert scores["held_out_count"] > 2000
    assert scores["held_out_refused"] >= LETTERS_REFUSED_TARGET, scores["per_source"]


def test_real_digits_are_almost_never_refused(
    recognizer: LiteRTRecognizer, unipen_scores: dict[str, Any], usps_scores: dict[str, Any]
) -> None:
    refused = {
        "MNIST test": evaluate_mnist(recognizer, data_folder("mnist"))["refused"],
        "UNIPEN held out": unipen_scores["held_out_refused"],
        "USPS held out": usps_scores["held_out_refused"],
    }
    assert max(refused.values()) <= DIGITS_REFUSED_LIMIT, refused
