"""The training pipeline runs end to end (a tiny model, one epoch) and writes what it promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.keras_digit_model import KerasRecognizer
from digitpad.results import CLASSES, answer_classes
from tests.data.sets import data_folder
from training.datasets import load_mnist
from training.model import ARCHITECTURES, build_model, widen_head

ROOT = Path(__file__).resolve().parent.parent


def run_training(command: list[str]) -> subprocess.CompletedProcess[str]:
    """``python -m training.train ...`` as a separate process, from the project root."""
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
@pytest.mark.parametrize("arch", ["basic"])
def test_tiny_training_run_writes_models_card_and_plots(tmp_path: Path, arch: str) -> None:
    mnist = data_folder("mnist")
    out = tmp_path / "models"
    command = [
        sys.executable, "-m", "training.train", "--mnist-dir", str(mnist), "--limit", "300",
        "--epochs", "1", "--width", "4", "--no-real", "--skip-evaluation", "--out", str(out),
        "--arch", arch, "--nondigits", "40", "--templates", "10", "--styled-mnist", "10",
    ]  # fmt: skip
    result = run_training(command)
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
    assert card["architecture"] == arch
    data = card["training"]["data"]
    assert data["mnist_training_digits"] == 300
    assert data["scribbles"] == 40  # the "not a digit" class is taught even on MNIST alone
    assert data["digit_pairs_mnist"] == 40
    assert data["template_digits"] == 30
    # The card's MNIST score is the written model's own: recomputed here from the .tflite.
    _, (images, labels) = load_mnist(mnist)
    read = answer_classes(LiteRTRecognizer(out / "digitpad.tflite").predict_batch(images))
    assert card["scores"]["mnist_test"]["count"] == len(labels)
    assert card["scores"]["mnist_test"]["accuracy"] == pytest.approx(
        float((read == labels).mean()), abs=1e-4
    )
    assert card["export"]["argmax_agreement"] >= 0.999
    # A run whose evaluation failed is finished from what it saved, without training again.
    (out / "model_card.json").unlink()
    model_bytes = (out / "digitpad.tflite").read_bytes()
    finish = run_training([*command, "--finish"])
    assert finish.returncode == 0, finish.stderr[-3000:]
    assert "Epoch 1/1" not in finish.stdout
    assert (out / "digitpad.tflite").read_bytes() == model_bytes
    again = json.loads((out / "model_card.json").read_text())
    assert again["training"]["history"] == card["training"]["history"]
    assert "--finish" not in again["command"]
    # Both runtimes load what was written and agree on fresh input.
    arrays = np.random.default_rng(0).random((8, 28, 28), dtype=np.float32)
    lite = LiteRTRecognizer(out / "digitpad.tflite").predict_batch(arrays)
    keras_probs = KerasRecognizer(out / "digitpad.keras").predict_batch(arrays)
    assert lite.shape == (8, CLASSES)
    np.testing.assert_allclose(lite, keras_probs, atol=1e-4)
    np.testing.assert_allclose(lite.sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_each_architecture_answers_eleven_classes_and_learns(arch: str) -> None:
    """--arch dense|basic|deep: the same input and output, and a few steps lower the loss."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    model = build_model(8, arch=arch)
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, CLASSES)
    rng = np.random.default_rng(0)
    x = rng.random((64, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, CLASSES, 64)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    before = float(model.evaluate(x, y, verbose=0))
    model.fit(x, y, epochs=15, batch_size=64, verbose=0)
    assert float(model.evaluate(x, y, verbose=0)) < before


def test_a_ten_class_model_widens_without_changing_its_answers() -> None:
    """--init-from the first release: the new class starts silent, the digits as they were."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    old = build_model(4)
    kernel, bias = old.layers[-1].get_weights()
    ten = keras.Model(
        old.input, keras.layers.Dense(10, activation="softmax")(old.layers[-2].output)
    )
    ten.layers[-1].set_weights([kernel[:, :10], bias[:10]])
    x = np.random.default_rng(1).random((16, 28, 28, 1), dtype=np.float32)
    wide = widen_head(ten, 4)
    before, after = np.asarray(ten(x)), np.asarray(wide(x))
    assert after.shape == (16, CLASSES)
    np.testing.assert_array_equal(after[:, :10].argmax(1), before.argmax(1))
    assert float(after[:, 10].max()) < 0.05


def test_head_only_training_freezes_all_but_the_output_layer(tmp_path: Path) -> None:
    """--init-from M --head-only: the saved model's features stay; only the output layer learns."""
    pytest.importorskip("keras")
    from training.train import initial_model, parse_args

    saved = tmp_path / "saved.keras"
    build_model(4).save(saved)
    model = initial_model(parse_args(["--init-from", str(saved), "--width", "4", "--head-only"]))
    trainable = [layer.name for layer in model.layers if layer.trainable_weights]
    assert trainable == [model.layers[-1].name]
    assert model.output_shape == (None, CLASSES)
    everything = initial_model(parse_args(["--init-from", str(saved), "--width", "4"]))
    assert len([layer for layer in everything.layers if layer.trainable_weights]) > 1


@pytest.mark.slow
def test_a_run_trained_elsewhere_is_finished_here(tmp_path: Path) -> None:
    """--save-data, then --data --fit-only (what a GPU machine without TensorFlow runs), then
    --finish: the card keeps the command and machine that trained the weights."""
    mnist = data_folder("mnist")
    data, out = tmp_path / "data.npz", tmp_path / "models"
    build = [
        sys.executable, "-m", "training.train", "--mnist-dir", str(mnist), "--limit", "300",
        "--no-real", "--nondigits", "40", "--templates", "10", "--styled-mnist", "10",
    ]  # fmt: skip
    saved = run_training([*build, "--save-data", str(data)])
    assert saved.returncode == 0, saved.stderr[-3000:]
    from training.train import load_training_data, parse_args, training_data

    x, y, x_test, y_test, counts = load_training_data(data)
    bx, by, _, bt, bcounts = training_data(parse_args(build[3:]))
    assert counts == bcounts
    assert counts["mnist_training_digits"] == 300
    np.testing.assert_allclose(x, bx, atol=1 / 500)
    np.testing.assert_array_equal(y, by)
    np.testing.assert_array_equal(y_test, bt)
    assert x_test.shape == (10_000, 28, 28)
    assert x.dtype == np.float32

    train = [
        sys.executable, "-m", "training.train", "--data", str(data), "--epochs", "1",
        "--width", "4", "--arch", "basic", "--out", str(out),
    ]  # fmt: skip
    fitted = run_training([*train, "--fit-only"])
    assert fitted.returncode == 0, fitted.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["digitpad.keras", "progress.json"]
    progress = json.loads((out / "progress.json").read_text())
    assert progress["command"].endswith("--fit-only")
    assert progress["machine"]["backend"].startswith("tensorflow")
    assert len(progress["epoch_seconds"]) == 1

    finished = run_training([*train, "--finish", "--skip-evaluation"])
    assert finished.returncode == 0, finished.stderr[-3000:]
    card = json.loads((out / "model_card.json").read_text())
    assert card["command"] == progress["command"]
    assert card["finished_with"].endswith("--finish --skip-evaluation")
    assert card["training"]["backend"] == progress["machine"]["backend"]
    assert card["training"]["data"]["scribbles"] == 40
    assert card["export"]["argmax_agreement"] >= 0.999


def test_mnist_validation_digits_are_the_same_every_run_and_never_trained_on() -> None:
    """--mnist-validation N: N training digits kept out, the same for every seed, and
    nothing made from them (styled variants, pairs) is trained on either."""
    from training.splits import mnist_validation_mask
    from training.train import parse_args, training_data

    mask = mnist_validation_mask(300, 100)
    assert mask.sum() == 100
    np.testing.assert_array_equal(mask, mnist_validation_mask(300, 100))
    assert not mask[:100].all()  # a random pick, not the first digits
    with pytest.raises(ValueError, match="cannot keep 300 of 300"):
        mnist_validation_mask(300, 300)

    mnist = data_folder("mnist")
    common = [
        "--mnist-dir", str(mnist), "--limit", "300", "--no-real", "--nondigits", "40",
        "--templates", "10", "--styled-mnist", "10",
    ]  # fmt: skip
    x, _, x_check, y_check, counts = training_data(
        parse_args([*common, "--mnist-validation", "100"])
    )
    (train_images, train_labels), _ = load_mnist(mnist)
    np.testing.assert_array_equal(x_check, train_images[:300][mask])
    np.testing.assert_array_equal(y_check, train_labels[:300][mask])
    assert counts["mnist_training_digits"] == 200
    assert counts["mnist_validation_digits"] == 100
    # Not one kept-out digit is in what is trained on.
    trained = {image.tobytes() for image in x}
    assert not any(image.tobytes() in trained for image in x_check)
    assert all(image.tobytes() in trained for image in train_images[:300][~mask])
    # Without the option the check digits are MNIST test, as before.
    _, _, x_test, _, plain = training_data(parse_args(common))
    assert len(x_test) == 10_000
    assert "mnist_validation_digits" not in plain


@pytest.mark.slow
def test_a_validation_run_is_scored_on_its_kept_out_digits_alone(tmp_path: Path) -> None:
    mnist = data_folder("mnist")
    out = tmp_path / "models"
    command = [
        sys.executable, "-m", "training.train", "--mnist-dir", str(mnist), "--limit", "300",
        "--mnist-validation", "100", "--epochs", "1", "--width", "4", "--no-real",
        "--out", str(out), "--arch", "basic", "--nondigits", "40", "--templates", "10",
        "--styled-mnist", "10",
    ]  # fmt: skip
    result = run_training(command)
    assert result.returncode == 0, result.stderr[-3000:]
    card = json.loads((out / "model_card.json").read_text())
    assert list(card["scores"]) == ["mnist_validation"]  # no test set looked at
    from training.splits import mnist_validation_mask

    (images, labels), _ = load_mnist(mnist)
    kept = mnist_validation_mask(300, 100)
    read = answer_classes(
        LiteRTRecognizer(out / "digitpad.tflite").predict_batch(images[:300][kept])
    )
    score = card["scores"]["mnist_validation"]
    assert score["count"] == 100
    assert score["accuracy"] == pytest.approx(float((read == labels[:300][kept]).mean()))
    assert "MNIST validation (100 training digits kept out)" in result.stdout
    assert (out / "confusion_matrix.png").stat().st_size > 0
