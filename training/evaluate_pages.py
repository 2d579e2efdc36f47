"""How well pages of numbers are read into tables, against the number reader on each number alone.

    python -m training.evaluate_pages [--part holdout|tuning] [--count N] [--thresholds T,...]
                                      [--show-errors N] [--dump FOLDER]

Each page (:mod:`training.pages`) holds 4-20 numbers of one UNIPEN writer as
a list or a table, sometimes under a heading word, with ticks, with decimal
points or commas in some numbers, with hand-ruled lines, photographed on
plain, squared or ruled paper under phone lighting. The page's marks are
found and read once (:func:`~digitpad.reader.page_reader.find_marks`, as
``digitpad predict --page`` reads it); each confidence floor of
``--thresholds`` then judges the same readings and lays out the table
(:func:`~digitpad.reader.page_reader.arrange`), so one run compares them.
Reported for each floor:

- **read whole**: the page's numbers found and read exactly as written
  (digits, and the point or comma when there is one), as a share of those the
  number reader reads right (its digits; it writes no point) on a crop of the
  same photo around each number alone (the target: at least 95%);
- **invented**: numbers read where the page has none (a word, a tick, a line,
  a part of a number cut in two), per 20 pages (the target: at most 1);
- **table right**: pages on which every number is found, nothing is
  invented, and every number is in its right row and column (the target: at
  least 95%). A number's row and column are counted as the table shows them:
  the truth's rows and columns are numbered top to bottom and left to right
  over those that hold a number (an empty row of the truth is no row), and so
  are the reading's, where a cell kept empty for an unsure group counts as
  holding one. The numbers need not be read right for this, only found (a
  reading matches a true number when their boxes overlap by half the smaller);
- **layout right**: the same with the numbers not found forgiven (the layout
  alone, apart from the finding and reading);
- **decimals**: the numbers written with a point or comma, and how many of
  them were read exactly, point and all.

``--part tuning`` uses UNIPEN sources outside
:data:`training.splits.UNIPEN_HOLDOUT_SOURCES` (every method and threshold is
chosen there); ``--part holdout`` the held-out sources, with another seed,
scored once. ``--dump FOLDER`` writes each page that is not right at the
first floor as a small JPEG with the truth (green) and the reading (red:
numbers, blue: unsure, grey: left out) boxed, and a text file beside it.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from digitpad.errors import DigitpadError, NoDigitError
from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.page_reader import PageMarks, arrange
from digitpad.reader.settings import PageSettings
from digitpad.results import PageNumber, PageReading, box_overlap
from training.datasets import PenDigit, data_dir, load_letters, load_unipen
from training.evaluate_numbers import wilson_interval
from training.pages import Page, TrueNumber, make_page
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES

SEEDS = {"tuning": 30, "holdout": 1030}
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: The side of the JPEGs ``--dump`` writes.
DUMP_SIDE = 1400


@dataclass(frozen=True)
class PageResult:
    """One page's truth, its marks as read (before any is judged) and the number reader's
    reading of each number alone."""

    page: Page
    found: PageMarks
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


def digits_of(label: str) -> str:
    """A true number's digits alone: what the number reader, which writes no point, reads."""
    return "".join(c for c in label if c.isdigit())


def match(
    truths: tuple[TrueNumber, ...], found: tuple[PageNumber, ...]
) -> tuple[list[PageNumber | None], int]:
    """Each true number's reading (the one that overlaps it most, at least half of the
    smaller box; None when none does), and how many readings match no true number."""
    taken: set[int] = set()
    matched: list[PageNumber | None] = []
    for truth in truths:
        scores = [
            box_overlap(truth.box, number.box) if i not in taken else 0.0
            for i, number in enumerate(found)
        ]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= 0.5:
            taken.add(best)
            matched.append(found[best])
        else:
            matched.append(None)
    return matched, len(found) - len(taken)


def table_of(found: PageMarks, settings: PageSettings) -> PageReading | None:
    """The page's table at ``settings``; None when nothing on it is judged a number."""
    try:
        return arrange(found, settings)
    except NoDigitError:
        return None


def score(results: list[PageResult], settings: PageSettings) -> dict[str, float]:
    """The figures for the pages judged and laid out with ``settings``."""
    read = alone = invented = right_pages = laid_pages = total = decimals = decimals_read = 0
    for result in results:
        table = table_of(result.found, settings)
        laid = table.numbers if table is not None else ()
        matched, extra = match(result.page.numbers, laid)
        invented += extra
        right = placed_all = extra == 0
        for truth, number, lone in zip(result.page.numbers, matched, result.alone, strict=True):
            total += 1
            alone += lone == digits_of(truth.label)
            exact = number is not None and number.number == truth.label
            read += exact
            if truth.label != digits_of(truth.label):
                decimals += 1
                decimals_read += exact
            placed = number is not None and (number.row, number.column) == (truth.row, truth.column)
            right &= placed
            placed_all &= number is None or placed
        right_pages += right
        laid_pages += placed_all
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
        "decimals": decimals,
        "decimals_read": decimals_read,
    }


def page_right(result: PageResult, settings: PageSettings) -> bool:
    """Whether the page is "table right" at ``settings``."""
    return score([result], settings)["table_right_pages"] == 1


