"""How well phone photos of handwriting are read, against the same writing read from its ink.

    python -m training.evaluate_photos [--part holdout|tuning] [--count N]
                                       [--only numbers|digits|usps|car-a|text|mnist]
                                       [--show-errors N]
                                       [--line-model FILE] [--dump DIR]

Each item is written by one UNIPEN writer (numbers of 1-6 digits, or single
digits written small on a big page), rendered by :mod:`training.photos` as a
phone photo (plain, squared or ruled paper; even light, a linear fall-off, a
vignette or a shadow; ballpoint or felt-tip; 900-4000 px; JPEG 60-90), and
read as the window and ``digitpad predict`` read an opened picture
(:meth:`~digitpad.reader.Reader.read_picture`). The ceiling is the same
strokes read from their ink (:meth:`~digitpad.reader.Reader.read_ink`). Also
USPS strips and CAR-A amounts on photographed paper, against the clean picture; and pages of
6-14 lines of one writer's UNIPEN letters (``text``), which must be answered in words (no
number, no digit); and rows of MNIST test digits on photographed paper (``mnist``): writers
neither model learnt, against the clean row.

``--part holdout`` (the reported figures) uses only the UNIPEN sources, USPS
scans, CAR-A lines and letter writers held out of training (:mod:`training.splits`);
``--part tuning`` the others, with another seed: methods and thresholds are
chosen on that part only. Results are given by paper and by light.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.ink import Ink
from digitpad.photo_writing import photo_page
from digitpad.picture_files import open_image
from digitpad.reader import Reader
from digitpad.reader.line_model import LineModel
from training.datasets import (
    PenDigit,
    PenLetter,
    car_a_labels,
    data_dir,
    ink_box_crop,
    load_letters,
    load_mnist,
    load_unipen,
    load_usps,
    writers_of,
)
from training.evaluate_numbers import compose_pen_number, mnist_row, wilson_interval
from training.photos import PhotoStyle, ink_photo, raster_photo, stroke_coverage
from training.splits import (
    LETTER_HOLDOUT_SOURCES,
    UNIPEN_HOLDOUT_SOURCES,
    car_a_held_out,
    usps_holdout_mask,
)

#: Seeds of the two parts: tuning and held-out photos never share a draw.
SEEDS = {"tuning": 27, "holdout": 1027}
KINDS = ("numbers", "digits", "usps", "car-a", "text", "mnist")
#: The label of a page of text: right when answered in words (no number, no digit).
PLAIN = "<plain>"


@dataclass(frozen=True)
class Item:
    """One photo to read: its label, the photo, how it was made, and the ink's own answer."""

    label: str
    photo: bytes
    style: PhotoStyle
    ceiling: str | None
    clean: str | None = None


def _answer(reader: Reader, photo: bytes) -> str:
    try:
        answer = reader.read_picture(open_image(photo))
    except DigitpadError as error:
        return f"<{error}>"
    return answer.text or "<not a digit>"


def _ink_answer(reader: Reader, ink: Ink) -> str:
    answer = reader.read_ink(ink)
    return "<nothing>" if answer is None else answer.text or "<not a digit>"


def pen_numbers(
    pen: list[PenDigit], count: int, rng: np.random.Generator, single: bool
) -> Iterator[tuple[str, Ink, PhotoStyle]]:
    """Numbers of 1-6 digits (or single digits written small), one writer each: (number,
    its ink, the style of its photo). Nothing here reads them, so a set that needs only the
    photos (``training.tune_photos``) pays for no reading."""
    writers = writers_of(pen, 6)
    for index in range(count):
        mine = writers[int(rng.integers(len(writers)))]
        length = 1 if single else int(rng.integers(1, 7))
        chosen = [mine[int(i)] for i in rng.choice(len(mine), length, replace=False)]
        ink = compose_pen_number(chosen, rng) if length > 1 else chosen[0].ink
        style = PhotoStyle.cycled(rng, index)
        if single:  # a digit written small on a big page: the hard case for lighting
            style = PhotoStyle(**{**style.__dict__, "digit_height": float(rng.uniform(0.04, 0.1))})
        yield "".join(str(d.label) for d in chosen), ink, style


