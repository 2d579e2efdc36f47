"""Benchmark of pages: a 12-megapixel photo of 20 numbers read as a table, after the model loads.

Not collected by pytest (a script). Run from the project root::

    python tests/benchmarks/bench_pages.py [--runs 5]

The page (:mod:`tests.data.pages`, the bundled sample drawings: no data set
needed) is a 4000 x 3000 JPEG of a table of 5 rows and 4 columns on ruled
paper under a linear fall-off of light, with lines ruled between its columns
and four of its numbers written with a decimal point or comma, held in memory
as the file's bytes. Each run decodes it and reads it as ``digitpad predict
--page`` does (:meth:`~digitpad.reader.Reader.read_page_picture`). Prints the
median and 95th percentile. The issue's budget is one second. ``--save FILE``
also writes the page, to time another version of the reader on the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digitpad.reader import Reader
from tests.benchmarks.timing import timings
from tests.data.pages import page_photo

NUMBERS = ("12", "3.45", "6", "7890", "45", "6,7", "8", "90", "123", "56")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save", type=Path, metavar="FILE", help="write the page's JPEG")
    args = parser.parse_args(argv)
    cells = {
        (row, column): NUMBERS[(row * 4 + column) % 10] for row in range(5) for column in range(4)
    }
    photo = page_photo(cells, size=(4000, 3000), rules=True)
    if args.save is not None:
        args.save.write_bytes(photo)
    reader = Reader.bundled()
    page = reader.read_page_picture(photo)
    print(
        f"page: 4000 x 3000 JPEG, {len(photo) / 1e6:.1f} MB, 20 numbers; read {len(page.numbers)}"
    )
    median, p95 = timings(lambda: reader.read_page_picture(photo), args.runs)
    print(f"{'whole: decode + read':24s} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
