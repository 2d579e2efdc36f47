"""The model at run time: LiteRT agrees with the Keras source, scores on MNIST, refuses bad files.

Real model files only: ``models/digitpad.tflite`` and ``models/digitpad.keras``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digitpad.errors import ModelError
from digitpad.input_files import array_from_file
from digitpad.reader.digit_model import LiteRTRecognizer, load_model_card, load_recognizer
from digitpad.reader.keras_digit_model import KerasRecognizer
from digitpad.resources import keras_model_path, model_path
from digitpad.results import CLASSES, NOT_A_DIGIT, answer_classes
from tests.data.samples import NAMES, SAMPLES

#: The final model's promise on the MNIST test set.
TARGET_ACCURACY = 0.996
#: The bundled model reads 99.56%: no change may fall below this (see the target above).
MNIST_FLOOR = 0.9955


@pytest.fixture(scope="module")
def keras_recognizer() -> KerasRecognizer:
    if not keras_model_path().is_file():
        pytest.skip("no models/digitpad.keras in this checkout")
    pytest.importorskip("keras")
    return KerasRecognizer()


# ------------------------------------------------------------------ outputs


@pytest.fixture(scope="module")
def samples() -> list[tuple[np.ndarray, int]]:
    """The bundled samples (pictures and pen ink) as model inputs, with their digits."""
    return [
        (array_from_file(SAMPLES / f"{name}{suffix}"), digit)
        for digit, name in enumerate(NAMES)
        for suffix in (".png", ".ink.json")
    ]


@pytest.fixture(scope="module")
def many(samples: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """300 different inputs (more than one 256-input chunk): the samples shifted and faded, seeded."""
    rng = np.random.default_rng(300)
    arrays = []
    for index in range(300):
        array, _ = samples[index % len(samples)]
        shift = rng.integers(-2, 3, size=2)
        arrays.append(np.roll(array, tuple(shift), axis=(0, 1)) * rng.uniform(0.6, 1.0))
    return np.stack(arrays).astype(np.float32)


def test_probabilities_are_a_distribution_and_name_the_digit(
    recognizer: LiteRTRecognizer, samples: list[tuple[np.ndarray, int]]
) -> None:
    for array, digit in samples:
        probabilities = recognizer.predict(array)
        assert probabilities.shape == (CLASSES,)
        assert probabilities.dtype == np.float32
        assert np.all(probabilities >= 0)
        assert float(probabilities.sum()) == pytest.approx(1.0, abs=1e-4)
        assert int(np.argmax(probabilities)) == digit


def test_batch_and_single_predictions_agree(recognizer: LiteRTRecognizer, many: np.ndarray) -> None:
    # 300 crosses the 256-input chunk boundary; singles in between resize the interpreter back.
    batch = recognizer.predict_batch(many)
    singles = np.stack([recognizer.predict(array) for array in many[::7]])
    assert batch.shape == (300, singles.shape[1])
    np.testing.assert_allclose(batch[::7], singles, atol=1e-5)
    np.testing.assert_allclose(batch[256:], recognizer.predict_batch(many[256:]), atol=1e-5)
    again = recognizer.predict_batch(many)
    np.testing.assert_allclose(again, batch, atol=1e-6)


def test_a_ten_class_model_gets_a_never_used_refusal_column() -> None:
    """A model of the first release (ten outputs) still loads and never says "not a digit"."""
    from digitpad.reader.digit_model import with_refusal_column

    ten = np.full((3, 10), 0.1, np.float32)
    eleven = with_refusal_column(ten)
    assert eleven.shape == (3, CLASSES)
    np.testing.assert_array_equal(eleven[:, :10], ten)
    assert not eleven[:, NOT_A_DIGIT].any()
    assert with_refusal_column(eleven) is eleven


def test_batch_accepts_channel_axis_and_empty(
    recognizer: LiteRTRecognizer, many: np.ndarray
) -> None:
    batch = recognizer.predict_batch(many[:5])
    np.testing.assert_allclose(recognizer.predict_batch(many[:5, :, :, None]), batch, atol=1e-6)
    assert recognizer.predict_batch(np.zeros((0, 28, 28), np.float32)).shape == (0, batch.shape[1])


def test_wrong_shape_is_refused(recognizer: LiteRTRecognizer) -> None:
    with pytest.raises(ValueError, match="28, 28"):
        recognizer.predict(np.zeros((32, 32), np.float32))


@pytest.mark.slow
def _mnist_accuracy(recognizer: LiteRTRecognizer, mnist_test) -> float:  # type: ignore[no-untyped-def]
    """As the app answers: a digit "not a digit" is wrong."""
    images, labels = mnist_test
    return float((answer_classes(recognizer.predict_batch(images)) == labels).mean())


@pytest.mark.xfail(
    strict=True, reason="issue 9: the bundled eleven-class model reads 99.56% (target 99.6%)"
)
def test_mnist_test_accuracy_meets_the_target(recognizer: LiteRTRecognizer, mnist_test) -> None:
    assert _mnist_accuracy(recognizer, mnist_test) >= TARGET_ACCURACY


def test_mnist_test_accuracy_holds_what_the_bundled_model_reads(
    recognizer: LiteRTRecognizer, mnist_test
) -> None:
    assert _mnist_accuracy(recognizer, mnist_test) >= MNIST_FLOOR


def test_litert_agrees_with_keras(
    recognizer: LiteRTRecognizer, keras_recognizer: KerasRecognizer, mnist_test
) -> None:
    images, _ = mnist_test
    lite = recognizer.predict_batch(images)
    source = keras_recognizer.predict_batch(images)
    agreement = float((lite.argmax(axis=1) == source.argmax(axis=1)).mean())
    difference = float(np.abs(lite - source).max())
    print(f"argmax agreement {agreement:.4%}, max probability difference {difference:.2e}")
    assert agreement >= 0.999
    assert difference < 0.01


def test_load_recognizer_runtimes() -> None:
    lite = load_recognizer(runtime="litert")
    assert isinstance(lite, LiteRTRecognizer)
    assert lite.path == model_path()
    with pytest.raises(ValueError, match="unknown runtime"):
        load_recognizer(runtime="onnx")  # type: ignore[arg-type]


# --------------------------------------------------------------- bad models


def test_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        LiteRTRecognizer(tmp_path / "absent.tflite")


def test_empty_model(tmp_path: Path) -> None:
    path = tmp_path / "empty.tflite"
    path.write_bytes(b"")
    with pytest.raises(ModelError, match="empty"):
        LiteRTRecognizer(path)


def test_folder_as_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="folder"):
        LiteRTRecognizer(tmp_path)


@pytest.mark.parametrize(
    "content",
    [b"not a model at all", bytes(range(256)) * 16, b"TFL3" + bytes(1000)],
    ids=["text", "bytes", "fake-header"],
)
def test_corrupt_model(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "corrupt.tflite"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="damaged or not a LiteRT model"):
        LiteRTRecognizer(path)


def test_truncated_real_model(tmp_path: Path) -> None:
    data = model_path().read_bytes()
    path = tmp_path / "half.tflite"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError):
        LiteRTRecognizer(path)


def test_missing_and_corrupt_keras_model(tmp_path: Path) -> None:
    pytest.importorskip("keras")
    with pytest.raises(ModelError, match="does not exist"):
        KerasRecognizer(tmp_path / "absent.keras")
    path = tmp_path / "junk.keras"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="cannot be loaded"):
        KerasRecognizer(path)


def test_model_card(tmp_path: Path) -> None:
    assert load_model_card(tmp_path / "absent.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert load_model_card(broken) == {}
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    assert load_model_card(listed) == {}
    good = tmp_path / "card.json"
    good.write_text('{"test_accuracy": 0.99}', encoding="utf-8")
    assert load_model_card(good) == {"test_accuracy": 0.99}


def test_a_model_path_with_a_nul_byte_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="not a valid file name"):
        LiteRTRecognizer("models/digit\x00pad.tflite")


# ------------------------------------------------------------------ features


def test_the_bundled_model_gives_features_from_the_same_run(
    recognizer: LiteRTRecognizer, many: np.ndarray
) -> None:
    """One invoke gives both outputs; the probabilities are exactly predict_batch's."""
    assert recognizer.has_features
    assert recognizer.feature_size > CLASSES
    probabilities, features = recognizer.predict_with_features(many)
    assert probabilities.shape == (300, CLASSES)
    assert features.shape == (300, recognizer.feature_size)
    assert features.dtype == np.float32
    np.testing.assert_array_equal(probabilities, recognizer.predict_batch(many))
    np.testing.assert_array_equal(features, recognizer.features_batch(many))
    # Across the 256-input chunk boundary and one at a time, the same features.
    np.testing.assert_allclose(features[256:], recognizer.features_batch(many[256:]), atol=1e-5)
    np.testing.assert_allclose(features[3], recognizer.features_batch(many[3])[0], atol=1e-5)
    # Different drawings, different features (the output is not a constant or the input).
    assert len({row.tobytes() for row in features[:20]}) == 20
    empty = recognizer.predict_with_features(np.zeros((0, 28, 28), np.float32))
    assert empty[0].shape == (0, CLASSES)
    assert empty[1].shape == (0, recognizer.feature_size)