def pen_items(
    pen: list[PenDigit], count: int, rng: np.random.Generator, reader: Reader, single: bool
) -> Iterator[Item]:
    """:func:`pen_numbers` as photos, with their ink's and their clean picture's readings."""
    for label, ink, style in pen_numbers(pen, count, rng, single):
        clean = _answer(reader, _clean_picture(ink, style))
        yield Item(label, ink_photo(ink, style), style, _ink_answer(reader, ink), clean)


def usps_items(
    folder: Path, part: str, count: int, rng: np.random.Generator, reader: Reader
) -> Iterator[Item]:
    """USPS strips of 1-6 scanned digits on photographed paper; ceiling: the clean strip."""
    images, labels = load_usps(folder)
    mask = usps_holdout_mask(len(images))
    images, labels = (
        (images[mask], labels[mask]) if part == "holdout" else (images[~mask], labels[~mask])
    )
    for index in range(count):
        chosen = rng.choice(len(images), int(rng.integers(1, 7)), replace=False)
        crops = [ink_box_crop(images[i]) for i in chosen]
        height = max(c.shape[0] for c in crops)
        strip = np.zeros((height + 4, sum(c.shape[1] + 3 for c in crops) + 4), np.float32)
        x = 2
        for crop in crops:
            strip[2 : 2 + crop.shape[0], x : x + crop.shape[1]] = crop
            x += crop.shape[1] + 3
        style = PhotoStyle.cycled(rng, index)
        label = "".join(str(int(labels[i])) for i in chosen)
        yield Item(label, raster_photo(strip, style), style, _clean_answer(reader, strip))


def car_a_items(
    folder: Path, part: str, count: int, rng: np.random.Generator, reader: Reader
) -> Iterator[Item]:
    """CAR-A amounts (their ink) on photographed paper; ceiling: the cheque picture itself."""
    rows = [
        r for i, r in enumerate(car_a_labels(folder)) if car_a_held_out(i) == (part == "holdout")
    ]
    for index, row in enumerate(rows[:count]):
        gray = np.asarray(Image.open(folder / row["file"]).convert("L"), dtype=np.float32) / 255
        paper = float(np.percentile(gray, 90))
        ink_map = np.clip((paper - gray) / max(paper - float(gray.min()), 1e-3), 0, 1)
        style = PhotoStyle.cycled(rng, index)
        ceiling = _answer(reader, (folder / row["file"]).read_bytes())
        yield Item(row["number"], raster_photo(ink_map, style), style, ceiling)


def mnist_items(
    folder: Path, part: str, count: int, rng: np.random.Generator, reader: Reader
) -> Iterator[Item]:
    """Rows of 1-6 MNIST test digits (:func:`training.evaluate_numbers.mnist_row`) on
    photographed paper; ceiling: the clean row. Writers neither model learnt (the digit
    model and the line model learn MNIST's training part): the even-numbered test digits
    are the tuning part, the odd-numbered the held-out part."""
    _, (images, labels) = load_mnist(folder)
    keep = slice(1, None, 2) if part == "holdout" else slice(0, None, 2)
    images, labels = images[keep], labels[keep]
    for index in range(count):
        coverage, label = mnist_row(images, labels, rng)
        style = PhotoStyle.cycled(rng, index)
        clean = _answer(reader, _clean_png(coverage))
        yield Item(label, raster_photo(coverage, style), style, clean)


