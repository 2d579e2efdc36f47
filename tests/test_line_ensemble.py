"""Joining line models (training/line_ensemble.py) into one file the app's runtime reads."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from digitpad.line_model import LineModel
from digitpad.lines import line_array
from digitpad.numbers import erased_ink_map
from tests.data.numbers import compose, picture_of
from tests.data.sets import data_folder

pytest.importorskip("tensorflow")

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.mark.slow
def test_the_bundled_line_model_joined_with_itself_reads_as_it_does(tmp_path: Path) -> None:
    from training import line_ensemble

    bundled = MODELS / "digitpad-lines.keras"
    code = line_ensemble.main(
        [
            str(bundled),
            str(bundled),
            "--out",
            str(tmp_path),
            "--car-a-dir",
            str(data_folder("car-a")),
        ]
    )
    assert code == 0
    card = json.loads((tmp_path / "digitpad-lines.json").read_text(encoding="utf-8"))
    assert len(card["members"]) == 2
    assert card["export"]["best_path_agreement"] == 1.0
    # Both members' features sit side by side (the converter may share equal weight buffers).
    import keras

    single = keras.saving.load_model(bundled, compile=False).count_params()
    assert card["parameters"] > 1.9 * single
    joined, alone = LineModel(tmp_path / "digitpad-lines.tflite"), LineModel()
    for number in ("2026", "4071", "3400"):
        line = line_array(erased_ink_map(picture_of(compose(number)[0])))
        np.testing.assert_allclose(
            joined.log_probabilities(line), alone.log_probabilities(line), atol=1e-4
        )
