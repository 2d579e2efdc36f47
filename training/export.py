"""Keras -> LiteRT export, checked: the exported model must predict what the Keras model does.

The exported model has two outputs: the probabilities, and the penultimate
layer's activations (the "features" the last layer reads). The app's
personal profile (:mod:`digitpad.handwriting_profile`) compares drawings in that feature
space, and LiteRT gives both in one run, so the features cost nothing extra.
The ``.keras`` file stays as trained (one output): it is the source of truth.

Re-export a trained model this way, checked against the Keras model::

    python -m training.export models/digitpad.keras models/digitpad.tflite [--check-data DIR]

The check reads the MNIST test digits when ``--check-data``/``DIGITPAD_DATA_DIR``
has them, else the bundled samples shifted and faded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import keras
import numpy as np

#: Largest feature difference (absolute) allowed between Keras and LiteRT.
FEATURE_TOLERANCE = 1e-3


def with_features(model: keras.Model) -> keras.Model:
    """The same network answering ``[probabilities, features]``.

    The features are the input of the last layer (the dense softmax layer of
    every architecture in :mod:`training.model`): what the model's own last
    step separates the classes with, so neighbours there are drawings the
    model itself sees as alike.
    """
    if len(model.outputs) != 1:
        raise ValueError("expected a one-output Keras model (the probabilities)")
    last = model.layers[-1]
    return keras.Model(model.input, [model.output, last.input], name=f"{model.name}_features")


def to_tflite(model: keras.Model, path: Path, features: bool = True) -> bytes:
    """Convert to a float32 ``.tflite`` (dynamic batch dimension) with Keras' own LiteRT export.

    With ``features`` (the default) the file has the second output of
    :func:`with_features`; LiteRT does not keep the outputs' order, and
    :class:`digitpad.reader.digit_model.LiteRTRecognizer` tells them apart by shape.
    (A hand-made ``tf.function`` + ``from_concrete_functions`` export silently
    produced NaNs here with Keras 3: the variables were not captured.)
    """
    exported = with_features(model) if features else model
    exported.export(str(path), format="litert", verbose=False)
    return path.read_bytes()


def check_agreement(keras_path: Path, tflite_path: Path, arrays: np.ndarray) -> dict[str, Any]:
    """Run both saved models on ``arrays`` through digitpad's own runtimes.

    The files are checked, not the model in memory: what ships is what agrees.
    """
    from digitpad.reader.digit_model import LiteRTRecognizer
    from digitpad.reader.keras_digit_model import KerasRecognizer

    keras_probs = KerasRecognizer(keras_path).predict_batch(arrays)
    lite_probs = LiteRTRecognizer(tflite_path).predict_batch(arrays)
    agreement = float((keras_probs.argmax(1) == lite_probs.argmax(1)).mean())
    max_diff = float(np.abs(keras_probs - lite_probs).max())
    if agreement < 0.999 or max_diff > 1e-3:
        raise RuntimeError(
            f"LiteRT export disagrees with Keras: agreement {agreement:.4%}, max diff {max_diff:.2e}"
        )
    return {
        "argmax_agreement": agreement,
        "max_probability_difference": max_diff,
        "count": len(arrays),
    }


def check_features(keras_path: Path, tflite_path: Path, arrays: np.ndarray) -> float:
    """Largest difference between the Keras model's features and the LiteRT file's."""
    from digitpad.reader.digit_model import LiteRTRecognizer
    from digitpad.reader.keras_digit_model import KerasRecognizer

    expected = KerasRecognizer(keras_path).features_batch(arrays)
    got = LiteRTRecognizer(tflite_path).features_batch(arrays)
    if got.shape != expected.shape:
        raise RuntimeError(f"LiteRT features have shape {got.shape}, Keras {expected.shape}")
    difference = float(np.abs(expected - got).max())
    if difference > FEATURE_TOLERANCE:
        raise RuntimeError(f"LiteRT features disagree with Keras: max diff {difference:.2e}")
    return difference


def export_record(keras_path: Path, tflite_path: Path, arrays: np.ndarray) -> dict[str, Any]:
    """The model card's ``export`` entry: the file's format and size, and both checks on ``arrays``.

    Raises like :func:`check_agreement` and :func:`check_features` when the export disagrees.
    """
    return {
        "format": "LiteRT flatbuffer, float32",
        "bytes": tflite_path.stat().st_size,
        **check_agreement(keras_path, tflite_path, arrays),
        # The second output (the features the personal profile compares), checked too.
        "max_feature_difference": check_features(keras_path, tflite_path, arrays),
    }


def check_arrays(data_option: str | None) -> tuple[str, np.ndarray]:
    """What the agreement is checked on: MNIST's test digits, or the bundled samples varied."""
    from training.datasets import data_dir, load_mnist

    folder = data_dir("mnist", data_option)
    if folder is not None and folder.is_dir():
        _, (images, _) = load_mnist(folder)
        return "MNIST test digits", images
    from digitpad.input_files import array_from_file
    from digitpad.resources import resource_path

    samples = sorted(resource_path("resources", "samples").glob("*.ink.json")) + sorted(
        resource_path("resources", "samples").glob("*.png")
    )
    bases = [array_from_file(path) for path in samples]
    rng = np.random.default_rng(300)
    arrays = [
        np.roll(bases[i % len(bases)], tuple(rng.integers(-2, 3, size=2)), axis=(0, 1))
        * rng.uniform(0.6, 1.0)
        for i in range(1000)
    ]
    return "bundled samples, shifted and faded", np.stack(arrays).astype(np.float32)


