"""Benchmark of the number reader: per-number latency, after the model is loaded.

Not collected by pytest (a script). Run from the project root::

    DIGITPAD_DATA_DIR=... python tests/benchmarks/bench_numbers.py [--runs 50] [--model FILE]

Prints the median and 95th percentile of reading:
- a six-digit number drawn as ink (UNIPEN digits of one writer laid out as a
  person writes, or the bundled samples without the data set), the window's
  live update minus its painting: the issue's budget is one 16 ms frame;
- a cheque amount picture (CAR-A, or a picture of the ink number without the
  data set), as ``digitpad predict --number`` reads it from the file: the
  issue's budget is 20 ms;
- the same picture read by cutting alone, without the line model;
- with CAR-A, each of its first 200 pictures read once (``--cheques``): median,
  p95 and slowest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digitpad.ink import Ink
from digitpad.reader import Reader
from digitpad.reader.digit_model import load_recognizer
from tests.benchmarks.timing import each_timed, timings
from training.datasets import car_a_labels


def live_frames(ink: Ink) -> list[Ink]:
    """The ink as the pad hands it on while its last stroke is drawn, a point more a frame."""
    *done, last = ink.strokes
    return [Ink((*done, last[:count])) for count in range(2, len(last) + 1)]


def six_digit_ink() -> tuple[str, Ink]:
    from training.datasets import data_dir, load_unipen
    from training.evaluate_numbers import compose_pen_number

    folder = data_dir("unipen-dev")
    rng = np.random.default_rng(6)
    if folder is not None:
        pen = load_unipen(folder)
        writer = next(d.writer for d in pen if d.source == "gmd")
        mine = [d for d in pen if d.writer == writer][:6]
        return "".join(str(d.label) for d in mine), compose_pen_number(mine, rng)
    from digitpad.ink import load_ink
    from digitpad.resources import resource_path

    names = ("two", "zero", "two", "six", "four", "five")
    from training.datasets import PenDigit

    digits = [
        PenDigit(
            0,
            "samples",
            "samples",
            load_ink(resource_path("resources", "samples", f"{n}.ink.json")),
        )
        for n in names
    ]
    return "202645", compose_pen_number(digits, rng)


def cheque_picture(folder: Path | None, scratch: Path, ink: Ink) -> Path:
    if folder is not None:
        return folder / car_a_labels(folder)[0]["file"]
    from PIL import Image, ImageDraw

    low = ink.points.min(axis=0)
    scale = 50 / float((ink.points.max(axis=0) - low)[1])
    size = ((ink.points.max(axis=0) - low) * scale).astype(int) + 20
    image = Image.new("L", (int(size[0]), int(size[1])), 240)
    draw = ImageDraw.Draw(image)
    for stroke in ink.strokes:
        draw.line([(float(x), float(y)) for x, y in (stroke[:, :2] - low) * scale + 10], 30, 4)
    path = scratch / "amount.png"
    image.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--model", help="model file (default: the bundled one)")
    parser.add_argument(
        "--cheques", type=int, default=200, help="CAR-A pictures each read once (0: none)"
    )
    args = parser.parse_args()
    reader = Reader(load_recognizer(args.model))
    cut_alone = Reader(reader.digit_model, None)
    label, ink = six_digit_ink()
    root = os.environ.get("DIGITPAD_DATA_DIR")
    car_a = Path(root) / "car-a" if root and (Path(root) / "car-a").is_dir() else None
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        picture = cheque_picture(car_a, Path(scratch), ink)
        read = reader.read_number_ink(ink)

        def first_reading() -> object:
            reader.forget_rendered()
            return reader.read_number_ink(ink)

        median, p95 = timings(first_reading, args.runs)
        print(
            f"six-digit ink read from scratch ({len(ink.strokes)} strokes, wrote {label}, "
            f"read {read.number}): median {median:.1f} ms, p95 {p95:.1f} ms"
        )
        frames = live_frames(ink)
        reader.forget_rendered()
        times = each_timed(lambda frame: reader.read_ink(frame), frames)
        print(
            f"live window updates while the last stroke of that number is drawn "
            f"({len(frames)} frames, digitpad.reader.digit_or_number: the digit and the number read): "
            f"median {statistics.median(times):.1f} ms, p95 {np.percentile(times, 95):.1f} ms "
            f"(budget: one 16 ms frame)"
        )
        answer = reader.read_number_file(picture)
        median, p95 = timings(lambda: reader.read_number_file(picture), args.runs)
        print(
            f"cheque picture {picture.name} (read {answer.number}): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms (budget: 20 ms)"
        )
        median, p95 = timings(lambda: cut_alone.read_number_picture(picture), args.runs)
        print(
            f"the same, read by cutting alone (no line model): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms"
        )
    if car_a is not None and args.cheques > 0:
        print(cheques_line(car_a, reader, args.cheques))
    return 0


def cheques_line(folder: Path, reader: Reader, count: int) -> str:
    """One reading of each of the first ``count`` CAR-A pictures, each timed: one cheque
    may be easier than most (the count of pieces to frame and read varies)."""
    paths = [folder / row["file"] for row in car_a_labels(folder)[:count]]
    reader.read_number_file(paths[0])  # warm-up
    samples = each_timed(lambda path: reader.read_number_file(path), paths)
    return (
        f"{len(paths)} CAR-A cheque pictures, each read once: median "
        f"{statistics.median(samples):.1f} ms, p95 {np.percentile(samples, 95):.1f} ms, "
        f"slowest {max(samples):.1f} ms (budget: 20 ms)"
    )


if __name__ == "__main__":
    sys.exit(main())
