"""Running the digit model: LiteRT at run time, Keras optionally for checks.

The app ships ``models/digitpad.tflite`` and runs it with LiteRT
(``ai-edge-litert``): about 0.1 ms a prediction and no TensorFlow to start or
package. The ``.keras`` file is the source of truth;
:class:`~digitpad.reader.keras_digit_model.KerasRecognizer` runs it when
TensorFlow is installed, which is how the tests check that the export agrees
with it. No Qt, no Keras here.

A model file exported by ``python -m training.export`` has a second output,
the penultimate layer's activations ("features"): the personal profile
(:mod:`digitpad.handwriting_profile`) finds the person's taught examples nearest to a
drawing there. A file with the probabilities alone still reads digits; it
only cannot give features (:class:`NoFeaturesError`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from digitpad.errors import ModelError
from digitpad.quiet import native_log_lines_held
from digitpad.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file
from digitpad.resources import model_card_path, model_path
from digitpad.results import CLASSES, DIGIT_CLASSES

Runtime = Literal["litert", "keras"]
INPUT_SHAPE = (28, 28)
#: LiteRT's threads per model: two halve a cheque's batch of ~25 candidate digits (7.3 ms ->
#: 3.5 ms on two idle cores) and a single digit (0.27 -> 0.16 ms), with the same outputs to
#: the bit; four on two cores are slower again (4.2 ms), so never more than the cores.
THREADS = max(1, min(2, os.cpu_count() or 1))
#: A model file larger than this is not read (the bundled one is under 2 MB).
MAX_MODEL_BYTES = 256 * 1024 * 1024


class Recognizer(Protocol):
    """Anything that maps 28x28 arrays to ten class probabilities."""

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        """``(n, 28, 28)`` float32 in [0, 1] -> ``(n, 11)`` probabilities (digits, not a digit)."""
        ...

    def predict(self, array: np.ndarray) -> np.ndarray:
        """``(28, 28)`` -> ``(11,)`` probabilities."""
        ...


class FeatureRecognizer(Recognizer, Protocol):
    """A recognizer that also gives the penultimate layer's activations."""

    #: Length of one feature vector (0 when the model gives none).
    feature_size: int

    @property
    def has_features(self) -> bool:
        """False for a model file exported without features: the other methods then raise."""
        ...

    def predict_with_features(self, arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(n, 28, 28)`` -> ``(n, 11)`` probabilities and ``(n, feature_size)`` features."""
        ...

    def features_batch(self, arrays: np.ndarray) -> np.ndarray:
        """``(n, 28, 28)`` -> ``(n, feature_size)`` features."""
        ...


class NoFeaturesError(ModelError):
    """The model file answers probabilities only: exported before features were."""


def _no_features(path: Path) -> NoFeaturesError:
    return NoFeaturesError(
        f"The model file {path.name} gives no features (it was exported without them), "
        "so your handwriting profile cannot be used with it: export it again with "
        "`python -m training.export`."
    )


def as_batch(arrays: np.ndarray) -> np.ndarray:
    batch = np.asarray(arrays, dtype=np.float32)
    if batch.ndim == 2:
        batch = batch[None]
    if batch.ndim == 4 and batch.shape[-1] == 1:
        batch = batch[..., 0]
    if batch.ndim != 3 or batch.shape[1:] != INPUT_SHAPE:
        raise ValueError(f"expected (n, 28, 28) arrays, got shape {np.shape(arrays)}")
    return batch[..., None]


def with_refusal_column(probabilities: np.ndarray) -> np.ndarray:
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
        self._interpreter = open_interpreter(self.path)
        inputs = self._interpreter.get_input_details()
        outputs = self._interpreter.get_output_details()
        probabilities, features = _split_outputs(outputs)
        if len(inputs) != 1 or probabilities is None:
            raise ModelError(f"The model file {self.path.name} is not a digit model (wrong shape).")
        self._input = inputs[0]["index"]
        self._output = int(probabilities["index"])
        self._features = None if features is None else int(features["index"])
        self._batch = int(inputs[0]["shape"][0])
        #: The classes the model file itself answers: 11, or 10 for a model of the first
        #: release, which never says "not a digit" (its answers get a zero column).
        self.model_classes = int(probabilities["shape"][-1])
        #: Length of a feature vector; 0 for a file without features (see has_features).
        self.feature_size = 0 if features is None else int(features["shape"][-1])

    @property
    def has_features(self) -> bool:
        """True when the file gives features (exported by ``python -m training.export``)."""
        return self._features is not None

    def _invoke(self, batch: np.ndarray) -> None:
        if batch.shape[0] != self._batch:
            self._interpreter.resize_tensor_input(self._input, list(batch.shape))
            self._interpreter.allocate_tensors()
            self._batch = batch.shape[0]
        self._interpreter.set_tensor(self._input, batch)
        self._interpreter.invoke()

    def _run(self, batch: np.ndarray) -> np.ndarray:
        self._invoke(batch)
        output = np.array(self._interpreter.get_tensor(self._output), dtype=np.float32)
        return with_refusal_column(self._checked(output))

    def _run_both(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert self._features is not None  # checked by the callers
        self._invoke(batch)
        output = np.array(self._interpreter.get_tensor(self._output), dtype=np.float32)
        features = np.array(self._interpreter.get_tensor(self._features), dtype=np.float32)
        return with_refusal_column(self._checked(output)), self._checked(features)

    def _checked(self, output: np.ndarray) -> np.ndarray:
        """A model whose weights were damaged answers NaN or infinity: it cannot be used."""
        if not np.all(np.isfinite(output)):
            raise ModelError(
                f"The model file {self.path.name} is damaged: its answers are not numbers."
            )
        return output

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        batch = as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32)
        parts = [self._run(batch[i : i + self.CHUNK]) for i in range(0, len(batch), self.CHUNK)]
        return np.concatenate(parts)

    def predict(self, array: np.ndarray) -> np.ndarray:
        result: np.ndarray = self._run(as_batch(array))[0]
        return result

    def predict_with_features(self, arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities ``(n, 11)`` and features ``(n, feature_size)`` from one run of the model.

        Raises :class:`NoFeaturesError` for a file without features.
        """
        batch = as_batch(arrays)
        if self._features is None:
            raise _no_features(self.path)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32), np.zeros((0, self.feature_size), np.float32)
        parts = [
            self._run_both(batch[i : i + self.CHUNK]) for i in range(0, len(batch), self.CHUNK)
        ]
        return np.concatenate([p for p, _ in parts]), np.concatenate([f for _, f in parts])

    def features_batch(self, arrays: np.ndarray) -> np.ndarray:
        """The penultimate layer's activations, ``(n, feature_size)``; see :meth:`predict_with_features`."""
        return self.predict_with_features(arrays)[1]


