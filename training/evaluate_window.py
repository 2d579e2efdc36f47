"""What the window answers for digits, letters and numbers drawn by pen writers.

    python -m training.evaluate_window [--model FILE] [--writers held-out|development]

The window (:mod:`digitpad.reader.digit_or_number`) shows one digit, "not a digit", or a
number. This counts, for real pen input laid on the pad, how often each kind
of drawing gets the right kind of answer: single digits read as the right
digit (never as a number), letters refused (not turned into a number), and
numbers of 2-6 digits (composed from one writer's digits, as in
``training.evaluate_numbers``) read as the right number; and, with the USPS
scans, single digits opened as pictures read as that digit (never as a number). The limits in
``digitpad.reader.digit_or_number`` were chosen with ``--writers development``; the figures
to report are the held-out writers'.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from digitpad.errors import NoDigitError
from digitpad.ink import Ink
from digitpad.picture_files import open_image
from digitpad.preprocess import image_to_array
from digitpad.reader import Reader
from digitpad.reader.digit_model import Recognizer, load_recognizer
from digitpad.results import Answer
from training.datasets import (
    data_dir,
    load_letters,
    load_unipen,
    load_usps,
    tight_picture,
    usps_picture,
)
from training.evaluate_numbers import pen_numbers
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES, usps_holdout_mask

SEED = 5


def outcome(answer: Answer | None, label: str | None) -> str:
    """``number``/``digit``/``refused``, and whether it is the right answer for ``label``."""
    if answer is None:
        return "nothing"
    kind = "number" if answer.is_number else ("refused" if answer.text is None else "digit")
    right = answer.text == label
    return f"{kind} {'right' if right else 'wrong'}"


def tally(items: Iterable[tuple[str | None, Ink | bytes]], recognizer: Recognizer) -> Counter[str]:
    reader = Reader(recognizer)
    return Counter(outcome(answer(item, reader), label) for label, item in items)


def answer(item: Ink | bytes, reader: Reader) -> Answer | None:
    """What the window answers for drawn ink, or for a picture file opened (bytes)."""
    if isinstance(item, Ink):
        return reader.read_ink(item)
    image = open_image(item)
    try:
        array = image_to_array(image)
    except NoDigitError:
        return None
    return reader.read_picture(image, array)


def usps_pictures(folder: Path, held: bool) -> list[tuple[str | None, Ink | bytes]]:
    """Every USPS digit of the part as a picture file a person opens (paper, or cropped tight)."""
    images, labels = load_usps(folder)
    mask = usps_holdout_mask(len(images))
    if not held:
        mask = ~mask
    rng = np.random.default_rng(SEED)
    return [
        (str(int(label)), make(image, rng))
        for make in (usps_picture, tight_picture)
        for image, label in zip(images[mask], labels[mask], strict=True)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.evaluate_window", description=__doc__)
    parser.add_argument("--model", help="a .tflite model (default: the bundled one)")
    parser.add_argument("--unipen-dir")
    parser.add_argument("--usps-dir")
    parser.add_argument("--writers", choices=["held-out", "development"], default="held-out")
    parser.add_argument("--count", type=int, default=600, help="digits and letters each")
    args = parser.parse_args(argv)
    folder = data_dir("unipen-dev", args.unipen_dir)
    if folder is None:
        parser.error("no UNIPEN folder: pass --unipen-dir or set DIGITPAD_DATA_DIR")
    held = args.writers == "held-out"
    recognizer = load_recognizer(args.model)
    digits = [d for d in load_unipen(folder) if (d.source in UNIPEN_HOLDOUT_SOURCES) == held]
    letters = [x for x in load_letters(folder) if (x.source in LETTER_HOLDOUT_SOURCES) == held]
    rng = np.random.default_rng(SEED)
    picked_digits = rng.choice(len(digits), min(args.count, len(digits)), replace=False)
    picked_letters = rng.choice(len(letters), min(args.count, len(letters)), replace=False)
    sets: dict[str, list[tuple[str | None, Ink | bytes]]] = {
        "single digits": [(str(digits[i].label), digits[i].ink) for i in picked_digits],
        "letters": [(None, letters[i].ink) for i in picked_letters],
        "numbers of 2-6 digits": pen_numbers(digits, args.count // 2, np.random.default_rng(11)),
    }
    usps = data_dir("usps", args.usps_dir)
    if usps is not None:
        sets["single USPS digits opened as pictures (on paper, and cropped tight)"] = usps_pictures(
            usps, held
        )
    print(f"{args.writers} writers, model {recognizer.path}")
    for name, items in sets.items():
        counts = tally(items, recognizer)
        total = sum(counts.values())
        shares = ", ".join(f"{k} {v} ({v / total:.1%})" for k, v in sorted(counts.items()))
        print(f"{name} ({total}): {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
