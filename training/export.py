"""Keras -> LiteRT export, checked: the exported model must predict what the Keras model does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np


def to_tflite(model: keras.Model, path: Path) -> bytes:
    """Convert to a float32 ``.tflite`` (dynamic batch dimension) with Keras' own LiteRT export.

    (A hand-made ``tf.function`` + ``from_concrete_functions`` export silently
    produced NaNs here with Keras 3: the variables were not captured.)
    """
    model.export(str(path), format="litert", verbose=False)
    return path.read_bytes()


def check_agreement(keras_path: Path, tflite_path: Path, arrays: np.ndarray) -> dict[str, Any]:
    """Run both saved models on ``arrays`` through digitpad's own runtimes.

    The files are checked, not the model in memory: what ships is what agrees.
    """
    from digitpad.inference import KerasRecognizer, LiteRTRecognizer

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
