"""Score reader settings on the three photo tuning sets: the rule issue 27's choices were made by.

    python -m training.tune_photos [--line-model FILE] [--count N] [--try "SECTION.FIELD=VALUE ..."]...

Each ``--try`` is one variant of the bundled settings (``grouping.line_count_weight=2
answer.cut_digit_sure=0.9``); the bundled settings are always scored first. A variant is
kept when it reads more tuning photos whole, no fewer MNIST rows, and turns no more letter
pictures into digits or numbers ([decisions.md](../docs/decisions.md)). The sets, none
of them held out, are made once and read by every variant:

- **tuning photos**: photos of numbers by tuning writers, as ``python -m
  training.evaluate_photos --part tuning --only numbers`` makes them (its seed and recipe;
  600 here, its default 300);
- **MNIST rows**: rows of 1-6 MNIST *test* digits (seed 2026) on photographed paper.
  The digit model and the line model learnt MNIST's training part: these are writers
  neither learnt, which the tuning writers are not;
- **letters**: pictures of tuning-writer UNIPEN letters (seed 99), single letters and
  words of 2-3 in turn, half clean pictures, half photos. A picture of a letter answered
  as a digit, or of a word answered as a number of two digits or more, counts against.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from digitpad.reader import Reader
from digitpad.reader.line_model import LineModel
from digitpad.reader.settings import ReaderSettings
from training.datasets import data_dir, load_letters, load_mnist, load_unipen, writers_of
from training.evaluate_numbers import compose_pen_number, mnist_row
from training.evaluate_photos import SEEDS, _answer, _clean_picture, pen_numbers
from training.photos import PhotoStyle, ink_photo, raster_photo
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES

MNIST_SEED = 2026
LETTER_SEED = 99


@dataclass(frozen=True)
class Picture:
    """One picture of a set and what it shows (a number, or the letters written)."""

    data: bytes
    label: str


@dataclass(frozen=True)
class Score:
    """What one reader makes of the three sets."""

    photos: int
    mnist_rows: int
    letters_as_digits: int
    words_as_numbers: int


def tuning_photos(count: int) -> list[Picture]:
    """Photos of numbers by tuning writers, as ``evaluate_photos --part tuning`` makes them."""
    unipen = data_dir("unipen-dev")
    if unipen is None:
        return []
    pen = [d for d in load_unipen(unipen) if d.source not in UNIPEN_HOLDOUT_SOURCES]
    numbers = pen_numbers(pen, count, np.random.default_rng(SEEDS["tuning"]), single=False)
    return [Picture(ink_photo(ink, style), label) for label, ink, style in numbers]


def mnist_rows(count: int) -> list[Picture]:
    """Rows of MNIST test digits (writers neither model learnt) on photographed paper."""
    mnist = data_dir("mnist")
    if mnist is None:
        return []
    _, (images, labels) = load_mnist(mnist)
    rng = np.random.default_rng(MNIST_SEED)
    pictures = []
    for index in range(count):
        coverage, number = mnist_row(images, labels, rng)
        pictures.append(Picture(raster_photo(coverage, PhotoStyle.cycled(rng, index)), number))
    return pictures


def letter_pictures(count: int) -> list[Picture]:
    """Tuning writers' letters: even-numbered ones single, the others words of 2-3; in each
    four, two clean pictures and two photos."""
    unipen = data_dir("unipen-dev")
    if unipen is None:
        return []
    letters = [x for x in load_letters(unipen) if x.source not in LETTER_HOLDOUT_SOURCES]
    writers = writers_of(letters, 4)
    rng = np.random.default_rng(LETTER_SEED)
    pictures = []
    for index in range(count):
        mine = writers[int(rng.integers(len(writers)))]
        length = 1 if index % 2 == 0 else int(rng.integers(2, 4))
        chosen = [mine[int(i)] for i in rng.choice(len(mine), length, replace=False)]
        ink = compose_pen_number(chosen, rng) if length > 1 else chosen[0].ink  # type: ignore[arg-type]
        style = PhotoStyle.draw(rng)
        data = _clean_picture(ink, style) if index % 4 < 2 else ink_photo(ink, style)
        pictures.append(Picture(data, "".join(letter.letter for letter in chosen)))
    return pictures


def answers(reader: Reader, pictures: list[Picture]) -> Iterator[str]:
    """What the window answers for each picture, as ``evaluate_photos`` words it."""
    return (_answer(reader, picture.data) for picture in pictures)


def score(
    reader: Reader, photos: list[Picture], rows: list[Picture], letters: list[Picture]
) -> Score:
    """The reader's counts on the three sets."""
    single = words = 0
    for picture, answer in zip(letters, answers(reader, letters), strict=True):
        if answer.isdigit():
            if len(picture.label) == 1:
                single += 1
            elif len(answer) >= 2:
                words += 1
    return Score(
        sum(a == p.label for p, a in zip(photos, answers(reader, photos), strict=True)),
        sum(a == p.label for p, a in zip(rows, answers(reader, rows), strict=True)),
        single,
        words,
    )


def varied(settings: ReaderSettings, assignments: list[str]) -> ReaderSettings:
    """``settings`` with each ``section.field=value`` set (the value as the field's type)."""
    for assignment in assignments:
        name, _, text = assignment.partition("=")
        section_name, _, field_name = name.partition(".")
        names = {f.name for f in fields(settings)}
        if section_name not in names or not text:
            raise ValueError(
                f"not SECTION.FIELD=VALUE with a section of the settings: {assignment}"
            )
        section = getattr(settings, section_name)
        if field_name not in {f.name for f in fields(section)}:
            raise ValueError(f"{section_name} has no setting {field_name!r}")
        value: Any = type(getattr(section, field_name))(text)
        settings = replace(settings, **{section_name: replace(section, **{field_name: value})})
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.tune_photos")
    parser.add_argument("--line-model", help="a line model (.tflite) to read with")
    parser.add_argument("--count", type=int, default=600, help="tuning photos (default 600)")
    parser.add_argument("--rows", type=int, default=400, help="MNIST rows (default 400)")
    parser.add_argument("--letters", type=int, default=400, help="letter pictures (default 400)")
    parser.add_argument(
        "--try", dest="tries", action="append", default=[], metavar="'SECTION.FIELD=VALUE ...'"
    )
    args = parser.parse_args(argv)
    bundled = Reader.bundled()
    line_model = LineModel(args.line_model) if args.line_model else bundled.line_model
    try:
        variants = [("bundled", bundled.settings)] + [
            (text, varied(bundled.settings, text.split())) for text in args.tries
        ]
    except ValueError as error:
        parser.error(str(error))
    started = time.perf_counter()
    photos = tuning_photos(args.count)
    rows, letters = mnist_rows(args.rows), letter_pictures(args.letters)
    if not (photos and rows and letters):
        print("No data: set DIGITPAD_DATA_DIR to the folder holding unipen-dev/ and mnist/.")
        return 2
    print(f"sets made in {time.perf_counter() - started:.0f} s", flush=True)
    singles = sum(len(p.label) == 1 for p in letters)
    for name, settings in variants:
        counts = score(Reader(bundled.digit_model, line_model, settings), photos, rows, letters)
        print(
            f"{name}: tuning photos {counts.photos}/{len(photos)}, "
            f"MNIST rows {counts.mnist_rows}/{len(rows)}, "
            f"single letters read as a digit {counts.letters_as_digits}/{singles}, "
            f"words read as numbers {counts.words_as_numbers}/{len(letters) - singles}",
            flush=True,
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
