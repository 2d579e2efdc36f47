"""The LiteRT export with features, and model files of every kind the app may meet.

Tiny untrained networks (a few thousand weights) stand in for trained ones:
what is checked is the export and the loading, not the accuracy. Each is
exported for real with Keras' LiteRT converter, so this module needs TensorFlow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from digitpad.errors import ModelError  # noqa: E402
from digitpad.reader.digit_model import LiteRTRecognizer, NoFeaturesError  # noqa: E402
from digitpad.reader.keras_digit_model import KerasRecognizer  # noqa: E402
from digitpad.results import CLASSES, DIGIT_CLASSES, NOT_A_DIGIT  # noqa: E402
from training.export import to_tflite, with_features  # noqa: E402
from training.model import build_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def tiny(classes: int) -> keras.Model:
    """A small CNN answering ``classes`` probabilities from 16 features."""
    if classes == CLASSES:
        return build_model(width=4, arch="basic")
    inputs = keras.Input((28, 28, 1), name="digit")
    x = keras.layers.Conv2D(4, 5, strides=4, activation="relu")(inputs)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(16, activation="relu")(x)
    outputs = keras.layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def arrays() -> np.ndarray:
    return np.random.default_rng(5).random((40, 28, 28)).astype(np.float32)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[keras.Model, Path]]:
    """Three files: eleven classes with features, ten with features, ten without (the first release's)."""
    folder = tmp_path_factory.mktemp("export")
    files = {}
    for name, classes, features in (
        ("eleven", CLASSES, True),
        ("ten", DIGIT_CLASSES, True),
        ("old", DIGIT_CLASSES, False),
    ):
        model = tiny(classes)
        path = folder / f"{name}.tflite"
        to_tflite(model, path, features=features)
        files[name] = (model, path)
    return files


@pytest.mark.parametrize("name", ["eleven", "ten"])
def test_two_output_files_give_probabilities_and_features(
    exported: dict[str, tuple[keras.Model, Path]], arrays: np.ndarray, name: str
) -> None:
    model, path = exported[name]
    lite = LiteRTRecognizer(path)
    assert lite.has_features
    assert lite.model_classes == model.output.shape[-1]
    assert lite.feature_size == 16
    probabilities, features = lite.predict_with_features(arrays)
    assert probabilities.shape == (len(arrays), CLASSES)  # always eleven columns
    if name == "ten":
        assert not probabilities[:, NOT_A_DIGIT].any()
    expected_probabilities, expected_features = with_features(model)(arrays[..., None])
    np.testing.assert_allclose(
        probabilities[:, : lite.model_classes], np.asarray(expected_probabilities), atol=1e-5
    )
    np.testing.assert_allclose(features, np.asarray(expected_features), atol=1e-4)
    np.testing.assert_array_equal(lite.predict_batch(arrays), probabilities)


def test_a_file_without_features_reads_digits_and_says_why_it_has_no_features(
    exported: dict[str, tuple[keras.Model, Path]], arrays: np.ndarray
) -> None:
    model, path = exported["old"]
    lite = LiteRTRecognizer(path)
    assert not lite.has_features
    assert lite.feature_size == 0
    np.testing.assert_allclose(
        lite.predict_batch(arrays)[:, :DIGIT_CLASSES],
        np.asarray(model(arrays[..., None])),
        atol=1e-5,
    )
    for call in (lite.features_batch, lite.predict_with_features):
        with pytest.raises(NoFeaturesError, match=r"old\.tflite gives no features") as info:
            call(arrays)
        assert isinstance(info.value, ModelError)
        assert "python -m training.export" in str(info.value)


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "training.export", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_the_export_command_writes_a_checked_file_and_updates_the_card(tmp_path: Path) -> None:
    source = tmp_path / "model.keras"
    tiny(CLASSES).save(source)
    target = tmp_path / "out" / "model.tflite"
    target.parent.mkdir()
    (target.parent / "model_card.json").write_text('{"name": "tiny", "export": {"format": "x"}}')
    result = run_export(str(source), str(target))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "argmax agreement 100.0000%" in result.stdout
    assert "max feature difference" in result.stdout
    lite = LiteRTRecognizer(target)
    assert lite.has_features
    assert lite.feature_size == 16
    card = json.loads((target.parent / "model_card.json").read_text())
    assert card["name"] == "tiny"
    assert card["export"]["features"] == 16
    assert card["export"]["bytes"] == target.stat().st_size
    assert card["export"]["argmax_agreement"] == 1.0
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.tflite", "model_card.json"]
    # Keras agrees with what was written, features included.
    keras_features = KerasRecognizer(source).features_batch(np.zeros((2, 28, 28), np.float32))
    np.testing.assert_allclose(
        lite.features_batch(np.zeros((2, 28, 28), np.float32)), keras_features, atol=1e-4
    )


def test_the_export_command_refuses_a_missing_model_in_plain_words(tmp_path: Path) -> None:
    result = run_export(str(tmp_path / "absent.keras"), str(tmp_path / "x.tflite"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.tflite").exists()
