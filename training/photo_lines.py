"""Pen-written numbers photographed, as the line model sees them: a pool for ``train_lines``.

    python -m training.photo_lines --count 6000 --out training/runs/photo-lines.npz
                                   [--unipen-dir DIR] [--workers 2] [--seed 0]

The line model learnt pen-written numbers from clean pictures (``train_lines --pen``),
and reads photos of the same numbers worse: a photo's ink, evened out of its light and
with its printed grid or ruling taken out (which cuts the strokes it crosses), is not
a clean picture's. Each number here is one tuning-part UNIPEN writer's 1-6 digits
(never a writer of ``training.splits.UNIPEN_HOLDOUT_SOURCES``), laid out by
:func:`training.evaluate_numbers.compose_pen_number`, photographed by
:mod:`training.photos` in a style drawn at random (any paper, light and pen), and
made into the ink map the app's number reader reads: the photo stage
(:func:`digitpad.photo_writing.photo_page`), then :func:`erased_ink_map`.

Rendering a photo takes about 0.4 s, too slow to do afresh every epoch, so the
maps are made once, in parallel, and saved: ``train_lines --photos FILE`` draws
from them with its own augmentation. Photos are drawn 900-2400 px wide, not the
evaluation's 900-4000: the photo stage shrinks every photo to 1600 px before
it finds the ink, and wider canvases cost time to render for little change in
the map.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.ink import Ink
from digitpad.photo_writing import photo_page
from digitpad.picture_files import open_image
from digitpad.reader.line_input import ink_crop
from digitpad.reader.number_reader import erased_ink_map
from training.datasets import Mark, PenDigit, data_dir, load_unipen, writers_of
from training.evaluate_numbers import compose_pen_number
from training.photos import PhotoStyle, ink_photo
from training.splits import UNIPEN_HOLDOUT_SOURCES

#: Widths of the photos rendered, in pixels (see the module's docstring).
WIDTHS = (900, 2400)

#: The most rows a pooled map keeps (see :func:`_small`).
MAX_HEIGHT = 96

#: A pool of ink maps with their numbers.
Pool = list[tuple[np.ndarray, str]]


def tuning_writers(pen: list[PenDigit]) -> list[list[PenDigit]]:
    """Each tuning-part writer's digits (writers with at least six)."""
    return writers_of([d for d in pen if d.source not in UNIPEN_HOLDOUT_SOURCES], 6)


def one_writers_row(
    writers: Sequence[Sequence[Mark]], most: int, rng: np.random.Generator
) -> tuple[list[Mark], Ink]:
    """1 to ``most`` marks (digits or letters) of one writer drawn at random, and their
    strokes laid out in a row as :func:`training.evaluate_numbers.compose_pen_number`
    lays a number (one mark: its own strokes)."""
    mine = writers[int(rng.integers(len(writers)))]
    chosen = [mine[int(i)] for i in rng.choice(len(mine), int(rng.integers(1, most + 1)), False)]
    # compose_pen_number reads only each mark's .ink: letters have one as digits do.
    ink = compose_pen_number(chosen, rng) if len(chosen) > 1 else chosen[0].ink  # type: ignore[arg-type]
    return chosen, ink


def photo_lines(writers: list[list[PenDigit]], count: int, rng: np.random.Generator) -> Pool:
    """``count`` photographed pen numbers as ink maps (1 = ink), with their numbers."""
    pool: Pool = []
    while len(pool) < count:
        chosen, ink = one_writers_row(writers, 6, rng)
        style = PhotoStyle.draw(rng, width=int(rng.integers(WIDTHS[0], WIDTHS[1] + 1)))
        try:
            ink_map = erased_ink_map(photo_page(open_image(ink_photo(ink, style))).image)
        except DigitpadError:
            continue  # a photo the app would refuse teaches nothing
        small = _small(ink_map.astype(np.float32))
        if small is not None:
            pool.append((small, "".join(str(d.label) for d in chosen)))
    return pool


def _small(ink_map: np.ndarray) -> np.ndarray | None:
    """``ink_map`` cut to its ink and shrunk to at most ``MAX_HEIGHT`` rows (None: no ink).

    The line model reads 32 rows; a photo's map may be hundreds, and a pool of
    thousands of them would take gigabytes.
    """
    crop = ink_crop(ink_map)
    if crop is None:
        return None
    if crop.shape[0] <= MAX_HEIGHT:
        return crop
    scale = MAX_HEIGHT / crop.shape[0]
    size = (max(1, round(crop.shape[1] * scale)), MAX_HEIGHT)
    return np.asarray(Image.fromarray(crop, "F").resize(size, Image.Resampling.BOX), np.float32)


def save_pool(pool: Pool, path: Path) -> None:
    """The pool as one ``.npz``: the maps (uint8, flattened end to end), shapes and numbers."""
    shapes = np.array([ink_map.shape for ink_map, _ in pool], np.int32)
    flat = np.concatenate([np.round(m.ravel() * 255).astype(np.uint8) for m, _ in pool])
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, maps=flat, shapes=shapes, numbers=np.array([n for _, n in pool]))


def load_pool(path: Path) -> Pool:
    """A pool saved by :func:`save_pool`."""
    with np.load(path) as data:
        flat, shapes, numbers = data["maps"], data["shapes"], data["numbers"]
    pool: Pool = []
    start = 0
    for (rows, cols), number in zip(shapes, numbers, strict=True):
        size = int(rows) * int(cols)
        ink_map = flat[start : start + size].reshape(int(rows), int(cols)).astype(np.float32) / 255
        pool.append((ink_map, str(number)))
        start += size
    return pool


def _work(job: tuple[str, int, int]) -> Pool:
    folder, count, seed = job
    return photo_lines(
        tuning_writers(load_unipen(Path(folder))), count, np.random.default_rng(seed)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.photo_lines", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--unipen-dir",
        help="UNIPEN folder (default $DIGITPAD_UNIPEN_DEV_DIR or $DIGITPAD_DATA_DIR/unipen-dev)",
    )
    parser.add_argument("--count", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="training/runs/photo-lines.npz")
    args = parser.parse_args(argv)
    unipen = data_dir("unipen-dev", args.unipen_dir)
    if unipen is None:
        print("No UNIPEN data: give --unipen-dir or set DIGITPAD_DATA_DIR.", file=sys.stderr)
        return 2
    started = time.time()
    workers = max(1, args.workers)
    shares = [args.count // workers + (i < args.count % workers) for i in range(workers)]
    jobs = [(str(unipen), share, args.seed * 1000 + i) for i, share in enumerate(shares)]
    with multiprocessing.get_context("spawn").Pool(workers) as processes:
        pool = [item for part in processes.map(_work, jobs) for item in part]
    save_pool(pool, Path(args.out))
    print(f"{len(pool)} photographed numbers in {time.time() - started:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
