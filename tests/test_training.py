"""The training pipeline runs end to end (a tiny model, one epoch) and writes what it promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitpad.inference import KerasRecognizer, LiteRTRecognizer
from tests.data.sets import data_folder
from training.datasets import load_mnist

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_tiny_training_run_writes_models_card_and_plots(tmp_path: Path) -> None:
    mnist = data_folder("mnist")
    out = tmp_path / "models"
    command = [
        sys.executable, "-m", "training.train", "--mnist-dir", str(mnist), "--limit", "300",
        "--epochs", "1", "--width", "4", "--no-real", "--skip-evaluation", "--out", str(out),
    ]  # fmt: skip
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for name in (
        "digitpad.keras",
        "digitpad.tflite",
        "model_card.json",
        "confusion_matrix.png",
        "training_curve.png",
    ):
        assert (out / name).stat().st_size > 0, name
    card = json.loads((out / "model_card.json").read_text())
    assert card["training"]["epochs"] == 1
    assert card["training"]["data"]["mnist_training_digits"] == 300
    # The card's MNIST score is the written model's own: recomputed here from the .tflite.
    _, (images, labels) = load_mnist(mnist)
    read = LiteRTRecognizer(out / "digitpad.tflite").predict_batch(images).argmax(axis=1)
    assert card["scores"]["mnist_test"]["count"] == len(labels)
    assert card["scores"]["mnist_test"]["accuracy"] == pytest.approx(
        float((read == labels).mean()), abs=1e-4
    )
    assert card["export"]["argmax_agreement"] >= 0.999
    # Both runtimes load what was written and agree on fresh input.
    arrays = np.random.default_rng(0).random((8, 28, 28), dtype=np.float32)
    lite = LiteRTRecognizer(out / "digitpad.tflite").predict_batch(arrays)
    keras_probs = KerasRecognizer(out / "digitpad.keras").predict_batch(arrays)
    assert lite.shape == keras_probs.shape
    assert lite.shape[0] == 8
    np.testing.assert_allclose(lite, keras_probs, atol=1e-4)
    np.testing.assert_allclose(lite.sum(axis=1), 1.0, atol=1e-5)
