"""Accuracy of a digit model on MNIST and on real handwriting, through the app's own path.

    python -m training.evaluate [--model models/digitpad.tflite] [--json]
    python -m training.evaluate --model deep=a.tflite --model basic=b.tflite   # one table

Prints, for the bundled model unless told otherwise:
- MNIST test set (10,000 digits);
- UNIPEN pen-drawn digits rendered from their strokes by ``ink_to_array``
  (the drawing pad's path), per source, with the held-out sources apart;
- USPS scans rendered as the picture files a person would open (paper,
  margins, noise, JPEG) and read by ``image_to_array`` (the Open path);
- USPS scans cropped tight to their ink and saved small (16-40 px; 1-bit,
  grey, colour; BMP, PNG), the pictures whose ink fills the frame;
- UNIPEN handwritten letters: how many are answered "not a digit", per
  source, held-out sources apart.
Every digit figure counts a refusal ("not a digit") as an error, and the
refusal rate of real digits is printed beside it.
Data folders come from ``--data-dir``/``DIGITPAD_DATA_DIR`` (see training.datasets).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.errors import NoDigitError
from digitpad.preprocess import image_to_array, ink_to_array
from digitpad.reader.digit_model import Recognizer, load_recognizer
from digitpad.results import CLASSES, NOT_A_DIGIT, answer_classes
from training.datasets import (
    PenDigit,
    data_dir,
    load_letters,
    load_mnist,
    load_unipen,
    load_usps,
    tight_picture,
    usps_picture,
)
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES, usps_holdout_mask

#: Seed of the USPS pictures used for evaluation (training renders use others).
EVAL_PICTURE_SEED = 7


def unipen_arrays(digits: list[PenDigit]) -> np.ndarray:
    return np.stack([ink_to_array(d.ink) for d in digits])


def picture_arrays(pictures: Iterable[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Picture files read through the app's image path: (arrays, readable).

    A picture the app answers "No digit found" for gets a blank array and
    ``readable`` False: it counts as read wrong, not as a crash of the evaluation.
    """
    arrays, readable = [], []
    for data in pictures:
        try:
            arrays.append(image_to_array(data))
            readable.append(True)
        except NoDigitError:
            arrays.append(np.zeros((28, 28), np.float32))
            readable.append(False)
    return np.stack(arrays), np.array(readable)