def _split_outputs(
    outputs: list[dict[str, Any]],
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(probabilities, features) among a model file's outputs, told apart by shape.

    LiteRT does not keep the order the outputs were exported in: the
    probabilities are the ``(n, 10)`` or ``(n, 11)`` output, the features the
    other ``(n, k)`` one. Anything else (three outputs, two of ten columns) is
    no digit model: (None, None).
    """
    if not 1 <= len(outputs) <= 2 or any(len(o["shape"]) != 2 for o in outputs):
        return None, None
    answers = [o for o in outputs if int(o["shape"][-1]) in (CLASSES, DIGIT_CLASSES)]
    if len(answers) != 1:
        return None, None
    others = [o for o in outputs if o is not answers[0]]
    return answers[0], (others[0] if others else None)


def open_interpreter(path: Path) -> Any:
    """A LiteRT interpreter for the model file at ``path``, its tensors allocated (THREADS)."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as error:  # pragma: no cover - a broken install
        raise ModelError(f"The LiteRT runtime is not installed ({error}).") from None
    content = _read_model(path)
    try:
        with native_log_lines_held():  # LiteRT's "INFO: Created ... delegate" line
            interpreter = Interpreter(model_content=content, num_threads=THREADS)
            interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"The model file {path.name} is damaged or not a LiteRT model.") from error
    return interpreter


def _read_model(path: Path) -> bytes:
    try:
        content = read_regular_file(path, MAX_MODEL_BYTES)
    except NotRegularFileError as error:
        raise ModelError(f"The model path is {error.what}, not a file ({path}).") from None
    except FileTooLargeError as error:
        raise ModelError(
            f"The model file is too large to be a digit model ({error.size / 1e6:.0f} MB)."
        ) from None
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
        from digitpad.reader.keras_digit_model import KerasRecognizer

        return KerasRecognizer(path)
    raise ValueError(f"unknown runtime {runtime!r}")


def load_model_card(path: str | Path | None = None) -> dict[str, Any]:
    """The model card (how the model was made, what it scored); empty if missing."""
    try:
        data = json.loads(Path(path or model_card_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
