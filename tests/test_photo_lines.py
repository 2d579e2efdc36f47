"""The line model's pool of photographed pen numbers (training/photo_lines.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from digitpad.ink import Ink
from training import photo_lines
from training.datasets import PenDigit
from training.splits import UNIPEN_HOLDOUT_SOURCES


def _pen_digit(label: int, source: str, writer: str, lean: float) -> PenDigit:
    """A pen digit of one stroke: a leaning bar with a foot (a 1's shape, whatever its label)."""
    stroke = np.array([[0.0, 0.0], [lean, 50.0], [2 * lean, 100.0], [2 * lean + 30, 100.0]])
    return PenDigit(label, source, writer, Ink((stroke,)))


def test_photographed_numbers_come_from_tuning_writers_only() -> None:
    held = sorted(UNIPEN_HOLDOUT_SOURCES)[0]
    pen = [_pen_digit(1 + i % 2, "tuning-source", "w1", i % 3) for i in range(8)]
    pen += [_pen_digit(9, held, "w2", 1) for _ in range(8)]
    writers = photo_lines.tuning_writers(pen)
    assert [{d.writer for d in digits} for digits in writers] == [{"w1"}]
    pool = photo_lines.photo_lines(writers, 3, np.random.default_rng(5))
    assert len(pool) == 3
    for ink_map, number in pool:
        assert set(number) <= {"1", "2"}
        assert 1 <= len(number) <= 6
        # The reader's ink map, cut to the writing and kept small: ink near 1, paper near 0.
        assert ink_map.shape[0] <= photo_lines.MAX_HEIGHT
        assert ink_map.max() > 0.5
        assert np.median(ink_map) < 0.2


def test_a_big_map_is_cut_to_its_ink_and_shrunk() -> None:
    ink_map = np.zeros((600, 900), np.float32)
    ink_map[100:400, 200:350] = 1.0
    small = photo_lines._small(ink_map)
    assert small is not None
    # 300 rows of ink and 2 of margin on each side, shrunk to 96 rows; the width with it.
    assert small.shape == (photo_lines.MAX_HEIGHT, round(154 * photo_lines.MAX_HEIGHT / 304))
    assert photo_lines._small(np.zeros((50, 50), np.float32)) is None


def test_a_pool_saved_is_the_pool_loaded(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    pool = [(rng.random((r, c)).astype(np.float32), n) for r, c, n in [(5, 9, "7"), (3, 4, "012")]]
    path = tmp_path / "pool.npz"
    photo_lines.save_pool(pool, path)
    loaded = photo_lines.load_pool(path)
    assert [n for _, n in loaded] == ["7", "012"]
    for (before, _), (after, _) in zip(pool, loaded, strict=True):
        assert after.shape == before.shape
        assert np.abs(after - before).max() <= 0.5 / 255 + 1e-6  # kept as bytes
