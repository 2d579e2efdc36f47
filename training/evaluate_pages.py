"""How well pages of numbers are read into tables, against the number reader on each number alone.

    python -m training.evaluate_pages [--part holdout|tuning] [--count N] [--thresholds T,...]

Each page (:mod:`training.pages`) holds 4-20 numbers of one UNIPEN writer as
a list or a table, sometimes under a heading word and with ticks, photographed
on plain, squared or ruled paper under phone lighting. The page is read as
``digitpad predict --page`` reads it (:meth:`~digitpad.reader.Reader.read_page_picture`)
with no confidence floor; each floor of ``--thresholds`` is then applied to
the same readings and the table laid out again, so one run compares them.
Reported for each floor:

- **read whole**: the page's numbers found and read right, as a share of
  those the number reader reads right on a crop of the same photo around
  each number alone (the target: at least 95%);
- **invented**: numbers read where the page has none (a word, a tick, a
  number cut in two), per 20 pages (the target: at most 1);
- **table right**: pages with every number found, nothing invented, and
  every number in its right row and column (the target: at least 95%);
  **layout right** the same with the numbers not found forgiven (the layout
  alone, apart from the reading).

``--part tuning`` uses UNIPEN sources outside
:data:`training.splits.UNIPEN_HOLDOUT_SOURCES` (the floor is chosen there);
``--part holdout`` the held-out sources, with another seed, scored once.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.page_reader import lay_out
from digitpad.results import PageNumber
from training.datasets import PenDigit, data_dir, load_letters, load_unipen
from training.evaluate_numbers import wilson_interval
from training.pages import Page, TrueNumber, make_page
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES

SEEDS = {"tuning": 30, "holdout": 1030}
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


@dataclass(frozen=True)
class PageResult:
    """One page's truth, its readings (no floor) and the number reader's reading of each
    number alone."""

    page: Page
    found: tuple[PageNumber, ...]
    alone: tuple[str, ...]


def _writers(pen: list[PenDigit]) -> list[list[PenDigit]]:
    groups: dict[str, list[PenDigit]] = defaultdict(list)
    for digit in pen:
        groups[digit.writer].append(digit)
    return [groups[w] for w in sorted(groups) if len(groups[w]) >= 10]


def _alone(reader: Reader, page: Page) -> tuple[str, ...]:
    """Each number read by the number reader from a crop of the photo around it alone."""
    image = Image.open(io.BytesIO(page.photo))  # full size: the truth is in its pixels
    image.load()
    answers = []
    for truth in page.numbers:
        x0, y0, x1, y1 = truth.box
        margin = 0.3 * (y1 - y0)
        left, top = max(0, round(x0 - margin)), max(0, round(y0 - margin))
        right = max(left + 1, min(image.width, round(x1 + margin)))
        bottom = max(top + 1, min(image.height, round(y1 + margin)))
        crop = image.crop((left, top, right, bottom))
        buffer = io.BytesIO()
        crop.save(buffer, "PNG")
        try:
            answers.append(reader.read_number_picture(buffer.getvalue()).number)
        except DigitpadError:
            answers.append("")
    return tuple(answers)


def _overlap(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    """The area two boxes share, as a share of the smaller one's."""
    width = min(first[2], second[2]) - max(first[0], second[0])
    height = min(first[3], second[3]) - max(first[1], second[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min(
        (first[2] - first[0]) * (first[3] - first[1]),
        (second[2] - second[0]) * (second[3] - second[1]),
    )
    return width * height / max(smaller, 1e-9)


def match(
    truths: tuple[TrueNumber, ...], found: tuple[PageNumber, ...]
) -> tuple[list[PageNumber | None], int]:
    """Each true number's reading (the one that overlaps it most, at least half of the
    smaller box; None when none does), and how many readings match no true number."""
    taken: set[int] = set()
    matched: list[PageNumber | None] = []
    for truth in truths:
        scores = [
            _overlap(truth.box, number.box) if i not in taken else 0.0
            for i, number in enumerate(found)
        ]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= 0.5:
            taken.add(best)
            matched.append(found[best])
        else:
            matched.append(None)
    return matched, len(found) - len(taken)


def score(results: list[PageResult], threshold: float) -> dict[str, float]:
    """The three figures with readings under ``threshold`` left out."""
    read = alone = invented = right_pages = laid_pages = total = 0
    for result in results:
        kept = [n for n in result.found if n.confidence >= threshold]
        laid = lay_out([(n.reading, n.box) for n in kept]).numbers if kept else ()
        matched, extra = match(result.page.numbers, laid)
        invented += extra
        table = laid = extra == 0
        for truth, number, lone in zip(result.page.numbers, matched, result.alone, strict=True):
            total += 1
            alone += lone == truth.label
            read += number is not None and number.number == truth.label
            placed = number is not None and (number.row, number.column) == (truth.row, truth.column)
            table &= placed
            laid &= number is None or placed
        right_pages += table
        laid_pages += laid
    pages = len(results)
    return {
        "numbers": total,
        "read": read,
        "alone": alone,
        "ratio": read / max(alone, 1),
        "invented_per_20": 20 * invented / max(pages, 1),
        "invented": invented,
        "table_right": right_pages / max(pages, 1),
        "table_right_pages": right_pages,
        "pages": pages,
        "layout_right_pages": laid_pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=sorted(SEEDS), default="tuning")
    parser.add_argument("--count", type=int, default=30, help="pages to make and read")
    parser.add_argument(
        "--thresholds",
        default=",".join(str(t) for t in THRESHOLDS),
        help="confidence floors to compare, comma-separated",
    )
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    folder = data_dir("unipen-dev")
    if folder is None:
        print("evaluate_pages: no UNIPEN data (set DIGITPAD_DATA_DIR)", file=sys.stderr)
        return 2
    held = args.part == "holdout"
    pen = [d for d in load_unipen(folder) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    letters = [x for x in load_letters(folder) if (x.source in LETTER_HOLDOUT_SOURCES) == held]
    writers = _writers(pen)
    rng = np.random.default_rng(SEEDS[args.part])
    # No floor while reading: every floor is applied afterwards to the same readings.
    settings = DEFAULT_SETTINGS
    reader = Reader.bundled(replace(settings, page=replace(settings.page, min_confidence=0.0)))
    results: list[PageResult] = []
    started = time.perf_counter()
    for index in range(args.count):
        page = make_page(writers[int(rng.integers(len(writers)))], letters, rng, index)
        try:
            found = reader.read_page_picture(page.photo).numbers
        except DigitpadError:
            found = ()
        results.append(PageResult(page, found, _alone(reader, page)))
    elapsed = time.perf_counter() - started
    print(f"{args.part}: {args.count} pages, {elapsed:.0f} s (making, reading, reading alone)")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        figures = score(results, threshold)
        low, high = wilson_interval(int(figures["table_right_pages"]), int(figures["pages"]))
        print(
            f"floor {threshold:.2f}: read whole {figures['read']}/{figures['numbers']}, "
            f"alone {figures['alone']}, ratio {figures['ratio']:.1%}; "
            f"invented {figures['invented']} ({figures['invented_per_20']:.2f} per 20 pages); "
            f"table right {figures['table_right_pages']}/{figures['pages']} "
            f"({figures['table_right']:.1%}, 95% CI {low:.1%}-{high:.1%}); "
            f"layout right (numbers found in their cells) {figures['layout_right_pages']}"
        )
    for result in results[: args.show_errors]:
        truth = sorted((t.row, t.column, t.label) for t in result.page.numbers)
        got = sorted((n.row, n.column, n.number, round(n.confidence, 2)) for n in result.found)
        print(f"{result.page.layout} {result.page.style.paper}/{result.page.style.light}")
        print(f"  truth {truth}\n  read  {got}\n  alone {list(result.alone)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
