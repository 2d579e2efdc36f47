"""Every reading digitpad gives on every data set the project has, written down to the bit.

    python tools/identity_check.py --out readings.jsonl [--limit N]
    python tools/identity_check.py --compare before.jsonl after.jsonl

A change that only moves code (renames, a new package, settings passed instead
of globals) must not change a single answer. This script reads MNIST test,
the UNIPEN development digits and letters, pen numbers composed from them,
USPS pictures, strips and touching strips, all CAR-A amounts, a profile's
personal readings and Why? maps, through the same entry points the window
and the command line use, and writes one JSON line per item: the answer,
every digit's box and all probabilities (as exact floats), and a digest of
each 28x28 array the model saw. ``--compare`` says whether two runs agree,
and where they first differ. Needs the data sets (``DIGITPAD_DATA_DIR``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digitpad.errors import DigitpadError
from digitpad.handwriting_profile import Profile
from digitpad.ink import Ink
from digitpad.picture_files import open_image
from digitpad.preprocess import ink_to_array
from digitpad.reader import Reader
from digitpad.reader.digit_or_number import number_answer, strokes_of
from digitpad.reader.explain import explain
from digitpad.reader.personal_model import PersonalRecognizer
from digitpad.results import Answer
from training.datasets import (
    car_a_labels,
    data_dir,
    load_letters,
    load_mnist,
    load_unipen,
    load_usps,
    usps_picture,
)
from training.evaluate_numbers import pen_numbers, picture_numbers

Record = dict[str, Any]


def digest(array: np.ndarray) -> str:
    """A short digest of an array's exact float32 bytes."""
    data = np.ascontiguousarray(np.asarray(array, np.float32)).tobytes()
    return hashlib.sha256(data).hexdigest()[:16]


def answer_record(answer: Answer | None) -> Record:
    """Everything an answer says, exactly: text, each part's probabilities, box and array."""
    if answer is None:
        return {"answer": None}
    return {
        "text": answer.text,
        "space": answer.space,
        "parts": [
            {
                "probabilities": part.probabilities,
                "box": part.box,
                "array": digest(part.array),
                "frame": answer.frame_rect(index),
            }
            for index, part in enumerate(answer.parts)
        ],
    }


def guarded(read: Callable[[], Record]) -> Record:
    """The record, or the plain reason an input was refused (a refusal is a reading too)."""
    try:
        return read()
    except DigitpadError as error:
        return {"error": f"{type(error).__name__}: {error}"}


def picture_record(reader: Reader, data: bytes | Path) -> Record:
    """A picture as the window reads it (digit or number) and as ``predict --number`` does."""
    image = open_image(data)
    space = (float(image.width), float(image.height))

    def number() -> Record:
        return answer_record(number_answer(reader.read_number_picture(image), space=space))

    return {
        "window": guarded(lambda: answer_record(reader.read_picture(image))),
        "number": guarded(number),
    }


def ink_number_record(reader: Reader, ink: Ink) -> Record:
    """Drawn ink as ``predict --number`` reads it, each digit with its strokes."""
    return answer_record(number_answer(reader.read_number_ink(ink), strokes_of(ink)))


