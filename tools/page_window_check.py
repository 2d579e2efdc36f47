"""Which opened pictures the window shows as a page of numbers, and which as one number.

    DIGITPAD_DATA_DIR=... python tools/page_window_check.py [--part holdout] [--count 100]

The window looks for a page of numbers in every picture it opens and, when it
finds none, reads the picture exactly as it always has
(:func:`digitpad.gui.page_view.reads_as_a_page` decides). This counts, on
phone photos of one number (pen-written numbers of 1-6 digits, single digits
written small, CAR-A amounts: :mod:`training.evaluate_photos`' photos), how
many would be taken for a page, which is how often a picture of one number
would not read as before; and on generated pages (:mod:`training.pages`) how
many are shown as pages. Each photo is read as the window reads it: the page
first, the whole picture when the page reader finds one row. Needs the data
sets; the photos of one part are the same as ``evaluate_photos``' own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digitpad.errors import DigitpadError
from digitpad.gui.page_view import OpenedPage
from digitpad.picture_files import open_image
from digitpad.reader import Reader
from digitpad.results import Answer, PageReading
from training.datasets import data_dir, load_letters, load_unipen
from training.evaluate_pages import SEEDS as PAGE_SEEDS
from training.evaluate_pages import _writers
from training.evaluate_photos import KINDS, SEEDS, car_a_items, pen_items
from training.pages import make_page
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES


def shown_as_page(reader: Reader, photo: bytes) -> tuple[bool, int]:
    """Whether the window shows ``photo`` as a page, and how many numbers the page reader found."""
    image = open_image(photo)

    def whole() -> Answer | None:
        try:
            return reader.read_picture(image)
        except DigitpadError:
            return None

    opened = OpenedPage(image)
    view = opened.read(reader, whole)
    found = len(opened.result.numbers) if isinstance(opened.result, PageReading) else 0
    return view is not None, found


def one_number_photos(reader: Reader, part: str, count: int) -> Iterator[tuple[str, str, bytes]]:
    """(kind, label, photo) for each photo of one number, as ``evaluate_photos`` makes them."""
    held = part == "holdout"
    unipen, car_a = data_dir("unipen-dev"), data_dir("car-a")
    pen = (
        []
        if unipen is None
        else [d for d in load_unipen(unipen) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    )
    for offset, kind in enumerate(KINDS):
        rng = np.random.default_rng(SEEDS[part] + offset)
        if kind in ("numbers", "digits") and pen:
            items = pen_items(pen, count, rng, reader, single=kind == "digits")
        elif kind == "car-a" and car_a is not None:
            items = car_a_items(car_a, part, count, rng, reader)
        else:
            continue
        for item in items:
            yield kind, item.label, item.photo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("holdout", "tuning"), default="holdout")
    parser.add_argument("--count", type=int, default=100, help="photos per kind, and pages")
    args = parser.parse_args(argv)
    folder = data_dir("unipen-dev")
    if folder is None:
        print("page_window_check: no UNIPEN data (set DIGITPAD_DATA_DIR)", file=sys.stderr)
        return 2
    reader = Reader.bundled()
    counts: dict[str, list[int]] = {}
    for kind, label, photo in one_number_photos(reader, args.part, args.count):
        page, found = shown_as_page(reader, photo)
        counts.setdefault(kind, [0, 0])
        counts[kind][0] += page
        counts[kind][1] += 1
        if page:
            print(f"  {kind} {label}: shown as a page of {found} numbers", flush=True)
    for kind, (pages, total) in counts.items():
        print(f"one number, {kind}: {pages} of {total} shown as a page", flush=True)
    held = args.part == "holdout"
    pen = [d for d in load_unipen(folder) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    letters = [x for x in load_letters(folder) if (x.source in LETTER_HOLDOUT_SOURCES) == held]
    writers = _writers(pen)
    rng = np.random.default_rng(PAGE_SEEDS[args.part])
    shown = 0
    for index in range(args.count):
        made = make_page(writers[int(rng.integers(len(writers)))], letters, rng, index)
        page, found = shown_as_page(reader, made.photo)
        shown += page
        if not page:
            print(f"  page {index} ({len(made.numbers)} numbers): read as one, {found} found")
    print(f"pages: {shown} of {args.count} shown as a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
