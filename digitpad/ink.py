"""Ink: a drawing kept as vectors, and its ``*.ink.json`` file format.

A drawing is kept as strokes rather than pixels so that the recognizer can
re-render it at the scale and stroke width the model expects, whatever the
size of the pad or the pen it was drawn with. Pure Python + numpy: no Qt.

File format::

    {"width": W, "height": H, "strokes": [[[x, y], [x, y, pressure], ...], ...]}

``width``/``height`` (the pad size) are optional; y grows downward.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitpad.errors import InputError

INK_SUFFIX = ".ink.json"
#: An ink file larger than this is refused before parsing; real drawings are a few KB.
MAX_INK_FILE_BYTES = 16 * 1024 * 1024
#: More points than any hand-drawn digit has; guards against pathological files.
MAX_INK_POINTS = 1_000_000
#: Coordinates beyond this are not from any pad or tablet; refusing them keeps the
#: arithmetic of rendering (spans, scales) finite.
MAX_COORDINATE = 1e9


@dataclass(frozen=True)
class Ink:
    """Strokes of a drawing: each an ``(n, 2)`` or ``(n, 3)`` float array (x, y[, pressure])."""

    strokes: tuple[np.ndarray, ...] = ()
    width: float | None = None
    height: float | None = None
    _points: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        xy = [s[:, :2] for s in self.strokes if len(s)]
        points = np.concatenate(xy) if xy else np.zeros((0, 2))
        object.__setattr__(self, "_points", points)

    @classmethod
    def from_lists(
        cls,
        strokes: Iterable[Iterable[Sequence[float]]],
        width: float | None = None,
        height: float | None = None,
    ) -> Ink:
        """Build ink from nested lists, checking every point; raises :class:`InputError`."""
        arrays = []
        total = 0
        for index, stroke in enumerate(strokes):
            array = _stroke_array(stroke, index)
            total += len(array)
            if total > MAX_INK_POINTS:
                raise InputError(f"The drawing has more than {MAX_INK_POINTS:,} points.")
            if len(array):
                arrays.append(array)
        return cls(tuple(arrays), _size(width, "width"), _size(height, "height"))

    @property
    def points(self) -> np.ndarray:
        """All (x, y) points of all strokes, shape ``(n, 2)``."""
        return self._points

    @property
    def is_empty(self) -> bool:
        return len(self._points) == 0

    def to_lists(self) -> list[list[list[float]]]:
        return [[[float(v) for v in point] for point in stroke] for stroke in self.strokes]

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.width is not None:
            data["width"] = self.width
        if self.height is not None:
            data["height"] = self.height
        data["strokes"] = self.to_lists()
        return data


def _size(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InputError(f"The ink's {name} must be a positive number.")
    if not math.isfinite(value):
        raise InputError(f"The ink's {name} must be a finite number.")
    return float(value)


def _stroke_array(stroke: object, index: int) -> np.ndarray:
    if not isinstance(stroke, (list, tuple, np.ndarray)):
        raise InputError(f"Stroke {index + 1} is not a list of points.")
    if len(stroke) == 0:
        return np.zeros((0, 2))
    lengths = set()
    for point in stroke:
        if not isinstance(point, (list, tuple, np.ndarray)) or len(point) not in (2, 3):
            raise InputError(
                f"Stroke {index + 1} has a point that is not [x, y] or [x, y, pressure]."
            )
        if any(
            isinstance(v, (bool, str)) or not isinstance(v, (int, float, np.number)) for v in point
        ):
            raise InputError(f"Stroke {index + 1} has a point with a value that is not a number.")
        lengths.add(len(point))
    if len(lengths) > 1:
        # Pressure on some points only: keep the geometry, drop the partial pressure.
        array = np.array([list(p)[:2] for p in stroke], dtype=np.float64)
    else:
        array = np.array(stroke, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise InputError(f"Stroke {index + 1} has a point that is not a finite number.")
    if np.any(np.abs(array[:, :2]) > MAX_COORDINATE):
        raise InputError(f"Stroke {index + 1} has a point too far out (beyond {MAX_COORDINATE:g}).")
    return array


def ink_from_json(data: object) -> Ink:
    """Parse the decoded JSON of an ink file; raises :class:`InputError` with the reason."""
    if isinstance(data, list):
        data = {"strokes": data}
    if not isinstance(data, dict):
        raise InputError("The ink file does not hold an object with a list of strokes.")
    strokes = data.get("strokes")
    if not isinstance(strokes, list):
        raise InputError('The ink file has no "strokes" list.')
    return Ink.from_lists(strokes, data.get("width"), data.get("height"))


def load_ink(path: str | Path) -> Ink:
    """Read an ``*.ink.json`` file; every failure is an :class:`InputError` in plain words."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INK_FILE_BYTES:
            raise InputError(f"The ink file is too large ({size / 1e6:.0f} MB).")
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError("The file does not exist.") from None
    except IsADirectoryError:
        raise InputError("That is a folder, not an ink file.") from None
    except PermissionError:
        raise InputError("Permission denied: the file cannot be read.") from None
    except UnicodeDecodeError:
        raise InputError("The ink file is not text (UTF-8 JSON expected).") from None
    except OSError as error:
        raise InputError(f"The file cannot be read ({error.strerror or error}).") from None
    if not text.strip():
        raise InputError("The ink file is empty.")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(
            f"The ink file is not valid JSON ({getattr(error, 'msg', error)})."
        ) from None
    return ink_from_json(data)


def save_ink(ink: Ink, path: str | Path) -> None:
    """Write ink as ``*.ink.json`` (compact, one file)."""
    Path(path).write_text(json.dumps(ink.to_json(), separators=(",", ":")), encoding="utf-8")


def is_ink_path(path: str | Path) -> bool:
    return str(path).lower().endswith(INK_SUFFIX)