def dump(result: PageResult, settings: PageSettings, folder: Path, index: int) -> None:
    """The page as a small JPEG with the truth and the reading boxed, and a text file."""
    image = Image.open(io.BytesIO(result.page.photo)).convert("RGB")
    factor = DUMP_SIDE / max(image.size)
    image = image.resize((round(image.width * factor), round(image.height * factor)))
    draw = ImageDraw.Draw(image)

    def scaled(box: tuple[float, ...]) -> list[float]:
        return [v * factor for v in box]

    table = table_of(result.found, settings)
    numbers = table.numbers if table is not None else ()
    for truth in result.page.numbers:
        draw.rectangle(scaled(truth.box), outline=(0, 160, 0), width=3)
    kept = {number.box for number in numbers}
    for mark in result.found.marks:
        if mark.box not in kept:
            draw.rectangle(scaled(mark.box), outline=(150, 150, 150), width=1)
    for number in numbers:
        draw.rectangle(scaled(number.box), outline=(220, 0, 0), width=2)
        x0, y0 = scaled(number.box)[:2]
        draw.text(
            (x0, max(0, y0 - 12)), f"{number.number} r{number.row}c{number.column}", (220, 0, 0)
        )
    image.save(folder / f"page-{index:03d}.jpg", quality=85)
    truth_text = sorted((t.row, t.column, t.label) for t in result.page.numbers)
    read_text = sorted((n.row, n.column, n.number, round(n.confidence, 2)) for n in numbers)
    marks_text = [
        (
            m.reading.number if m.reading else None,
            round(m.reading.confidence, 2) if m.reading else 0,
        )
        for m in result.found.marks
    ]
    page = result.page
    (folder / f"page-{index:03d}.txt").write_text(
        f"{page.layout} {page.style.paper}/{page.style.light} heading={page.heading} "
        f"ticks={page.ticks} rules={page.rules}\n"
        f"truth {truth_text}\nread  {read_text}\nalone {list(result.alone)}\n"
        f"marks {marks_text}\n",
        encoding="utf-8",
    )


def make_pages(part: str, count: int, reader: Reader) -> list[PageResult] | None:
    """``count`` pages of ``part``, each read (no floor) and each of its numbers read alone;
    None without the UNIPEN data."""
    folder = data_dir("unipen-dev")
    if folder is None:
        return None
    held = part == "holdout"
    pen = [d for d in load_unipen(folder) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    letters = [x for x in load_letters(folder) if (x.source in LETTER_HOLDOUT_SOURCES) == held]
    writers = _writers(pen)
    rng = np.random.default_rng(SEEDS[part])
    results = []
    for index in range(count):
        page = make_page(writers[int(rng.integers(len(writers)))], letters, rng, index)
        try:
            found = reader.find_page_marks(page.photo)
        except DigitpadError:
            found = PageMarks((), 1.0)
        results.append(PageResult(page, found, _alone(reader, page)))
    return results


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
    parser.add_argument("--dump", type=Path, metavar="FOLDER", help="write the pages not right")
    args = parser.parse_args(argv)
    reader = Reader.bundled()
    started = time.perf_counter()
    results = make_pages(args.part, args.count, reader)
    if results is None:
        print("evaluate_pages: no UNIPEN data (set DIGITPAD_DATA_DIR)", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"{args.part}: {args.count} pages, {elapsed:.0f} s (making, reading, reading alone)")
    floors = [float(t) for t in args.thresholds.split(",")]
    for threshold in floors:
        figures = score(results, replace(DEFAULT_SETTINGS.page, min_confidence=threshold))
        print(report(threshold, figures))
    first = replace(DEFAULT_SETTINGS.page, min_confidence=floors[0])
    wrong = [(i, r) for i, r in enumerate(results) if not page_right(r, first)]
    for index, result in wrong[: args.show_errors]:
        table = table_of(result.found, first)
        truth = sorted((t.row, t.column, t.label) for t in result.page.numbers)
        got = sorted(
            (n.row, n.column, n.number, round(n.confidence, 2))
            for n in (table.numbers if table else ())
        )
        print(
            f"page {index}: {result.page.layout} {result.page.style.paper}/{result.page.style.light}"
        )
        print(f"  truth {truth}\n  read  {got}\n  alone {list(result.alone)}")
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for index, result in wrong:
            dump(result, first, args.dump, index)
        print(f"{len(wrong)} pages not right written to {args.dump}")
    return 0


def report(threshold: float, figures: dict[str, float]) -> str:
    """One floor's figures on one line."""
    low, high = wilson_interval(int(figures["table_right_pages"]), int(figures["pages"]))
    return (
        f"floor {threshold:.2f}: read whole {figures['read']}/{figures['numbers']}, "
        f"alone {figures['alone']}, ratio {figures['ratio']:.1%}; "
        f"invented {figures['invented']} ({figures['invented_per_20']:.2f} per 20 pages); "
        f"table right {figures['table_right_pages']}/{figures['pages']} "
        f"({figures['table_right']:.1%}, 95% CI {low:.1%}-{high:.1%}); "
        f"layout right (numbers not found forgiven) {figures['layout_right_pages']}; "
        f"decimals read exactly {figures['decimals_read']}/{figures['decimals']}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
