"""Ink: a drawing kept as vectors, and its ``*.ink.json`` file format.

A drawing is kept as strokes rather than pixels so that the recognizer can
re-render it at the scale and stroke width the model expects, whatever the
size of the pad or the pen it was drawn with. Pure Python + numpy: no Qt.

File format::

    {"width": W, "height": H, "strokes": [[[x, y], [x, y, pressure], ...], ...]}

``width``/``height`` (the pad size) are optional; y grows downward. A file
may start with a UTF-8 byte-order mark (some editors on Windows write one).

Limits (:data:`MAX_INK_FILE_BYTES`, :data:`MAX_INK_POINTS`,
:data:`MAX_INK_STROKES`, :data:`MAX_NUMBER_TEXT`) bound the work of reading
any ink file, and of every example kept in the profile, to well under a
second: numbers are parsed from at most a few dozen characters, so a
5,000-digit coordinate is refused instead of being turned into a huge integer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np

from digitpad.errors import InputError
from digitpad.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file

INK_SUFFIX = ".ink.json"
#: An ink file larger than this is refused before parsing; real drawings are a few KB,
#: and MAX_INK_POINTS points written out at full float precision take about 1 MB.
MAX_INK_FILE_BYTES = 2 * 1024 * 1024
#: More points than a drawing has (a number written slowly on the pad has a few
#: thousand); together with MAX_INK_STROKES it bounds the work of reading one ink,
#: the worst accepted one included, to well under a second (docs/usage.md).
MAX_INK_POINTS = 20_000
#: More strokes than any hand-written number has: each stroke costs the renderer
#: and the number reader a pass of its own.
MAX_INK_STROKES = 500
#: A number in an ink file written with more characters than this is not a
#: coordinate (17 significant digits, a sign, a point and an exponent suffice).
MAX_NUMBER_TEXT = 40
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
        *,
        bounded: bool = True,
    ) -> Ink:
        """Build ink from nested lists, checking every point; raises :class:`InputError`.

        ``bounded``: at most :data:`MAX_INK_STROKES` strokes and :data:`MAX_INK_POINTS`
        points, as for a file. The pad's own drawing (``bounded=False``) is not refused
        for its length: it is the person's hand, however long they draw.
        """
        arrays = []
        total = 0
        for index, stroke in enumerate(strokes):
            if bounded and index >= MAX_INK_STROKES:
                raise InputError(f"The drawing has more than {MAX_INK_STROKES:,} strokes.")
            if (
                bounded
                and isinstance(stroke, (list, tuple))
                and total + len(stroke) > MAX_INK_POINTS
            ):
                raise InputError(f"The drawing has more than {MAX_INK_POINTS:,} points.")
            array = _stroke_array(stroke, index)
            total += len(array)
            if bounded and total > MAX_INK_POINTS:
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
    if isinstance(value, int) and value > MAX_COORDINATE:
        value = math.inf  # a huge integer does not fit a float: it is out of range
    if not math.isfinite(value) or value > MAX_COORDINATE:
        raise InputError(f"The ink's {name} must be a finite number.")
    return float(value)


def _stroke_array(stroke: object, index: int) -> np.ndarray:
    if not isinstance(stroke, (list, tuple, np.ndarray)):
        raise InputError(f"Stroke {index + 1} is not a list of points.")
    if len(stroke) == 0:
        return np.zeros((0, 2))
    array = _plain_points(stroke)
    if array is None:
        array = _checked_points(stroke, index)
    if not np.all(np.isfinite(array)):
        raise InputError(f"Stroke {index + 1} has a point that is not a finite number.")
    if np.any(np.abs(array[:, :2]) > MAX_COORDINATE):
        raise InputError(f"Stroke {index + 1} has a point too far out (beyond {MAX_COORDINATE:g}).")
    return array


#: What a point of JSON ink is made of; anything else takes the slow, itemised path.
_PLAIN_POINT_TYPES = frozenset({list, tuple})
_PLAIN_VALUE_TYPES = frozenset({int, float})


def _plain_points(stroke: list[object] | tuple[object, ...] | np.ndarray) -> np.ndarray | None:
    """The points as an array when the stroke is the usual JSON (lists of 2 or of 3 ints and
    floats, huge ints excepted); None for anything else, which :func:`_checked_points` explains.

    Checks by the set of types and lengths (C loops), not point by point in Python: the
    profile's drawings are read by every command, 400,000 points in a fifth of a second.
    """
    if isinstance(stroke, np.ndarray) or {type(p) for p in stroke} - _PLAIN_POINT_TYPES:
        return None
    points = cast("list[list[object]]", stroke)
    lengths = {len(p) for p in points}
    if len(lengths) != 1 or not lengths <= {2, 3}:
        return None
    if {type(v) for p in points for v in p} - _PLAIN_VALUE_TYPES:
        return None
    try:
        return np.array(points, dtype=np.float64)
    except OverflowError:  # an int beyond float: the slow path says where
        return None


def _checked_points(
    stroke: list[object] | tuple[object, ...] | np.ndarray, index: int
) -> np.ndarray:
    """Each point checked in turn, for the plain-words reason of the first bad one."""
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
        if any(isinstance(v, int) and abs(v) > MAX_COORDINATE for v in point):
            raise InputError(
                f"Stroke {index + 1} has a point too far out (beyond {MAX_COORDINATE:g})."
            )
        lengths.add(len(point))
    if len(lengths) > 1:
        # Pressure on some points only: keep the geometry, drop the partial pressure.
        return np.array([list(cast("Sequence[float]", p))[:2] for p in stroke], dtype=np.float64)
    return np.array(stroke, dtype=np.float64)


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


class NumberOutOfRangeError(ValueError):
    """A number in JSON text that no drawing holds: too many characters, NaN or Infinity."""


def loads_bounded(text: str, too_long: float | None = None) -> object:
    """``json.loads`` where every integer is written in at most :data:`MAX_NUMBER_TEXT` digits.

    Python turns a 400-digit integer into an int that overflows numpy, and
    refuses a 5,000-digit one with an error of its own (its limit on
    converting long digit strings, after quadratic work). Here a longer
    integer is a :class:`NumberOutOfRangeError` (a ``ValueError``), or the
    value ``too_long`` when one is given (the profile reads it as infinity, so
    that only the example holding it is damaged), before it is converted.
    Floats keep the C parser (a hook costs a Python call a number): a long one
    is only a precise float, or infinity, which the checks for finite numbers
    refuse. Invalid JSON is ``json.JSONDecodeError``, too deep nesting
    ``RecursionError``.
    """

    def integer(digits: str) -> float:
        if len(digits) <= MAX_NUMBER_TEXT:
            return int(digits)
        if too_long is None:
            raise NumberOutOfRangeError(f"a number of {len(digits):,} characters")
        return too_long

    return json.loads(text, parse_int=integer)


def ink_from_text(text: str) -> Ink:
    """Parse the text of an ink file (a UTF-8 byte-order mark allowed); raises :class:`InputError`."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("The ink file is empty.")
    try:
        data = loads_bounded(text)
    except NumberOutOfRangeError as error:
        raise InputError(f"The ink file holds a number out of range ({error}).") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(
            f"The ink file is not valid JSON ({getattr(error, 'msg', error)})."
        ) from None
    return ink_from_json(data)


