"""The drawing pad's strokes and their undo/redo history, without Qt.

Kept apart from the widget so that what "undo", "clear" or "open an ink file"
do to a drawing can be tested, and reasoned about, with no window. Every
change that can be undone replaces the whole :class:`Drawing` (an immutable
value), so undo is just going back to the previous value: strokes are shared
between states, never copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digitpad.ink import Ink

#: A point is (x, y) or (x, y, pressure), in the pad's logical pixels, y down.
Point = tuple[float, ...]
Stroke = tuple[Point, ...]

#: Undo steps kept; older ones are dropped (a digit needs a handful).
UNDO_LIMIT = 500


@dataclass(frozen=True)
class Drawing:
    """Finished strokes and the size of the area they were drawn on (``None``: unknown)."""

    strokes: tuple[Stroke, ...] = ()
    width: float | None = None
    height: float | None = None

    @property
    def is_empty(self) -> bool:
        return not self.strokes


class StrokeHistory:
    """Strokes being drawn, plus undo and redo.

    A stroke in progress (:attr:`current`) is part of the ink the recognizer
    sees, so the answer can update while the pen moves, but it enters the
    undo history only when it is finished.
    """

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._drawing = Drawing()
        self._undo: list[Drawing] = []
        self._redo: list[Drawing] = []
        self._current: list[Point] | None = None
        self._limit = max(1, limit)

    # ------------------------------------------------------------------ state

    @property
    def drawing(self) -> Drawing:
        return self._drawing

    @property
    def strokes(self) -> tuple[Stroke, ...]:
        """Finished strokes (the stroke in progress is :attr:`current`)."""
        return self._drawing.strokes

    @property
    def current(self) -> Stroke | None:
        return tuple(self._current) if self._current is not None else None

    @property
    def is_drawing(self) -> bool:
        return self._current is not None

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to read: no finished stroke and none in progress."""
        return self._drawing.is_empty and not self._current

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def all_strokes(self) -> tuple[Stroke, ...]:
        """Finished strokes and, last, the one in progress."""
        if self._current:
            return (*self._drawing.strokes, tuple(self._current))
        return self._drawing.strokes

    def to_ink(self) -> Ink:
        """The drawing as the recognizer reads it, the stroke in progress included."""
        return Ink.from_lists(
            self.all_strokes(), self._drawing.width, self._drawing.height, bounded=False
        )

    # ---------------------------------------------------------------- drawing

    def begin_stroke(self, point: Sequence[float], size: tuple[float, float] | None = None) -> None:
        """Start a stroke; ``size`` is the drawing area, recorded when the drawing is empty."""
        if self._current is not None:
            self.end_stroke()
        if self._drawing.is_empty and size is not None:
            self._drawing = Drawing((), float(size[0]), float(size[1]))
        self._current = [_point(point)]

    def add_point(self, point: Sequence[float]) -> bool:
        """Extend the stroke in progress; False when there is none or the point repeats the last."""
        if self._current is None:
            return False
        new = _point(point)
        if new[:2] == self._current[-1][:2]:
            return False
        self._current.append(new)
        return True

    def end_stroke(self) -> Stroke | None:
        """Finish the stroke in progress and make it undoable; returns it (None if none)."""
        if self._current is None:
            return None
        stroke = tuple(self._current)
        self._current = None
        drawing = self._drawing
        self._commit(Drawing((*drawing.strokes, stroke), drawing.width, drawing.height))
        return stroke

    def cancel_stroke(self) -> bool:
        """Drop the stroke in progress (e.g. the pen left in a way that should not count)."""
        had = self._current is not None
        self._current = None
        return had

    # ---------------------------------------------------------------- editing

    def clear(self) -> bool:
        """Remove everything, undoably; False when there was nothing to clear."""
        self.cancel_stroke()
        if self._drawing.is_empty:
            return False
        self._commit(Drawing())
        return True

    def replace(
        self,
        strokes: Iterable[Iterable[Sequence[float]]],
        width: float | None = None,
        height: float | None = None,
    ) -> None:
        """Put another drawing in place (an opened ink file), undoably."""
        self.cancel_stroke()
        new = Drawing(tuple(tuple(_point(p) for p in s) for s in strokes), width, height)
        new = Drawing(tuple(s for s in new.strokes if s), new.width, new.height)
        self._commit(new)

    def undo(self) -> bool:
        self.cancel_stroke()
        if not self._undo:
            return False
        self._redo.append(self._drawing)
        self._drawing = self._undo.pop()
        return True

    def redo(self) -> bool:
        self.cancel_stroke()
        if not self._redo:
            return False
        self._undo.append(self._drawing)
        self._drawing = self._redo.pop()
        return True

    def _commit(self, drawing: Drawing) -> None:
        self._undo.append(self._drawing)
        if len(self._undo) > self._limit:
            del self._undo[: len(self._undo) - self._limit]
        self._redo.clear()
        self._drawing = drawing


def _point(values: Sequence[float]) -> Point:
    if len(values) not in (2, 3):
        raise ValueError(f"a point is (x, y) or (x, y, pressure), got {len(values)} values")
    return tuple(float(v) for v in values)