def test_features_agree_with_keras(
    recognizer: LiteRTRecognizer, keras_recognizer: KerasRecognizer, many: np.ndarray
) -> None:
    assert keras_recognizer.feature_size == recognizer.feature_size
    lite = recognizer.features_batch(many)
    source = keras_recognizer.features_batch(many)
    np.testing.assert_allclose(lite, source, atol=1e-3)


def _output(index: int, columns: int) -> dict[str, object]:
    return {"index": index, "shape": np.array([1, columns], np.int32)}


@pytest.mark.parametrize(
    ("columns", "probabilities", "features"),
    [
        ((11,), 0, None),
        ((10,), 0, None),
        ((11, 2048), 0, 1),
        ((2048, 11), 1, 0),  # LiteRT does not keep the exported order
        ((128, 10), 1, 0),
        ((10, 10), None, None),  # two answers: which is which cannot be told
        ((11, 10), None, None),
        ((2048,), None, None),  # features alone
        ((11, 64, 64), None, None),
    ],
)
def test_outputs_are_told_apart_by_shape(
    columns: tuple[int, ...], probabilities: int | None, features: int | None
) -> None:
    from digitpad.reader.digit_model import _split_outputs

    outputs = [_output(index, width) for index, width in enumerate(columns)]
    found = _split_outputs(outputs)
    assert [None if o is None else o["index"] for o in found] == [probabilities, features]
