"""The pad's stroke history, without a window."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.preprocess import ink_to_array
from digitpad.stroke_history import StrokeHistory


def draw(history: StrokeHistory, *points: tuple[float, ...], size=(200.0, 100.0)) -> None:
    history.begin_stroke(points[0], size)
    for point in points[1:]:
        history.add_point(point)
    history.end_stroke()


def test_new_history_is_empty_and_cannot_undo_or_redo() -> None:
    history = StrokeHistory()
    assert history.is_empty
    assert not history.can_undo
    assert not history.can_redo
    assert history.to_ink().is_empty
    assert not history.undo()
    assert not history.redo()
    assert not history.clear()


def test_stroke_in_progress_is_in_the_ink_but_not_in_the_history() -> None:
    history = StrokeHistory()
    history.begin_stroke((10, 10), (200, 100))
    history.add_point((20, 30))
    assert not history.is_empty
    assert history.strokes == ()
    assert not history.can_undo
    ink = history.to_ink()
    assert len(ink.strokes) == 1
    np.testing.assert_allclose(ink.strokes[0], [[10, 10], [20, 30]])
    assert (ink.width, ink.height) == (200.0, 100.0)
    assert history.end_stroke() == ((10.0, 10.0), (20.0, 30.0))
    assert history.can_undo
    assert len(history.strokes) == 1


def test_repeated_points_are_dropped() -> None:
    history = StrokeHistory()
    history.begin_stroke((1, 1))
    assert not history.add_point((1, 1))
    assert history.add_point((2, 1))
    assert not history.add_point((2, 1, 0.5))
    assert history.current == ((1.0, 1.0), (2.0, 1.0))


def test_undo_redo_walks_back_and_forth_and_new_stroke_drops_redo() -> None:
    history = StrokeHistory()
    draw(history, (0, 0), (10, 10))
    draw(history, (10, 0), (0, 10))
    assert len(history.strokes) == 2
    assert history.undo()
    assert len(history.strokes) == 1
    assert history.can_redo
    assert history.undo()
    assert history.is_empty
    assert not history.can_undo
    assert history.can_redo
    assert history.redo()
    assert len(history.strokes) == 1
    draw(history, (5, 5), (6, 6))
    assert not history.can_redo
    assert len(history.strokes) == 2


def test_clear_is_undoable_and_keeps_the_drawing_size() -> None:
    history = StrokeHistory()
    draw(history, (0, 0), (10, 10), size=(300, 150))
    assert history.clear()
    assert history.is_empty
    assert history.can_undo
    assert not history.clear()  # nothing left: no extra undo step
    assert history.undo()
    assert len(history.strokes) == 1
    assert (history.drawing.width, history.drawing.height) == (300.0, 150.0)


def test_undo_while_drawing_drops_the_stroke_in_progress_first() -> None:
    history = StrokeHistory()
    draw(history, (0, 0), (10, 10))
    history.begin_stroke((3, 3))
    history.add_point((4, 4))
    assert history.undo()
    assert history.is_empty
    assert not history.is_drawing


def test_replace_puts_an_opened_drawing_in_place_undoably() -> None:
    history = StrokeHistory()
    draw(history, (0, 0), (10, 10))
    history.replace([[(1, 2, 0.5), (3, 4, 0.7)], []], 50, 60)
    assert history.strokes == (((1.0, 2.0, 0.5), (3.0, 4.0, 0.7)),)
    assert (history.drawing.width, history.drawing.height) == (50, 60)
    assert history.undo()
    assert history.strokes == (((0.0, 0.0), (10.0, 10.0)),)


def test_undo_limit_drops_the_oldest_steps() -> None:
    history = StrokeHistory(limit=3)
    for index in range(5):
        draw(history, (index, 0), (index, 10))
    assert sum(history.undo() for _ in range(10)) == 3
    assert len(history.strokes) == 2


def test_size_is_taken_from_the_first_stroke_only() -> None:
    history = StrokeHistory()
    draw(history, (0, 0), (1, 1), size=(100, 100))
    draw(history, (0, 0), (1, 1), size=(400, 400))
    assert (history.drawing.width, history.drawing.height) == (100.0, 100.0)


def test_bad_point_is_refused() -> None:
    history = StrokeHistory()
    with pytest.raises(ValueError, match="a point is"):
        history.begin_stroke((1.0,))


def test_history_ink_feeds_the_preprocessing() -> None:
    history = StrokeHistory()
    draw(history, (50, 10), (50, 90))
    array = ink_to_array(history.to_ink())
    assert array.shape == (28, 28)
    # A vertical bar: ink in the middle columns, none at the sides.
    assert array[:, 12:16].sum() > 10 * array[:, :8].sum()