def text_items(letters: list[PenLetter], count: int, rng: np.random.Generator) -> Iterator[Item]:
    """Pages of 6-14 lines of one writer's letters in words of 2-7: photos of a page of
    text, which must be answered in words, never with a guessed number or digit."""
    pools = writers_of(letters, 10)
    for index in range(count):
        mine = pools[int(rng.integers(len(pools)))]
        lines = int(rng.integers(6, 15))
        strokes: list[np.ndarray] = []
        for line in range(lines):
            x = 0.0
            for _ in range(int(rng.integers(4, 9))):
                chosen = [mine[int(i)] for i in rng.choice(len(mine), int(rng.integers(2, 8)))]
                word = compose_pen_number(chosen, rng)  # type: ignore[arg-type]  # .ink alone
                low = word.points[:, :2].min(axis=0)
                strokes += [s[:, :2] - low + [x, 180.0 * line] for s in word.strokes]
                x += float(np.ptp(word.points[:, 0])) + float(rng.uniform(50, 90))
        style = PhotoStyle.cycled(rng, index)
        style = PhotoStyle(**{**style.__dict__, "digit_height": float(rng.uniform(0.5, 0.8))})
        photo = ink_photo(Ink(tuple(strokes)), style, lines=lines)
        yield Item(PLAIN, photo, style, None)


def _clean_picture(ink: Ink, style: PhotoStyle) -> bytes:
    """The same strokes as a clean scan: black on white, 120 px high, the photo's pen."""
    points = ink.points[:, :2]
    span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
    width = round(120 * float(span[0] / span[1]))
    shape = (120 + 80, width + 80)
    pen = 120 * (0.035 if style.pen == "ballpoint" else 0.08)
    return _clean_png(stroke_coverage(ink, shape, (40.0, 40.0, 40.0 + width, 160.0), pen))


def _clean_png(coverage: np.ndarray) -> bytes:
    """Ink ``coverage`` (1 = ink) as a PNG file: black on white, nothing else."""
    buffer = io.BytesIO()
    Image.fromarray(np.round((1 - coverage) * 255).astype(np.uint8), mode="L").save(buffer, "PNG")
    return buffer.getvalue()