def usps_arrays(images: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each USPS digit as a picture file, read back through the app's image path."""
    rng = np.random.default_rng(seed)
    return picture_arrays(usps_picture(image, rng) for image in images)


def tight_arrays(images: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each USPS digit cropped to its ink and saved small, read back through the image path."""
    rng = np.random.default_rng(seed)
    return picture_arrays(tight_picture(image, rng) for image in images)


class ConfidenceRefusal:
    """A model that refuses when its best digit is below ``threshold``: the alternative
    to a "not a digit" class, measured the same way (``--refuse-below``)."""

    def __init__(self, recognizer: Recognizer, threshold: float) -> None:
        self.recognizer = recognizer
        self.threshold = threshold

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        probabilities = self.recognizer.predict_batch(arrays).copy()
        unsure = probabilities[:, :NOT_A_DIGIT].max(axis=1) < self.threshold
        probabilities[unsure, NOT_A_DIGIT] = 1.0
        return probabilities

    def predict(self, array: np.ndarray) -> np.ndarray:
        return self.predict_batch(array[None])[0]


def answers(recognizer: Recognizer, arrays: np.ndarray) -> np.ndarray:
    """The class the app answers for each array: 0-9, or NOT_A_DIGIT (digitpad.reader.refusal's rule)."""
    return answer_classes(recognizer.predict_batch(arrays))


def accuracy(
    recognizer: Recognizer, arrays: np.ndarray, labels: np.ndarray
) -> tuple[float, np.ndarray]:
    predicted = answers(recognizer, arrays)
    return float((predicted == labels).mean()), predicted


def _digit_scores(predicted: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    return {
        "accuracy": float((predicted[mask] == labels[mask]).mean()),
        "refused": float((predicted[mask] == NOT_A_DIGIT).mean()),
        "count": int(mask.sum()),
    }


def evaluate_mnist(recognizer: Recognizer, folder: Path | None) -> dict[str, Any]:
    _, (x_test, y_test) = load_mnist(folder)
    return mnist_scores(recognizer, x_test, y_test)


def mnist_scores(recognizer: Recognizer, images: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Accuracy, refusals and confusion on MNIST digits: the test set, or the training
    digits a ``--mnist-validation`` run kept out."""
    acc, predicted = accuracy(recognizer, images, labels)
    confusion = np.zeros((10, CLASSES), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    return {
        "accuracy": acc,
        "refused": float((predicted == NOT_A_DIGIT).mean()),
        "count": len(labels),
        "confusion": confusion.tolist(),
    }


def evaluate_unipen(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    digits = load_unipen(folder)
    labels = np.array([d.label for d in digits])
    sources = np.array([d.source for d in digits])
    _, predicted = accuracy(recognizer, unipen_arrays(digits), labels)
    per_source: dict[str, dict[str, Any]] = defaultdict(dict)
    for source in sorted(set(sources.tolist()), key=lambda s: -int((sources == s).sum())):
        per_source[source] = {
            **_digit_scores(predicted, labels, sources == source),
            "held_out": source in UNIPEN_HOLDOUT_SOURCES,
        }
    held = np.isin(sources, sorted(UNIPEN_HOLDOUT_SOURCES))
    held_scores = _digit_scores(predicted, labels, held)
    return {
        "held_out_accuracy": held_scores["accuracy"],
        "held_out_refused": held_scores["refused"],
        "held_out_count": held_scores["count"],
        "held_out_sources": sorted(UNIPEN_HOLDOUT_SOURCES),
        "trained_accuracy": float((predicted[~held] == labels[~held]).mean()),
        "all_accuracy": float((predicted == labels).mean()),
        "count": len(labels),
        "per_source": dict(per_source),
    }


def _usps_scores(predicted: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    held = usps_holdout_mask(len(labels))
    held_scores = _digit_scores(predicted, labels, held)
    return {
        "held_out_accuracy": held_scores["accuracy"],
        "held_out_refused": held_scores["refused"],
        "held_out_count": held_scores["count"],
        "held_out_unread": float((predicted[held] == UNREAD).mean()),
        "trained_accuracy": float((predicted[~held] == labels[~held]).mean()),
        "all_accuracy": float((predicted == labels).mean()),
        "count": len(labels),
    }


#: What an unreadable picture counts as: no class, so never right and never a refusal.
UNREAD = -1


def _picture_answers(recognizer: Recognizer, read: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    arrays, readable = read
    return np.where(readable, answers(recognizer, arrays), UNREAD)


def evaluate_usps(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    images, labels = load_usps(folder)
    predicted = _picture_answers(recognizer, usps_arrays(images, EVAL_PICTURE_SEED))
    return _usps_scores(predicted, labels)


def evaluate_tight(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    """USPS digits cropped to their ink box and saved at 16-40 px (1-bit, grey, colour)."""
    images, labels = load_usps(folder)
    predicted = _picture_answers(recognizer, tight_arrays(images, EVAL_PICTURE_SEED))
    return _usps_scores(predicted, labels)


def evaluate_letters(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    """Share of handwritten letters answered "not a digit", held-out sources apart."""
    letters = load_letters(folder)
    sources = np.array([letter.source for letter in letters])
    refused = answers(recognizer, np.stack([ink_to_array(x.ink) for x in letters])) == NOT_A_DIGIT
    held = np.isin(sources, sorted(LETTER_HOLDOUT_SOURCES))
    per_source = {
        source: {
            "refused": float(refused[sources == source].mean()),
            "count": int((sources == source).sum()),
            "held_out": source in LETTER_HOLDOUT_SOURCES,
        }
        for source in sorted(set(sources.tolist()), key=lambda s: -int((sources == s).sum()))
    }
    return {
        "held_out_refused": float(refused[held].mean()),
        "held_out_count": int(held.sum()),
        "held_out_sources": sorted(LETTER_HOLDOUT_SOURCES),
        "trained_refused": float(refused[~held].mean()),
        "count": len(letters),
        "per_source": per_source,
    }


def evaluate_all(
    recognizer: Recognizer,
    mnist: Path | None,
    unipen: Path | None,
    usps: Path | None,
) -> dict[str, Any]:
    scores: dict[str, Any] = {"mnist_test": evaluate_mnist(recognizer, mnist)}
    if unipen is not None:
        scores["unipen"] = evaluate_unipen(recognizer, unipen)
        if (unipen / "letters.jsonl.gz").is_file():
            scores["letters"] = evaluate_letters(recognizer, unipen)
    if usps is not None:
        scores["usps_pictures"] = evaluate_usps(recognizer, usps)
        scores["usps_tight_pictures"] = evaluate_tight(recognizer, usps)
    return scores


def report(scores: dict[str, Any]) -> str:
    """The figures as a readable table."""
    m = scores["mnist_test"]
    lines = [f"MNIST test ({m['count']:,}): {m['accuracy']:.2%}, refused {m['refused']:.2%}"]
    if "unipen" in scores:
        u = scores["unipen"]
        lines.append(
            f"UNIPEN pen digits, held-out sources {', '.join(u['held_out_sources'])} "
            f"({u['held_out_count']:,}): {u['held_out_accuracy']:.2%}, "
            f"refused {u['held_out_refused']:.2%}"
        )
        lines.append(
            f"  trained-on sources: {u['trained_accuracy']:.2%}; all {u['count']:,}: {u['all_accuracy']:.2%}"
        )
        for source, s in u["per_source"].items():
            mark = "held out" if s["held_out"] else "trained"
            lines.append(
                f"  {source:>4} ({s['count']:>5,}, {mark:8}): {s['accuracy']:.2%}, "
                f"refused {s['refused']:.2%}"
            )
    for key, title in (
        ("usps_pictures", "USPS as picture files"),
        ("usps_tight_pictures", "USPS cropped tight, 16-40 px"),
    ):
        if key in scores:
            s = scores[key]
            lines.append(
                f"{title}, held out ({s['held_out_count']:,}): {s['held_out_accuracy']:.2%}, "
                f"refused {s['held_out_refused']:.2%}, 'No digit found' {s['held_out_unread']:.2%}"
            )
            lines.append(
                f"  trained-on part: {s['trained_accuracy']:.2%}; all {s['count']:,}: {s['all_accuracy']:.2%}"
            )
    if "letters" in scores:
        s = scores["letters"]
        lines.append(
            f"Letters answered 'not a digit', held-out sources {', '.join(s['held_out_sources'])} "
            f"({s['held_out_count']:,}): {s['held_out_refused']:.2%}; "
            f"trained-on sources {s['trained_refused']:.2%}"
        )
        for source, r in s["per_source"].items():
            if r["held_out"]:
                lines.append(f"  {source:>4} ({r['count']:>5,}): {r['refused']:.2%}")
    return "\n".join(lines)


def comparison(named: dict[str, dict[str, Any]]) -> str:
    """One row per model: the figures the MNIST demos' comparison lacks (Markdown table)."""
    head = (
        "| model | MNIST test | UNIPEN held-out writers | USPS held-out pictures "
        "| USPS tight pictures | letters refused (held out) | real digits refused |"
    )
    rows = [head, "|" + "---|" * 7]
    for name, s in named.items():
        refused = [s["mnist_test"]["refused"]]

        def cell(key: str, field: str = "held_out_accuracy", s: dict[str, Any] = s) -> str:
            return f"{s[key][field]:.2%}" if key in s else "-"

        for key in ("unipen", "usps_pictures"):
            if key in s:
                refused.append(s[key]["held_out_refused"])
        rows.append(
            f"| {name} | {s['mnist_test']['accuracy']:.2%} | {cell('unipen')} "
            f"| {cell('usps_pictures')} | {cell('usps_tight_pictures')} "
            f"| {cell('letters', 'held_out_refused')} | {max(refused):.2%} (worst set) |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--model",
        action="append",
        metavar="[NAME=]FILE",
        help="model file (default: the bundled models/digitpad.tflite); "
        "repeat as NAME=FILE to compare models in one table",
    )
    parser.add_argument("--runtime", choices=("litert", "keras"), default="litert")
    parser.add_argument(
        "--mnist-dir",
        help="MNIST IDX folder (default: $DIGITPAD_MNIST_DIR or $DIGITPAD_DATA_DIR/mnist)",
    )
    parser.add_argument("--unipen-dir")
    parser.add_argument("--usps-dir")
    parser.add_argument(
        "--refuse-below",
        type=float,
        metavar="P",
        help="also refuse every answer whose best digit is below P (the confidence-only alternative)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    models = args.model or [None]
    named: dict[str, dict[str, Any]] = {}
    for spec in models:
        name, _, path = (spec or "").rpartition("=")  # no "=": ("", "", spec)
        recognizer = load_recognizer(path or None, runtime=args.runtime)
        if args.refuse_below is not None:
            recognizer = ConfidenceRefusal(recognizer, args.refuse_below)
        scores = evaluate_all(
            recognizer,
            data_dir("mnist", args.mnist_dir),
            data_dir("unipen-dev", args.unipen_dir),
            data_dir("usps", args.usps_dir),
        )
        scores["mnist_test"].pop("confusion")
        named[name or path or "bundled"] = scores
    if args.json:
        json.dump(named if len(named) > 1 else next(iter(named.values())), sys.stdout, indent=2)
        print()
    elif len(named) > 1:
        for name, scores in named.items():
            print(f"== {name}\n{report(scores)}\n")
        print(comparison(named))
    else:
        print(report(next(iter(named.values()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
