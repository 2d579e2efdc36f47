"""Benchmark of phone photos: a 12-megapixel JPEG read as a number, after the model is loaded.

Not collected by pytest (a script). Run from the project root::

    DIGITPAD_DATA_DIR=... python tests/benchmarks/bench_photos.py [--runs 20]

The photo is made by :mod:`training.photos` (4000 x 3000, squared paper, a
shadow, a four-digit number of one UNIPEN writer, or the bundled samples
without the data set), held in memory as the JPEG file's bytes. Each run
decodes it (Pillow's draft mode takes a large JPEG at half size or less) and
reads it as the window and ``digitpad predict`` do
(:meth:`~digitpad.reader.Reader.read_picture`). Prints the median and 95th
percentile of the whole, and of its parts: decoding, evening out the light
and cropping (:func:`~digitpad.photo_writing.photo_page`), and reading. The
issue's budget is 200 ms for the whole. The last line is what the window
does on opening it: the page reader looks for a page of numbers first
(:class:`~digitpad.gui.page_view.OpenedPage`), and finding one number, the
photo is read as one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digitpad.gui.page_view import OpenedPage
from digitpad.ink import Ink, load_ink
from digitpad.photo_writing import photo_page
from digitpad.picture_files import open_image
from digitpad.reader import Reader
from digitpad.resources import resource_path
from digitpad.results import Answer
from tests.benchmarks.timing import timings
from training.datasets import data_dir, load_unipen
from training.evaluate_numbers import compose_pen_number
from training.photos import PhotoStyle, ink_photo


def four_digit_ink(rng: np.random.Generator) -> tuple[str, Ink]:
    """Four digits of one UNIPEN writer laid out as a number (or the bundled samples)."""
    folder = data_dir("unipen-dev")
    if folder is not None:
        pen = load_unipen(folder)
        writer = next(d.writer for d in pen if d.source == "gmd")
        mine = [d for d in pen if d.writer == writer][:4]
        return "".join(str(d.label) for d in mine), compose_pen_number(mine, rng)
    from training.datasets import PenDigit

    names = ("two", "zero", "two", "six")
    digits = [
        PenDigit(label, "samples", "samples", load_ink(resource_path(f"samples/{name}.ink.json")))
        for label, name in zip((2, 0, 2, 6), names, strict=True)
    ]
    return "2026", compose_pen_number(digits, rng)


def opened_in_window(reader: Reader, image: Image.Image) -> object:
    """The window's reading of an opened picture: a page when it is one, else one number."""
    whole: list[Answer] = []

    def read_whole() -> Answer:
        whole.append(reader.read_picture(image))
        return whole[-1]

    view = OpenedPage(image).read(reader, read_whole)
    return view if view is not None else whole[0] if whole else read_whole()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(12)
    label, ink = four_digit_ink(rng)
    style = PhotoStyle.draw(rng, paper="grid", light="shadow", width=4000)
    photo = ink_photo(ink, style)
    reader = Reader.bundled()
    answer = reader.read_picture(open_image(photo))
    print(f"photo: 4000 x 3000 JPEG, {len(photo) / 1e6:.1f} MB; wrote {label}, read {answer.text}")
    image = open_image(photo)
    for name, function in (
        ("whole: decode + read", lambda: reader.read_picture(open_image(photo))),
        ("decode (draft mode)", lambda: open_image(photo)),
        ("even out + crop", lambda: photo_page(image)),
        ("read (after decoding)", lambda: reader.read_picture(image)),
        ("window: page? then read", lambda: opened_in_window(reader, open_image(photo))),
    ):
        median, p95 = timings(function, args.runs)
        print(f"{name:24s} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