def png(array: np.ndarray, invert: bool) -> bytes:
    pixels = (np.clip(array, 0, 1) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(255 - pixels if invert else pixels, "L").save(buffer, "PNG")
    return buffer.getvalue()


def mnist_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    _, (images, labels) = load_mnist(folder)
    images = images[:limit]
    raw = reader.digit_model.predict_batch(images)
    for index, (image, label) in enumerate(zip(images, labels, strict=False)):
        record = picture_record(reader, png(image, invert=index % 2 == 1))
        yield {
            "set": "mnist",
            "i": index,
            "label": int(label),
            "raw": raw[index].tolist(),
            **record,
        }


def unipen_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    for index, digit in enumerate(load_unipen(folder)[:limit]):
        window = guarded(lambda d=digit: answer_record(reader.read_ink(d.ink)))
        yield {"set": "unipen", "i": index, "label": digit.label, "window": window}


def letter_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    for index, letter in enumerate(load_letters(folder)[:limit]):
        window = guarded(lambda d=letter: answer_record(reader.read_ink(d.ink)))
        yield {"set": "letters", "i": index, "window": window}


def pen_number_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    rng = np.random.default_rng(11)
    for index, (label, ink) in enumerate(pen_numbers(load_unipen(folder), limit, rng)):
        yield {
            "set": "pen-numbers",
            "i": index,
            "label": label,
            "window": guarded(lambda i=ink: answer_record(reader.read_ink(i))),
            "number": guarded(lambda i=ink: ink_number_record(reader, i)),
        }


def usps_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    images, labels = load_usps(folder)
    rng = np.random.default_rng(7)
    for index in range(min(limit, len(images))):
        data = usps_picture(images[index], rng)
        yield {
            "set": "usps",
            "i": index,
            "label": int(labels[index]),
            **picture_record(reader, data),
        }


def strip_items(
    reader: Reader, folder: Path, limit: int, name: str, gaps: tuple[int, int]
) -> Iterator[Record]:
    images, labels = load_usps(folder)
    rng = np.random.default_rng(12 if name == "strips" else 13)
    for index, (label, data) in enumerate(picture_numbers(images, labels, limit, rng, gaps)):
        yield {"set": name, "i": index, "label": label, **picture_record(reader, data)}


def car_a_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    for index, row in enumerate(car_a_labels(folder)[:limit]):
        yield {
            "set": "car-a",
            "i": index,
            "label": row["number"],
            **picture_record(reader, folder / row["file"]),
        }


def personal_items(reader: Reader, folder: Path, limit: int) -> Iterator[Record]:
    """A profile taught 60 digits (a third of them as the wrong digit, so it matters),
    then 600 others read through it, and Why? maps of a few."""
    digits = load_unipen(folder)
    with tempfile.TemporaryDirectory() as home:
        profile = Profile.load(home)
        personal = reader.with_digit_model(PersonalRecognizer(reader.digit_model, profile))
        for index, digit in enumerate(digits[:60]):
            label = (digit.label + 1) % 10 if index % 3 == 0 else digit.label
            profile.add(label, ink=digit.ink)
        arrays = np.stack([ink_to_array(d.ink) for d in digits[60 : 60 + limit]])
        probabilities = personal.digit_model.predict_batch(arrays)
        for index, row in enumerate(probabilities):
            yield {"set": "personal", "i": index, "p": row.tolist()}
        for index, array in enumerate(arrays[:20]):
            heat = explain(personal.digit_model, array, int(probabilities[index].argmax()))
            yield {"set": "why", "i": index, "heat": digest(heat)}


SETS: dict[str, tuple[str, Callable[..., Iterator[Record]]]] = {
    "mnist": ("mnist", mnist_items),
    "unipen": ("unipen-dev", unipen_items),
    "letters": ("unipen-dev", letter_items),
    "pen-numbers": ("unipen-dev", pen_number_items),
    "usps": ("usps", usps_items),
    "strips": ("usps", lambda r, f, n: strip_items(r, f, n, "strips", (0, 6))),
    "touching": ("usps", lambda r, f, n: strip_items(r, f, n, "touching", (-1, 1))),
    "car-a": ("car-a", car_a_items),
    "personal": ("unipen-dev", personal_items),
}
#: How many items of each set a full run reads (each set whole, or a fixed share).
FULL = {"pen-numbers": 1000, "strips": 1000, "touching": 1000, "personal": 600}


def run(out: Path, limit: int | None, names: Iterable[str]) -> int:
    reader = Reader.bundled()
    with out.open("w", encoding="utf-8") as file:
        for name in names:
            folder_name, items = SETS[name]
            folder = data_dir(folder_name)
            if folder is None or not folder.is_dir():
                print(f"identity: the {folder_name} data set is missing", file=sys.stderr)
                return 2
            count = limit if limit is not None else FULL.get(name, 10**9)
            start = time.perf_counter()
            written = 0
            for record in items(reader, folder, count):
                file.write(json.dumps(record, sort_keys=True) + "\n")
                written += 1
            seconds = time.perf_counter() - start
            print(f"{name}: {written} items in {seconds:.0f} s", file=sys.stderr)
    print(hashlib.sha256(out.read_bytes()).hexdigest())
    return 0


def compare(before: Path, after: Path) -> int:
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            print(f"line {number} differs:\n- {a[:400]}\n+ {b[:400]}")
            return 1
    if len(old) != len(new):
        print(f"{len(old)} lines before, {len(new)} after")
        return 1
    print(f"identical: {len(old)} readings")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the readings here (JSON lines)")
    parser.add_argument("--limit", type=int, help="at most N items of each set (a quick run)")
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=list(SETS))
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give --out FILE or --compare BEFORE AFTER")
    return run(args.out, args.limit, args.sets)


if __name__ == "__main__":
    sys.exit(main())
