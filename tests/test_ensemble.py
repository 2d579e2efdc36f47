"""Joining digit models into one (training/ensemble.py): the mean of the members' logits.

Tiny untrained networks stand in for trained ones: what is checked is the
arithmetic of the join and that the joined file is a digit model the app
loads like any other, with features for the personal profile.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from digitpad.reader.digit_model import LiteRTRecognizer  # noqa: E402
from digitpad.reader.keras_digit_model import KerasRecognizer  # noqa: E402
from digitpad.results import CLASSES  # noqa: E402
from training.ensemble import join, main  # noqa: E402
from training.model import build_model  # noqa: E402


def _members() -> list[keras.Model]:
    keras.utils.set_random_seed(3)
    models = [build_model(width=4, arch="basic"), build_model(width=4, arch="basic")]
    # Untrained heads answer nearly uniform probabilities; larger weights make the
    # members disagree, so a wrong join cannot pass by accident.
    for model in models:
        kernel, bias = model.layers[-1].get_weights()
        model.layers[-1].set_weights([kernel * 40, bias])
    return models


def _logits(model: keras.Model, arrays: np.ndarray) -> np.ndarray:
    head = model.layers[-1]
    features = keras.Model(model.input, head.input)(arrays[..., None], training=False)
    kernel, bias = head.get_weights()
    return np.asarray(features) @ kernel + bias


@pytest.fixture(scope="module")
def arrays() -> np.ndarray:
    return np.random.default_rng(8).random((30, 28, 28)).astype(np.float32)


def test_the_joined_model_answers_the_softmax_of_the_members_mean_logits(
    arrays: np.ndarray,
) -> None:
    members = _members()
    joined = join(members)
    mean = np.mean([_logits(m, arrays) for m in members], axis=0)
    expected = np.exp(mean - mean.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    got = np.asarray(joined(arrays[..., None], training=False))
    np.testing.assert_allclose(got, expected, atol=1e-5)
    # ... which is neither member's answer alone.
    alone = [np.asarray(m(arrays[..., None], training=False)).argmax(1) for m in members]
    assert (alone[0] != alone[1]).any()


def test_a_model_joined_with_itself_answers_as_it_does(arrays: np.ndarray) -> None:
    model = _members()[0]
    np.testing.assert_allclose(
        np.asarray(join([model, model])(arrays[..., None], training=False)),
        np.asarray(model(arrays[..., None], training=False)),
        atol=1e-5,
    )


def test_one_model_or_a_model_of_other_classes_is_refused() -> None:
    model = _members()[0]
    with pytest.raises(ValueError, match="at least two"):
        join([model])
    inputs = keras.Input((28, 28, 1))
    ten = keras.Model(
        inputs, keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(inputs))
    )
    with pytest.raises(ValueError, match="11-class"):
        join([model, ten])


def test_the_command_writes_a_checked_export_with_both_members_features(
    tmp_path: Path, arrays: np.ndarray
) -> None:
    paths = []
    for index, model in enumerate(_members()):
        paths.append(tmp_path / f"m{index}.keras")
        model.save(paths[-1])
    out = tmp_path / "joined"
    missing = tmp_path / "no-mnist"  # the check falls back to the bundled samples
    (tmp_path / "model_card.json").write_text(
        json.dumps(
            {
                "architecture": "basic",
                "lineage": [{"run": "m"}],
                "training": {"seed": 1, "history": {"loss": [1.0, 0.5], "accuracy": [0.6, 0.8]}},
            }
        )
    )
    assert main([*map(str, paths), "--out", str(out), "--check-data", str(missing)]) == 0
    card = json.loads((out / "model_card.json").read_text())
    assert card["command"].startswith("python -m training.ensemble ")
    assert [m["file"] for m in card["training"]["members"]] == [str(p) for p in paths]
    # The members' weights, less one head's biases: the joined head has one bias vector.
    assert card["training"]["parameters"] == sum(m.count_params() for m in _members()) - CLASSES
    assert [entry["run"] for entry in card["lineage"]] == ["m", "m", "joined"]
    assert card["export"]["argmax_agreement"] >= 0.999
    assert card["scores"] == {}  # no MNIST to score on
    assert "history" not in card["training"]  # one member's curve is not the joined model's
    assert (out / "training_curve.png").stat().st_size > 0  # the members' curves
    lite = LiteRTRecognizer(out / "digitpad.tflite")
    source = KerasRecognizer(out / "digitpad.keras")
    assert lite.feature_size == source.feature_size == 2 * 16  # basic width 4: 16 features each
    probabilities = lite.predict_batch(arrays)
    assert probabilities.shape == (len(arrays), CLASSES)
    np.testing.assert_allclose(probabilities, source.predict_batch(arrays), atol=1e-4)
