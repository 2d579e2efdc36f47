"""The bundled line model, run by LiteRT: a picture's row of ink in, per-frame log-probabilities out.

See :mod:`digitpad.reader.line_input` for what it reads and how the number reader uses
it. No Qt, no TensorFlow.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from digitpad.errors import ModelError
from digitpad.reader.ctc import BLANK, log_softmax
from digitpad.reader.digit_model import open_interpreter
from digitpad.reader.line_input import FRAMES, LINE_HEIGHT, LINE_WIDTH
from digitpad.resources import line_model_path

_log = logging.getLogger(__name__)

#: Its outputs: "no digit" (column BLANK) and the ten digits.
LINE_CLASSES = 11


class LineModel:
    """The line model file at ``path`` (default: the bundled one).

    Not thread-safe, like :class:`digitpad.reader.digit_model.LiteRTRecognizer`.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else line_model_path()
        self._interpreter = open_interpreter(self.path)
        inputs = self._interpreter.get_input_details()
        outputs = self._interpreter.get_output_details()
        expected_in = [1, LINE_HEIGHT, LINE_WIDTH, 1]
        expected_out = [1, FRAMES, LINE_CLASSES]
        if (
            len(inputs) != 1
            or len(outputs) != 1
            or list(inputs[0]["shape"]) != expected_in
            or list(outputs[0]["shape"]) != expected_out
        ):
            raise ModelError(f"The model file {self.path.name} is not a line model (wrong shape).")
        self._input = inputs[0]["index"]
        self._output = outputs[0]["index"]

    def log_probabilities(self, line: np.ndarray) -> np.ndarray:
        """(FRAMES, 11) log-probabilities, column BLANK first, for one ``line_array``."""
        batch = np.asarray(line, np.float32).reshape(1, LINE_HEIGHT, LINE_WIDTH, 1)
        self._interpreter.set_tensor(self._input, batch)
        self._interpreter.invoke()
        return log_softmax(self._interpreter.get_tensor(self._output)[0].astype(np.float64))


def load_bundled_line_model() -> LineModel | None:
    """The bundled line model; None when this install has none.

    Numbers in pictures are then read by cutting alone, as before the line
    model existed. A damaged file is a :class:`ModelError`, as for the digit model.
    A :class:`~digitpad.reader.pipeline.Reader` loads it once, when it first
    reads a number in a picture.
    """
    path = line_model_path()
    if not path.is_file():
        _log.warning("No line model at %s: numbers in pictures are read by cutting alone.", path)
        return None
    return LineModel(path)


__all__ = ["BLANK", "LINE_CLASSES", "LineModel", "load_bundled_line_model"]
