"""Accuracy of a digit model on MNIST and on real handwriting, through the app's own path.

    python -m training.evaluate [--model models/digitpad.tflite] [--json]

Prints, for the bundled model unless told otherwise:
- MNIST test set (10,000 digits);
- UNIPEN pen-drawn digits rendered from their strokes by ``ink_to_array``
  (the drawing pad's path), per source, with the held-out sources apart;
- USPS scans rendered as the picture files a person would open (paper,
  margins, noise, JPEG) and read by ``image_to_array`` (the Open path).
Data folders come from ``--data-dir``/``DIGITPAD_DATA_DIR`` (see training.datasets).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.inference import Recognizer, load_recognizer
from digitpad.preprocess import image_to_array, ink_to_array
from training.datasets import PenDigit, data_dir, load_mnist, load_unipen, load_usps, usps_picture
from training.splits import UNIPEN_HOLDOUT_SOURCES, usps_holdout_mask

#: Seed of the USPS pictures used for evaluation (training renders use others).
EVAL_PICTURE_SEED = 7


def unipen_arrays(digits: list[PenDigit]) -> np.ndarray:
    return np.stack([ink_to_array(d.ink) for d in digits])


def usps_arrays(images: np.ndarray, seed: int) -> np.ndarray:
    """Each USPS digit as a picture file, read back through the app's image path."""
    rng = np.random.default_rng(seed)
    return np.stack([image_to_array(usps_picture(image, rng)) for image in images])


def accuracy(
    recognizer: Recognizer, arrays: np.ndarray, labels: np.ndarray
) -> tuple[float, np.ndarray]:
    predicted = recognizer.predict_batch(arrays).argmax(axis=1)
    return float((predicted == labels).mean()), predicted


def evaluate_mnist(recognizer: Recognizer, folder: Path | None) -> dict[str, Any]:
    _, (x_test, y_test) = load_mnist(folder)
    acc, predicted = accuracy(recognizer, x_test, y_test)
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (y_test, predicted), 1)
    return {"accuracy": acc, "count": len(y_test), "confusion": confusion.tolist()}


def evaluate_unipen(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    digits = load_unipen(folder)
    labels = np.array([d.label for d in digits])
    sources = np.array([d.source for d in digits])
    _, predicted = accuracy(recognizer, unipen_arrays(digits), labels)
    right = predicted == labels
    per_source: dict[str, dict[str, Any]] = defaultdict(dict)
    for source in sorted(set(sources.tolist()), key=lambda s: -int((sources == s).sum())):
        mask = sources == source
        per_source[source] = {
            "accuracy": float(right[mask].mean()),
            "count": int(mask.sum()),
            "held_out": source in UNIPEN_HOLDOUT_SOURCES,
        }
    held = np.isin(sources, sorted(UNIPEN_HOLDOUT_SOURCES))
    return {
        "held_out_accuracy": float(right[held].mean()),
        "held_out_count": int(held.sum()),
        "held_out_sources": sorted(UNIPEN_HOLDOUT_SOURCES),
        "trained_accuracy": float(right[~held].mean()),
        "all_accuracy": float(right.mean()),
        "count": len(labels),
        "per_source": dict(per_source),
    }


def evaluate_usps(recognizer: Recognizer, folder: Path) -> dict[str, Any]:
    images, labels = load_usps(folder)
    _, predicted = accuracy(recognizer, usps_arrays(images, EVAL_PICTURE_SEED), labels)
    right = predicted == labels
    held = usps_holdout_mask(len(labels))
    return {
        "held_out_accuracy": float(right[held].mean()),
        "held_out_count": int(held.sum()),
        "trained_accuracy": float(right[~held].mean()),
        "all_accuracy": float(right.mean()),
        "count": len(labels),
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
    if usps is not None:
        scores["usps_pictures"] = evaluate_usps(recognizer, usps)
    return scores


def report(scores: dict[str, Any]) -> str:
    """The figures as a readable table."""
    lines = [
        f"MNIST test ({scores['mnist_test']['count']:,}): {scores['mnist_test']['accuracy']:.2%}"
    ]
    if "unipen" in scores:
        u = scores["unipen"]
        lines.append(
            f"UNIPEN pen digits, held-out sources {', '.join(u['held_out_sources'])} "
            f"({u['held_out_count']:,}): {u['held_out_accuracy']:.2%}"
        )
        lines.append(
            f"  trained-on sources: {u['trained_accuracy']:.2%}; all {u['count']:,}: {u['all_accuracy']:.2%}"
        )
        for source, s in u["per_source"].items():
            mark = "held out" if s["held_out"] else "trained"
            lines.append(f"  {source:>4} ({s['count']:>5,}, {mark:8}): {s['accuracy']:.2%}")
    if "usps_pictures" in scores:
        s = scores["usps_pictures"]
        lines.append(
            f"USPS as picture files, held out ({s['held_out_count']:,}): {s['held_out_accuracy']:.2%}"
        )
        lines.append(
            f"  trained-on part: {s['trained_accuracy']:.2%}; all {s['count']:,}: {s['all_accuracy']:.2%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--model", help="model file (default: the bundled models/digitpad.tflite)")
    parser.add_argument("--runtime", choices=("litert", "keras"), default="litert")
    parser.add_argument(
        "--mnist-dir",
        help="MNIST IDX folder (default: $DIGITPAD_MNIST_DIR or $DIGITPAD_DATA_DIR/mnist)",
    )
    parser.add_argument("--unipen-dir")
    parser.add_argument("--usps-dir")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    recognizer = load_recognizer(args.model, runtime=args.runtime)
    scores = evaluate_all(
        recognizer,
        data_dir("mnist", args.mnist_dir),
        data_dir("unipen-dev", args.unipen_dir),
        data_dir("usps", args.usps_dir),
    )
    if args.json:
        scores["mnist_test"].pop("confusion")
        json.dump(scores, sys.stdout, indent=2)
        print()
    else:
        print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