def _clean_answer(reader: Reader, ink_map: np.ndarray) -> str:
    scaled = Image.fromarray(((1 - ink_map) * 255).astype(np.uint8), mode="L")
    scaled = scaled.resize((ink_map.shape[1] * 5, ink_map.shape[0] * 5), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    scaled.save(buffer, "PNG")
    return _answer(reader, buffer.getvalue())


def score(
    items: Iterator[Item], reader: Reader, show: int, dump: Path | None = None
) -> dict[str, object]:
    """Shares read whole, from the photo and from the ink, overall and by paper and light.

    ``dump``: a folder to write each misread photo to, with the page the reader saw."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    clean = [0, 0]
    errors: list[str] = []
    seconds = 0.0
    for item in items:
        started = time.perf_counter()
        answer = _answer(reader, item.photo)
        seconds += time.perf_counter() - started
        right = answer == item.label or (item.label == PLAIN and answer.startswith("<"))
        ceiling = item.ceiling == item.label
        if item.clean is not None:
            clean[0] += item.clean == item.label
            clean[1] += 1
        for key in ("all", f"paper={item.style.paper}", f"light={item.style.light}"):
            tally[key][0] += right
            tally[key][1] += ceiling
            tally[key][2] += 1
        if not right and dump is not None:
            _dump(dump, item, answer)
        if not right and len(errors) < show:
            errors.append(
                f"{item.label} -> {answer} (ink: {item.ceiling}; {item.style.paper}, "
                f"{item.style.light}, {item.style.pen}, {item.style.width} px, seed {item.style.seed})"
            )
    count = tally["all"][2]
    low, high = wilson_interval(tally["all"][0], count)
    return {
        "count": count,
        "photo": tally["all"][0] / max(1, count),
        "interval": [round(low, 4), round(high, 4)],
        "ink": tally["all"][1] / max(1, count),
        "clean_picture": clean[0] / clean[1] if clean[1] else None,
        "by": {
            k: [round(v[0] / v[2], 4), round(v[1] / v[2], 4), v[2]]
            for k, v in sorted(tally.items())
        },
        "ms_per_photo": round(1000 * seconds / max(1, count), 1),
        "errors": errors,
    }


def _dump(folder: Path, item: Item, answer: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{item.style.seed}-{item.label}-read-{answer.strip('<>')[:12]}"
    (folder / f"{stem}.jpg").write_bytes(item.photo)
    photo_page(open_image(item.photo)).image.save(folder / f"{stem}-page.png")


def report(name: str, scores: dict[str, object]) -> str:
    """Plain lines: the photo's share read whole against the ink's, then by paper and light."""
    low, high = scores["interval"]  # type: ignore[misc]
    if name == "text":
        return (
            f"text: {scores['photo']:.1%} of {scores['count']} pages of text answered in words, "
            f"no number or digit (95% interval {low:.1%}-{high:.1%}); "
            f"{scores['ms_per_photo']} ms a photo"
            + "".join(f"\n    wrong: {e}" for e in scores["errors"])  # type: ignore[attr-defined]
        )
    lines = [
        f"{name}: {scores['photo']:.1%} of {scores['count']} read whole from the photo "
        f"(95% interval {low:.1%}-{high:.1%}); {scores['ink']:.1%} from the ink; "
        + (
            f"{scores['clean_picture']:.1%} from a clean picture of it; "
            if scores["clean_picture"] is not None
            else ""
        )
        + f"{scores['ms_per_photo']} ms a photo"
    ]
    for key, (photo, ink, count) in scores["by"].items():  # type: ignore[attr-defined]
        if key != "all":
            lines.append(f"    {key:14s} photo {photo:.1%}  ink {ink:.1%}  ({count})")
    lines += [f"    wrong: {e}" for e in scores["errors"]]  # type: ignore[attr-defined]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate_photos",
        description="Phone photos of handwriting read whole, against the same writing's ink.",
    )
    parser.add_argument("--part", choices=("holdout", "tuning"), default="holdout")
    parser.add_argument("--count", type=int, default=300, help="photos per kind (default 300)")
    parser.add_argument("--only", choices=KINDS, action="append")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dump", type=Path, help="write misread photos and their pages here")
    parser.add_argument(
        "--line-model", type=Path, help="line model file to read with (default: the bundled one)"
    )
    args = parser.parse_args(argv)
    reader = Reader.bundled()
    if args.line_model:
        reader = Reader(reader.digit_model, LineModel(args.line_model), reader.settings)
    held = args.part == "holdout"
    results: dict[str, dict[str, object]] = {}
    unipen, usps, car_a = data_dir("unipen-dev"), data_dir("usps"), data_dir("car-a")
    makers: dict[str, Callable[[np.random.Generator], Iterator[Item]]] = {}
    if unipen:
        pen = [d for d in load_unipen(unipen) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
        makers["numbers"] = lambda rng: pen_items(pen, args.count, rng, reader, single=False)
        makers["digits"] = lambda rng: pen_items(pen, args.count, rng, reader, single=True)
        letters = [x for x in load_letters(unipen) if (x.source in LETTER_HOLDOUT_SOURCES) == held]
        makers["text"] = lambda rng: text_items(letters, args.count, rng)
    if usps:
        makers["usps"] = lambda rng: usps_items(usps, args.part, args.count, rng, reader)
    if car_a:
        makers["car-a"] = lambda rng: car_a_items(car_a, args.part, args.count, rng, reader)
    mnist = data_dir("mnist")
    if mnist:
        makers["mnist"] = lambda rng: mnist_items(mnist, args.part, args.count, rng, reader)
    for offset, kind in enumerate(KINDS):
        if kind not in makers or (args.only and kind not in args.only):
            continue
        rng = np.random.default_rng(SEEDS[args.part] + offset)
        results[kind] = score(makers[kind](rng), reader, args.show_errors, args.dump)
        if not args.json:
            print(report(kind, results[kind]), flush=True)
    if not results:
        print("No data: set DIGITPAD_DATA_DIR to the folder holding unipen-dev/, usps/, car-a/.")
        return 2
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
