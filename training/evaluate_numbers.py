"""How many whole numbers the number reader gets right, pen and pictures.

    python -m training.evaluate_numbers [--model FILE] [--count N] [--part holdout|tuning]
                                        [--line-model FILE|none]

Prints, for each kind of number, the share read whole (every digit right, no
digit missing or extra), for the number reader (:mod:`digitpad.reader.number_reader`) and
for the simple baselines it should beat:

- **pen**: numbers of 2-6 UNIPEN digits, all from one writer, laid out as a
  person writes them (one height, baseline drift, gaps from wide to
  overlapping), read from their strokes. Baseline: strokes grouped by
  horizontal overlap, each group read as one digit.
- **pictures**: 2-6 USPS digits in a row on paper (grey paper, lighting,
  noise, PNG or JPEG; gaps from wide to touching), read as picture files.
  Baseline: connected components merged by horizontal overlap.
- **touching**: the same strips with gaps of -1 to 1 scan pixels, so that
  most neighbours touch or cross (no target; the hard case, shown apart).
- **car-a**: real cheque amounts (ORAND CAR-A development part). Baseline as
  for pictures.

``--part holdout`` (the default, the reported figures) uses only the UNIPEN
sources and USPS scans held out of training (training/splits.py), and the
odd-numbered CAR-A lines; ``--part tuning`` uses the trained-on UNIPEN
sources, the USPS training part and the even-numbered CAR-A lines: the
reader's constants were tuned on those only. Pictures are judged by the bundled
line model unless ``--line-model`` names another file or ``none`` (cutting
alone).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.ink import Ink
from digitpad.picture_files import open_image
from digitpad.preprocess import frame_ink_map, image_to_ink_map, ink_to_array
from digitpad.reader import DEFAULT_SETTINGS, LineChoice, Reader
from digitpad.reader.digit_model import Recognizer, load_recognizer
from digitpad.reader.line_input import ink_crop
from digitpad.reader.line_model import LineModel
from digitpad.reader.segment import label_components
from digitpad.results import read
from training.datasets import (
    DATA_ENV,
    PenDigit,
    car_a_labels,
    data_dir,
    ink_box_crop,
    load_unipen,
    load_usps,
    on_paper,
    upscaled_on_margin,
    writers_of,
)
from training.splits import UNIPEN_HOLDOUT_SOURCES, car_a_held_out, usps_holdout_mask

#: Seed of the composed numbers (fixed: every run measures the same numbers).
SEED = 11
CAR_A = "car-a"
Item = TypeVar("Item")
#: USPS strips whose digits touch or cross: gaps of -1 to 1 scan pixels.
TOUCHING = "touching"


# ------------------------------------------------------------------------- composing


def compose_pen_number(digits: list[PenDigit], rng: np.random.Generator) -> Ink:
    """One writer's digits laid out as a number: one height, drifting baseline, varied gaps.

    Each digit is scaled to the number's height (a little jitter), put on a
    baseline that drifts, and placed after the previous one with a gap from
    wide (half a digit height) to overlapping (the boxes a tenth of a height
    into each other). The strokes keep their writing order, digit by digit.
    """
    height = 100.0
    strokes: list[np.ndarray] = []
    right = 0.0
    baseline = 0.0
    for digit in digits:
        points = digit.ink.points
        low, high = points.min(axis=0), points.max(axis=0)
        size = high - low
        scale = height * float(rng.uniform(0.9, 1.1)) / max(float(size[1]), 1e-9)
        if size[1] < 0.25 * size[0]:  # a flat digit (a dash-like 1?): keep its width sane
            scale = height * 0.6 / max(float(size[0]), 1e-9)
        gap = height * float(rng.uniform(-0.1, 0.6))
        baseline += height * float(rng.normal(0, 0.05))
        left = right + gap if strokes else 0.0
        bottom = baseline + height
        for stroke in digit.ink.strokes:
            xy = (stroke[:, :2] - [low[0], high[1]]) * scale + [left, bottom]
            strokes.append(xy)
        right = left + float(size[0]) * scale
    return Ink(tuple(strokes))


def mnist_row(
    images: np.ndarray, labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, str]:
    """1-6 MNIST digits (bright ink on black) laid out as one number: (coverage, number).

    Each digit is cut to its ink, scaled to the row's height (48-96 px, a little
    jitter), put on a drifting baseline with a gap from wide to overlapping, as
    :func:`compose_pen_number` lays out pen digits; a
    margin of a third of the height is left around the row.
    """
    drawn = [int(i) for i in rng.choice(len(images), int(rng.integers(1, 7)), replace=False)]
    crops = [(i, ink_crop(images[i], margin=0)) for i in drawn]
    # Blank pictures (none in MNIST) are left out; all blank, the first is drawn as a dot.
    kept = [(i, crop) for i, crop in crops if crop is not None] or crops[:1]
    chosen = [i for i, _ in kept]
    tall = int(rng.integers(48, 97))
    placed: list[tuple[np.ndarray, int, int]] = []
    right, baseline = 0, 0.0
    for _, found in kept:
        crop = np.ones((1, 1), np.float32) if found is None else found
        height = max(8, round(tall * float(rng.uniform(0.9, 1.1))))
        width = max(2, round(crop.shape[1] * height / crop.shape[0]))
        digit = Image.fromarray(np.ascontiguousarray(crop, np.float32), "F").resize(
            (width, height), Image.Resampling.BILINEAR
        )
        baseline += tall * float(rng.normal(0, 0.05))
        left = right + round(tall * float(rng.uniform(-0.1, 0.6))) if placed else 0
        placed.append((np.asarray(digit, np.float32), left, round(baseline + tall - height)))
        right = max(right, left + width)
    margin = tall // 3
    x0 = min(left for _, left, _ in placed)
    y0 = min(top for _, _, top in placed)
    y1 = max(top + d.shape[0] for d, _, top in placed)
    coverage = np.zeros((y1 - y0 + 2 * margin, right - x0 + 2 * margin), np.float32)
    for digit, left, top in placed:
        y, x = top - y0 + margin, left - x0 + margin
        region = coverage[y : y + digit.shape[0], x : x + digit.shape[1]]
        np.maximum(region, np.clip(digit, 0, 1), out=region)
    return coverage, "".join(str(int(labels[i])) for i in chosen)


def pen_numbers(pen: list[PenDigit], count: int, rng: np.random.Generator) -> list[tuple[str, Ink]]:
    """``count`` numbers of 2-6 digits, each from one writer with enough digits."""
    writers = writers_of(pen, 6)
    numbers = []
    for _ in range(count):
        mine = writers[int(rng.integers(len(writers)))]
        length = int(rng.integers(2, 7))
        chosen = [mine[int(i)] for i in rng.choice(len(mine), length, replace=False)]
        label = "".join(str(d.label) for d in chosen)
        numbers.append((label, compose_pen_number(chosen, rng)))
    return numbers


def picture_number(
    images: list[np.ndarray], rng: np.random.Generator, gaps: tuple[int, int] = (0, 6)
) -> bytes:
    """Scanned digits in a row as a picture file: paper, lighting, noise, PNG or JPEG.

    Each digit is cropped to its ink and put beside the previous one with a
    gap from wide (6 pixels of the 16-pixel scan) to none (their boxes side by
    side, so strokes may touch once the strip is scaled up); ``gaps`` in scan pixels
    (negative: the digits' boxes overlap, so their strokes touch or cross).
    """
    scale = int(rng.integers(3, 7))
    crops = [ink_box_crop(image) for image in images]
    height = max(c.shape[0] for c in crops)
    gap_list = [int(rng.integers(gaps[0], gaps[1] + 1)) for _ in crops[1:]]
    width = sum(c.shape[1] for c in crops) + sum(gap_list)
    strip = np.zeros((height + 2, width + 2), np.float32)
    x = 1
    for index, crop in enumerate(crops):
        top = 1 + (height - crop.shape[0]) // 2 + int(rng.integers(-1, 2))
        top = min(max(top, 0), strip.shape[0] - crop.shape[0])
        view = strip[top : top + crop.shape[0], x : x + crop.shape[1]]
        np.maximum(view, crop, out=view)
        x += crop.shape[1] + (gap_list[index] if index < len(gap_list) else 0)
    margin = int(rng.integers(height * scale // 4, height * scale + 1))
    return on_paper(upscaled_on_margin(strip, scale, margin), rng)


def picture_numbers(
    images: np.ndarray,
    labels: np.ndarray,
    count: int,
    rng: np.random.Generator,
    gaps: tuple[int, int] = (0, 6),
) -> list[tuple[str, bytes]]:
    numbers = []
    for _ in range(count):
        chosen = rng.choice(len(images), int(rng.integers(2, 7)), replace=False)
        label = "".join(str(int(labels[i])) for i in chosen)
        numbers.append((label, picture_number([images[i] for i in chosen], rng, gaps)))
    return numbers


# ------------------------------------------------------------------------- baselines


def overlap_groups(spans: list[tuple[float, float]]) -> list[list[int]]:
    """Indices grouped where their horizontal spans overlap (transitively), left to right."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    groups: list[list[int]] = []
    right = -np.inf
    for index in order:
        left, end = spans[index]
        if groups and left <= right:
            groups[-1].append(index)
            right = max(right, end)
        else:
            groups.append([index])
            right = end
    return groups


def baseline_ink(ink: Ink, recognizer: Recognizer) -> str:
    """Strokes grouped by horizontal overlap, each group read as one digit."""
    spans = [(float(s[:, 0].min()), float(s[:, 0].max())) for s in ink.strokes]
    groups = overlap_groups(spans)
    arrays = np.stack([ink_to_array(Ink(tuple(ink.strokes[i] for i in g))) for g in groups])
    return "".join(str(read(p).best_digit) for p in recognizer.predict_batch(arrays))


def baseline_picture(source: bytes | Path, recognizer: Recognizer) -> str:
    """Connected components merged by horizontal overlap, each read as one digit."""
    ink = image_to_ink_map(open_image(source))
    labels, count = label_components(ink > DEFAULT_SETTINGS.cut.ink_level)
    if count == 0:
        return ""
    cols = [np.flatnonzero((labels == i).any(axis=0)) for i in range(1, count + 1)]
    spans = [(float(c[0]), float(c[-1])) for c in cols]
    arrays = []
    for group in overlap_groups(spans):
        mask = np.isin(labels, [i + 1 for i in group])
        try:
            arrays.append(frame_ink_map(ink * mask))
        except DigitpadError:
            continue
    if not arrays:
        return ""
    return "".join(str(read(p).best_digit) for p in recognizer.predict_batch(np.stack(arrays)))


# ------------------------------------------------------------------------ measuring


def wilson_interval(right: int, count: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% (Wilson score) interval of a share read right out of ``count``.

    On a few hundred numbers one reading more or less moves a share by a few tenths
    of a point: the interval says how far a target may lie inside the noise.
    """
    if count <= 0:
        return 0.0, 1.0
    share = right / count
    centre = (share + z * z / (2 * count)) / (1 + z * z / count)
    half = z * math.sqrt(share * (1 - share) / count + z * z / (4 * count * count))
    half /= 1 + z * z / count
    return max(0.0, centre - half), min(1.0, centre + half)


def _score(
    items: Sequence[tuple[str, Item]],
    reader: Callable[[Item], str],
    baseline: Callable[[Item], str],
    show_errors: int = 0,
) -> dict[str, object]:
    right = base_right = 0
    by_length: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[str] = []
    started = time.perf_counter()
    for label, item in items:
        try:
            answer = reader(item)
        except DigitpadError as error:
            answer = f"<{error}>"
        ok = answer == label
        right += ok
        by_length[len(label)][0] += ok
        by_length[len(label)][1] += 1
        if not ok and len(errors) < show_errors:
            errors.append(f"{label} -> {answer}")
        with contextlib.suppress(DigitpadError):
            base_right += baseline(item) == label
    seconds = time.perf_counter() - started
    return {
        "numbers": len(items),
        "whole": right / max(1, len(items)),
        "interval": [round(v, 4) for v in wilson_interval(right, len(items))],
        "baseline_whole": base_right / max(1, len(items)),
        "by_length": {k: round(v[0] / v[1], 4) for k, v in sorted(by_length.items())},
        "seconds": round(seconds, 1),
        "errors": errors,
    }


def evaluate_pen(
    recognizer: Recognizer, folder: Path, part: str, count: int, show: int = 0
) -> dict[str, object]:
    held = part == "holdout"
    pen = [d for d in load_unipen(folder) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    items = pen_numbers(pen, count, np.random.default_rng(SEED))
    reader = Reader(recognizer)
    return _score(
        items,
        lambda ink: reader.read_number_ink(ink).number,
        lambda ink: baseline_ink(ink, recognizer),
        show,
    )


def evaluate_pictures(
    recognizer: Recognizer,
    folder: Path,
    part: str,
    count: int,
    show: int = 0,
    gaps: tuple[int, int] = (0, 6),
    line_model: LineChoice = "bundled",
) -> dict[str, object]:
    images, labels = load_usps(folder)
    mask = usps_holdout_mask(len(images))
    if part != "holdout":
        mask = ~mask
    rng = np.random.default_rng(SEED + 1)
    items = picture_numbers(images[mask], labels[mask], count, rng, gaps)
    reader = Reader(recognizer, line_model)
    return _score(
        items,
        lambda data: reader.read_number_picture(data).number,
        lambda data: baseline_picture(data, recognizer),
        show,
    )


def evaluate_car_a(
    recognizer: Recognizer,
    folder: Path,
    part: str,
    count: int,
    show: int = 0,
    line_model: LineChoice = "bundled",
) -> dict[str, object]:
    held_out = part == "holdout"
    chosen = [r for i, r in enumerate(car_a_labels(folder)) if car_a_held_out(i) == held_out]
    chosen = chosen[:count]
    items = [(r["number"], folder / r["file"]) for r in chosen]
    reader = Reader(recognizer, line_model)
    return _score(
        items,
        lambda path: reader.read_number_picture(path).number,
        lambda path: baseline_picture(path, recognizer),
        show,
    )


def report(name: str, scores: dict[str, object], target: str) -> str:
    low, high = scores["interval"]  # type: ignore[misc]
    lines = [
        f"{name}: {scores['whole']:.2%} of {scores['numbers']} numbers read whole "
        f"(95% interval {low:.1%}-{high:.1%}; target {target}); baseline {scores['baseline_whole']:.2%}; "
        f"by length {scores['by_length']}; {scores['seconds']} s"
    ]
    lines += [f"    wrong: {e}" for e in scores["errors"]]  # type: ignore[attr-defined]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate_numbers",
        description="Share of whole numbers read right: pen, pictures, cheque amounts.",
    )
    parser.add_argument("--model", help="model file (default: the bundled one)")
    parser.add_argument("--count", type=int, default=1000, help="numbers per test (default 1000)")
    parser.add_argument("--part", choices=("holdout", "tuning"), default="holdout")
    parser.add_argument("--only", choices=("pen", "pictures", TOUCHING, CAR_A), action="append")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument(
        "--line-model",
        default="bundled",
        help="line model file for pictures, or 'none' to read them by cutting alone "
        "(default: the bundled one)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    recognizer = load_recognizer(args.model)
    line_model: LineChoice = (
        None
        if args.line_model == "none"
        else "bundled"
        if args.line_model == "bundled"
        else LineModel(args.line_model)
    )
    results: dict[str, dict[str, object]] = {}
    wanted = args.only or ["pen", "pictures", TOUCHING, CAR_A]
    unipen, usps = data_dir("unipen-dev"), data_dir("usps")
    car_a = Path(args_root) / CAR_A if (args_root := _data_root()) else None
    if "pen" in wanted and unipen:
        results["pen"] = evaluate_pen(recognizer, unipen, args.part, args.count, args.show_errors)
        if not args.json:
            print(report("pen numbers (UNIPEN)", results["pen"], ">= 97%"), flush=True)
    if "pictures" in wanted and usps:
        results["pictures"] = evaluate_pictures(
            recognizer, usps, args.part, args.count, args.show_errors, line_model=line_model
        )
        if not args.json:
            print(report("pictures (USPS strips)", results["pictures"], ">= 98%"), flush=True)
    if TOUCHING in wanted and usps:
        results[TOUCHING] = evaluate_pictures(
            recognizer,
            usps,
            args.part,
            args.count,
            args.show_errors,
            gaps=(-1, 1),
            line_model=line_model,
        )
        if not args.json:
            print(report("touching digits (USPS strips, gaps -1..1 px)", results[TOUCHING], "-"))
    if CAR_A in wanted and car_a and car_a.is_dir():
        results[CAR_A] = evaluate_car_a(
            recognizer, car_a, args.part, args.count, args.show_errors, line_model
        )
        if not args.json:
            print(report("cheque amounts (CAR-A)", results[CAR_A], ">= 85%"), flush=True)
    if not results:
        print(f"No data: set {DATA_ENV} to the folder holding unipen-dev/, usps/, car-a/.")
        return 2
    if args.json:
        print(json.dumps(results))
    return 0


def _data_root() -> str | None:
    import os

    return os.environ.get(DATA_ENV)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