def load_ink(path: str | Path) -> Ink:
    """Read an ``*.ink.json`` file; every failure is an :class:`InputError` in plain words."""
    try:
        text = read_regular_file(path, MAX_INK_FILE_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise InputError("The file does not exist.") from None
    except IsADirectoryError:
        raise InputError("That is a folder, not an ink file.") from None
    except PermissionError:
        raise InputError("Permission denied: the file cannot be read.") from None
    except NotRegularFileError as error:
        raise InputError(f"This is {error.what}, not an ink file.") from None
    except FileTooLargeError as error:
        raise InputError(
            f"The ink file is too large ({error.size:,} bytes; the limit is {error.limit:,})."
        ) from None
    except UnicodeDecodeError:
        raise InputError("The ink file is not text (UTF-8 JSON expected).") from None
    except OSError as error:
        raise InputError(f"The file cannot be read ({error.strerror or error}).") from None
    except ValueError:  # a NUL byte in the name
        raise InputError("The file name is not valid.") from None
    return ink_from_text(text)


def save_ink(ink: Ink, path: str | Path) -> None:
    """Write ink as ``*.ink.json`` (compact, one file)."""
    Path(path).write_text(json.dumps(ink.to_json(), separators=(",", ":")), encoding="utf-8")


def is_ink_path(path: str | Path) -> bool:
    return str(path).lower().endswith(INK_SUFFIX)
