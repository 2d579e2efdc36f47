"""Running the digit model: LiteRT at run time, Keras optionally for checks.

The app ships ``models/digitpad.tflite`` and runs it with LiteRT
(``ai-edge-litert``): about 0.1 ms a prediction and no TensorFlow to start or
package. The ``.keras`` file is the source of truth; :class:`KerasRecognizer`
runs it when TensorFlow is installed, which is how the tests check that the
export agrees with it. No Qt here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from digitpad.errors import ModelError
from digitpad.quiet import native_log_lines_held
from digitpad.resources import keras_model_path, model_card_path, model_path

Runtime = Literal["litert", "keras"]
INPUT_SHAPE = (28, 28)
#: The digits 0-9 are columns 0-9 of every answer.
DIGIT_CLASSES = 10
#: Column 10: "not a digit" (a letter, a doodle, a piece of a digit, two digits).
NOT_A_DIGIT = 10
CLASSES = 11


class Recognizer(Protocol):
    """Anything that maps 28x28 arrays to ten class probabilities."""

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        """``(n, 28, 28)`` float32 in [0, 1] -> ``(n, 11)`` probabilities (digits, not a digit)."""
        ...

    def predict(self, array: np.ndarray) -> np.ndarray:
        """``(28, 28)`` -> ``(11,)`` probabilities."""
        ...


def _as_batch(arrays: np.ndarray) -> np.ndarray:
    batch = np.asarray(arrays, dtype=np.float32)
    if batch.ndim == 2:
        batch = batch[None]
    if batch.ndim == 4 and batch.shape[-1] == 1:
        batch = batch[..., 0]
    if batch.ndim != 3 or batch.shape[1:] != INPUT_SHAPE:
        raise ValueError(f"expected (n, 28, 28) arrays, got shape {np.shape(arrays)}")
    return batch[..., None]


def _with_refusal_column(probabilities: np.ndarray) -> np.ndarray:
    """Eleven columns: a ten-class model (the first release's) never says "not a digit"."""
    if probabilities.shape[-1] == CLASSES:
        return probabilities
    pad = [(0, 0)] * (probabilities.ndim - 1) + [(0, CLASSES - probabilities.shape[-1])]
    return np.pad(probabilities, pad)


class LiteRTRecognizer:
    """The bundled ``.tflite`` model run by LiteRT's interpreter.

    Not thread-safe: use one instance from one thread at a time (the window
    loads it in the background, then uses it on the GUI thread only).
    """

    #: Batches are run in chunks of this size, so a large batch does not
    #: allocate one huge input tensor.
    CHUNK = 256

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else model_path()
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as error:  # pragma: no cover - a broken install
            raise ModelError(f"The LiteRT runtime is not installed ({error}).") from None
        content = _read_model(self.path)
        try:
            with native_log_lines_held():  # LiteRT's "INFO: Created ... delegate" line
                self._interpreter = Interpreter(model_content=content, num_threads=1)
                self._interpreter.allocate_tensors()
        except (ValueError, RuntimeError) as error:
            raise ModelError(
                f"The model file {self.path.name} is damaged or not a LiteRT model."
            ) from error
        inputs = self._interpreter.get_input_details()
        outputs = self._interpreter.get_output_details()
        classes = list(outputs[0]["shape"][-1:]) if len(outputs) == 1 else []
        if len(inputs) != 1 or classes not in ([CLASSES], [DIGIT_CLASSES]):
            raise ModelError(f"The model file {self.path.name} is not a digit model (wrong shape).")
        self._input = inputs[0]["index"]
        self._output = outputs[0]["index"]
        self._batch = int(inputs[0]["shape"][0])
        #: The classes the model file itself answers: 11, or 10 for a model of the first
        #: release, which never says "not a digit" (its answers get a zero column).
        self.model_classes = classes[0]

    def _run(self, batch: np.ndarray) -> np.ndarray:
        if batch.shape[0] != self._batch:
            self._interpreter.resize_tensor_input(self._input, list(batch.shape))
            self._interpreter.allocate_tensors()
            self._batch = batch.shape[0]
        self._interpreter.set_tensor(self._input, batch)
        self._interpreter.invoke()
        output = np.array(self._interpreter.get_tensor(self._output), dtype=np.float32)
        return _with_refusal_column(output)

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        batch = _as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32)
        parts = [self._run(batch[i : i + self.CHUNK]) for i in range(0, len(batch), self.CHUNK)]
        return np.concatenate(parts)

    def predict(self, array: np.ndarray) -> np.ndarray:
        return self._run(_as_batch(array))[0]


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
        batch = _as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32)
        # Calling the model directly avoids predict()'s per-call overhead.
        probabilities = np.concatenate(
            [
                np.asarray(self._model(batch[i : i + 1024], training=False))
                for i in range(0, len(batch), 1024)
            ]
        ).astype(np.float32)
        return _with_refusal_column(probabilities)

    def predict(self, array: np.ndarray) -> np.ndarray:
        return self.predict_batch(array)[0]


def _read_model(path: Path) -> bytes:
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"The model file is missing ({path}).") from None
    except IsADirectoryError:
        raise ModelError(f"The model path is a folder, not a file ({path}).") from None
    except OSError as error:
        raise ModelError(f"The model file cannot be read ({error.strerror or error}).") from None
    except ValueError:  # e.g. a NUL byte in the path
        raise ModelError(f"The model path is not a valid file name ({path!r}).") from None
    if not content:
        raise ModelError(f"The model file is empty ({path}).")
    return content


def load_recognizer(path: str | Path | None = None, runtime: Runtime = "litert") -> Recognizer:
    """Load the model for ``runtime``; raises :class:`ModelError` in plain words."""
    if runtime == "litert":
        return LiteRTRecognizer(path)
    if runtime == "keras":
        return KerasRecognizer(path)
    raise ValueError(f"unknown runtime {runtime!r}")


def load_model_card(path: str | Path | None = None) -> dict[str, Any]:
    """The model card (how the model was made, what it scored); empty if missing."""
    try:
        data = json.loads(Path(path or model_card_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
