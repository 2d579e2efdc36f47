"""How sure must the model be of "not a digit" before the app says so? A table to choose by.

    python -m training.refusal_threshold [--model FILE]

For each threshold: the share of real digits answered right and refused, and
the share of letters refused. Measured on what the model trained on (UNIPEN's
trained-on sources and letters, 10,000 MNIST training digits), never on the
held-out sets the figures are reported on; digitpad.reader.refusal.REFUSE_AT was
chosen from this table.
"""

from __future__ import annotations

import argparse

import numpy as np

from digitpad.preprocess import ink_to_array
from digitpad.reader.digit_model import load_recognizer
from digitpad.results import DIGIT_CLASSES, NOT_A_DIGIT, refuses
from training.datasets import data_dir, load_letters, load_mnist, load_unipen
from training.evaluate import unipen_arrays
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES

THRESHOLDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.refusal_threshold")
    parser.add_argument("--model", help="a .tflite model (default: the bundled one)")
    args = parser.parse_args(argv)
    unipen, mnist = data_dir("unipen-dev"), data_dir("mnist")
    if unipen is None or mnist is None:
        parser.error("needs unipen-dev and mnist: set DIGITPAD_DATA_DIR")
    recognizer = load_recognizer(args.model)
    digits = [d for d in load_unipen(unipen) if d.source not in UNIPEN_HOLDOUT_SOURCES]
    letters = [x for x in load_letters(unipen) if x.source not in LETTER_HOLDOUT_SOURCES]
    (x_train, y_train), _ = load_mnist(mnist)
    chosen = np.random.default_rng(0).choice(len(x_train), 10_000, replace=False)
    labelled = {
        "UNIPEN trained-on digits": (unipen_arrays(digits), np.array([d.label for d in digits])),
        "MNIST training digits (10,000)": (x_train[chosen], y_train[chosen]),
    }
    letter_rows = recognizer.predict_batch(np.stack([ink_to_array(x.ink) for x in letters]))
    rows = {name: recognizer.predict_batch(x) for name, (x, _) in labelled.items()}
    for threshold in THRESHOLDS:
        parts = []
        for name, (_, labels) in labelled.items():
            p = rows[name]
            refused = refuses(p[:, NOT_A_DIGIT], p[:, :DIGIT_CLASSES].max(axis=1), threshold)
            right = (p[:, :DIGIT_CLASSES].argmax(axis=1) == labels) & ~refused
            parts.append(f"{name}: right {right.mean():.2%}, refused {refused.mean():.2%}")
        best = letter_rows[:, :DIGIT_CLASSES].max(axis=1)
        letters_refused = refuses(letter_rows[:, NOT_A_DIGIT], best, threshold)
        parts.append(f"letters ({len(letters):,}) refused {letters_refused.mean():.2%}")
        print(f"at {threshold:.2f}: " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