def update_card(
    tflite_path: Path, agreement: dict[str, Any], feature_difference: float
) -> Path | None:
    """Keep the model card beside the file (if any) true: its export figures are the new file's."""
    card_path = tflite_path.parent / "model_card.json"
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(card, dict):
        return None
    from digitpad.reader.digit_model import LiteRTRecognizer

    card["export"] = {
        **(card.get("export") or {}),
        "bytes": tflite_path.stat().st_size,
        **agreement,
        "features": LiteRTRecognizer(tflite_path).feature_size,
        "max_feature_difference": feature_difference,
    }
    temporary = card_path.with_name(card_path.name + ".tmp")
    temporary.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    temporary.replace(card_path)
    return card_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.export",
        description="Export a .keras model to LiteRT with its features as a second output, "
        "and check that the export agrees with the Keras model.",
    )
    parser.add_argument("keras_file", type=Path, metavar="KERAS_FILE")
    parser.add_argument("tflite_file", type=Path, metavar="TFLITE_FILE")
    parser.add_argument(
        "--check-data", metavar="DIR", help="MNIST folder for the check (default: from the env)"
    )
    args = parser.parse_args(argv)
    from digitpad.errors import ModelError
    from digitpad.reader.keras_digit_model import KerasRecognizer

    try:
        model = KerasRecognizer(args.keras_file).model
    except ModelError as error:
        print(f"training.export: {error}", file=sys.stderr)
        return 2
    name, arrays = check_arrays(args.check_data)
    # Written beside the target and checked before it replaces the old file.
    args.tflite_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tflite_file.parent) as scratch:
        candidate = Path(scratch) / args.tflite_file.name
        to_tflite(model, candidate)
        try:
            agreement = check_agreement(args.keras_file, candidate, arrays)
            difference = check_features(args.keras_file, candidate, arrays)
        except RuntimeError as error:
            print(f"training.export: {error}; {args.tflite_file} left as it was", file=sys.stderr)
            return 1
        candidate.replace(args.tflite_file)
    card = update_card(args.tflite_file, agreement, difference)
    if card is not None:
        print(f"updated the export figures in {card}")
    print(
        f"wrote {args.tflite_file} ({args.tflite_file.stat().st_size:,} bytes): "
        f"on {agreement['count']:,} {name}, argmax agreement {agreement['argmax_agreement']:.4%}, "
        f"max probability difference {agreement['max_probability_difference']:.2e}, "
        f"max feature difference {difference:.2e}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
