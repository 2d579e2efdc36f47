"""The ``.keras`` source model run with Keras: the one app module that may import Keras.

The app reads with LiteRT (:mod:`digitpad.reader.digit_model`); this runtime
is a check, not the app: the tests compare the export with its source here,
and ``--runtime keras`` reads with it where TensorFlow is installed
(``digitpad[train]``). Keras is imported when a model is loaded, never at
import time, so the bundle never pulls it in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from digitpad.errors import ModelError
from digitpad.reader.digit_model import as_batch, with_refusal_column
from digitpad.resources import keras_model_path
from digitpad.results import CLASSES


class KerasRecognizer:
    """The ``.keras`` source model, run with Keras (needs TensorFlow: a check, not the app)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else keras_model_path()
        if not self.path.is_file():
            raise ModelError(f"The model file {self.path} does not exist.")
        try:
            import keras
        except ImportError:
            raise ModelError(
                "The Keras runtime needs TensorFlow: install digitpad[train]."
            ) from None
        try:
            self._model: Any = keras.saving.load_model(self.path, compile=False)
        except Exception as error:  # noqa: BLE001 - Keras raises many kinds
            raise ModelError(
                f"The model file {self.path.name} cannot be loaded ({error})."
            ) from None

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        batch = as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32)
        # Calling the model directly avoids predict()'s per-call overhead.
        probabilities = np.concatenate(
            [
                np.asarray(self._model(batch[i : i + 1024], training=False))
                for i in range(0, len(batch), 1024)
            ]
        ).astype(np.float32)
        return with_refusal_column(probabilities)

    def predict(self, array: np.ndarray) -> np.ndarray:
        result: np.ndarray = self.predict_batch(array)[0]
        return result

    @property
    def model(self) -> Any:
        """The loaded ``keras.Model`` (for the export)."""
        return self._model

    @property
    def feature_size(self) -> int:
        return int(self._model.layers[-1].input.shape[-1])

    @property
    def has_features(self) -> bool:
        return True

    def predict_with_features(self, arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities and the penultimate layer's activations: what the LiteRT export gives."""
        import keras

        if not hasattr(self, "_both"):
            model = self._model
            self._both = keras.Model(model.input, [model.output, model.layers[-1].input])
        batch = as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32), np.zeros((0, self.feature_size), np.float32)
        parts = [
            self._both(batch[i : i + 1024], training=False) for i in range(0, len(batch), 1024)
        ]
        probabilities = np.concatenate([np.asarray(p) for p, _ in parts]).astype(np.float32)
        features = np.concatenate([np.asarray(f) for _, f in parts]).astype(np.float32)
        return with_refusal_column(probabilities), features

    def features_batch(self, arrays: np.ndarray) -> np.ndarray:
        return self.predict_with_features(arrays)[1]
