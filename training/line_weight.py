"""Choose ``GroupingSettings.line_weight`` on amounts the line model did not learn.

    python -m training.line_weight --line-model training/runs/lines3/digitpad-lines.tflite
                                   [--validation 90] [--strips 500]

For each weight, prints the share read whole of the last N CAR-A tuning
amounts (kept out of the line model's training by ``python -m
training.train_lines --validation N``) and of strips of USPS training-part
digits (as ``training.evaluate_numbers --part tuning`` makes them). Weight 0
reads by cutting alone. The held-out CAR-A half is not looked at. Each weight
is its own reader with its own settings (``dataclasses.replace``): no module
value is overwritten.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import numpy as np

from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.digit_model import load_recognizer
from digitpad.reader.line_model import LineModel
from training.datasets import car_a_labels, data_dir, load_usps
from training.evaluate_numbers import SEED, picture_numbers
from training.splits import car_a_held_out, usps_holdout_mask

WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.line_weight")
    parser.add_argument("--line-model", required=True)
    parser.add_argument("--validation", type=int, default=90)
    parser.add_argument("--strips", type=int, default=500)
    args = parser.parse_args(argv)
    car_a, usps = data_dir("car-a"), data_dir("usps")
    if car_a is None or usps is None:
        print("Set DIGITPAD_DATA_DIR to the folder holding car-a/ and usps/.", file=sys.stderr)
        return 2
    recognizer = load_recognizer()
    line_model = LineModel(args.line_model)
    tuning = [r for i, r in enumerate(car_a_labels(car_a)) if not car_a_held_out(i)]
    amounts = [(r["number"], car_a / r["file"]) for r in tuning[-args.validation :]]
    images, labels = load_usps(usps)
    mask = ~usps_holdout_mask(len(images))
    rng = np.random.default_rng(SEED + 2)
    strips = picture_numbers(images[mask], labels[mask], args.strips, rng)
    for weight in WEIGHTS:
        grouping = replace(DEFAULT_SETTINGS.grouping, line_weight=weight)
        settings = replace(DEFAULT_SETTINGS, grouping=grouping)
        reader = Reader(recognizer, line_model if weight > 0 else None, settings)
        scores = []
        for items in (amounts, strips):
            right = sum(reader.read_number_picture(s).number == n for n, s in items)
            scores.append(f"{right / len(items):.2%} of {len(items)}")
        print(
            f"weight {weight}: CAR-A tuning amounts {scores[0]}; USPS tuning strips {scores[1]}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
